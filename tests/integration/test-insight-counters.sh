#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-insight-counters.sh: `zonewall counters` against a real zonewalld in
# a private netns and bus, with TCP connections from a peer netns:
#  - N connections to an open port, K to a service, M to a port a reject rich rule closes for
#    one source, C to a closed port: each counter moves by exactly its share of SYN packets
#    (established traffic is accepted before any zone chain, so one packet per connection),
#    the others, and another zone, do not move;
#  - a reload and runtime changes (a port, a rich rule added) keep the values;
#  - --zone filters, a wrong zone is INVALID_ZONE with its code as exit status, --watch shows
#    deltas.
set -u
. "$(dirname "$0")/lib.sh"
zw_require_root

ZONEWALL=${ZONEWALL:-$ZW_TOP_BUILDDIR/zonewall}
ZONEWALLD=${ZONEWALLD:-$ZW_TOP_BUILDDIR/zonewalld}
STOCK="$ZW_TOP_SRCDIR/stock"
BUILTIN=${ZW_BUILTIN_DIR:-/usr/lib/firewalld}
[ -x "$ZONEWALL" ] && [ -x "$ZONEWALLD" ] || { echo "SKIP: zonewall(d) not built" >&2; exit 77; }
[ -d "$BUILTIN/zones" ] || BUILTIN=
zw_tmpdir T

ETC="$T/etc"
mkdir -p "$ETC/zones" "$ETC/policies" "$ETC/services"
echo "DefaultZone=pub" >"$ETC/firewalld.conf"
cat >"$ETC/services/sshx.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<service><short>ssh on 22</short><port port="22" protocol="tcp"/></service>
EOF
cat >"$ETC/zones/pub.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<zone>
  <interface name="veth-host"/>
  <service name="sshx"/>
  <port port="8080" protocol="tcp"/>
  <rule family="ipv4"><source address="10.99.0.9"/><port port="8080" protocol="tcp"/><reject/></rule>
</zone>
EOF
cat >"$ETC/zones/lab.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<zone><source address="10.99.2.0/24"/><port port="9000" protocol="tcp"/></zone>
EOF
cat >"$ETC/policies/watch.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<policy target="CONTINUE" priority="-100"><ingress-zone name="pub"/><egress-zone name="HOST"/></policy>
EOF
RULE='rule family="ipv4" source address="10.99.0.9" port port="8080" protocol="tcp" reject'

zw_topology || exit 1
ip -n "$ZW_PEER" addr add 10.99.0.9/32 dev veth-peer
zw_listen "$ZW_NS" tcp:22 tcp:23 tcp:8080 tcp:9000 || exit 1
zw_start_zonewalld "$T/bus" "$ETC" "$STOCK" "$BUILTIN" "$T/daemon.log" ||
        { zw_not_ok "daemon starts"; exit 1; }

# connect NS SRC PORT COUNT: COUNT connections, prints how many were accepted/refused/other
connect() {
        ip netns exec "$ZW_PEER" python3 - "$1" "$2" "$3" <<'EOF'
import errno, socket, sys
src, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
res = {"accept": 0, "refused": 0, "other": 0}
for _ in range(n):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((src, 0))
    s.settimeout(3)
    try:
        s.connect(("10.99.0.1", port))
        res["accept"] += 1
    except OSError as e:
        res["refused" if e.errno in (errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.EACCES)
            else "other"] += 1
    s.close()
print("accept=%d refused=%d other=%d" % (res["accept"], res["refused"], res["other"]))
EOF
}

# snapshot FILE [ARGS]: the counters as "owner_type owner kind|item packets bytes" lines
snapshot() {
        local f=$1
        shift
        "$ZONEWALL" counters --json "$@" >"$f.json" || return 1
        python3 - "$f.json" >"$f" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1])):
    print("%s %s %s|%s %d %d" % (r["owner_type"], r["owner"], r["kind"], r["item"],
                                 r["packets"], r["bytes"]))
EOF
}
# value FILE "owner_type owner kind|item" packets|bytes: a counter's value ("none" if absent)
value() {
        awk -v k="$2" -v col="$3" '{ key = $1 " " $2 " " $3
                for (i = 4; i <= NF - 2; i++) key = key " " $i
                if (key == k) { print (col == "packets" ? $(NF - 1) : $NF); found = 1 } }
                END { if (!found) print "none" }' "$1"
}
delta() { echo $(( $(value "$2" "$3" "${4:-packets}") - $(value "$1" "$3" "${4:-packets}") )); }

snapshot "$T/s0" || { zw_not_ok "zonewall counters --json"; cat "$T/daemon.log"; exit 1; }
zw_ok "zonewall counters --json"
for k in "zone pub zone|in" "zone pub zone|target" "zone pub service|sshx" \
        "zone pub port|8080/tcp" "zone pub rule|$RULE" "zone lab zone|in" "zone lab port|9000/tcp" \
        "policy watch policy|in"; do
        zw_check_eq "a counter for $k" yes "$([ "$(value "$T/s0" "$k" packets)" != none ] && echo yes)"
done
zw_check_eq "no target counter for policy target CONTINUE" none \
        "$(value "$T/s0" "policy watch policy|target" packets)"

N=7 K=3 M=4 C=2
zw_check_eq "$N connections to 8080 accepted" "accept=$N refused=0 other=0" "$(connect 10.99.0.2 8080 $N)"
zw_check_eq "$K connections to 22 (sshx) accepted" "accept=$K refused=0 other=0" "$(connect 10.99.0.2 22 $K)"
zw_check_eq "$M connections from 10.99.0.9 to 8080 refused by the rule" "accept=0 refused=$M other=0" \
        "$(connect 10.99.0.9 8080 $M)"
zw_check_eq "$C connections to closed 23 refused by the target" "accept=0 refused=$C other=0" \
        "$(connect 10.99.0.2 23 $C)"
snapshot "$T/s1"
ALL=$((N + K + M + C))
zw_check_eq "port 8080/tcp: the N accepted SYNs" $N "$(delta "$T/s0" "$T/s1" "zone pub port|8080/tcp")"
zw_check_eq "port 8080/tcp bytes: N SYNs of 60 bytes" $((N * 60)) \
        "$(delta "$T/s0" "$T/s1" "zone pub port|8080/tcp" bytes)"
zw_check_eq "service sshx: K" $K "$(delta "$T/s0" "$T/s1" "zone pub service|sshx")"
zw_check_eq "reject rule: M" $M "$(delta "$T/s0" "$T/s1" "zone pub rule|$RULE")"
zw_check_eq "zone pub target: C" $C "$(delta "$T/s0" "$T/s1" "zone pub zone|target")"
zw_check_eq "zone pub in: every new connection" $ALL "$(delta "$T/s0" "$T/s1" "zone pub zone|in")"
zw_check_eq "policy watch in: every new connection" $ALL "$(delta "$T/s0" "$T/s1" "policy watch policy|in")"
zw_check_eq "zone lab in: unmoved" 0 "$(delta "$T/s0" "$T/s1" "zone lab zone|in")"
zw_check_eq "zone lab port 9000: unmoved" 0 "$(delta "$T/s0" "$T/s1" "zone lab port|9000/tcp")"

# the table form names the same figures
"$ZONEWALL" counters >"$T/table" 2>&1
zw_check_eq "table exit code" 0 "$?"
zw_check_eq "table: header" yes "$(head -1 "$T/table" | grep -q 'PACKETS.*BYTES.*ZONE/POLICY.*KIND.*ITEM' && echo yes)"
zw_check_eq "table: rule row" yes "$(grep -qF "zone pub" "$T/table" && grep -qF "$RULE" "$T/table" && echo yes)"

# reload and runtime changes keep the values
fw() { gdbus call --system --dest org.fedoraproject.FirewallD1 "$@" >/dev/null; }
zw_check "reload" fw --object-path /org/fedoraproject/FirewallD1 \
        --method org.fedoraproject.FirewallD1.reload
snapshot "$T/s2"
for k in "zone pub zone|in" "zone pub zone|target" "zone pub service|sshx" "zone pub port|8080/tcp" \
        "zone pub rule|$RULE" "policy watch policy|in"; do
        zw_check_eq "reload keeps $k" "$(value "$T/s1" "$k" packets)" "$(value "$T/s2" "$k" packets)"
done
zw_check "runtime addPort 9999" fw --object-path /org/fedoraproject/FirewallD1 \
        --method org.fedoraproject.FirewallD1.zone.addPort pub 9999 tcp 0
zw_check "runtime addRichRule" fw --object-path /org/fedoraproject/FirewallD1 \
        --method org.fedoraproject.FirewallD1.zone.addRichRule pub \
        'rule family="ipv4" source address="10.99.0.8" drop' 0
snapshot "$T/s3"
for k in "zone pub zone|in" "zone pub service|sshx" "zone pub port|8080/tcp" "zone pub rule|$RULE"; do
        zw_check_eq "runtime changes keep $k" "$(value "$T/s1" "$k" packets)" "$(value "$T/s3" "$k" packets)"
done
zw_check_eq "the new rule has its own counter at 0" 0 \
        "$(value "$T/s3" 'zone pub rule|rule family="ipv4" source address="10.99.0.8" drop' packets)"
zw_check_eq "the new port has its counter at 0" 0 "$(value "$T/s3" "zone pub port|9999/tcp" packets)"
zw_check_eq "one more connection to 8080 counts on" "accept=1 refused=0 other=0" "$(connect 10.99.0.2 8080 1)"
snapshot "$T/s4"
zw_check_eq "port 8080/tcp: +1 after the changes" 1 "$(delta "$T/s3" "$T/s4" "zone pub port|8080/tcp")"

# --zone
snapshot "$T/lab" --zone lab
zw_check_eq "--zone lab: only lab rows" "zone lab" "$(cut -d' ' -f1,2 "$T/lab" | sort -u)"
out=$("$ZONEWALL" counters --zone nosuch 2>&1); rc=$?
zw_check_eq "--zone nosuch: INVALID_ZONE, exit 112" "INVALID_ZONE 112" "${out%%:*} $rc"

# --watch: a header with the interval and "+N" columns, until interrupted
timeout -s INT 2.5 "$ZONEWALL" counters --watch 1 --zone pub >"$T/watch" 2>&1
zw_check_eq "--watch: samples with deltas" yes \
        "$(grep -q '^Every 1s: zonewall counters' "$T/watch" && grep -q '+PKTS' "$T/watch" &&
           grep -q ' +0 ' "$T/watch" && echo yes)"
out=$("$ZONEWALL" counters --watch=x 2>&1); rc=$?
zw_check_eq "--watch=x: usage error" 2 "$rc"

if [ "$ZW_FAIL" -ne 0 ]; then
        echo "--- daemon log (tail)"
        tail -40 "$T/daemon.log"
        echo "--- last counters"
        cat "$T/s1" 2>/dev/null
fi
zw_summary
