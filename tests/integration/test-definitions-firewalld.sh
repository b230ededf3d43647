#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-definitions-firewalld.sh: Debian's stock firewalld 1.3.3 loads our
# definitions and our stock/ tree unchanged. firewalld runs sandboxed: its own netns, a private
# dbus-daemon, temp admin and builtin dirs; never the host's namespace, bus or /etc/firewalld.
#  1. services/, zones/, policies/ copied into the admin dir over Debian's builtin tree:
#     check-config, every service added, every zone activated by a source, the policy active.
#  2. stock/ as the only builtin tree, empty admin dir: the nine zones, 45 icmptypes,
#     13 helpers, the policy and the stock services, each with the facts it must carry.
#  3. our definitions over stock/ alone (zonewalld's tree on a host without firewalld's package).
#  4. if zonewalld is built: the checks of 2 against zonewalld with stock/ and no builtin tree.
set -u
. "$(dirname "$0")/lib.sh"
zw_require_root

for c in firewalld firewall-cmd dbus-daemon; do
        command -v "$c" >/dev/null || { echo "SKIP: $c missing" >&2; exit 77; }
done
SRC=$ZW_TOP_SRCDIR
BUILTIN=${ZW_BUILTIN_DIR:-/usr/lib/firewalld}

zw_tmpdir T
NS="${ZW_TAG}fw"
zw_netns "$NS" || exit 1
mkdir -p "$T/bus"
zw_bus_start "$T/bus" || exit 1

FW_PID=
# start ADMIN DEFAULT [STOCK]: firewalld on admin dir ADMIN and builtin dir DEFAULT, inside $NS,
# on the private bus; with STOCK, zonewalld with that stock tree instead. Waits (bounded) until
# firewall-cmd --state answers.
start() {
        local admin=$1 def=$2 stock=${3:-} state
        if [ -n "$stock" ]; then
                ip netns exec "$NS" "$ZONEWALLD" --nofork --nopid --log-target console \
                        --system-config "$admin" --default-config "$def" --stock-config "$stock" \
                        >>"$T/firewalld.log" 2>&1 &
        else
                ip netns exec "$NS" firewalld --nofork --nopid --log-target console \
                        --system-config "$admin" --default-config "$def" >>"$T/firewalld.log" 2>&1 &
        fi
        FW_PID=$!
        zw_track_pid "$FW_PID"
        for _ in $(seq 1 300); do
                state=$(firewall-cmd --state 2>/dev/null)
                [ "$state" = running ] || [ "$state" = failed ] && break
                kill -0 "$FW_PID" 2>/dev/null || break
                sleep 0.2
        done
        zw_check_eq "${stock:+zonewalld, stock $stock, }$admin over $def: running" running "$state"
        [ "$state" = running ]
}
stop() {
        kill -TERM "$FW_PID" 2>/dev/null
        wait "$FW_PID" 2>/dev/null
        FW_PID=
}
fail_log() {
        echo "--- firewalld log (tail)"
        tail -n 40 "$T/firewalld.log"
}

# fw DESC EXPECTED ARGS...: firewall-cmd ARGS prints EXPECTED (stdout+stderr) and exits 0
fw() {
        local desc=$1 want=$2 out rc
        shift 2
        out=$(firewall-cmd "$@" 2>&1)
        rc=$?
        zw_check_eq "$desc" "$want 0" "$out $rc"
}
# words: sorted, one line, single spaces
words() { tr ' ' '\n' | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//'; }
names() { for f in "$@"; do [ -e "$f" ] && basename "$f" .xml; done; }
# ports of a service or zone file as "port/proto ..." (our files: one element per line)
xml_ports() { sed -n 's|.*<port port="\([^"]*\)" protocol="\([^"]*\)"/>.*|\1/\2|p' "$1" | words; }
xml_services() { sed -n 's|.*<service name="\([^"]*\)"/>.*|\1|p' "$1" | words; }

# field TEXT FIELD: the words of the "  FIELD: a b" line of firewall-cmd --info-* output TEXT
# (one --info call per object is quicker than one --get call per field, and firewall-cmd
# takes "--service=X --get-helpers" for the global --get-helpers)
field() { sed -n "s/^  $2: *//p" <<<"$1" | words; }

# admin dir with Debian's firewalld.conf defaults
new_admin() {
        local dir=$1
        mkdir -p "$dir"/{zones,services,policies,helpers,icmptypes,ipsets}
        if [ -f /etc/firewalld/firewalld.conf ]; then
                cp /etc/firewalld/firewalld.conf "$dir/"
        else
                printf '%s\n' DefaultZone=public CleanupOnExit=yes CleanupModulesOnExit=no \
                        Lockdown=no IPv6_rpfilter=yes IndividualCalls=no LogDenied=off \
                        FirewallBackend=nftables FlushAllOnReload=yes RFC3964_IPv4=yes \
                        >"$dir/firewalld.conf"
        fi
}
# ours DIR: copy our definitions (XML only: firewalld reads nothing else) into admin dir DIR
ours() {
        local kind f
        for kind in services zones policies helpers; do
                for f in "$SRC/$kind"/*.xml; do
                        [ -e "$f" ] && cp "$f" "$1/$kind/"
                done
        done
}

SERVICES=$(names "$SRC"/services/*.xml | words)
ZONES=$(names "$SRC"/zones/*.xml | words)
POLICIES=$(names "$SRC"/policies/*.xml | words)

# check_ours: the checks of parts 1 and 3 against the running daemon
check_ours() {
        local s z p i=5 chain rule
        fw "check-config" success --check-config
        for s in $SERVICES; do
                zw_check_eq "service $s: ports as in the file" \
                        "$(xml_ports "$SRC/services/$s.xml")" \
                        "$(firewall-cmd --permanent --service="$s" --get-ports | words)"
                fw "--add-service=$s" success --add-service="$s"
        done
        for z in $ZONES; do
                zw_check_eq "zone $z: services as in the file" \
                        "$(xml_services "$SRC/zones/$z.xml")" \
                        "$(firewall-cmd --zone="$z" --list-services | words)"
                fw "--zone=$z --add-source=10.99.$i.0/24" success --zone="$z" \
                        --add-source="10.99.$i.0/24"
                fw "10.99.$i.0/24 is in $z" "$z" --get-zone-of-source="10.99.$i.0/24"
                case " $(firewall-cmd --get-active-zones | grep -v '^ ' | words) " in
                *" $z "*) zw_ok "zone $z active" ;;
                *) zw_not_ok "zone $z active" ;;
                esac
                i=$((i + 1))
        done
        for p in $POLICIES; do
                case " $(firewall-cmd --get-policies) " in
                *" $p "*) zw_ok "policy $p loaded" ;;
                *) zw_not_ok "policy $p loaded" ;;
                esac
                case " $(firewall-cmd --get-active-policies | grep -v '^ ' | words) " in
                *" $p "*) zw_ok "policy $p active" ;;
                *) zw_not_ok "policy $p active" ;;
                esac
        done
        zw_check_eq "virtuozzo-outgoing ingress" HOST \
                "$(firewall-cmd --permanent --policy=virtuozzo-outgoing --list-ingress-zones)"
        zw_check_eq "virtuozzo-outgoing egress" ANY \
                "$(firewall-cmd --permanent --policy=virtuozzo-outgoing --list-egress-zones)"
        # compiled, not only listed: the host's output path accepts the policy's services and
        # attaches the FTP helper; the leofs zone's chain opens the Erlang distribution range
        chain=$(ip netns exec "$NS" nft list chain inet firewalld \
                filter_OUT_policy_virtuozzo-outgoing_allow 2>&1)
        for rule in 'tcp dport 21 ct helper set "helper-ftp-tcp"' 'tcp dport 5224 accept' \
                'tcp dport 1621-1622 accept' 'tcp dport 2511 accept' 'tcp dport 64000 accept'; do
                case $chain in
                *"$rule"*) zw_ok "virtuozzo-outgoing in nft: $rule" ;;
                *) zw_not_ok "virtuozzo-outgoing in nft: $rule" ;;
                esac
        done
        chain=$(ip netns exec "$NS" nft list chain inet firewalld filter_IN_leofs_allow 2>&1)
        case $chain in
        *"tcp dport 9100-9105 accept"*) zw_ok "leofs zone in nft: 9100-9105/tcp" ;;
        *) zw_not_ok "leofs zone in nft: 9100-9105/tcp" ;;
        esac
        fw "state still running" running --state
}

# ---------------------------------------------------------------- 1. ours over Debian's tree
if [ -d "$BUILTIN/zones" ]; then
        ADMIN1="$T/etc"
        new_admin "$ADMIN1"
        ours "$ADMIN1"
        if start "$ADMIN1" "$BUILTIN"; then
                check_ours
        else
                fail_log
        fi
        stop
else
        echo "# no builtin tree in $BUILTIN: part 1 skipped"
fi

echo "# $((SECONDS))s so far"
# ---------------------------------------------------------------- 2. stock/ alone
STOCK="$T/stock"
cp -r "$SRC/stock" "$STOCK"
ADMIN2="$T/etc-empty"
mkdir -p "$ADMIN2"

want_zones="block dmz drop external home internal public trusted work"
# icmptype:family (both = no <destination>, listed = both named, ipv4/ipv6 = that one only)
want_icmp="address-unreachable:ipv6 bad-header:ipv6 beyond-scope:ipv6
communication-prohibited:listed destination-unreachable:both echo-reply:both echo-request:both
failed-policy:ipv6 fragmentation-needed:ipv4 host-precedence-violation:ipv4 host-prohibited:ipv4
host-redirect:ipv4 host-unknown:ipv4 host-unreachable:ipv4 ip-header-bad:ipv4
neighbour-advertisement:ipv6 neighbour-solicitation:ipv6 network-prohibited:ipv4
network-redirect:ipv4 network-unknown:ipv4 network-unreachable:ipv4 no-route:ipv6
packet-too-big:ipv6 parameter-problem:both port-unreachable:listed precedence-cutoff:ipv4
protocol-unreachable:ipv4 redirect:both reject-route:ipv6 required-option-missing:ipv4
router-advertisement:both router-solicitation:both source-quench:ipv4 source-route-failed:ipv4
time-exceeded:both timestamp-reply:ipv4 timestamp-request:ipv4 tos-host-redirect:ipv4
tos-host-unreachable:ipv4 tos-network-redirect:ipv4 tos-network-unreachable:ipv4
ttl-zero-during-reassembly:listed ttl-zero-during-transit:listed unknown-header-type:ipv6
unknown-option:ipv6"
# helper|module|family|ports
want_helpers="Q.931|nf_conntrack_h323||1720/tcp
RAS|nf_conntrack_h323||1719/udp
amanda|nf_conntrack_amanda||10080/udp
ftp|nf_conntrack_ftp||21/tcp
h323|nf_conntrack_h323||
irc|nf_conntrack_irc|ipv4|194/tcp
netbios-ns|nf_conntrack_netbios_ns|ipv4|137/udp
pptp|nf_conntrack_pptp|ipv4|1723/tcp
proto-gre|nf_conntrack_proto_gre||
sane|nf_conntrack_sane||6566/tcp
sip|nf_conntrack_sip||5060/tcp 5060/udp
snmp|nf_conntrack_snmp|ipv4|161/udp
tftp|nf_conntrack_tftp||69/udp"
# service|ports|destinations|helpers|includes
want_services="dhcp|67/udp|||
dhcpv6-client|546/udp|ipv6:fe80::/64||
dns|53/tcp 53/udp|||
ftp|21/tcp||ftp|
http|80/tcp|||
https|443/tcp|||
mdns|5353/udp|ipv4:224.0.0.251 ipv6:ff02::fb||
mountd|20048/tcp 20048/udp|||
nfs|2049/tcp|||
rpc-bind|111/tcp 111/udp|||
samba|139/tcp 445/tcp|||samba-client
samba-client|137/udp 138/udp||netbios-ns|
ssh|22/tcp|||
tftp|69/udp||tftp|"
# zone|target|services|masquerade
want_zone_facts="block|%%REJECT%%||no
dmz|default|ssh|no
drop|DROP||no
external|default|ssh|yes
home|default|dhcpv6-client mdns samba-client ssh|no
internal|default|dhcpv6-client mdns samba-client ssh|no
public|default|dhcpv6-client ssh|no
trusted|ACCEPT||no
work|default|dhcpv6-client ssh|no"

# check_stock: the checks of part 2 (and 4) against the running daemon
check_stock() {
        local z target svcs masq e it want out h module family ports s dests helpers includes
        fw "stock: check-config" success --check-config
        zw_check_eq "stock: --get-zones lists the nine zones" "$want_zones" \
                "$(firewall-cmd --get-zones | words)"
        zw_check_eq "stock: default zone public" public "$(firewall-cmd --get-default-zone)"
        while IFS='|' read -r z target svcs masq; do
                out=$(firewall-cmd --permanent --zone="$z" --list-all)
                zw_check_eq "stock zone $z: target services masquerade forward" \
                        "$target|$svcs|$masq|yes" \
                        "$(field "$out" target)|$(field "$out" services)|$(
                           field "$out" masquerade)|$(field "$out" forward)"
        done <<<"$want_zone_facts"

        zw_check_eq "stock: --get-icmptypes lists the 45 types" \
                "$(for e in $want_icmp; do echo "${e%%:*}"; done | words)" \
                "$(firewall-cmd --get-icmptypes | words)"
        zw_check_eq "stock: 45 icmptypes" 45 "$(firewall-cmd --get-icmptypes | wc -w)"
        for e in $want_icmp; do
                it=${e%%:*}
                # over D-Bus an absent <destination> is an empty list, as in Debian's files;
                # firewall-cmd prints that as "ipv4 ipv6"
                # (gdbus prints the reply as "((version, short, description, [...]),)")
                case ${e#*:} in
                both) want="@as []" ;;
                listed) want="['ipv4', 'ipv6']" ;;
                *) want="['${e#*:}']" ;;
                esac
                out=$(gdbus call --system --dest org.fedoraproject.FirewallD1 \
                        --object-path /org/fedoraproject/FirewallD1 \
                        --method org.fedoraproject.FirewallD1.getIcmpTypeSettings "$it")
                zw_check_eq "stock icmptype $it: D-Bus destination list" "$want" \
                        "$(sed -n 's/.*, \(@as \[\]\|\[[^]]*\]\)),)$/\1/p' <<<"$out")"
        done
        # the backend knows every one of them: blocks compile
        fw "stock: every icmptype as an icmp-block" success --zone=drop \
                $(for e in $want_icmp; do echo "--add-icmp-block=${e%%:*}"; done)
        zw_check_eq "stock: 45 icmp-blocks in drop" 45 \
                "$(firewall-cmd --zone=drop --list-icmp-blocks | wc -w)"

        zw_check_eq "stock: --get-helpers lists the 13 helpers" \
                "$(while IFS='|' read -r h _; do echo "$h"; done <<<"$want_helpers" | words)" \
                "$(firewall-cmd --get-helpers | words)"
        while IFS='|' read -r h module family ports; do
                out=$(firewall-cmd --permanent --info-helper="$h")
                zw_check_eq "stock helper $h: module family ports" "$module|$family|$ports" \
                        "$(field "$out" module)|$(field "$out" family)|$(field "$out" ports)"
        done <<<"$want_helpers"

        zw_check_eq "stock: the one policy" allow-host-ipv6 "$(firewall-cmd --get-policies)"
        case " $(firewall-cmd --get-active-policies | grep -v '^ ' | words) " in
        *" allow-host-ipv6 "*) zw_ok "stock: allow-host-ipv6 active" ;;
        *) zw_not_ok "stock: allow-host-ipv6 active" ;;
        esac
        out=$(firewall-cmd --permanent --info-policy=allow-host-ipv6)
        zw_check_eq "stock: allow-host-ipv6 priority target ingress egress" \
                "-15000|CONTINUE|ANY|HOST" \
                "$(field "$out" priority)|$(field "$out" target)|$(
                   field "$out" ingress-zones)|$(field "$out" egress-zones)"
        zw_check_eq "stock: allow-host-ipv6 rich rules" \
                "rule family=\"ipv6\" icmp-type name=\"neighbour-advertisement\" accept
rule family=\"ipv6\" icmp-type name=\"neighbour-solicitation\" accept
rule family=\"ipv6\" icmp-type name=\"router-advertisement\" accept
rule family=\"ipv6\" icmp-type name=\"redirect\" accept" \
                "$(firewall-cmd --policy=allow-host-ipv6 --list-rich-rules)"

        zw_check_eq "stock: --get-services" \
                "$(while IFS='|' read -r s _; do echo "$s"; done <<<"$want_services" | words)" \
                "$(firewall-cmd --get-services | words)"
        while IFS='|' read -r s ports dests helpers includes; do
                out=$(firewall-cmd --permanent --info-service="$s")
                zw_check_eq "stock service $s: ports destinations helpers includes" \
                        "$ports|$dests|$helpers|$includes" \
                        "$(field "$out" ports)|$(field "$out" destination)|$(
                           field "$out" helpers)|$(field "$out" includes)"
                fw "stock: --add-service=$s" success --zone=drop --add-service="$s"
        done <<<"$want_services"
        fw "stock: state still running" running --state
}

if start "$ADMIN2" "$STOCK"; then
        check_stock
else
        fail_log
fi
stop

echo "# $((SECONDS))s so far"
# ---------------------------------------------------------------- 3. ours over stock/ alone
ADMIN3="$T/etc3"
new_admin "$ADMIN3"
ours "$ADMIN3"
if start "$ADMIN3" "$STOCK"; then
        check_ours
else
        fail_log
fi
stop

echo "# $((SECONDS))s so far"
# ---------------------------------------------------------------- 4. zonewalld on stock/ alone
# issue 9: zonewalld runs without Debian's firewalld package (empty builtin dir, stock/ only)
ZONEWALLD=${ZONEWALLD:-$ZW_TOP_BUILDDIR/zonewalld}
if [ -x "$ZONEWALLD" ]; then
        ADMIN4="$T/etc4"
        mkdir -p "$ADMIN4" "$T/no-builtin"
        if start "$ADMIN4" "$T/no-builtin" "$STOCK"; then
                check_stock
        else
                fail_log
        fi
        stop
else
        echo "# $ZONEWALLD not built: part 4 skipped"
fi

[ "$ZW_FAIL" -eq 0 ] || fail_log
zw_summary
