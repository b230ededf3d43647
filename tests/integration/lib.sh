# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/lib.sh: shared helpers for root integration tests.
#
# Everything a test creates (network namespaces, veth pairs, a private dbus-daemon, processes,
# temp dirs) is registered here and removed by the EXIT trap, also when the test fails.
# Nothing touches the host's network namespace or the host's bus.

set -u

ZW_TOP_SRCDIR=${ZW_TOP_SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
ZW_TOP_BUILDDIR=${ZW_TOP_BUILDDIR:-$ZW_TOP_SRCDIR}
ZW_PASS=0
ZW_FAIL=0
ZW_CLEANUPS=()
ZW_PIDS=()
ZW_NETNS=()
ZW_TAG="zwt$$"

zw_log() { printf '%s\n' "$*" >&2; }

zw_require_root() {
        if [ "$(id -u)" != 0 ]; then
                echo "SKIP: $0 needs root" >&2
                exit 77
        fi
}

# zw_on_exit CMD...: run CMD (a string, eval'd) at exit, last registered first
zw_on_exit() { ZW_CLEANUPS+=("$*"); }

zw_cleanup() {
        local i pid ns
        for ((i = ${#ZW_CLEANUPS[@]} - 1; i >= 0; i--)); do
                eval "${ZW_CLEANUPS[$i]}" >/dev/null 2>&1 || true
        done
        for pid in "${ZW_PIDS[@]}"; do
                kill "$pid" 2>/dev/null || true
        done
        for pid in "${ZW_PIDS[@]}"; do
                for _ in 1 2 3 4 5 6 7 8 9 10; do
                        kill -0 "$pid" 2>/dev/null || break
                        sleep 0.1
                done
                kill -9 "$pid" 2>/dev/null || true
        done
        for ns in "${ZW_NETNS[@]}"; do
                ip netns pids "$ns" 2>/dev/null | while read -r pid; do
                        kill -9 "$pid" 2>/dev/null || true
                done
                ip netns del "$ns" 2>/dev/null || true
        done
}
trap zw_cleanup EXIT

# zw_tmpdir VAR: make a temp dir removed at exit and store its path in VAR
# (not "$(zw_tmpdir)": a subshell could not register the cleanup)
zw_tmpdir() {
        local __zw_d
        __zw_d=$(mktemp -d "/tmp/${ZW_TAG}.XXXXXX")
        chmod 0755 "$__zw_d"
        zw_on_exit "rm -rf '$__zw_d'"
        printf -v "$1" '%s' "$__zw_d"
}

# zw_track_pid PID: kill this process at exit
zw_track_pid() { ZW_PIDS+=("$1"); }

# zw_netns NAME: create a network namespace with lo up and ICMP rate limits off
zw_netns() {
        local ns="$1"
        ip netns add "$ns" || return 1
        ZW_NETNS+=("$ns")
        ip -n "$ns" link set lo up
        ip netns exec "$ns" sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0 \
                net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 >/dev/null
}

# zw_veth NS1 IF1 ADDR4/LEN ADDR6/LEN NS2 IF2 ADDR4/LEN ADDR6/LEN: a veth pair between two namespaces
zw_veth() {
        local ns1=$1 if1=$2 a4=$3 a6=$4 ns2=$5 if2=$6 b4=$7 b6=$8
        ip link add "$if1" netns "$ns1" type veth peer name "$if2" netns "$ns2" || return 1
        ip -n "$ns1" addr add "$a4" dev "$if1"
        ip -n "$ns1" -6 addr add "$a6" dev "$if1" nodad
        ip -n "$ns2" addr add "$b4" dev "$if2"
        ip -n "$ns2" -6 addr add "$b6" dev "$if2" nodad
        ip -n "$ns1" link set "$if1" up
        ip -n "$ns2" link set "$if2" up
}

# zw_topology: daemon netns $ZW_NS (10.99.0.1, fd99::1 on "veth-host") and peer $ZW_PEER
# (10.99.0.2, fd99::2 on "veth-peer"). Sets ZW_NS, ZW_PEER.
zw_topology() {
        ZW_NS="${ZW_TAG}h"
        ZW_PEER="${ZW_TAG}p"
        zw_netns "$ZW_NS" && zw_netns "$ZW_PEER" || return 1
        zw_veth "$ZW_NS" veth-host 10.99.0.1/24 fd99::1/64 "$ZW_PEER" veth-peer 10.99.0.2/24 fd99::2/64
}

# zw_bus_start DIR: private system bus for this test; exports DBUS_SYSTEM_BUS_ADDRESS.
# POLICY=allow-all (default) or a path to a bus policy file to include.
zw_bus_start() {
        local dir="$1" policy="${2:-allow-all}" conf="$1/bus.conf" sock="$1/bus.sock" pid
        {
                echo '<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"'
                echo ' "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">'
                echo '<busconfig>'
                echo '  <type>system</type>'
                echo "  <listen>unix:path=$sock</listen>"
                echo '  <auth>EXTERNAL</auth>'
                if [ "$policy" = allow-all ]; then
                        echo '  <policy context="default">'
                        echo '    <allow user="*"/><allow own="*"/>'
                        echo '    <allow send_type="method_call"/><allow send_type="signal"/>'
                        echo '    <allow send_requested_reply="true" send_type="method_return"/>'
                        echo '    <allow send_requested_reply="true" send_type="error"/>'
                        echo '    <allow receive_type="method_call"/><allow receive_type="method_return"/>'
                        echo '    <allow receive_type="error"/><allow receive_type="signal"/>'
                        echo '  </policy>'
                else
                        echo '  <policy context="default">'
                        echo '    <allow user="*"/>'
                        echo '    <allow send_destination="org.freedesktop.DBus"/>'
                        echo '    <allow send_type="signal"/>'
                        echo '    <allow send_requested_reply="true" send_type="method_return"/>'
                        echo '    <allow send_requested_reply="true" send_type="error"/>'
                        echo '    <allow receive_type="method_call"/><allow receive_type="method_return"/>'
                        echo '    <allow receive_type="error"/><allow receive_type="signal"/>'
                        echo '  </policy>'
                        echo "  <include>$policy</include>"
                fi
                echo '</busconfig>'
        } >"$conf"
        dbus-daemon --config-file="$conf" --nofork --nopidfile --nosyslog 2>"$dir/bus.log" &
        pid=$!
        zw_track_pid "$pid"
        for _ in $(seq 1 100); do
                [ -S "$sock" ] && break
                sleep 0.05
        done
        [ -S "$sock" ] || { zw_log "dbus-daemon did not start"; return 1; }
        chmod 0777 "$dir" "$sock" 2>/dev/null || true
        export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$sock"
        ZW_BUS_PID=$pid
}

# zw_wait_name NAME [TIMEOUT_S]: wait until NAME has an owner on the private system bus
zw_wait_name() {
        local name="$1" t="${2:-20}"
        timeout "$t" gdbus wait --system --timeout "$t" "$name" >/dev/null 2>&1
}

# zw_start_zonewalld BUSDIR ETC STOCK BUILTIN LOG: a private bus in BUSDIR, then $ZONEWALLD in
# $ZW_NS on the admin tree ETC (BUILTIN may be empty: none); waits for its bus name. Sets
# ZW_DAEMON_PID. Fails (and shows LOG) if the daemon does not come up.
zw_start_zonewalld() {
        local busdir=$1 etc=$2 stock=$3 builtin=$4 log=$5 args
        mkdir -p "$busdir"
        zw_bus_start "$busdir" || return 1
        args=(--nofork --nopid --log-target console --system-config "$etc" --stock-config "$stock")
        [ -n "$builtin" ] && args+=(--default-config "$builtin")
        ip netns exec "$ZW_NS" "$ZONEWALLD" "${args[@]}" >"$log" 2>&1 &
        ZW_DAEMON_PID=$!
        zw_track_pid "$ZW_DAEMON_PID"
        zw_wait_name org.fedoraproject.FirewallD1 30 && return 0
        cat "$log"
        return 1
}

# zw_listen NS PORT... : TCP and UDP listeners on all addresses (v4+v6) in NS; tcp/udp ports
# as "tcp:80 udp:53". UDP echoes. Returns after the sockets are bound.
zw_listen() {
        local ns="$1" ready
        shift
        ready=$(mktemp "/tmp/${ZW_TAG}.ready.XXXXXX")
        ZW_CLEANUPS+=("rm -f '$ready'")
        ip netns exec "$ns" python3 "$ZW_TOP_SRCDIR/tests/integration/zw-listen.py" "$ready" "$@" &
        zw_track_pid $!
        for _ in $(seq 1 100); do
                [ -s "$ready" ] && return 0
                sleep 0.05
        done
        zw_log "listener in $ns did not start"
        return 1
}

# zw_tcp NS ADDR PORT: 0 if a TCP connection from NS to ADDR:PORT is accepted
zw_tcp() {
        ip netns exec "$1" python3 "$ZW_TOP_SRCDIR/tests/integration/zw-probe.py" tcp "$2" "$3"
}

# zw_udp NS ADDR PORT: 0 if a UDP datagram from NS to ADDR:PORT is echoed back
zw_udp() {
        ip netns exec "$1" python3 "$ZW_TOP_SRCDIR/tests/integration/zw-probe.py" udp "$2" "$3"
}

# zw_ping NS ADDR: 0 if an ICMP echo gets a reply
zw_ping() {
        local cmd=ping
        case "$2" in *:*) cmd="ping -6" ;; esac
        ip netns exec "$1" $cmd -c1 -W1 "$2" >/dev/null 2>&1
}

# assertions
zw_ok() { ZW_PASS=$((ZW_PASS + 1)); echo "ok - $*"; }
zw_not_ok() { ZW_FAIL=$((ZW_FAIL + 1)); echo "not ok - $*"; }
# zw_check DESC CMD...: pass if CMD succeeds
zw_check() {
        local desc="$1"
        shift
        if "$@"; then zw_ok "$desc"; else zw_not_ok "$desc"; fi
}
# zw_check_not DESC CMD...: pass if CMD fails
zw_check_not() {
        local desc="$1"
        shift
        if "$@"; then zw_not_ok "$desc"; else zw_ok "$desc"; fi
}
# zw_check_eq DESC EXPECTED ACTUAL
zw_check_eq() {
        if [ "$2" = "$3" ]; then
                zw_ok "$1"
        else
                zw_not_ok "$1"
                printf '  expected: %q\n  actual:   %q\n' "$2" "$3"
        fi
}

# zw_host_ruleset: the host namespace's ruleset (to prove tests never change it)
zw_host_ruleset() { nft list ruleset 2>/dev/null | sha256sum | cut -d' ' -f1; }

# zw_summary: print "N passed, M failed" and exit with the right code
zw_summary() {
        echo "$ZW_PASS passed, $ZW_FAIL failed"
        [ "$ZW_FAIL" -eq 0 ]
}
