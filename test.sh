#!/usr/bin/env bash
# Runs every test of OrderSaga and ends with one line: "N passed, N failed, N skipped".
# Extra arguments go to `dotnet test` (for example: ./test.sh --filter FullyQualifiedName~Flow).
set -euo pipefail
cd "$(dirname "$0")"

# --with-browser: the admin dashboard's tests drive Debian's Chromium.
scripts/prerequisites.sh --with-browser

results="$PWD/.run/test-results"
rm -rf "$results"
status=0
dotnet test OrderSaga.sln -c Release --logger "trx;LogFileName=orders.trx" --results-directory "$results" "$@" || status=$?

scripts/test-summary.sh "$results"
exit "$status"
