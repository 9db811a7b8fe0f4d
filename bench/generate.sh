#!/bin/sh
# generate throughput: builds a synthetic strace log of about 100 MB (real lines recorded by
# strace -f -tt, repeated with changing pids) and reports how fast `sandbox-policy generate`
# reads it, in MB/s, and its peak memory. Usage: bench/generate.sh [SIZE_MB] (default 100).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
tool="$here/${B:-build}/sandbox-policy"
fixture="$here/tests/fixtures/strace-tt.log"
size_mb=${1:-100}
[ -x "$tool" ] || { echo "bench/generate.sh: build sandbox-policy first (make)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
log="$dir/strace.log"
# Double a seed block until the log reaches the size: fast, and keeps the mix of lines.
awk '{ for (i = 0; i < 64; i++) { sub(/^[0-9]+/, 10000 + i); print } }' "$fixture" > "$dir/seed"
cp "$dir/seed" "$log"
while [ "$(stat -c %s "$log")" -lt $((size_mb * 1048576)) ]; do
	cat "$log" "$log" > "$dir/next" && mv "$dir/next" "$log"
done
head -c $((size_mb * 1048576)) "$log" | head -n -1 > "$dir/cut" && mv "$dir/cut" "$log"
bytes=$(stat -c %s "$log")
cat "$log" > /dev/null    # page cache: measure parsing, not the disk
best=""
for run in 1 2 3; do
	start=$(date +%s%N)
	"$tool" generate --format env "$log" > /dev/null 2>&1
	end=$(date +%s%N)
	ns=$((end - start))
	if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then best=$ns; fi
done
# CPU time too: on a busy machine wall time measures the neighbours as well.
set -- $(/usr/bin/time -f "%U %S %M" "$tool" generate --format env "$log" 2>&1 >/dev/null | tail -1)
awk -v b="$bytes" -v ns="$best" -v user="$1" -v sys="$2" -v rss="$3" 'BEGIN {
	cpu = user + sys; if (cpu < 0.01) cpu = 0.01
	printf "generate: %.1f MB in %.3f s = %.0f MB/s (best of 3, wall); %.2f s CPU = %.0f MB/s; peak RSS %s KiB\n",
	       b / 1e6, ns / 1e9, (b / 1e6) / (ns / 1e9), cpu, (b / 1e6) / cpu, rss }'
