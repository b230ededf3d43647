#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-rpc-daemon.sh: zonewalld keeps a service's RPC ports open as rpcbind
# hands them out.
#
# A real rpcbind and zonewalld share the daemon's network namespace and a private mount
# namespace (tmpfs on /run, so rpcbind's socket and warm-start files never touch the host).
# zonewalld runs on a private bus; firewall-cmd adds a service whose side file zwt-rpc.rpc names
# a test program. The libtirpc test server registers that program (and one not named) on
# random ports; a peer namespace reaches the named one only while it is registered, follows it
# to a new port, and the daemon survives rpcbind being killed and restarted.
# Needs: rpcbind (Debian package; installed here if missing), firewall-cmd, nftables, util-linux.
set -u
. "$(dirname "$0")/lib.sh"
zw_require_root

ZONEWALLD=${ZONEWALLD:-$ZW_TOP_BUILDDIR/zonewalld}
tools="$ZW_TOP_BUILDDIR/tests/rpc"
dump="$tools/zw-rpc-dump"
svc="$tools/zw-test-rpcsvc"
BUILTIN=${ZW_BUILTIN_DIR:-/usr/lib/firewalld}
STOCK="$ZW_TOP_SRCDIR/stock"
PROG=536870913   # named in zwt-rpc.rpc (user-defined range, RFC 5531)
OTHER=536870914  # registered but not named: must stay closed

. "$ZW_TOP_SRCDIR/tests/integration/lib-rpc.sh"
zw_rpc_require_rpcbind
for t in nft nsenter unshare firewall-cmd gdbus; do
        command -v "$t" >/dev/null 2>&1 || { echo "SKIP: $t missing" >&2; exit 77; }
done
[ -x "$ZONEWALLD" ] || { echo "SKIP: $ZONEWALLD not built" >&2; exit 77; }
[ -x "$dump" ] && [ -x "$svc" ] || { echo "SKIP: $tools not built (make)" >&2; exit 77; }
[ -d "$BUILTIN/zones" ] || { echo "SKIP: no builtin tree in $BUILTIN" >&2; exit 77; }
[ -d "$STOCK" ] || STOCK=/nonexistent

host_rules=$(zw_host_ruleset)
zw_tmpdir T
zw_topology || { zw_log "cannot create namespaces"; exit 1; }
mkdir -p "$T/bus"
zw_bus_start "$T/bus" || exit 1

# -------------------------------------------------------------- the namespaces
# A process holding the daemon netns plus a private mount namespace with /run on tmpfs; rpcbind,
# the test servers and zonewalld join both through nsenter, so they share rpcbind's socket.
zw_rpc_world "$T" || exit 1

in_set() {
        ip netns exec "$ZW_NS" nft list set inet zonewall rpc_public 2>/dev/null |
                grep -qw "$1 . $2"
}
not_in_set() { ! in_set "$@"; }
peer_tcp() { zw_tcp "$ZW_PEER" 10.99.0.1 "$1"; }
peer_tcp_closed() { ! peer_tcp "$1"; }
alive() { kill -0 "$DAEMON_PID" 2>/dev/null; }
# every handle of the table (tables, chains, rules, sets): unchanged by element-only updates
handles() {
        ip netns exec "$ZW_NS" nft -a list table inet zonewall | grep -o 'handle [0-9]*' |
                sha256sum
}

# -------------------------------------------------------------- options
out=$("$ZONEWALLD" --help)
for o in --rpc-interval --rpcbind; do
        case $out in *"$o"*) zw_ok "--help lists $o" ;; *) zw_not_ok "--help lists $o" ;; esac
done
zw_check_eq "--rpc-interval=0 is refused" 2 \
        "$("$ZONEWALLD" --nofork --nopid --rpc-interval=0 >/dev/null 2>&1; echo $?)"

# -------------------------------------------------------------- rpcbind, servers, daemon
rpcbind_start -w || exit 1
svc_start a "$PROG" || exit 1
svc_start o "$OTHER" || exit 1

ETC="$T/etc"
mkdir -p "$ETC/services" "$ETC/zones"
printf 'DefaultZone=public\nCleanupOnExit=yes\n' >"$ETC/firewalld.conf"
cat >"$ETC/services/zwt-rpc.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<service><short>zwt-rpc</short><port protocol="tcp" port="7111"/></service>
XML
printf '[rpc]\nprograms=%s\ntransports=tcp;udp\n' "$PROG" >"$ETC/services/zwt-rpc.rpc"

"${IN_NS[@]}" "$ZONEWALLD" --nofork --nopid --debug --log-target console --rpc-interval 200 \
        --system-config "$ETC" --default-config "$BUILTIN" --stock-config "$STOCK" \
        >>"$T/daemon.log" 2>&1 &
DAEMON_PID=$!
zw_track_pid "$DAEMON_PID"
zw_wait_name org.fedoraproject.FirewallD1 30 || { cat "$T/daemon.log"; exit 1; }
zw_check_eq "--state" "running" "$(firewall-cmd --state 2>&1)"
zw_check "registered, service not enabled: tcp $a_tcp closed" peer_tcp_closed "$a_tcp"

out=$(firewall-cmd --add-service=zwt-rpc 2>&1)
zw_check_eq "--add-service=zwt-rpc" "success" "$out"
wait_for "daemon opens tcp $a_tcp" in_set tcp "$a_tcp"
zw_check "registered: tcp $a_tcp in rpc_public" in_set tcp "$a_tcp"
zw_check "registered: udp $a_udp in rpc_public" in_set udp "$a_udp"
zw_check "peer reaches the registered program over tcp" peer_tcp "$a_tcp"
zw_check_not "unnamed program's tcp $o_tcp stays closed" peer_tcp "$o_tcp"
zw_check_not "unnamed program's port is not in the set" in_set tcp "$o_tcp"
zw_check "debug log says why" grep -q "RPC: opening tcp:$a_tcp in zone public: .*zwt-rpc" \
        "$T/daemon.log"
# operators see the open RPC ports in org.zonewall.Zonewall1.Dump ("rpc_ports")
dump_json() {
        gdbus call --system --dest org.fedoraproject.FirewallD1 --object-path /org/zonewall/Zonewall1 \
                --method org.zonewall.Zonewall1.Dump 2>/dev/null
}
rpc_in_dump() { dump_json | tr -d ' \\' | grep -q "\"rpc_ports\":{[^}]*\"public\":\[[^]]*\"tcp:$1\""; }
zw_check "Zonewall1.Dump lists tcp:$a_tcp under rpc_ports.public" rpc_in_dump "$a_tcp"

# -------------------------------------------------------------- unregister, register again
before=$(handles)
kill -USR1 "$a_pid"
wait_for "daemon closes tcp $a_tcp" not_in_set tcp "$a_tcp"
zw_check_not "unregistered: tcp $a_tcp closed" peer_tcp "$a_tcp"
zw_check_not "unregistered: udp $a_udp gone from the set" in_set udp "$a_udp"
kill -USR2 "$a_pid"
wait_for "daemon re-opens tcp $a_tcp" in_set tcp "$a_tcp"
zw_check "registered again: tcp $a_tcp open" peer_tcp "$a_tcp"
zw_check_eq "element changes only: every handle unchanged" "$before" "$(handles)"

# -------------------------------------------------------------- a new port after a restart
old_tcp=$a_tcp
old_udp=$a_udp
kill "$a_pid"
wait "$a_pid" 2>/dev/null
svc_start a "$PROG" || exit 1
wait_for "daemon opens the new tcp port $a_tcp" in_set tcp "$a_tcp"
zw_check "new tcp port $a_tcp open" peer_tcp "$a_tcp"
zw_check "new udp port $a_udp in the set" in_set udp "$a_udp"
if [ "$old_tcp" != "$a_tcp" ]; then
        wait_for "old tcp port $old_tcp leaves the set" not_in_set tcp "$old_tcp"
        zw_check_not "old tcp port $old_tcp gone from the set" in_set tcp "$old_tcp"
fi
[ "$old_udp" != "$a_udp" ] && zw_check_not "old udp port $old_udp gone" in_set udp "$old_udp"

# -------------------------------------------------------------- runtime change keeps ports
out=$(firewall-cmd --add-port=7222/tcp 2>&1)
zw_check_eq "--add-port after RPC ports" "success" "$out"
zw_check "tcp $a_tcp still open after a runtime change" in_set tcp "$a_tcp"

# -------------------------------------------------------------- rpcbind killed, restarted
rpcbind_stop KILL
in_ns rm -f /run/rpcbind/rpcbind.xdr /run/rpcbind/portmap.xdr
wait_for "daemon notices the outage" grep -q "rpcbind not reachable" "$T/daemon.log"
zw_check "rpcbind down: daemon alive" alive
zw_check "rpcbind down: last known tcp $a_tcp kept" peer_tcp "$a_tcp"
rpcbind_start || exit 1
# a cold rpcbind forgets the registration: the port closes, then opens on re-registration
wait_for "daemon closes tcp $a_tcp after the cold restart" not_in_set tcp "$a_tcp"
zw_check_not "rpcbind back, program not registered: tcp $a_tcp closed" peer_tcp "$a_tcp"
kill -USR2 "$a_pid"
wait_for "daemon opens tcp $a_tcp after re-registration" in_set tcp "$a_tcp"
zw_check "re-registered after rpcbind restart: tcp $a_tcp open" peer_tcp "$a_tcp"
zw_check "daemon alive after the rpcbind restart" alive
zw_check_eq "--state after the rpcbind restart" "running" "$(firewall-cmd --state 2>&1)"

# -------------------------------------------------------------- reload and remove
out=$(firewall-cmd --reload 2>&1)
zw_check_eq "--reload" "success" "$out"
zw_check_not "after --reload (service runtime only) tcp $a_tcp closed" in_set tcp "$a_tcp"
out=$(firewall-cmd --add-service=zwt-rpc 2>&1)
wait_for "daemon opens tcp $a_tcp again" in_set tcp "$a_tcp"
zw_check "service added again: tcp $a_tcp open" peer_tcp "$a_tcp"
out=$(firewall-cmd --remove-service=zwt-rpc 2>&1)
zw_check_eq "--remove-service=zwt-rpc" "success" "$out"
wait_for "daemon closes tcp $a_tcp" not_in_set tcp "$a_tcp"
zw_check_not "service removed: tcp $a_tcp closed" peer_tcp "$a_tcp"

kill -TERM "$DAEMON_PID"
wait "$DAEMON_PID" 2>/dev/null
zw_check_eq "daemon exits cleanly" 0 "$?"
zw_check_eq "host ruleset untouched" "$host_rules" "$(zw_host_ruleset)"
zw_check "no rpcbind socket on the host" test ! -S /run/rpcbind.sock
if [ "$ZW_FAIL" -ne 0 ]; then
        echo "--- daemon log (tail)"
        tail -40 "$T/daemon.log"
fi
zw_summary
