#!/bin/bash
# run-fuzz.sh FUZZER SEED_CORPUS SECONDS [SOURCE...]
# Runs the seeds, then fuzzes for SECONDS in a scratch corpus (seeds stay
# untouched). Any crash, leak or sanitizer report fails the test. Then
# replays the corpus the run ended with for line coverage (the fuzz build
# has source-based coverage) and prints it per file; each SOURCE given
# must reach RL_FUZZ_MIN_COVERAGE percent of its lines (default 90).
set -euo pipefail
fuzzer=$1 seeds=$2 secs=$3
shift 3
min=${RL_FUZZ_MIN_COVERAGE:-90}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus" "$work/prof"
cp "$seeds"/* "$work/corpus"/
LLVM_PROFILE_FILE="$work/prof/fuzz-%p.profraw" \
	"$fuzzer" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	-artifact_prefix="$work/" -print_final_stats=1 "$work/corpus" 2>&1 | tail -25
[ $# -gt 0 ] || exit 0
rm -f "$work"/prof/*
LLVM_PROFILE_FILE="$work/prof/replay-%p.profraw" \
	"$fuzzer" -runs=0 "$work/corpus" >"$work/replay.log" 2>&1 ||
	{ tail -20 "$work/replay.log"; exit 1; }
profdata=$(command -v llvm-profdata || command -v llvm-profdata-14)
cov=$(command -v llvm-cov || command -v llvm-cov-14)
"$profdata" merge -sparse "$work"/prof/*.profraw -o "$work/fuzz.profdata"
echo
echo "line coverage of the corpus ($(ls "$work/corpus" | wc -l) inputs):"
"$cov" report "$fuzzer" -instr-profile="$work/fuzz.profdata" "$@" | tee "$work/report.txt"
fail=0
for src in "$@"; do
	line=$(grep -F "$(basename "$src")" "$work/report.txt" | head -n 1)
	# Columns: regions missed cover functions missed executed lines missed cover ...
	pct=$(awk '{ print $10 }' <<<"$line" | tr -d '%')
	if [ -z "$pct" ] || awk -v p="$pct" -v m="$min" 'BEGIN { exit !(p < m) }'; then
		echo "FAIL: $(basename "$src"): line coverage ${pct:-?}% < $min%"
		fail=1
	fi
done
exit $fail
