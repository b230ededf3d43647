#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-firewall-cmd-permanent.sh: firewall-cmd --permanent edits of every
# kind against zonewalld (config.* methods): output and exit codes as firewalld 1.3.3 prints
# them (recorded in fw-sandbox), the zone files written to the admin tree compared with
# firewalld's (parsed, not byte for byte), and --reload bringing them to the runtime.
set -u
. "$(dirname "$0")/lib.sh"
zw_require_root

ZONEWALLD=${ZONEWALLD:-$ZW_TOP_BUILDDIR/zonewalld}
command -v firewall-cmd >/dev/null || { echo "SKIP: firewall-cmd missing" >&2; exit 77; }
[ -x "$ZONEWALLD" ] || { echo "SKIP: $ZONEWALLD not built" >&2; exit 77; }
BUILTIN=${ZW_BUILTIN_DIR:-/usr/lib/firewalld}
[ -d "$BUILTIN/zones" ] || { echo "SKIP: no builtin tree in $BUILTIN" >&2; exit 77; }

zw_tmpdir T
ETC="$T/etc/firewalld"
mkdir -p "$ETC" "$T/bus"
zw_netns "${ZW_TAG}h" || exit 1
NS="${ZW_TAG}h"
zw_bus_start "$T/bus" "$ZW_TOP_SRCDIR/data/dbus/org.fedoraproject.FirewallD1.conf" || exit 1
STOCK="$ZW_TOP_SRCDIR/stock"
[ -d "$STOCK" ] || STOCK="$T/nostock"
ip netns exec "$NS" "$ZONEWALLD" --nofork --nopid --debug --log-target console \
        --system-config "$ETC" --default-config "$BUILTIN" --stock-config "$STOCK" \
        >"$T/daemon.log" 2>&1 &
zw_track_pid $!
zw_wait_name org.fedoraproject.FirewallD1 30 || { cat "$T/daemon.log"; exit 1; }

fc() {
        local rc="$1" out="$2" err="$3" got_out got_err got_rc
        shift 3
        got_out=$(firewall-cmd "$@" 2>"$T/err")
        got_rc=$?
        got_err=$(cat "$T/err")
        if [ "$got_rc" = "$rc" ] && [ "$got_out" = "$out" ] && [ "$got_err" = "$err" ]; then
                zw_ok "firewall-cmd $*"
        else
                zw_not_ok "firewall-cmd $*"
                printf '  rc %s (want %s)\n' "$got_rc" "$rc"
                [ "$got_out" = "$out" ] || printf '  stdout: %q\n  want:   %q\n' "$got_out" "$out"
                [ "$got_err" = "$err" ] || printf '  stderr: %q\n  want:   %q\n' "$got_err" "$err"
        fi
}
# the elements of an XML file, order-free: one line per element (path, attributes, text)
elements() {
        /usr/bin/python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
def walk(e, path):
    attrs = " ".join("%s=%s" % kv for kv in sorted(e.attrib.items()))
    yield "%s/%s [%s] %s" % (path, e.tag, attrs, (e.text or "").strip())
    for c in e:
        yield from walk(c, path + "/" + e.tag)
for line in sorted(walk(ET.parse(sys.argv[1]).getroot(), "")):
    print(line)
PY
}

# expectations recorded from firewalld 1.3.3 (Debian 12) in fw-sandbox, same order
fc 0 $'success' '' --permanent --add-service=http
fc 0 $'success' $'Warning: ALREADY_ENABLED: http' --permanent --add-service=http
fc 101 '' $'Error: INVALID_SERVICE: Zone \'public\': \'nosuchservice\' not among existing services' --permanent --add-service=nosuchservice
fc 112 '' $'Error: INVALID_ZONE: nosuchzone' --permanent --zone=nosuchzone --add-service=http
fc 0 $'success' '' --permanent --zone=work --add-port=9000-9010/tcp
fc 0 $'success' $'Warning: ALREADY_ENABLED: 9005:tcp' --permanent --zone=work --add-port=9005/tcp
fc 0 $'success' '' --permanent --zone=work --add-port=9011/tcp
fc 0 $'9000-9010/tcp 9011/tcp' '' --permanent --zone=work --list-ports
fc 0 $'yes' '' --permanent --query-service=http
fc 0 $'success' '' --permanent --remove-service=ssh
fc 0 $'success' $'Warning: NOT_ENABLED: ssh' --permanent --remove-service=ssh
fc 0 $'success' '' --permanent --add-masquerade
fc 0 $'success' $'Warning: ALREADY_ENABLED: masquerade' --permanent --add-masquerade
fc 0 $'success' '' --permanent --remove-masquerade
fc 0 $'success' '' --permanent --add-icmp-block-inversion
fc 0 $'success' '' --permanent $'--add-rich-rule=rule family=ipv4 source address=10.99.9.9 accept'
fc 0 $'success' $'Warning: ALREADY_ENABLED: rule family="ipv4" source address="10.99.9.9" accept' --permanent $'--add-rich-rule=rule family="ipv4" source address="10.99.9.9" accept'
fc 0 $'rule family="ipv4" source address="10.99.9.9" accept' '' --permanent --list-rich-rules
fc 0 $'success' '' --permanent --zone=internal --add-interface=dummy1
fc 18 '' $'Error: ZONE_CONFLICT: dummy1' --permanent --zone=work --add-interface=dummy1
fc 0 $'success' '' --permanent --zone=internal --add-source=10.99.9.0/24
fc 18 '' $'Error: ZONE_CONFLICT: 10.99.9.0/24' --permanent --zone=work --add-source=10.99.9.0/24
fc 0 $'success' '' --permanent --add-forward-port=port=2222:proto=tcp:toport=22:toaddr=10.99.0.2
fc 0 $'public\n  target: default\n  icmp-block-inversion: yes\n  interfaces: \n  sources: \n  services: dhcpv6-client http\n  ports: \n  protocols: \n  forward: yes\n  masquerade: no\n  forward-ports: \n\tport=2222:proto=tcp:toport=22:toaddr=10.99.0.2\n  source-ports: \n  icmp-blocks: \n  rich rules: \n\trule family="ipv4" source address="10.99.9.9" accept' '' --permanent --list-all
fc 0 $'public\n  target: default\n  icmp-block-inversion: no\n  interfaces: \n  sources: \n  services: dhcpv6-client ssh\n  ports: \n  protocols: \n  forward: yes\n  masquerade: no\n  forward-ports: \n  source-ports: \n  icmp-blocks: \n  rich rules: ' '' --list-all
fc 0 $'success' '' --reload
fc 0 $'You\'re performing an operation over default zone (\'public\'),\nbut your connections/interfaces are in zone \'internal\' (see --get-active-zones)\nYou most likely need to use --zone=internal option.\n\npublic\n  target: default\n  icmp-block-inversion: yes\n  interfaces: \n  sources: \n  services: dhcpv6-client http\n  ports: \n  protocols: \n  forward: yes\n  masquerade: no\n  forward-ports: \n\tport=2222:proto=tcp:toport=22:toaddr=10.99.0.2\n  source-ports: \n  icmp-blocks: \n  rich rules: \n\trule family="ipv4" source address="10.99.9.9" accept' '' --list-all
fc 0 $'internal\n  interfaces: dummy1\n  sources: 10.99.9.0/24' '' --get-active-zones

# files as firewalld wrote them for the same commands
cat >"$T/want-public.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<zone>
  <short>Public</short>
  <description>For use in public areas. You do not trust the other computers on networks to not harm your computer. Only selected incoming connections are accepted.</description>
  <service name="dhcpv6-client"/>
  <service name="http"/>
  <forward-port port="2222" protocol="tcp" to-port="22" to-addr="10.99.0.2"/>
  <rule family="ipv4">
    <source address="10.99.9.9"/>
    <accept/>
  </rule>
  <icmp-block-inversion/>
  <forward/>
</zone>
XML
cat >"$T/want-work.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<zone>
  <short>Work</short>
  <description>For use in work areas. You mostly trust the other computers on networks to not harm your computer. Only selected incoming connections are accepted.</description>
  <service name="ssh"/>
  <service name="dhcpv6-client"/>
  <port port="9000-9010" protocol="tcp"/>
  <port port="9011" protocol="tcp"/>
  <forward/>
</zone>
XML
cat >"$T/want-internal.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<zone>
  <short>Internal</short>
  <description>For use on internal networks. You mostly trust the other computers on the networks to not harm your computer. Only selected incoming connections are accepted.</description>
  <service name="ssh"/>
  <service name="mdns"/>
  <service name="samba-client"/>
  <service name="dhcpv6-client"/>
  <interface name="dummy1"/>
  <source address="10.99.9.0/24"/>
  <forward/>
</zone>
XML
# runtime -> permanent (not recorded from firewalld; its documented merge semantics)
fc 0 'success' '' --zone=public --add-service=imap
fc 1 'no' '' --permanent --zone=public --query-service=imap
fc 0 'success' '' --runtime-to-permanent
fc 0 'yes' '' --permanent --zone=public --query-service=imap
fc 0 'success' '' --permanent --zone=public --remove-service=imap

for f in public work internal; do
        if [ ! -f "$ETC/zones/$f.xml" ]; then
                zw_not_ok "zones/$f.xml written"
                continue
        fi
        if [ "$(elements "$ETC/zones/$f.xml")" = "$(elements "$T/want-$f.xml")" ]; then
                zw_ok "zones/$f.xml has firewalld's elements"
        else
                zw_not_ok "zones/$f.xml has firewalld's elements"
                diff <(elements "$T/want-$f.xml") <(elements "$ETC/zones/$f.xml") | sed 's/^/  /'
        fi
done
zw_check "previous public.xml kept as .old" test -f "$ETC/zones/public.xml.old"

# whole-value setters and update2 (firewall-cmd's --set-*, Ansible's and Cockpit's path)
fc 0 'success' '' --permanent --zone=work --set-target=DROP
fc 0 'DROP' '' --permanent --zone=work --get-target
fc 0 'success' '' --permanent --zone=work --set-description=zwt-work
fc 0 'zwt-work' '' --permanent --zone=work --get-description
work_path=$(gdbus call --system -d org.fedoraproject.FirewallD1 -o /org/fedoraproject/FirewallD1/config \
        -m org.fedoraproject.FirewallD1.config.getZoneByName work | sed "s/^(objectpath '//; s/',)$//")
out=$(gdbus call --system -d org.fedoraproject.FirewallD1 -o "$work_path" \
        -m org.fedoraproject.FirewallD1.config.zone.update2 \
        "{'interfaces': <['zwt0']>, 'sources': <@as []>}" 2>&1)
zw_check_eq "update2 with a partial dict" "()" "$out"
fc 0 $'dhcpv6-client ssh' '' --permanent --zone=work --list-services

# new and deleted zones (texts from dbus-api.md §6, config.addZone2 / config.zone.remove)
fc 0 'success' '' --permanent --new-zone=zwtzone
fc 26 '' "Error: NAME_CONFLICT: new_zone(): 'zwtzone'" --permanent --new-zone=zwtzone
fc 0 'success' '' --permanent --zone=zwtzone --add-service=ssh
zw_check "zones/zwtzone.xml written" test -f "$ETC/zones/zwtzone.xml"
out=$(firewall-cmd --permanent --get-zones)
case " $out " in *" zwtzone "*) zw_ok "--permanent --get-zones lists the new zone" ;;
        *) zw_not_ok "--permanent --get-zones lists the new zone: $out" ;; esac
fc 0 'success' '' --permanent --delete-zone=zwtzone
zw_check_not "zones/zwtzone.xml gone" test -f "$ETC/zones/zwtzone.xml"
zw_check "zones/zwtzone.xml.old kept" test -f "$ETC/zones/zwtzone.xml.old"
fc 112 '' 'Error: INVALID_ZONE: zwtzone' --permanent --zone=zwtzone --list-all
fc 23 '' "Error: BUILTIN_ZONE: 'block' is built-in zone" --permanent --delete-zone=block

# new services, read-modify-write edits (getSettings2 + update2), delete
fc 0 'success' '' --permanent --new-service=zwtsvc
fc 0 'success' '' --permanent --service=zwtsvc --add-port=7070/tcp
fc 0 'success' '' --permanent --service=zwtsvc --set-short=zwt
fc 0 '7070/tcp' '' --permanent --service=zwtsvc --get-ports
fc 0 'zwt' '' --permanent --service=zwtsvc --get-short
fc 0 'success' '' --reload
fc 0 'success' '' --zone=public --add-service=zwtsvc
fc 0 'success' '' --zone=public --remove-service=zwtsvc
fc 0 'success' '' --permanent --delete-service=zwtsvc
zw_check_not "services/zwtsvc.xml gone" test -f "$ETC/services/zwtsvc.xml"
fc 24 '' "Error: BUILTIN_SERVICE: 'ssh' is built-in service" --permanent --delete-service=ssh
fc 0 'zwt0' '' --permanent --zone=work --list-interfaces
out=$(gdbus call --system -d org.fedoraproject.FirewallD1 -o "$work_path" \
        -m org.fedoraproject.FirewallD1.config.zone.update2 "{'bogus': <true>}" 2>&1)
case $out in *"INVALID_OPTION: option 'bogus' is not valid"*) zw_ok "update2: unknown key" ;;
        *) zw_not_ok "update2: unknown key"; echo "  $out" ;; esac
out=$(gdbus call --system -d org.fedoraproject.FirewallD1 -o "$work_path" \
        -m org.fedoraproject.FirewallD1.config.zone.update2 "{'services': <['nosuchsvc']>}" 2>&1)
case $out in *"INVALID_SERVICE: Zone 'work': 'nosuchsvc' not among existing services"*)
        zw_ok "update2: unknown service refused" ;;
        *) zw_not_ok "update2: unknown service refused"; echo "  $out" ;; esac
fc 0 $'dhcpv6-client ssh' '' --permanent --zone=work --list-services

# every other kind: exit code and stdout only (stderr texts not recorded from firewalld)
fo() {
        local rc="$1" out="$2" got_out got_rc
        shift 2
        got_out=$(firewall-cmd "$@" 2>"$T/err")
        got_rc=$?
        if [ "$got_rc" = "$rc" ] && [ "$got_out" = "$out" ]; then
                zw_ok "firewall-cmd $*"
        else
                zw_not_ok "firewall-cmd $*"
                printf '  rc %s (want %s)\n  stdout: %q\n  want:   %q\n  stderr: %s\n' \
                        "$got_rc" "$rc" "$got_out" "$out" "$(cat "$T/err")"
        fi
}
same_elements() {
        if [ "$(elements "$1")" = "$(elements "$2")" ]; then
                zw_ok "$(basename "$(dirname "$1")")/$(basename "$1") has firewalld's elements"
        else
                zw_not_ok "$1 has firewalld's elements"
                diff <(elements "$2") <(elements "$1") | sed 's/^/  /'
        fi
}

# services: per-item methods
fo 0 success --permanent --new-service=zwts2
fo 0 success --permanent --service=zwts2 --add-port=8080/tcp
fo 0 success --permanent --service=zwts2 --add-protocol=gre
fo 0 success --permanent --service=zwts2 --add-source-port=5000/udp
fo 0 success --permanent --service=zwts2 --set-destination=ipv4:10.99.0.0/24
fo 0 success --permanent --service=zwts2 --add-include=ssh
fo 0 success --permanent --service=zwts2 --set-description=zwt-desc
fo 0 yes --permanent --service=zwts2 --query-port=8080/tcp
fo 0 'ipv4:10.99.0.0/24' --permanent --service=zwts2 --get-destinations
fo 0 success --permanent --service=zwts2 --add-port=8081/udp
fo 0 success --permanent --service=zwts2 --remove-port=8081/udp
fo 1 no --permanent --service=zwts2 --query-port=8081/udp
cat >"$T/want-zwts2.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<service>
  <description>zwt-desc</description>
  <port port="8080" protocol="tcp"/>
  <protocol value="gre"/>
  <source-port port="5000" protocol="udp"/>
  <destination ipv4="10.99.0.0/24"/>
  <include service="ssh"/>
</service>
XML
same_elements "$ETC/services/zwts2.xml" "$T/want-zwts2.xml"
fo 22 '' --permanent --load-service-defaults=zwts2
fo 0 success --permanent --service=ssh --add-port=2222/tcp
zw_check "services/ssh.xml override written" test -f "$ETC/services/ssh.xml"
fo 0 success --permanent --load-service-defaults=ssh
zw_check_not "services/ssh.xml override gone" test -f "$ETC/services/ssh.xml"
fo 0 '22/tcp' --permanent --service=ssh --get-ports

# policies
fo 0 success --permanent --new-policy=zwtpol
fo 26 '' --permanent --new-policy=public
fo 0 success --permanent --policy=zwtpol --add-ingress-zone=internal
fo 0 success --permanent --policy=zwtpol --add-egress-zone=public
fo 0 success --permanent --policy=zwtpol --set-target=ACCEPT
fo 0 success --permanent --policy=zwtpol --set-priority=-100
fo 0 success --permanent --policy=zwtpol --add-service=http
fo 0 success --permanent --policy=zwtpol --add-port=81/tcp
fo 0 ACCEPT --permanent --policy=zwtpol --get-target
fo 0 '-100' --permanent --policy=zwtpol --get-priority
cat >"$T/want-zwtpol.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<policy target="ACCEPT" priority="-100">
  <service name="http"/>
  <port port="81" protocol="tcp"/>
  <ingress-zone name="internal"/>
  <egress-zone name="public"/>
</policy>
XML
same_elements "$ETC/policies/zwtpol.xml" "$T/want-zwtpol.xml"
fo 0 success --reload
fo 0 'http' --policy=zwtpol --list-services
fo 0 success --permanent --delete-policy=zwtpol
zw_check "policies/zwtpol.xml.old kept" test -f "$ETC/policies/zwtpol.xml.old"
fo 0 success --permanent --policy=allow-host-ipv6 --set-description=zwt
fo 0 success --permanent --load-policy-defaults=allow-host-ipv6
zw_check_not "policies/allow-host-ipv6.xml override gone" test -f "$ETC/policies/allow-host-ipv6.xml"

# icmptypes
fo 0 success --permanent --new-icmptype=zwticmp
# no <destination> means both: firewall-client warns ALREADY_ENABLED and keeps the list empty;
# removing one family leaves the other listed (client.py, IcmpTypeSettings)
fo 0 success --permanent --icmptype=zwticmp --add-destination=ipv4
fo 0 $'ipv4\nipv6' --permanent --icmptype=zwticmp --get-destinations
fo 0 success --permanent --icmptype=zwticmp --remove-destination=ipv6
fo 0 ipv4 --permanent --icmptype=zwticmp --get-destinations
fo 0 success --permanent --icmptype=zwticmp --set-short=zwt-icmp
cat >"$T/want-zwticmp.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<icmptype>
  <short>zwt-icmp</short>
  <destination ipv4="yes"/>
</icmptype>
XML
same_elements "$ETC/icmptypes/zwticmp.xml" "$T/want-zwticmp.xml"
fo 0 success --permanent --delete-icmptype=zwticmp
fo 25 '' --permanent --delete-icmptype=echo-request

# ipsets
fo 0 success --permanent --new-ipset=zwtset --type=hash:ip
fo 0 success --permanent --ipset=zwtset --add-entry=10.99.1.1
fo 0 success --permanent --ipset=zwtset --add-entry=10.99.1.2
fo 0 success --permanent --ipset=zwtset --remove-entry=10.99.1.2
fo 0 '10.99.1.1' --permanent --ipset=zwtset --get-entries
cat >"$T/want-zwtset.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<ipset type="hash:ip">
  <entry>10.99.1.1</entry>
</ipset>
XML
same_elements "$ETC/ipsets/zwtset.xml" "$T/want-zwtset.xml"
fo 0 success --permanent --zone=trusted --add-source=ipset:zwtset
fo 0 success --reload
fo 0 'ipset:zwtset' --zone=trusted --list-sources
fo 0 success --permanent --zone=trusted --remove-source=ipset:zwtset
fo 0 success --permanent --delete-ipset=zwtset

# helpers
fo 0 success --permanent --new-helper=zwthelp --module=nf_conntrack_ftp --family=ipv4
fo 0 success --permanent --helper=zwthelp --add-port=2121/tcp
fo 0 '2121/tcp' --permanent --helper=zwthelp --get-ports
fo 0 nf_conntrack_ftp --permanent --helper=zwthelp --get-module
cat >"$T/want-zwthelp.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<helper module="nf_conntrack_ftp" family="ipv4">
  <port port="2121" protocol="tcp"/>
</helper>
XML
same_elements "$ETC/helpers/zwthelp.xml" "$T/want-zwthelp.xml"
fo 0 success --permanent --delete-helper=zwthelp
fo 37 '' --permanent --delete-helper=ftp

# zones: loadDefaults of an edited builtin, rename of a user zone (D-Bus only)
fo 0 success --permanent --load-zone-defaults=work
zw_check "zones/work.xml.old kept" test -f "$ETC/zones/work.xml.old"
zw_check_not "zones/work.xml override gone" test -f "$ETC/zones/work.xml"
fo 0 'dhcpv6-client ssh' --permanent --zone=work --list-services
fo 0 success --permanent --new-zone=zwtren
ren_path=$(gdbus call --system -d org.fedoraproject.FirewallD1 -o /org/fedoraproject/FirewallD1/config \
        -m org.fedoraproject.FirewallD1.config.getZoneByName zwtren | sed "s/^(objectpath '//; s/',)$//")
out=$(gdbus call --system -d org.fedoraproject.FirewallD1 -o "$ren_path" \
        -m org.fedoraproject.FirewallD1.config.zone.rename zwtren2 2>&1)
zw_check_eq "config.zone.rename" "()" "$out"
zw_check "zones/zwtren2.xml written" test -f "$ETC/zones/zwtren2.xml"
zw_check "zones/zwtren.xml.old kept" test -f "$ETC/zones/zwtren.xml.old"
fo 0 success --permanent --delete-zone=zwtren2
out=$(gdbus call --system -d org.fedoraproject.FirewallD1 -o "$work_path" \
        -m org.fedoraproject.FirewallD1.config.zone.rename x 2>&1)
case $out in *BUILTIN_ZONE*) zw_ok "rename of a builtin zone refused" ;;
        *) zw_not_ok "rename of a builtin zone refused"; echo "  $out" ;; esac

# check-config; direct is refused clearly, its getters answer empty (docs/direct.md)
fo 0 success --check-config
fo 0 '' --direct --get-all-rules
fo 0 '' --permanent --direct --get-all-rules
fo 13 '' --permanent --direct --add-rule ipv4 filter INPUT 0 -j ACCEPT
case $(cat "$T/err") in *"direct interface is not supported by zonewalld"*)
        zw_ok "direct: the error names the reason" ;;
        *) zw_not_ok "direct: the error names the reason"; cat "$T/err" ;; esac

# a read-only property answers PropertyReadOnly, as firewalld's do
out=$(gdbus call --system -d org.fedoraproject.FirewallD1 -o "$work_path" \
        -m org.freedesktop.DBus.Properties.Set org.fedoraproject.FirewallD1.config.zone name "<'x'>" 2>&1)
case $out in *PropertyReadOnly*) zw_ok "Set on a read-only property" ;;
        *) zw_not_ok "Set on a read-only property"; echo "  $out" ;; esac

if [ "$ZW_FAIL" -ne 0 ]; then
        echo "--- daemon log (tail)"
        tail -30 "$T/daemon.log"
fi
zw_summary
