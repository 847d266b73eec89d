#!/usr/bin/env bash
# Runs every test of the project, installing what is missing first, and ends with the line
# "N passed, N failed". Test projects run one after another: they start real servers and a
# browser, and a 2-core machine runs them faster in turn than all at once.
set -uo pipefail
cd "$(dirname "$0")/.."

bash tests/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

echo "==> dotnet build"
if ! dotnet build Meeting.sln -c Release --no-restore -warnaserror; then
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
status=0
log=$(mktemp)
failures=$(mktemp)
trap 'rm -f "$log" "$failures"' EXIT
for project in tests/*.Tests/*.Tests.csproj; do
  echo "==> dotnet test $project"
  dotnet test "$project" -c Release --no-build --logger "console;verbosity=normal" 2>&1 | tee "$log"
  code=${PIPESTATUS[0]}
  # The runner names each failed test as "  Failed Namespace.Class.Method(arg: 1) [12 ms]" and follows
  # it with its error message and stack trace: the name and the first lines after it are kept. Taken
  # before the summary check, so a run that crashed after a failure still names it.
  awk -v project="$(basename "$project" .csproj)" '
    /^ +Failed [A-Za-z_].* \[[^]]+\]$/ { sub(/^ +Failed /, project ": "); print; left = 12; next }
    /^ +(Passed|Skipped) [A-Za-z_]/ { left = 0 }
    left > 0 { print "    " $0; left-- }
  ' "$log" >> "$failures"
  # The runner's summary: "Total tests: 154" then "     Passed: 154" and, if any, "     Failed: 1".
  total=$(grep -E '^Total tests: +[0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || true)
  if [ -z "$total" ]; then
    echo "no test summary from $project (exit $code)" | tee -a "$failures"
    failed=$((failed + 1))
    status=1
    continue
  fi
  p=$(grep -E '^ +Passed: +[0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
  f=$(grep -E '^ +Failed: +[0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
  passed=$((passed + p))
  failed=$((failed + f))
  [ "$code" -eq 0 ] || status=1
done

# Every parser's fuzz target over a bounded number of mutated inputs (one result per target).
echo "==> fuzz targets (tests/Meeting.WebRtc.Fuzz)"
dotnet run -c Release --no-build --project tests/Meeting.WebRtc.Fuzz -- all --inputs 20000 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
if [ -z "$summary" ]; then
  echo "no summary from the fuzz targets (exit $code)" | tee -a "$failures"
  failed=$((failed + 1))
  status=1
else
  passed=$((passed + $(echo "$summary" | cut -d' ' -f1)))
  failed=$((failed + $(echo "$summary" | cut -d' ' -f3)))
  [ "$code" -eq 0 ] || status=1
fi

# Each benchmark once, small (--quick): it must run to its end; its figures are for reading, the
# targets are judged on a quiet machine with the full runs (README, "Benchmarks").
for bench in Meeting.Sfu.Bench Meeting.Redis.Compare Meeting.Bench; do
  echo "==> benchmark smoke run: $bench --quick"
  if timeout 600 dotnet run -c Release --no-build --project "tests/$bench" -- --quick; then
    passed=$((passed + 1))
  else
    echo "benchmark $bench did not complete" | tee -a "$failures"
    failed=$((failed + 1))
    status=1
  fi
done

# Failed tests again at the end, where a reader of only the tail of the output looks.
if [ -s "$failures" ]; then
  echo "==> failed tests"
  cat "$failures"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
