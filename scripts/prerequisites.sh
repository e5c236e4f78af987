#!/usr/bin/env bash
# Installs the OS packages OrderSaga needs when they are missing: as root directly, otherwise
# through sudo when it works without a password; else it names what to install and fails.
# Then installs the independent contract checkers (tools/contract-check: the AsyncAPI parser, ajv, Redocly's
# linter) from the npm registry with npm ci, at the versions its package-lock.json pins.
# Usage: scripts/prerequisites.sh [--with-browser]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

need=()
command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (https://dot.net); 'dotnet' is not on PATH" >&2; exit 1; }
# No OS package for Kafka: librdkafka comes with the Confluent.Kafka package (see docs/kafka.md, Kafka client).
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# CI checks compose.yaml with docker-compose (no engine needed); on a developer's machine that test is skipped without it.
if [ "${CI:-}" = "true" ]; then
  command -v docker-compose >/dev/null || need+=(docker-compose)
fi
command -v node >/dev/null && command -v npm >/dev/null || need+=(nodejs npm)
if [ "${1:-}" = "--with-browser" ]; then
  command -v chromium >/dev/null || need+=(chromium)
fi

# npm ci only when the lock file changed since the last install; its cache under .run/ lets a later run install offline.
contract_tools() {
  local tools="$root/tools/contract-check" stamp="$root/tools/contract-check/node_modules/.installed-lock.json"
  cmp -s "$tools/package-lock.json" "$stamp" 2>/dev/null && return 0
  echo "Installing the contract checkers (npm ci in tools/contract-check)"
  (cd "$tools" && SCARF_ANALYTICS=false npm ci --prefer-offline --no-audit --no-fund --loglevel=error --cache "$root/.run/npm-cache" >/dev/null)
  cp "$tools/package-lock.json" "$stamp"
}

if ((${#need[@]} == 0)); then
  contract_tools
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo)
else
  echo "error: missing OS packages: ${need[*]}. Install them with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi

echo "Installing OS packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
"${as_root[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${need[@]}" >/dev/null
contract_tools
