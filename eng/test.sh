#!/usr/bin/env bash
# Runs every test of the solution (Release build, warnings are errors) and prints a closing
# "N passed, N failed" line. Used by the README and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Real components the tests drive (Debian packages), installed when missing.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || need+=(redis-tools)   # redis-cli --cluster create: the Redis Cluster tests
command -v promtool >/dev/null 2>&1 || need+=(prometheus)      # promtool check rules: samples/alerts
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} (needed by the tests)"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test ChinaDial.Compliance.sln -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# The packages themselves: pack, install from a local folder into a scratch project, run it.
if [ "$status" = 0 ]; then
  if ./eng/package-test.sh; then package_passed=1; package_failed=0; else package_passed=0; package_failed=1; status=1; fi
else
  package_passed=0; package_failed=0
fi

passed=$(grep -oE 'Passed: +[0-9]+' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
echo "$(( ${passed:-0} + package_passed )) passed, $(( ${failed:-0} + package_failed )) failed"
exit "$status"
