#!/usr/bin/python3
"""The reference for OCI seccomp profiles: the filter libseccomp builds from a profile the
way Docker and runc build it (Docker evaluates includes/excludes, runc adds one rule per
name), written as raw BPF for the tests to run beside the project's own filter.

usage: oci_libseccomp.py PROFILE CAPS_HEX KERNEL_RELEASE OUT

OUT receives the filter; OUT.unknown the names this libseccomp cannot resolve (runc skips
them too), one a line, so a test can leave out calls a newer libseccomp would know.
"""
import json
import sys

import seccomp

CAPS = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
        "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
        "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
        "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
        "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
        "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
        "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
        "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE"]
OPS = {"SCMP_CMP_EQ": seccomp.EQ, "SCMP_CMP_NE": seccomp.NE, "SCMP_CMP_LT": seccomp.LT,
       "SCMP_CMP_LE": seccomp.LE, "SCMP_CMP_GT": seccomp.GT, "SCMP_CMP_GE": seccomp.GE,
       "SCMP_CMP_MASKED_EQ": seccomp.MASKED_EQ}


def action(name, errno_ret):
    # runc's getAction: errno and trace return EPERM unless errnoRet says otherwise.
    ret = 1 if errno_ret is None else errno_ret
    return {"SCMP_ACT_ALLOW": seccomp.ALLOW, "SCMP_ACT_ERRNO": seccomp.ERRNO(ret),
            "SCMP_ACT_KILL": seccomp.KILL, "SCMP_ACT_KILL_THREAD": seccomp.KILL,
            "SCMP_ACT_KILL_PROCESS": seccomp.KILL_PROCESS, "SCMP_ACT_TRAP": seccomp.TRAP,
            "SCMP_ACT_LOG": seccomp.LOG, "SCMP_ACT_TRACE": seccomp.TRACE(ret)}[name]


def kernel_at_least(release, wanted):
    have = [int(x) for x in release.split("-")[0].split(".")[:2]]
    want = [int(x) for x in wanted.split(".")[:2]]
    return have >= want


def main():
    profile, caps_hex, release, out = sys.argv[1:5]
    caps = {name for i, name in enumerate(CAPS) if int(caps_hex, 16) >> i & 1}
    arch = "amd64"
    config = json.load(open(profile))
    default = action(config["defaultAction"], config.get("defaultErrnoRet"))
    f = seccomp.SyscallFilter(default)
    unknown = set()
    for call in config.get("syscalls") or []:
        # Docker's setupSeccomp: excludes, then includes.
        exc, inc = call.get("excludes") or {}, call.get("includes") or {}
        if arch in (exc.get("arches") or []):
            continue
        if any(c in caps for c in exc.get("caps") or []):
            continue
        if exc.get("minKernel") and kernel_at_least(release, exc["minKernel"]):
            continue
        if inc.get("arches") and arch not in inc["arches"]:
            continue
        if any(c not in caps for c in inc.get("caps") or []):
            continue
        if inc.get("minKernel") and not kernel_at_least(release, inc["minKernel"]):
            continue
        act = action(call["action"], call.get("errnoRet"))
        names = call.get("names") or [call["name"]]
        args = call.get("args") or []
        conds = [seccomp.Arg(a["index"], OPS[a["op"]], a.get("value", 0), a.get("valueTwo", 0))
                 for a in args]
        repeated = len({a["index"] for a in args}) < len(args)
        for name in names:
            # runc's matchCall: unknown names and rules equal to the default are skipped.
            try:
                known = seccomp.resolve_syscall(seccomp.Arch.NATIVE, name) >= 0
            except (ValueError, RuntimeError):
                known = False
            if not known:
                unknown.add(name)
                continue
            if act == default:
                continue
            if not conds:
                f.add_rule(act, name)
            elif repeated:
                for c in conds:
                    f.add_rule(act, name, c)
            else:
                f.add_rule(act, name, *conds)
    with open(out, "wb") as fd:
        f.export_bpf(fd)
    with open(out + ".unknown", "w") as fd:
        fd.write("".join(n + "\n" for n in sorted(unknown)))


main()
