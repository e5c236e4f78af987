#!/usr/bin/env bash
# The chaos test: ./bench.sh --chaos (see ./bench.sh --help). Default: 10 minutes at 200 checkouts/s, two instances.
exec "$(dirname "$0")/bench.sh" --chaos "$@"
