#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-insight-trace.sh: `zonewall explain --trace` against a real zonewalld
# in a private netns and bus. For each case the CLI arms the trace in the background, a peer
# namespace sends the probe, and the CLI must say the trace agrees with the model and name the
# deciding chain and verdict. Also: no packet within --wait (exit 4), a trace that disagrees
# is reported as such (exit 3), and no trace table is ever left behind.
set -u
. "$(dirname "$0")/lib.sh"
zw_require_root

ZONEWALL=${ZONEWALL:-$ZW_TOP_BUILDDIR/zonewall}
ZONEWALLD=${ZONEWALLD:-$ZW_TOP_BUILDDIR/zonewalld}
STOCK="$ZW_TOP_SRCDIR/stock"
BUILTIN=${ZW_BUILTIN_DIR:-/usr/lib/firewalld}
[ -x "$ZONEWALL" ] && [ -x "$ZONEWALLD" ] || { echo "SKIP: zonewall(d) not built" >&2; exit 77; }
command -v nft >/dev/null || { echo "SKIP: nft missing" >&2; exit 77; }
[ -d "$BUILTIN/zones" ] || BUILTIN=
host_before=$(zw_host_ruleset)
zw_tmpdir T

ETC="$T/etc"
mkdir -p "$ETC/zones" "$ETC/services"
# LogDenied=all: the rate-limited log rules show in the trace as "continue" steps
cat >"$ETC/firewalld.conf" <<'EOF'
DefaultZone=pub
LogDenied=all
EOF
cat >"$ETC/zones/pub.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<zone>
  <interface name="veth-host"/>
  <port port="22" protocol="tcp"/>
  <port port="8080" protocol="tcp"/>
  <port port="2222" protocol="tcp"/>
  <rule family="ipv4"><source address="10.99.0.7"/><port port="8080" protocol="tcp"/><drop/></rule>
</zone>
EOF
cat >"$ETC/zones/lab.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<zone><source address="10.99.0.8/32"/><port port="9000" protocol="tcp"/></zone>
EOF

zw_topology || exit 1
for a in 10.99.0.7 10.99.0.8; do
        ip -n "$ZW_PEER" addr add "$a/32" dev veth-peer
done
zw_listen "$ZW_NS" tcp:22 tcp:80 tcp:8080 tcp:9000 || exit 1
zw_start_zonewalld "$T/bus" "$ETC" "$STOCK" "$BUILTIN" "$T/daemon.log" ||
        { zw_not_ok "daemon starts"; exit 1; }
DPID=$ZW_DAEMON_PID

trace_table() { ip netns exec "$ZW_NS" nft list table inet zonewall_trace >/dev/null 2>&1; }

# probe SRC PORT: one TCP connection attempt from the peer to the daemon's address
probe() {
        ip netns exec "$ZW_PEER" python3 - "$1" "$2" <<'EOF' >/dev/null 2>&1
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind((sys.argv[1], 0))
s.settimeout(1.5)
try:
    s.connect(("10.99.0.1", int(sys.argv[2])))
except OSError:
    pass
EOF
}

# traced NAME SRC PORT [explain options]: run explain --trace in the background, probe once
# the trace table is armed; sets OUT and RC
traced() {
        local name=$1 src=$2 port=$3
        shift 3
        "$ZONEWALL" explain --trace --wait 20 --in veth-host --src "$src" --dst 10.99.0.1 \
                --proto tcp --dport "$port" "$@" >"$T/$name.out" 2>"$T/$name.err" &
        local pid=$!
        for _ in $(seq 1 200); do
                trace_table && break
                sleep 0.05
        done
        trace_table || zw_not_ok "$name: trace table armed"
        probe "$src" "$port"
        wait "$pid"
        RC=$?
        OUT=$(cat "$T/$name.out")
        zw_check_not "$name: no trace table left" trace_table
}

# case NAME SRC PORT VERDICT CHAIN
case_agrees() {
        local name=$1 src=$2 port=$3 verdict=$4 chain=$5
        traced "$name" "$src" "$port"
        zw_check_eq "$name: exit code" 0 "$RC"
        case $OUT in
        *"trace agrees: $verdict in $chain"*) zw_ok "$name: trace agrees, $verdict in $chain" ;;
        *) zw_not_ok "$name: trace agrees, $verdict in $chain"; printf '%s\n' "$OUT" | sed 's/^/    /' ;;
        esac
        case $OUT in
        "$verdict "* | "$verdict:"*) zw_ok "$name: the model's explanation comes first" ;;
        *) zw_not_ok "$name: the model's explanation comes first" ;;
        esac
}

case_agrees "open port" 10.99.0.2 22 accept filter_IN_pub_allow
case_agrees "closed port" 10.99.0.2 80 reject filter_IN_pub
case_agrees "source beats interface" 10.99.0.8 9000 accept filter_IN_lab_allow
case_agrees "rich rule drop" 10.99.0.7 8080 drop filter_IN_pub_deny
# the trace shows the way: the dispatch to the zone and the deciding rule's text
printf '%s\n' "$OUT" | sed 's/^/    | /' >&2
case $OUT in
*"filter_IN_pub: jump filter_IN_pub_deny"*"filter_IN_pub_deny: ip saddr 10.99.0.7 tcp dport 8080 "*"drop"*) zw_ok "rich rule drop: the rule's text" ;;
*) zw_not_ok "rich rule drop: the rule's text"; printf '%s\n' "$OUT" | sed 's/^/    /' ;;
esac

# an open session on the same tuple (the operator's own ssh) sends packets all along: only
# the probe's SYN is traced, not the session's established packets. Port 2222 keeps its
# connections open (zw_listen closes them at once).
ip netns exec "$ZW_NS" python3 -c 'import socket, threading
l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("10.99.0.1", 2222)); l.listen(16)
def drain(c):
    while c.recv(4096):
        pass
while True:
    c, _ = l.accept()
    threading.Thread(target=drain, args=(c,), daemon=True).start()' >/dev/null 2>&1 &
zw_track_pid $!
ip netns exec "$ZW_PEER" python3 -c 'import socket, time
for _ in range(100):
    try:
        s = socket.create_connection(("10.99.0.1", 2222), timeout=1)
        break
    except OSError:
        time.sleep(0.05)
for _ in range(200):
    s.send(b"x")
    time.sleep(0.05)' >/dev/null 2>&1 &
session=$!
zw_track_pid $session
for _ in $(seq 1 100); do
        ip netns exec "$ZW_NS" ss -Htn state established '( sport = :2222 )' | grep -q . && break
        sleep 0.05
done
ip netns exec "$ZW_NS" ss -Htn state established '( sport = :2222 )' | grep -q . &&
        zw_ok "a session to port 2222 is open" || zw_not_ok "a session to port 2222 is open"
case_agrees "new connection next to an open session" 10.99.0.2 2222 accept filter_IN_pub_allow
kill "$session" 2>/dev/null

# IPv6 (16-byte addresses in the trace rule) and ICMP (type instead of port): agree, whatever
# the verdict
"$ZONEWALL" explain --trace --wait 20 --in veth-host --src fd99::2 --dst fd99::1 --proto tcp \
        --dport 22 >"$T/v6.out" 2>&1 &
pid=$!
for _ in $(seq 1 200); do trace_table && break; sleep 0.05; done
ip netns exec "$ZW_PEER" python3 -c 'import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM); s.settimeout(1.5)
try: s.connect(("fd99::1", 22))
except OSError: pass' 2>/dev/null
wait "$pid"
zw_check_eq "IPv6: exit code" 0 "$?"
case $(cat "$T/v6.out") in *"trace agrees: accept in filter_IN_pub_allow"*) zw_ok "IPv6: trace agrees" ;;
*) zw_not_ok "IPv6: trace agrees"; sed 's/^/    /' "$T/v6.out" ;; esac
"$ZONEWALL" explain --trace --wait 20 --in veth-host --src 10.99.0.2 --dst 10.99.0.1 \
        --proto icmp >"$T/icmp.out" 2>&1 &
pid=$!
for _ in $(seq 1 200); do trace_table && break; sleep 0.05; done
zw_ping "$ZW_PEER" 10.99.0.1
wait "$pid"
zw_check_eq "ICMP echo-request: exit code" 0 "$?"
case $(cat "$T/icmp.out") in *"trace agrees: "*) zw_ok "ICMP echo-request: trace agrees" ;;
*) zw_not_ok "ICMP echo-request: trace agrees"; sed 's/^/    /' "$T/icmp.out" ;; esac
zw_check_not "IPv6 and ICMP: no trace table left" trace_table

# JSON: outcome and the trace's last deciding step
traced json 10.99.0.2 8080 --json
zw_check_eq "json: exit code" 0 "$RC"
zw_check_eq "json: outcome and verdict" "agrees accept filter_IN_pub_allow" \
        "$(printf '%s' "$OUT" | python3 -c 'import json,sys
d = json.load(sys.stdin)
last = [s for s in d["trace"] if s["kind"] == "rule" and s["verdict"] in ("accept", "drop")][-1]
print(d["outcome"], d["explanation"]["verdict"], last["chain"])')"

# panic mode: the panic table drops the packet before any zone
fw() {
        gdbus call --system --dest org.fedoraproject.FirewallD1 \
                --object-path /org/fedoraproject/FirewallD1 --method "org.fedoraproject.FirewallD1.$1" >/dev/null
}
zw_check "panic on" fw enablePanicMode
case_agrees "panic mode" 10.99.0.2 22 drop "raw_prerouting (table _panic)"
zw_check "panic off" fw disablePanicMode

# no packet: exit 4 after --wait, nothing left behind
out=$("$ZONEWALL" explain --trace --wait 1 --in veth-host --src 10.99.0.2 --dst 10.99.0.1 \
        --proto tcp --dport 5555 2>/dev/null); rc=$?
zw_check_eq "no packet: exit code 4" 4 "$rc"
case $out in *"no matching packet within 1 s"*) zw_ok "no packet: said so" ;;
*) zw_not_ok "no packet: said so: $out" ;; esac
zw_check_not "no packet: no trace table left" trace_table

# a disagreement: the kernel is changed behind the model's back (a direct nft insert). The
# model says reject (pub, port 9000 closed); the packet is accepted in filter_IN_pub, and the
# changed chain's rules show by handle only
ip -n "$ZW_PEER" addr add 10.99.0.9/32 dev veth-peer
ip netns exec "$ZW_NS" nft insert rule inet zonewall filter_IN_pub ip saddr 10.99.0.9 tcp dport 9000 accept
traced disagree 10.99.0.9 9000
zw_check_eq "disagreement: exit code 3" 3 "$RC"
case $OUT in
*"filter_IN_pub: handle "*"trace DISAGREES: the packet got accept in filter_IN_pub, the model says reject"*) zw_ok "disagreement: reported" ;;
*) zw_not_ok "disagreement: reported"; printf '%s\n' "$OUT" | sed 's/^/    /' ;;
esac

# refused without root: a trace adds a table to the kernel
if id nobody >/dev/null 2>&1; then
        out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$ZONEWALL" explain --trace \
                --wait 1 --in veth-host --src 10.99.0.2 --dst 10.99.0.1 --proto tcp --dport 22 2>&1)
        case $out in *NOT_AUTHORIZED*) zw_ok "trace refused for non-root" ;;
        *) zw_not_ok "trace refused for non-root: $out" ;; esac
fi

# the daemon stopping while a trace waits removes the table too
"$ZONEWALL" explain --trace --wait 30 --in veth-host --src 10.99.0.2 --dst 10.99.0.1 \
        --proto tcp --dport 22 >"$T/stop.out" 2>&1 &
cli=$!
for _ in $(seq 1 200); do
        trace_table && break
        sleep 0.05
done
trace_table && zw_ok "armed before the stop" || zw_not_ok "armed before the stop"
kill -TERM "$DPID"
wait "$cli"
zw_check_not "daemon stop: no trace table left" trace_table
case $(cat "$T/stop.out") in *NOT_RUNNING*) zw_ok "daemon stop: the CLI hears why" ;;
*) zw_not_ok "daemon stop: the CLI hears why: $(cat "$T/stop.out")" ;; esac

wait "$DPID" 2>/dev/null
zw_check_not "daemon exit: no sanitizer report" grep -q Sanitizer "$T/daemon.log"
zw_check_eq "host ruleset untouched" "$host_before" "$(zw_host_ruleset)"
if [ "$ZW_FAIL" -ne 0 ]; then
        echo "--- daemon log (tail)"
        tail -40 "$T/daemon.log"
fi
zw_summary
