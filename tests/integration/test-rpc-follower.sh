#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-rpc-follower.sh: the RPC follower against a real rpcbind.
#
# A real rpcbind runs in the test's network namespace with its own mount namespace (a tmpfs on
# /run, so its /run/rpcbind.sock and warm-start files never touch the host). A libtirpc test
# server registers RPC programs on random ports; zw-rpc-dump shows what plugin/rpc/rpcbind.c
# sees, and in --follow mode runs the follower, whose differences are applied as nft element
# adds/deletes to a set rpc_public that the namespace's input chain accepts. A peer namespace
# then reaches a program's port only while it is registered, follows it to a new port after
# re-registration, never reaches an unnamed program, and keeps reaching it while rpcbind is
# down (last known ports are kept); after rpcbind comes back empty the port closes.
# Needs: rpcbind (Debian package; installed here if missing), nftables, iproute2, util-linux.
. "$(dirname "$0")/lib.sh"
zw_require_root

tools="$ZW_TOP_BUILDDIR/tests/rpc"
dump="$tools/zw-rpc-dump"
svc="$tools/zw-test-rpcsvc"
PROG=536870913   # named in the spec (user-defined range, RFC 5531)
OTHER=536870914  # registered but not named: must stay closed

. "$ZW_TOP_SRCDIR/tests/integration/lib-rpc.sh"
zw_rpc_require_rpcbind
for t in rpcinfo nft nsenter unshare; do
        command -v "$t" >/dev/null 2>&1 || { echo "SKIP: $t missing" >&2; exit 77; }
done
[ -x "$dump" ] && [ -x "$svc" ] || { echo "SKIP: $tools not built (make)" >&2; exit 77; }

host_rules=$(zw_host_ruleset)
zw_tmpdir work
zw_topology || { zw_log "cannot create namespaces"; exit 1; }

# A process holding the daemon netns plus a private mount namespace with /run on tmpfs; every
# RPC process below joins both through nsenter, so they share rpcbind's local socket.
zw_rpc_world "$work" || exit 1

dump_has() { in_ns "$dump" | grep -qx "$1"; }
in_set() { ip netns exec "$ZW_NS" nft list set inet zwt_rpc rpc_public | grep -qw "$1 . $2"; }
not_in_set() { ! in_set "$@"; }
peer_tcp() { zw_tcp "$ZW_PEER" 10.99.0.1 "$1"; }
# a real RPC NULLPROC call over UDP straight to the port (rpcinfo -u would ask rpcbind at
# port 111 first, which this firewall does not open)
peer_udp() {
        ip netns exec "$ZW_PEER" python3 -c '
import socket, struct, sys
port, prog = int(sys.argv[1]), int(sys.argv[2])
# xid, CALL, RPC version 2, program, version 1, NULLPROC, AUTH_NONE credential and verifier
call = struct.pack(">IIIIIIIIII", 0x7a770001, 0, 2, prog, 1, 0, 0, 0, 0, 0)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1.0)
try:
    s.sendto(call, ("10.99.0.1", port))
    reply = s.recv(512)
except OSError:
    sys.exit(1)
# xid matches, REPLY, MSG_ACCEPTED, (verifier), SUCCESS
xid, mtype, stat = struct.unpack(">III", reply[:12])
sys.exit(0 if xid == 0x7a770001 and mtype == 1 and stat == 0 and reply[20:24] == bytes(4) else 1)
' "$1" "$PROG"
}
follower_says() { grep -qx "$1" "$work/follow.out"; }

### rpcbind and the query
rpcbind_start -w || exit 1
zw_check "dump sees rpcbind's own registration" dump_has "100000 4 tcp 4 111"
dump_tcp_only() { in_ns "$dump" --socket "" | grep -qx "100000 2 udp 4 111"; }
zw_check "dump over TCP 127.0.0.1:111 only" dump_tcp_only

svc_start a "$PROG" || exit 1
svc_start o "$OTHER" || exit 1
zw_check "dump sees the test program on its tcp port $a_tcp" dump_has "$PROG 1 tcp 4 $a_tcp"
zw_check "dump sees the test program on its udp port $a_udp" dump_has "$PROG 1 udp 4 $a_udp"
zw_check_eq "rpcinfo agrees" "$a_tcp" \
        "$(in_ns rpcinfo -p | awk -v p="$PROG" '$1 == p && $3 == "tcp" { print $4 }')"

### a firewall in the daemon namespace whose RPC set is driven by the follower's diffs
ip netns exec "$ZW_NS" nft -f - <<'EOF2' || exit 1
table inet zwt_rpc {
        set rpc_public { type inet_proto . inet_service; }
        chain input {
                type filter hook input priority 0; policy drop;
                ct state established,related accept
                iif lo accept
                meta l4proto icmp accept
                meta l4proto . th dport @rpc_public accept
        }
}
EOF2
zw_check_not "before the follower, tcp $a_tcp is closed" peer_tcp "$a_tcp"

printf '[rpc]\nprograms=%s\ntransports=tcp;udp\n' "$PROG" >"$work/test-rpc.rpc"
mkfifo "$work/follow.fifo"
"${IN_NS[@]}" "$dump" --follow --interval 200 public "$work/test-rpc.rpc" >"$work/follow.fifo" \
        2>"$work/follow.err" &
follower=$!
zw_track_pid "$follower"
# apply each difference with nft, keep a transcript
while IFS= read -r line; do
        printf '%s\n' "$line" >>"$work/follow.out"
        read -r zone verb proto port _ <<<"$line"
        case "$verb" in
        add | del)
                [ "$verb" = add ] && op=add || op=delete
                ip netns exec "$ZW_NS" nft "$op" element inet zwt_rpc rpc_public "{ $proto . $port }"
                ;;
        esac
done <"$work/follow.fifo" &
zw_track_pid $!

wait_for "follower adds tcp $a_tcp" in_set tcp "$a_tcp"
zw_check "registered tcp port $a_tcp is in the set" in_set tcp "$a_tcp"
zw_check "registered udp port $a_udp is in the set" in_set udp "$a_udp"
zw_check "peer reaches the registered program over tcp" peer_tcp "$a_tcp"
zw_check "peer gets a NULLPROC answer over udp" peer_udp "$a_udp"
zw_check_not "unnamed program's tcp port $o_tcp stays closed" peer_tcp "$o_tcp"
zw_check_not "unnamed program's port is not in the set" in_set tcp "$o_tcp"
zw_check "the follower says why the port is open" \
        grep -q "^# public tcp $a_tcp $PROG v1 service=test-rpc" "$work/follow.out"

### unregistered (still listening) -> closed; registered again -> open
kill -USR1 "$a_pid"
wait_for "follower removes tcp $a_tcp" not_in_set tcp "$a_tcp"
zw_check_not "unregistered: tcp $a_tcp is closed" peer_tcp "$a_tcp"
zw_check_not "unregistered: udp $a_udp is closed" peer_udp "$a_udp"
kill -USR2 "$a_pid"
wait_for "follower re-adds tcp $a_tcp" in_set tcp "$a_tcp"
zw_check "registered again: tcp $a_tcp is open" peer_tcp "$a_tcp"

### the program restarts on new ports
old_tcp=$a_tcp
old_udp=$a_udp
kill "$a_pid"
wait "$a_pid" 2>/dev/null
svc_start a "$PROG" || exit 1
t0=$(date +%s%N)
wait_for "follower adds the new tcp port $a_tcp" in_set tcp "$a_tcp"
zw_log "re-registration followed after $(( ($(date +%s%N) - t0) / 1000000 )) ms (informational)"
zw_check "new tcp port $a_tcp is open" peer_tcp "$a_tcp"
zw_check "new udp port $a_udp is open" peer_udp "$a_udp"
zw_check_not "old tcp port $old_tcp is gone from the set" in_set tcp "$old_tcp"
zw_check_not "old udp port $old_udp is gone from the set" in_set udp "$old_udp"

### rpcbind stopped: last known ports stay; warm restart: still followed
rpcbind_stop TERM
wait_for "follower notices the outage" follower_says "unreachable"
zw_check "outage reported" follower_says "unreachable"
zw_check "rpcbind down: the last known tcp port stays open" peer_tcp "$a_tcp"
zw_check "rpcbind down: in the set" in_set tcp "$a_tcp"
rpcbind_start -w || exit 1
wait_for "follower notices rpcbind is back" follower_says "reachable"
zw_check "rpcbind back (warm start keeps registrations)" dump_has "$PROG 1 tcp 4 $a_tcp"
zw_check "after the warm restart tcp $a_tcp is open" peer_tcp "$a_tcp"
warns=$(grep -c "rpcbind not reachable" "$work/follow.err")
zw_check_eq "one warning for the outage" 1 "$warns"

### rpcbind killed and restarted cold: registrations are gone, so is the port
rpcbind_stop KILL
in_ns rm -f /run/rpcbind/rpcbind.xdr /run/rpcbind/portmap.xdr
rpcbind_start || exit 1
wait_for "follower removes tcp $a_tcp after a cold restart" not_in_set tcp "$a_tcp"
zw_check_not "cold restart: tcp $a_tcp is closed" peer_tcp "$a_tcp"
kill -USR2 "$a_pid"
wait_for "follower adds tcp $a_tcp after re-registration" in_set tcp "$a_tcp"
zw_check "program registers again: tcp $a_tcp is open" peer_tcp "$a_tcp"
zw_check "the follower is still running" kill -0 "$follower"

zw_check_eq "host ruleset untouched" "$host_rules" "$(zw_host_ruleset)"
zw_check "no rpcbind socket on the host" test ! -S /run/rpcbind.sock
zw_summary
