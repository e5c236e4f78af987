#!/usr/bin/env bash
# Sums the counters of the TRX files under a folder into "N passed, N failed, N skipped".
set -euo pipefail
folder="$1"
passed=0 failed=0 skipped=0 found=0
while IFS= read -r -d '' trx; do
  found=1
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { grep -o " $1=\"[0-9]*\"" <<<"$counters" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done < <(find "$folder" -name '*.trx' -print0 2>/dev/null)
if ((found == 0)); then
  echo "No test results were written (the build or the test host failed before any test ran)." >&2
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
