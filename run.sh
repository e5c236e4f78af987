#!/usr/bin/env bash
# Runs OrderSaga on this machine: the API with the checkout saga and the Product and Payment
# simulators. See ./run.sh --help.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  cat <<'TXT'
Usage: ./run.sh [--help]

Starts OrderSaga on http://127.0.0.1:${PORT:-8080} (set PORT to choose another port).
Ctrl-C stops it.

Environment:
  PORT                      port of the HTTP API (default 8080)
  Checkout__PricingTimeout  how long Product may take to answer (default 00:00:30)
  Checkout__PaymentTimeout  how long Payment may take to answer (default 00:01:00)
  Simulators__Enabled       run the in-process Product and Payment simulators (default true)
TXT
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") ;;
  *) echo "error: unknown option '$1'" >&2; usage >&2; exit 2 ;;
esac

scripts/prerequisites.sh
dotnet build Orders.Api -c Release -v quiet -nologo
echo "OrderSaga API: http://127.0.0.1:${PORT:-8080}  (OpenAPI: http://127.0.0.1:${PORT:-8080}/openapi/v1.json)"
exec dotnet Orders.Api/bin/Release/net10.0/Orders.Api.dll
