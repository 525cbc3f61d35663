#!/bin/bash
# run-fuzz.sh FUZZER SEED_CORPUS SECONDS
# Runs the seeds, then fuzzes for SECONDS in a scratch corpus (seeds stay
# untouched). Any crash, leak or sanitizer report fails the test.
set -euo pipefail
fuzzer=$1 seeds=$2 secs=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$seeds"/* "$work"/
"$fuzzer" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-artifact_prefix="$work/" -print_final_stats=1 "$work" 2>&1 | tail -25
