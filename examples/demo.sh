#!/bin/sh
# The demo `make demo` runs: hello world under the filter, allowed and killed, both ways.
top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/${B:-build}
lib=$build/libsandbox.so
hello=$build/examples/helloworld
static=$build/examples/helloworld-static
static_list=$(sed -n 's/^STATIC_HELLO_ALLOW=//p' "$top/examples/static-hello.list" 2>/dev/null)

show() {
	printf '\n$ %s\n' "$1"
	sh -c "$1"
	printf '(exit status %s)\n' "$?"
}

echo "== libsandbox.so (dynamic program, filter installed before main)"
show "LD_PRELOAD=$lib SECCOMP_SYSCALL_ALLOW=newfstatat:write:exit_group $hello"
show "LD_PRELOAD=$lib SECCOMP_SYSCALL_ALLOW=newfstatat:exit_group $hello"
echo
echo "== sandboxify (static program, filter installed at exec)"
show "SECCOMP_QUIET=1 SECCOMP_SYSCALL_ALLOW=$static_list $build/sandboxify $static"
show "SECCOMP_QUIET=1 SECCOMP_SYSCALL_ALLOW=$(echo "$static_list" | sed 's/:write//') $build/sandboxify $static"
