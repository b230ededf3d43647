#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-nft-nat.sh: the host as a router between two namespaces: forwarding
# needs a policy, masquerade by egress zone, forward ports to another host (IPv4 and IPv6) and
# to a local port, intra-zone forwarding, and 10,000 ipset entries in one transaction.
. "$(dirname "$0")/lib-nft.sh"
zw_nft_require

host_before=$(zw_host_ruleset)
zw_tmpdir D
zw_topology || exit 1 # inside: $ZW_PEER 10.99.0.2 / fd99::2 behind veth-host
ZW_OUT="${ZW_TAG}o"
zw_netns "$ZW_OUT" || exit 1
zw_veth "$ZW_NS" veth-host2 10.99.1.1/24 fd99:1::1/64 "$ZW_OUT" veth-out 10.99.1.2/24 fd99:1::2/64
ip netns exec "$ZW_NS" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
# the inside routes via the host; the outside has no route back to the inside
ip -n "$ZW_PEER" route add default via 10.99.0.1
ip -n "$ZW_PEER" -6 route add default via fd99::1
zw_listen "$ZW_OUT" tcp:80 || exit 1
zw_listen "$ZW_PEER" tcp:22 || exit 1
zw_listen "$ZW_NS" tcp:8080 || exit 1

zw_nft_conf "$D" nat <<'EOF'
default external
zone internal
  interface veth-host
zone external masquerade
  interface veth-host2
  forward-port 8022/tcp 22 10.99.0.2
  forward-port 8023/tcp 22 fd99::2
  forward-port 8081/tcp 8080
policy int-to-ext ACCEPT -1 ingress=internal egress=external
EOF
sed '/^policy/d' "$D/nat.conf" >"$D/nopolicy.conf"

zw_nft "$ZW_NS" apply "$D/nopolicy.conf" >/dev/null || exit 1
zw_check_not "no policy: inside -> outside forward rejected" zw_tcp "$ZW_PEER" 10.99.1.2 80

zw_nft "$ZW_NS" apply "$D/nat.conf" >/dev/null || exit 1
zw_check "policy + masquerade: inside -> outside" zw_tcp "$ZW_PEER" 10.99.1.2 80
zw_check_not "outside -> inside not forwarded" zw_tcp "$ZW_OUT" 10.99.0.2 22
zw_check "forward port 8022 -> 10.99.0.2:22" zw_tcp "$ZW_OUT" 10.99.1.1 8022
zw_check "forward port 8023 -> [fd99::2]:22" zw_tcp "$ZW_OUT" fd99:1::1 8023
zw_check "forward port 8081 -> local 8080" zw_tcp "$ZW_OUT" 10.99.1.1 8081
zw_check_not "8080 itself stays closed" zw_tcp "$ZW_OUT" 10.99.1.1 8080

# intra-zone forwarding: both links in one zone, forwarded only with <forward/>
ip -n "$ZW_OUT" route add 10.99.0.0/24 via 10.99.1.1
zw_nft_conf "$D" intra <<'EOF'
default internal
zone internal forward
  interface veth-host
  interface veth-host2
EOF
sed 's/^zone internal forward/zone internal/' "$D/intra.conf" >"$D/nointra.conf"
zw_nft "$ZW_NS" apply "$D/nointra.conf" >/dev/null
zw_check_not "same zone without <forward/>: not forwarded" zw_tcp "$ZW_PEER" 10.99.1.2 80
zw_nft "$ZW_NS" apply "$D/intra.conf" >/dev/null
zw_check "same zone with <forward/>: forwarded (no NAT)" zw_tcp "$ZW_PEER" 10.99.1.2 80
ip -n "$ZW_OUT" route del 10.99.0.0/24 via 10.99.1.1

# 10,000 ipset entries: one transaction, and the set matches
{
        cat "$D/nat.conf"
        echo "ipset many hash:ip"
        for i in $(seq 0 9999); do
                echo "  entry 10.98.$((i / 250)).$((i % 250 + 1))"
        done
        echo "  entry 10.99.1.2"
        echo "zone trusted-set target=ACCEPT"
        echo "  source ipset:many"
} >"$D/many.conf"
out=$(zw_nft "$ZW_NS" apply "$D/many.conf")
zw_check_eq "10,001 ipset entries: one transaction" "transactions=1" "$out"
zw_check_eq "kernel set holds every entry" 10001 \
        "$(ip netns exec "$ZW_NS" nft -j list set inet zonewall many |
                python3 -c 'import json,sys; d=json.load(sys.stdin)
print(len([x for x in d["nftables"] if "set" in x][0]["set"].get("elem", [])))')"
zw_check "ipset source -> ACCEPT zone: 8080 open from 10.99.1.2" zw_tcp "$ZW_OUT" 10.99.1.1 8080
sed '/entry 10.99.1.2$/d' "$D/many.conf" >"$D/fewer.conf"
out=$(zw_nft "$ZW_NS" diff "$D/many.conf" "$D/fewer.conf")
zw_check_eq "ipset entry removal by diff: one transaction" "transactions=1" "$out"
zw_check_not "removed entry: 8080 closed again" zw_tcp "$ZW_OUT" 10.99.1.1 8080

zw_check_eq "host ruleset untouched" "$host_before" "$(zw_host_ruleset)"
zw_summary
