# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/lib-rpc.sh: a private rpcbind world for the RPC tests, on top of lib.sh.
#
# zw_rpc_world WORKDIR: start a process holding $ZW_NS plus a private mount namespace with /run
# on tmpfs; every RPC process joins both through `in_ns`, so they share rpcbind's local socket
# and nothing reaches the host's /run. Needs $dump (zw-rpc-dump) and $svc (zw-test-rpcsvc).

ZW_RPC_WORK=

# wait_for DESC CMD...: retry CMD until it succeeds (bounded readiness, not a timing check)
wait_for() {
        local desc="$1"
        shift
        for _ in $(seq 1 200); do
                "$@" && return 0
                sleep 0.05
        done
        zw_log "gave up waiting: $desc"
        return 1
}

# zw_rpc_require_rpcbind: Debian's rpcbind package installed (never started as a service:
# a policy-rc.d guard is in place while apt-get runs), or the test skips (exit 77)
zw_rpc_require_rpcbind() {
        local guard=/usr/sbin/policy-rc.d
        command -v rpcbind >/dev/null 2>&1 && return 0
        zw_log "installing Debian's rpcbind package (its service is not started)"
        if [ ! -e "$guard" ]; then
                printf '#!/bin/sh\nexit 101\n' >"$guard"
                chmod 0755 "$guard"
                zw_on_exit "rm -f '$guard'"
        fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rpcbind \
                >/dev/null 2>&1 || true
        command -v rpcbind >/dev/null 2>&1 && return 0
        echo "SKIP: rpcbind is not installed and apt-get could not install it" >&2
        exit 77
}

zw_rpc_world() {
        local holder
        ZW_RPC_WORK=$1
        ip netns exec "$ZW_NS" unshare --mount --propagation private sh -c \
                'mount -t tmpfs -o mode=0755 tmpfs /run && mkdir -p /run/rpcbind &&
                 chown _rpc /run/rpcbind 2>/dev/null; exec sleep 100000' &
        holder=$!
        zw_track_pid "$holder"
        for _ in $(seq 1 100); do
                [ "$(cat /proc/$holder/comm 2>/dev/null)" = sleep ] && break
                sleep 0.05
        done
        if [ "$(cat /proc/$holder/comm 2>/dev/null)" != sleep ]; then
                zw_log "namespace holder failed"
                return 1
        fi
        IN_NS=(nsenter --target "$holder" --mount --net --)
}

in_ns() { "${IN_NS[@]}" "$@"; }

RPCBIND_PID=
rpcbind_start() { # [-w]
        "${IN_NS[@]}" rpcbind -f "$@" &
        RPCBIND_PID=$!
        zw_track_pid "$RPCBIND_PID"
        wait_for "rpcbind answers" in_ns "$dump" --no-tcp >/dev/null 2>&1
}
rpcbind_stop() { # SIGNAL
        kill "-$1" "$RPCBIND_PID" 2>/dev/null
        wait "$RPCBIND_PID" 2>/dev/null
        RPCBIND_PID=
}

# svc_start VAR PROGRAM: test server (tcp+udp); sets VAR_pid, VAR_tcp, VAR_udp
svc_start() {
        local var=$1 prog=$2 out="$ZW_RPC_WORK/$1.out"
        : >"$out"
        "${IN_NS[@]}" "$svc" "$prog" 1 tcp udp >"$out" 2>&1 &
        zw_track_pid $!
        printf -v "${var}_pid" '%s' $!
        wait_for "$var ready" grep -qx ready "$out" || { cat "$out" >&2; return 1; }
        printf -v "${var}_tcp" '%s' "$(awk '$1 == "tcp" { print $2 }' "$out")"
        printf -v "${var}_udp" '%s' "$(awk '$1 == "udp" { print $2 }' "$out")"
}
