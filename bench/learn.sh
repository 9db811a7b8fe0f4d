#!/bin/sh
# learn's cost against strace -f on the same workloads: a syscall-heavy loop, find /usr and
# sort of a 20 MB file in 8 MB of memory (temporary files). Best of 5 wall times each; the ratios are learn / strace -f, of the
# whole time and of the time added to a bare run. Usage: bench/learn.sh
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
tool="$here/${B:-build}/sandbox-policy"
loop="$here/${B:-build}/bench/syscall_loop"
command -v strace > /dev/null || { echo "learn: strace not installed (make deps)"; exit 0; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
awk 'BEGIN { srand(1); for (i = 0; i < 1500000; i++) printf "%d %x\n", rand() * 1e9, i }' > "$dir/input"

best() {   # best of 3 wall times of "$@", in ms
	b=""
	for run in 1 2 3 4 5; do
		s=$(date +%s%N)
		"$@" > /dev/null 2>&1 || true
		e=$(date +%s%N)
		t=$(((e - s) / 1000000))
		if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
	done
	echo "$b"
}

printf '%-14s %9s %9s %9s %13s %15s\n' workload "bare ms" "strace ms" "learn ms" "learn/strace" "added: l/s"
for w in loop find sort; do
	case $w in
	loop) set -- "$loop" 200000 ;;
	find) set -- find /usr ;;
	sort) set -- sort --parallel=2 -S 8M -T "$dir" -o "$dir/sorted" "$dir/input" ;;
	esac
	bare=$(best "$@")
	st=$(best strace -f -o /dev/null "$@")
	le=$(best "$tool" learn -o /dev/null -- "$@")
	awk -v w="$w" -v b="$bare" -v s="$st" -v l="$le" 'BEGIN {
		added = (s - b > 0) ? sprintf("%.2fx", (l - b) / (s - b)) : "-"
		printf "%-14s %9d %9d %9d %12.2fx %15s\n", w, b, s, l, l / s, added }'
done
