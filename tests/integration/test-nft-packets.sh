#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-nft-packets.sh: the compiled ruleset in a real kernel, checked with
# packets: zone by interface vs source, default zone, rich rules, reject vs drop, IPv4+IPv6,
# foreign tables untouched, diff apply, panic mode, remove; the host ruleset never changes.
. "$(dirname "$0")/lib-nft.sh"
zw_nft_require

host_before=$(zw_host_ruleset)
zw_tmpdir D
zw_topology || exit 1
# a second peer reaches the host through its own link; its address is bound to zone leofs
ZW_PEER2="${ZW_TAG}q"
zw_netns "$ZW_PEER2" || exit 1
zw_veth "$ZW_NS" veth-host2 10.99.1.1/24 fd99:1::1/64 \
        "$ZW_PEER2" veth-peer2 10.99.1.2/24 fd99:1::2/64
ip -n "$ZW_PEER2" -6 addr add fd99:1::3/64 dev veth-peer2 nodad

zw_listen "$ZW_NS" tcp:22 tcp:8080 tcp:4369 tcp:9999 tcp:7777 udp:5353 udp:5354 || exit 1
zw_check "before: 22 open" zw_tcp "$ZW_PEER" 10.99.0.1 22

# a foreign table in the test namespace must survive apply and remove
ip netns exec "$ZW_NS" nft -f - <<'EOF'
table inet other {
        chain c {
                type filter hook input priority 100; policy accept;
                tcp dport 1 counter accept
        }
}
EOF
foreign_before=$(ip netns exec "$ZW_NS" nft list table inet other | sha256sum)

zw_nft_conf "$D" basic <<'EOF'
service ssh 22/tcp
service leofs-epmd 4369/tcp
default public
zone public forward
  service ssh
  port 8080/tcp
  port 5353/udp
  interface veth-host
  interface veth-host2
zone leofs
  service leofs-epmd
  source 10.99.1.2
  source fd99:1::2
  rule family=ipv4 source=10.99.1.2 port=9999/tcp action=reject:tcp-reset
  rule family=ipv6 source=fd99:1::2 port=9999/tcp action=drop
  rule family=ipv4 source=10.99.1.0/24 port=7777/tcp action=accept
EOF
out=$(zw_nft "$ZW_NS" apply "$D/basic.conf")
zw_check_eq "apply is one transaction" "transactions=1" "$out"

for a in 10.99.0.1 fd99::1; do
        zw_check "public $a: ssh open" zw_tcp "$ZW_PEER" $a 22
        zw_check "public $a: 8080 open" zw_tcp "$ZW_PEER" $a 8080
        zw_check_not "public $a: 4369 closed" zw_tcp "$ZW_PEER" $a 4369
        zw_check_not "public $a: 7777 closed" zw_tcp "$ZW_PEER" $a 7777
        zw_check "public $a: udp 5353 open" zw_udp "$ZW_PEER" $a 5353
        zw_check_not "public $a: udp 5354 closed" zw_udp "$ZW_PEER" $a 5354
        zw_check "public $a: ping (icmp accepted by default target)" zw_ping "$ZW_PEER" $a
done
# source binding beats the interface binding (veth-host2 is in public)
for pair in 10.99.1.2,10.99.1.1 fd99:1::2,fd99:1::1; do
        src=${pair%,*} a=${pair#*,}
        zw_check "leofs by source $src: 4369 open" zw_tcp_from "$ZW_PEER2" $src $a 4369
        zw_check_not "leofs by source $src: ssh closed" zw_tcp_from "$ZW_PEER2" $src $a 22
        zw_check_not "leofs by source $src: 9999 rich reject/drop" \
                zw_tcp_from "$ZW_PEER2" $src $a 9999
done
zw_check "leofs rich accept 7777 (v4 source net)" zw_tcp "$ZW_PEER2" 10.99.1.1 7777
# fd99:1::3 is not bound: the interface's zone (public) applies
zw_check "unbound v6 source falls back to interface zone" \
        zw_tcp_from "$ZW_PEER2" fd99:1::3 fd99:1::1 22
# rejects answer fast (tcp reset / icmp), drops time out: probe 9999 v4 gives a RST
zw_check "tcp-reset reject answers with RST" zw_tcp_refused "$ZW_PEER2" 10.99.1.1 9999

# a plan the kernel refuses (a conntrack helper type that does not exist): error names the
# object, and nothing changed
zw_nft_conf "$D" bogus <<'EOF'
helper bogus nf_conntrack_zwbogus 9/tcp
service bogus 9/tcp helper=bogus
default public
zone public
  service bogus
  interface veth-host
EOF
before=$(ip netns exec "$ZW_NS" nft -s list ruleset | sha256sum)
err=$(zw_nft "$ZW_NS" apply "$D/bogus.conf" 2>&1 >/dev/null)
zw_check "refused apply fails" [ -n "$err" ]
zw_check "error is COMMAND_FAILED and names the object" \
        bash -c "grep -q 'COMMAND_FAILED: add ct helper helper-bogus-tcp' <<<'$err'"
zw_check_eq "refused apply changed nothing" "$before" \
        "$(ip netns exec "$ZW_NS" nft -s list ruleset | sha256sum)"
zw_check "refused apply: ssh still open" zw_tcp "$ZW_PEER" 10.99.0.1 22

# diff: open 7777 in public by one element add, one transaction
sed 's|^  port 8080/tcp|  port 8080/tcp\n  port 7777/tcp|' "$D/basic.conf" >"$D/more.conf"
out=$(zw_nft "$ZW_NS" diff "$D/basic.conf" "$D/more.conf")
zw_check_eq "diff is one transaction" "transactions=1" "$out"
zw_check "diff: 7777 now open" zw_tcp "$ZW_PEER" 10.99.0.1 7777
zw_check "diff: 22 still open" zw_tcp "$ZW_PEER" 10.99.0.1 22
out=$(zw_nft "$ZW_NS" diff "$D/more.conf" "$D/basic.conf")
zw_check_not "diff back: 7777 closed" zw_tcp "$ZW_PEER" 10.99.0.1 7777
after_diff=$(ip netns exec "$ZW_NS" nft -s list table inet zonewall)
zw_nft "$ZW_NS" apply "$D/basic.conf" >/dev/null
zw_check_eq "kernel ruleset after diff back equals a full apply" "$after_diff" \
        "$(ip netns exec "$ZW_NS" nft -s list table inet zonewall)"

# hash:net ipset as a zone source: entries move by element diff, the others stay
{
        cat "$D/basic.conf"
        echo "ipset nets hash:net"
        echo "  entry 10.99.5.0/24"
        echo "  entry 10.99.0.0/30"
        echo "zone netzone"
        echo "  port 7777/tcp"
        echo "  source ipset:nets"
} >"$D/nets.conf"
grep -v '10.99.0.0/30' "$D/nets.conf" >"$D/nets-less.conf"
zw_nft "$ZW_NS" apply "$D/nets.conf" >/dev/null
zw_check "ipset hash:net source: 7777 open for 10.99.0.2" zw_tcp "$ZW_PEER" 10.99.0.1 7777
out=$(zw_nft "$ZW_NS" diff "$D/nets.conf" "$D/nets-less.conf")
zw_check_eq "ipset entry removed in one transaction" "transactions=1" "$out"
zw_check_not "entry removed: 7777 closed" zw_tcp "$ZW_PEER" 10.99.0.1 7777
zw_check_eq "the other entry stays" "elements = { 10.99.5.0/24 }" \
        "$(ip netns exec "$ZW_NS" nft list set inet zonewall nets | grep -o 'elements = .*')"
zw_nft "$ZW_NS" diff "$D/nets-less.conf" "$D/nets.conf" >/dev/null
zw_check "entry added back: 7777 open" zw_tcp "$ZW_PEER" 10.99.0.1 7777

# default zone change: veth-host unbound, default zone work
zw_nft_conf "$D" work <<'EOF'
service ssh 22/tcp
default work
zone public
  service ssh
  interface veth-host2
zone work
  port 7777/tcp
EOF
zw_nft "$ZW_NS" apply "$D/work.conf" >/dev/null
zw_check "default zone work: 7777 open" zw_tcp "$ZW_PEER" 10.99.0.1 7777
zw_check_not "default zone work: ssh closed" zw_tcp "$ZW_PEER" 10.99.0.1 22
zw_check "public via veth-host2: ssh open" zw_tcp "$ZW_PEER2" 10.99.1.1 22

# rich rule order: priority < 0 before everything, deny before allow at 0, > 0 after
zw_nft_conf "$D" prio <<'EOF'
default public
zone public
  port 22/tcp
  port 8080/tcp
  interface veth-host
  rule priority=-5 family=ipv4 source=10.99.0.2 port=22/tcp action=drop
  rule port=8080/tcp action=reject
  rule priority=5 port=7777/tcp action=accept
  rule priority=5 port=22/tcp action=accept
EOF
zw_nft "$ZW_NS" apply "$D/prio.conf" >/dev/null
zw_check_not "priority -5 drop beats the open port (v4)" zw_tcp "$ZW_PEER" 10.99.0.1 22
zw_check "the drop is for that source only (v6 open)" zw_tcp "$ZW_PEER" fd99::1 22
zw_check "priority 0 reject beats the open port" zw_tcp_refused "$ZW_PEER" 10.99.0.1 8080
zw_check "priority 5 accept opens 7777" zw_tcp "$ZW_PEER" 10.99.0.1 7777

# MAC source binding, wildcard interface, icmp-block and its inversion
mac=$(ip -n "$ZW_PEER" link show veth-peer | awk '/link\/ether/ {print $2}')
zw_nft_conf "$D" bind <<EOF
default public
zone public
  port 22/tcp
zone bymac
  port 7777/tcp
  source $mac
  icmp-block echo-request
zone wild inversion
  port 8080/tcp
  interface veth-h+
  icmp-block echo-request
EOF
zw_nft "$ZW_NS" apply "$D/bind.conf" >/dev/null
zw_check "MAC source: 7777 open for the peer's MAC" zw_tcp "$ZW_PEER" 10.99.0.1 7777
zw_check_not "MAC source: ssh (public) closed" zw_tcp "$ZW_PEER" 10.99.0.1 22
zw_check_not "MAC zone icmp-block: ping blocked (v4)" zw_ping "$ZW_PEER" 10.99.0.1
zw_check_not "MAC zone icmp-block: ping blocked (v6)" zw_ping "$ZW_PEER" fd99::1
zw_check "wildcard veth-h+ (veth-host2): 8080 open" zw_tcp "$ZW_PEER2" 10.99.1.1 8080
zw_check "inversion: echo-request allowed" zw_ping "$ZW_PEER2" 10.99.1.1
zw_check_not "inversion: other icmp (timestamp) gets no reply" \
        ip netns exec "$ZW_PEER2" python3 -c '
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
s.settimeout(1)
def csum(b):
    t = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    t = (t >> 16) + (t & 0xffff)
    return ~(t + (t >> 16)) & 0xffff
m = struct.pack("!BBHHH12x", 13, 0, 0, 1, 1)
m = m[:2] + struct.pack("!H", csum(m)) + m[4:]
s.sendto(m, ("10.99.1.1", 0))
while True:
    try:
        d = s.recv(256)
    except socket.timeout:
        sys.exit(1)
    if d[20] == 14:
        sys.exit(0)'

# targets: DROP drops (timeout), %%REJECT%% rejects (refused)
zw_nft_conf "$D" targets <<'EOF'
default public
zone public target=DROP
  interface veth-host
zone block target=%%REJECT%%
  interface veth-host2
EOF
zw_nft "$ZW_NS" apply "$D/targets.conf" >/dev/null
zw_check_not "DROP zone: ping dropped" zw_ping "$ZW_PEER" 10.99.0.1
zw_check_not "DROP zone: ssh closed" zw_tcp "$ZW_PEER" 10.99.0.1 22
zw_check "REJECT zone: refused, not timed out" zw_tcp_refused "$ZW_PEER2" 10.99.1.1 22
zw_check_not "DROP zone: times out, not refused" zw_tcp_refused "$ZW_PEER" 10.99.0.1 22

# panic mode: everything dropped, even established; off restores
zw_nft "$ZW_NS" apply "$D/basic.conf" >/dev/null
zw_nft "$ZW_NS" panic on >/dev/null
zw_check_not "panic: ping dropped" zw_ping "$ZW_PEER" 10.99.0.1
zw_check_not "panic: ssh dropped" zw_tcp "$ZW_PEER" 10.99.0.1 22
zw_nft "$ZW_NS" panic off >/dev/null
zw_check "panic off: ssh open" zw_tcp "$ZW_PEER" 10.99.0.1 22
zw_check_eq "panic off: panic table gone" "" \
        "$(ip netns exec "$ZW_NS" nft list tables | grep zonewall_panic)"

# remove: only our tables go
zw_nft "$ZW_NS" remove >/dev/null
zw_check_eq "remove: zonewall table gone" "" \
        "$(ip netns exec "$ZW_NS" nft list tables | grep zonewall)"
zw_check_eq "foreign table untouched" "$foreign_before" \
        "$(ip netns exec "$ZW_NS" nft list table inet other | sha256sum)"
zw_check "after remove: 7777 reachable again" zw_tcp "$ZW_PEER" 10.99.0.1 7777

zw_check_eq "host ruleset untouched" "$host_before" "$(zw_host_ruleset)"
zw_summary
