#!/usr/bin/env bash
# Installs the OS packages OrderSaga needs when they are missing: as root directly, otherwise
# through sudo when it works without a password; else it names what to install and fails.
# Usage: scripts/prerequisites.sh [--with-browser]
set -euo pipefail

need=()
command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (https://dot.net); 'dotnet' is not on PATH" >&2; exit 1; }
# No OS package for Kafka: librdkafka comes with the Confluent.Kafka package (see docs/kafka.md, Kafka client).
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# CI checks compose.yaml with docker-compose (no engine needed); on a developer's machine that test is skipped without it.
if [ "${CI:-}" = "true" ]; then
  command -v docker-compose >/dev/null || need+=(docker-compose)
fi
if [ "${1:-}" = "--with-browser" ]; then
  command -v chromium >/dev/null || need+=(chromium)
fi
((${#need[@]} == 0)) && exit 0

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
