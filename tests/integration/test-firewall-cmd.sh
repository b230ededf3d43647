#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-firewall-cmd.sh: Debian's firewall-cmd against zonewalld on a private
# bus in its own netns: every runtime option of issue 5, compared with what firewalld 1.3.3
# prints (stdout, stderr, exit code, recorded from a sandboxed firewalld), packet checks from a
# peer namespace, bad calls (wrong D-Bus types, non-root callers) that must change nothing.
#
# ZW_TEST_DAEMON="cmd {etc}" runs the same checks against another daemon (e.g. firewalld).
set -u
. "$(dirname "$0")/lib.sh"
zw_require_root

ZONEWALLD=${ZONEWALLD:-$ZW_TOP_BUILDDIR/zonewalld}
command -v firewall-cmd >/dev/null || { echo "SKIP: firewall-cmd missing" >&2; exit 77; }
command -v dbus-send >/dev/null || { echo "SKIP: dbus-send missing" >&2; exit 77; }
[ -x "$ZONEWALLD" ] || [ -n "${ZW_TEST_DAEMON:-}" ] || { echo "SKIP: $ZONEWALLD not built" >&2; exit 77; }
BUILTIN=${ZW_BUILTIN_DIR:-/usr/lib/firewalld}
[ -d "$BUILTIN/zones" ] || { echo "SKIP: no builtin tree in $BUILTIN" >&2; exit 77; }

zw_tmpdir T
ETC="$T/etc/firewalld"
mkdir -p "$ETC"/{services,zones,ipsets,policies,icmptypes,helpers} "$T/bus"

# leofs-storage: the repo's definition, or its two ports if services/ is not there yet
if [ -f "$ZW_TOP_SRCDIR/services/leofs-storage.xml" ]; then
        cp "$ZW_TOP_SRCDIR/services/leofs-storage.xml" "$ETC/services/"
else
        cat >"$ETC/services/leofs-storage.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<service>
  <short>LeoFS storage</short>
  <port protocol="tcp" port="13077"/>
  <port protocol="tcp" port="4369"/>
</service>
XML
fi
cat >"$ETC/ipsets/zwset.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<ipset type="hash:ip">
</ipset>
XML
cat >"$ETC/lockdown-whitelist.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<whitelist>
  <command name="/usr/bin/python3 /usr/bin/firewall-config"/>
  <user id="0"/>
</whitelist>
XML

zw_topology || exit 1
# bindings do not need the interfaces to exist; create them where the kernel can
ip -n "$ZW_NS" link add dummy0 type dummy 2>/dev/null || true
ip -n "$ZW_NS" link add dummy1 type dummy 2>/dev/null || true
# our own bus policy file: root owns the name, anyone may call
zw_bus_start "$T/bus" "$ZW_TOP_SRCDIR/data/dbus/org.fedoraproject.FirewallD1.conf" || exit 1

if [ -n "${ZW_TEST_DAEMON:-}" ]; then
        DAEMON_CMD=${ZW_TEST_DAEMON//\{etc\}/$ETC}
        TABLE=firewalld
else
        STOCK="$ZW_TOP_SRCDIR/stock"
        [ -d "$STOCK" ] || STOCK="$T/nostock"
        DAEMON_CMD="$ZONEWALLD --nofork --nopid --debug --log-target console --system-config $ETC --default-config $BUILTIN --stock-config $STOCK"
        TABLE=zonewall
fi
ip netns exec "$ZW_NS" $DAEMON_CMD >"$T/daemon.log" 2>&1 &
DAEMON_PID=$!
zw_track_pid "$DAEMON_PID"
if ! zw_wait_name org.fedoraproject.FirewallD1 30; then
        echo "daemon did not come up:"; cat "$T/daemon.log"
        exit 1
fi

# fc RC STDOUT STDERR ARGS...: run firewall-cmd, compare all three
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
ruleset() { ip netns exec "$ZW_NS" nft -s list table inet "$TABLE" 2>&1 | sha256sum; }
alive() { kill -0 "$DAEMON_PID" 2>/dev/null; }
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
fw_send() {
        dbus-send --system --print-reply --dest=org.fedoraproject.FirewallD1 \
                /org/fedoraproject/FirewallD1 "$@" 2>&1
}

fc 0 'running' '' --state

# ---------------------------------------------------------------- packets: leofs-storage
zw_listen "$ZW_NS" tcp:13077 tcp:4369 tcp:13076 || exit 1
zw_check_not "13077/tcp closed before" zw_tcp "$ZW_PEER" 10.99.0.1 13077
fc 0 'success' '' --add-service=leofs-storage
zw_check "13077/tcp open after --add-service=leofs-storage" zw_tcp "$ZW_PEER" 10.99.0.1 13077
zw_check "4369/tcp open after --add-service=leofs-storage" zw_tcp "$ZW_PEER" 10.99.0.1 4369
zw_check "fd99::1 13077/tcp open" zw_tcp "$ZW_PEER" fd99::1 13077
zw_check_not "13076/tcp still closed" zw_tcp "$ZW_PEER" 10.99.0.1 13076
fc 0 'success' '' --remove-service=leofs-storage
zw_check_not "13077/tcp closed after --remove-service" zw_tcp "$ZW_PEER" 10.99.0.1 13077
zw_check_not "4369/tcp closed after --remove-service" zw_tcp "$ZW_PEER" 10.99.0.1 4369

# ---------------------------------------------------------------- bad calls change nothing
before=$(ruleset)
out=$(fw_send org.fedoraproject.FirewallD1.zone.addService string:'' string:http string:x)
case $out in *org.freedesktop.DBus.Error.InvalidArgs*) zw_ok "wrong D-Bus type: InvalidArgs" ;;
        *) zw_not_ok "wrong D-Bus type: InvalidArgs"; echo "  $out" ;; esac
out=$(fw_send org.fedoraproject.FirewallD1.zone.addService string:'')
case $out in *org.freedesktop.DBus.Error.InvalidArgs*) zw_ok "missing argument: InvalidArgs" ;;
        *) zw_not_ok "missing argument: InvalidArgs"; echo "  $out" ;; esac
out=$(fw_send org.fedoraproject.FirewallD1.zone.addPort string:'' int32:80 string:tcp int32:0)
case $out in *org.freedesktop.DBus.Error.InvalidArgs*) zw_ok "port as int32: InvalidArgs" ;;
        *) zw_not_ok "port as int32: InvalidArgs"; echo "  $out" ;; esac
zw_check "daemon alive after wrong types" alive
out=$(as_nobody firewall-cmd --state 2>&1); rc=$?
zw_check_eq "nobody: --state exit code" 253 "$rc"
case $out in *"NotAuthorizedException: Not Authorized(uid): org.fedoraproject.FirewallD1.info"*"Authorization failed."*)
        zw_ok "nobody: --state refused at Introspect" ;;
        *) zw_not_ok "nobody: --state refused at Introspect"; echo "  $out" ;; esac
out=$(as_nobody firewall-cmd --add-service=http 2>&1); rc=$?
zw_check_eq "nobody: --add-service exit code" 253 "$rc"
out=$(as_nobody dbus-send --system --print-reply --dest=org.fedoraproject.FirewallD1 \
        /org/fedoraproject/FirewallD1 org.fedoraproject.FirewallD1.zone.addService \
        string:'' string:http int32:0 2>&1)
case $out in *"org.fedoraproject.FirewallD1.NotAuthorizedException: Not Authorized(uid): org.fedoraproject.FirewallD1.config"*)
        zw_ok "nobody: addService Not Authorized(uid)" ;;
        *) zw_not_ok "nobody: addService Not Authorized(uid)"; echo "  $out" ;; esac
out=$(as_nobody dbus-send --system --print-reply --dest=org.fedoraproject.FirewallD1 \
        /org/fedoraproject/FirewallD1 org.freedesktop.DBus.Properties.Get \
        string:org.fedoraproject.FirewallD1 string:state 2>&1)
case $out in *"Not Authorized(uid): org.fedoraproject.FirewallD1.config"*)
        zw_ok "nobody: Properties.Get needs .config" ;;
        *) zw_not_ok "nobody: Properties.Get needs .config"; echo "  $out" ;; esac
fc 101 '' 'Error: INVALID_SERVICE: nosuchservice' --add-service=nosuchservice
fc 112 '' 'Error: INVALID_ZONE: nosuchzone' --zone=nosuchzone --add-port=80/tcp
fc 122 '' 'Error: INVALID_RULE: unknown element bogus' --add-rich-rule='rule bogus'
out=$(fw_send org.fedoraproject.FirewallD1.zone.addPort string:'' string:70000-80000 string:tcp int32:0)
case $out in *"org.fedoraproject.FirewallD1.Exception: INVALID_PORT"*) zw_ok "bad port range over D-Bus: INVALID_PORT" ;;
        *) zw_not_ok "bad port range over D-Bus: INVALID_PORT"; echo "  $out" ;; esac
zw_check_eq "ruleset unchanged by bad calls" "$before" "$(ruleset)"
fc 0 'running' '' --state

# ---------------------------------------------------------------- every runtime option
# expectations recorded from firewalld 1.3.3 (Debian 12) in fw-sandbox, same order
fc 0 $'public' '' --get-default-zone
fc 0 $'block dmz drop external home internal public trusted work' '' --get-zones
fc 0 '' '' --get-active-zones
fc 0 $'public\n  target: default\n  icmp-block-inversion: no\n  interfaces: \n  sources: \n  services: dhcpv6-client ssh\n  ports: \n  protocols: \n  forward: yes\n  masquerade: no\n  forward-ports: \n  source-ports: \n  icmp-blocks: \n  rich rules: ' '' --list-all
fc 0 $'block\n  target: %%REJECT%%\n  icmp-block-inversion: no\n  interfaces: \n  sources: \n  services: \n  ports: \n  protocols: \n  forward: yes\n  masquerade: no\n  forward-ports: \n  source-ports: \n  icmp-blocks: \n  rich rules: ' '' --zone=block --list-all
fc 0 $'success' '' --set-default-zone=home
fc 0 $'success' $'Warning: ZONE_ALREADY_SET: home' --set-default-zone=home
fc 112 '' $'Error: INVALID_ZONE: nosuch' --set-default-zone=nosuch
fc 0 $'success' '' --set-default-zone=public
fc 0 $'success' '' --add-service=http
fc 0 $'success' $'Warning: ALREADY_ENABLED: \'http\' already in \'public\'' --add-service=http
fc 101 '' $'Error: INVALID_SERVICE: nosuchservice' --add-service=nosuchservice
fc 112 '' $'Error: INVALID_ZONE: nosuchzone' --zone=nosuchzone --add-service=ssh
fc 0 $'yes' '' --query-service=http
fc 1 $'no' '' --query-service=telnet
fc 0 $'dhcpv6-client http ssh' '' --list-services
fc 0 $'success' '' --remove-service=http
fc 0 $'success' $'Warning: NOT_ENABLED: \'http\' not in \'public\'' --remove-service=http
fc 0 $'success' '' --add-service=https --add-service=ftp
fc 0 $'success' '' --add-port=8080/tcp
fc 102 '' $'Error: INVALID_PORT: 99999' --add-port=99999/tcp
fc 103 '' $'Error: INVALID_PROTOCOL: \'foo\' not in {\'tcp\'|\'udp\'|\'sctp\'|\'dccp\'}' --add-port=80/foo
fc 0 $'success' '' --add-port=100-50/tcp
fc 0 $'success' '' --add-port=5000-5010/udp
fc 0 $'success' $'Warning: ALREADY_ENABLED: \'5005:udp\' already in \'public\'' --add-port=5005/udp
fc 0 $'success' '' --remove-port=5005/udp
fc 0 $'50-100/tcp 8080/tcp 5000-5004/udp 5006-5010/udp' '' --list-ports
fc 0 $'yes' '' --query-port=5004/udp
fc 0 $'success' '' --remove-port=8080/tcp
fc 0 $'success' $'Warning: NOT_ENABLED: \'8080:tcp\' not in \'public\'' --remove-port=8080/tcp
fc 0 $'success' '' --add-protocol=gre
fc 103 '' $'Error: INVALID_PROTOCOL: nosuchproto' --add-protocol=nosuchproto
fc 0 $'gre' '' --list-protocols
fc 0 $'success' '' --remove-protocol=gre
fc 0 $'success' '' --add-source-port=1234/tcp
fc 0 $'1234/tcp' '' --list-source-ports
fc 0 $'success' '' --remove-source-port=1234/tcp
fc 0 $'success' '' --add-icmp-block=echo-request
fc 107 '' $'Error: INVALID_ICMPTYPE: nosuchicmp' --add-icmp-block=nosuchicmp
fc 0 $'echo-request' '' --list-icmp-blocks
fc 0 $'yes' '' --query-icmp-block=echo-request
fc 0 $'success' '' --remove-icmp-block=echo-request
fc 0 $'success' '' --add-icmp-block-inversion
fc 0 $'success' $'Warning: ALREADY_ENABLED: icmp-block-inversion already enabled in \'public\'' --add-icmp-block-inversion
fc 0 $'yes' '' --query-icmp-block-inversion
fc 0 $'success' '' --remove-icmp-block-inversion
fc 0 $'success' $'Warning: NOT_ENABLED: icmp-block-inversion not enabled in \'public\'' --remove-icmp-block-inversion
fc 0 $'success' '' --add-masquerade
fc 0 $'success' $'Warning: ALREADY_ENABLED: masquerade already enabled in \'public\'' --add-masquerade
fc 0 $'yes' '' --query-masquerade
fc 0 $'success' '' --remove-masquerade
fc 0 $'success' $'Warning: NOT_ENABLED: masquerade not enabled in \'public\'' --remove-masquerade
fc 0 $'success' '' --add-forward-port=port=2222:proto=tcp:toport=22:toaddr=10.99.0.2
fc 0 $'success' $'Warning: ALREADY_ENABLED: \'2222:tcp:22:10.99.0.2\' already in \'public\'' --add-forward-port=port=2222:proto=tcp:toport=22:toaddr=10.99.0.2
fc 106 '' $'Error: INVALID_FORWARD: missing destination' --add-forward-port=port=2223:proto=tcp
fc 0 $'port=2222:proto=tcp:toport=22:toaddr=10.99.0.2' '' --list-forward-ports
fc 0 $'success' '' --remove-forward-port=port=2222:proto=tcp:toport=22:toaddr=10.99.0.2
fc 0 $'success' '' $'--add-rich-rule=rule family=ipv4 source address=10.99.9.9 accept'
fc 0 $'success' $'Warning: ALREADY_ENABLED: \'rule family="ipv4" source address="10.99.9.9" accept\' already in \'public\'' $'--add-rich-rule=rule family="ipv4" source address="10.99.9.9" accept'
fc 0 $'rule family="ipv4" source address="10.99.9.9" accept' '' --list-rich-rules
fc 0 $'yes' '' $'--query-rich-rule=rule family="ipv4" source address="10.99.9.9" accept'
fc 122 '' $'Error: INVALID_RULE: unknown element servicex' $'--add-rich-rule=rule family="ipv4" source address="10.99.7.0/24" servicex name="ssh" accept'
fc 122 '' $'Error: INVALID_RULE: unknown element bogus' $'--add-rich-rule=rule bogus'
fc 0 $'success' '' $'--remove-rich-rule=rule family=ipv4 source address=10.99.9.9 accept'
fc 0 $'success' $'Warning: NOT_ENABLED: \'rule family="ipv4" source address="10.99.9.9" accept\' not in \'public\'' $'--remove-rich-rule=rule family=ipv4 source address=10.99.9.9 accept'
fc 0 $'success' '' --zone=trusted --add-source=10.99.5.0/24
fc 0 $'success' $'Warning: ZONE_ALREADY_SET: \'10.99.5.0/24\' already bound to \'trusted\'' --zone=trusted --add-source=10.99.5.0/24
fc 18 '' $'Error: ZONE_CONFLICT: \'10.99.5.0/24\' already bound to a zone' --zone=work --add-source=10.99.5.0/24
fc 105 '' $'Error: INVALID_ADDR: 10.99.1.300' --zone=trusted --add-source=10.99.1.300
fc 0 $'trusted' '' --get-zone-of-source=10.99.5.0/24
fc 2 '' $'no zone' --get-zone-of-source=10.99.6.0/24
fc 0 $'success' '' --zone=work --change-source=10.99.5.0/24
fc 0 $'success' '' --zone=work --remove-source=10.99.5.0/24
fc 30 '' $'Error: UNKNOWN_SOURCE: \'10.99.5.0/24\' is not in any zone' --zone=trusted --remove-source=10.99.5.0/24
fc 0 $'success' '' --zone=public --add-interface=dummy0
fc 0 $'success' $'Warning: ZONE_ALREADY_SET: \'dummy0\' already bound to \'public\'' --zone=public --add-interface=dummy0
fc 18 '' $'Error: ZONE_CONFLICT: \'dummy0\' already bound to \'public\'' --zone=internal --add-interface=dummy0
fc 0 $'public\n  interfaces: dummy0' '' --get-active-zones
fc 0 $'success' '' --zone=work --change-interface=dummy0
fc 0 $'work' '' --get-zone-of-interface=dummy0
fc 2 '' $'no zone' --get-zone-of-interface=dummy9
fc 0 $'dummy0' '' --zone=work --list-interfaces
fc 0 $'yes' '' --zone=work --query-interface=dummy0
fc 0 $'success' '' --zone=work --remove-interface=dummy0
fc 17 '' $'Error: UNKNOWN_INTERFACE: \'nonex\' is not in any zone' --remove-interface=nonex
fc 0 $'success' '' --add-interface=dummy1
fc 0 $'public\n  interfaces: dummy1' '' --get-active-zones
fc 0 $'success' '' --remove-interface=dummy1
fc 104 '' $'Error: INVALID_INTERFACE: bad iface' $'--add-interface=bad iface'
fc 0 $'success' '' --panic-on
fc 0 $'success' $'Warning: ALREADY_ENABLED: panic mode already enabled' --panic-on
fc 0 $'yes' '' --query-panic
fc 15 '' $'Error: PANIC_MODE' --add-service=http
fc 0 $'dhcpv6-client ftp https ssh' '' --list-services
fc 15 '' $'Error: PANIC_MODE' --set-default-zone=home
fc 0 $'success' '' --panic-off
fc 0 $'success' $'Warning: NOT_ENABLED: panic mode is not enabled' --panic-off
fc 1 $'no' '' --query-panic
fc 0 $'off' '' --get-log-denied
fc 0 $'success' '' --set-log-denied=unicast
fc 0 $'success' $'Warning: ALREADY_SET: unicast' --set-log-denied=unicast
fc 114 '' $'Error: INVALID_VALUE: \'bogus\', choose from \'all\',\'unicast\',\'broadcast\',\'multicast\',\'off\'' --set-log-denied=bogus
fc 0 $'success' '' --set-log-denied=off
fc 0 $'ftp\n  ports: 21/tcp\n  protocols: \n  source-ports: \n  modules: \n  destination: \n  includes: \n  helpers: ftp' '' --info-service=ftp
fc 101 '' $'Error: INVALID_SERVICE: nosuch' --info-service=nosuch
fc 0 $'public\n  target: default\n  icmp-block-inversion: no\n  interfaces: \n  sources: \n  services: dhcpv6-client ssh\n  ports: \n  protocols: \n  forward: yes\n  masquerade: no\n  forward-ports: \n  source-ports: \n  icmp-blocks: \n  rich rules: ' '' --info-zone=public
fc 112 '' $'Error: INVALID_ZONE: nosuch' --info-zone=nosuch
fc 0 $'echo-request\n  destination: ipv4 ipv6' '' --info-icmptype=echo-request
fc 0 $'ftp\n  family: \n  module: nf_conntrack_ftp\n  ports: 21/tcp' '' --info-helper=ftp
fc 0 $'allow-host-ipv6 (active)\n  priority: -15000\n  target: CONTINUE\n  ingress-zones: ANY\n  egress-zones: HOST\n  services: \n  ports: \n  protocols: \n  masquerade: no\n  forward-ports: \n  source-ports: \n  icmp-blocks: \n  rich rules: \n\trule family="ipv6" icmp-type name="neighbour-advertisement" accept\n\trule family="ipv6" icmp-type name="neighbour-solicitation" accept\n\trule family="ipv6" icmp-type name="router-advertisement" accept\n\trule family="ipv6" icmp-type name="redirect" accept' '' --info-policy=allow-host-ipv6
fc 0 $'allow-host-ipv6' '' --get-policies
fc 0 $'allow-host-ipv6\n  ingress-zones: ANY\n  egress-zones: HOST' '' --get-active-policies
fc 0 $'hash:ip hash:ip,mark hash:ip,port hash:ip,port,ip hash:ip,port,net hash:mac hash:net hash:net,iface hash:net,net hash:net,port hash:net,port,net' '' --get-ipset-types
# (zwset comes from the admin tree here; firewalld's run created it with --new-ipset + --reload)
fc 0 $'zwset' '' --get-ipsets
fc 0 $'success' '' --ipset=zwset --add-entry=10.99.0.5
fc 0 $'success' $'Warning: ALREADY_ENABLED: \'10.99.0.5\' already is in \'zwset\'' --ipset=zwset --add-entry=10.99.0.5
fc 136 '' $'Error: INVALID_ENTRY: invalid address \'bogus\' in \'bogus\' for hash:ip (ipv4)' --ipset=zwset --add-entry=bogus
fc 0 $'10.99.0.5' '' --ipset=zwset --get-entries
fc 0 $'yes' '' --ipset=zwset --query-entry=10.99.0.5
fc 1 $'no' '' --ipset=zwset --query-entry=10.99.0.6
fc 0 $'success' '' --ipset=zwset --remove-entry=10.99.0.5
fc 0 $'success' $'Warning: NOT_ENABLED: \'10.99.0.5\' not in \'zwset\'' --ipset=zwset --remove-entry=10.99.0.5
fc 135 '' $'Error: INVALID_IPSET: nosuch' --ipset=nosuch --add-entry=10.99.0.5
fc 0 $'zwset\n  type: hash:ip\n  options: \n  entries: ' '' --info-ipset=zwset
fc 0 'success' '' --add-service=imap --timeout=2
fc 0 'yes' '' --query-service=imap
# the daemon removes it by itself; poll instead of asserting a time
for _ in $(seq 1 40); do
        [ "$(firewall-cmd --query-service=imap 2>/dev/null)" = no ] && break
        sleep 0.25
done
fc 1 'no' '' --query-service=imap
fc 0 'success' '' --add-service=pop3 --timeout=100
fc 0 'success' '' --remove-service=pop3
fc 1 'no' '' --query-service=pop3
fc 1 'no' '' --query-lockdown
# firewalld's sandbox could not write firewalld.conf here; a writable admin tree gives:
fc 0 'success' '' --lockdown-on
fc 0 'success' 'Warning: ALREADY_ENABLED: enable_lockdown()' --lockdown-on
fc 0 'yes' '' --query-lockdown
fc 0 'success' '' --add-service=http
fc 0 'success' '' --remove-service=http
fc 0 'success' '' --lockdown-off
fc 0 'success' 'Warning: NOT_ENABLED: disable_lockdown()' --lockdown-off
fc 0 $'success' '' --add-lockdown-whitelist-uid=1000
fc 0 $'success' $'Warning: ALREADY_ENABLED: Uid "1000" already in whitelist' --add-lockdown-whitelist-uid=1000
fc 0 $'0 1000' '' --list-lockdown-whitelist-uids
fc 0 $'success' '' --remove-lockdown-whitelist-uid=1000
fc 0 $'success' $'Warning: NOT_ENABLED: Uid "1000" not in whitelist.' --remove-lockdown-whitelist-uid=1000
fc 0 $'success' '' --add-lockdown-whitelist-user=nobody
fc 0 $'success' '' $'--add-lockdown-whitelist-command=/usr/bin/foo*'
fc 0 $'/usr/bin/python3 /usr/bin/firewall-config\n/usr/bin/foo*' '' --list-lockdown-whitelist-commands
fc 0 $'success' '' --add-forward
fc 0 $'success' '' --remove-forward
out=$(firewall-cmd --get-services)
case " $out " in *" leofs-storage "*" ssh "*) zw_ok "--get-services lists leofs-storage and ssh" ;;
        *) zw_not_ok "--get-services lists leofs-storage and ssh" ;; esac
fc 0 $'address-unreachable bad-header beyond-scope communication-prohibited destination-unreachable echo-reply echo-request failed-policy fragmentation-needed host-precedence-violation host-prohibited host-redirect host-unknown host-unreachable ip-header-bad neighbour-advertisement neighbour-solicitation network-prohibited network-redirect network-unknown network-unreachable no-route packet-too-big parameter-problem port-unreachable precedence-cutoff protocol-unreachable redirect reject-route required-option-missing router-advertisement router-solicitation source-quench source-route-failed time-exceeded timestamp-reply timestamp-request tos-host-redirect tos-host-unreachable tos-network-redirect tos-network-unreachable ttl-zero-during-reassembly ttl-zero-during-transit unknown-header-type unknown-option' '' --get-icmptypes
fc 0 $'Q.931 RAS amanda ftp h323 irc netbios-ns pptp proto-gre sane sip snmp tftp' '' --get-helpers
fc 0 $'1.3.3' '' --version
# firewalld's sandbox could not rewrite firewalld.conf for --set-default-zone=public, so its
# reload fell back to DefaultZone=home and --remove-forward hit home; with the write
# succeeding it is public's forward that is off
LIST_ALL_ZONES=$(cat <<'TXT'
block
  target: %%REJECT%%
  icmp-block-inversion: no
  interfaces: 
  sources: 
  services: 
  ports: 
  protocols: 
  forward: yes
  masquerade: no
  forward-ports: 
  source-ports: 
  icmp-blocks: 
  rich rules: 

dmz
  target: default
  icmp-block-inversion: no
  interfaces: 
  sources: 
  services: ssh
  ports: 
  protocols: 
  forward: yes
  masquerade: no
  forward-ports: 
  source-ports: 
  icmp-blocks: 
  rich rules: 

drop
  target: DROP
  icmp-block-inversion: no
  interfaces: 
  sources: 
  services: 
  ports: 
  protocols: 
  forward: yes
  masquerade: no
  forward-ports: 
  source-ports: 
  icmp-blocks: 
  rich rules: 

external
  target: default
  icmp-block-inversion: no
  interfaces: 
  sources: 
  services: ssh
  ports: 
  protocols: 
  forward: yes
  masquerade: yes
  forward-ports: 
  source-ports: 
  icmp-blocks: 
  rich rules: 

home
  target: default
  icmp-block-inversion: no
  interfaces: 
  sources: 
  services: dhcpv6-client mdns samba-client ssh
  ports: 
  protocols: 
  forward: yes
  masquerade: no
  forward-ports: 
  source-ports: 
  icmp-blocks: 
  rich rules: 

internal
  target: default
  icmp-block-inversion: no
  interfaces: 
  sources: 
  services: dhcpv6-client mdns samba-client ssh
  ports: 
  protocols: 
  forward: yes
  masquerade: no
  forward-ports: 
  source-ports: 
  icmp-blocks: 
  rich rules: 

public
  target: default
  icmp-block-inversion: no
  interfaces: 
  sources: 
  services: dhcpv6-client ssh
  ports: 
  protocols: 
  forward: no
  masquerade: no
  forward-ports: 
  source-ports: 
  icmp-blocks: 
  rich rules: 

trusted
  target: ACCEPT
  icmp-block-inversion: no
  interfaces: 
  sources: 
  services: 
  ports: 
  protocols: 
  forward: yes
  masquerade: no
  forward-ports: 
  source-ports: 
  icmp-blocks: 
  rich rules: 

work
  target: default
  icmp-block-inversion: no
  interfaces: 
  sources: 
  services: dhcpv6-client ssh
  ports: 
  protocols: 
  forward: yes
  masquerade: no
  forward-ports: 
  source-ports: 
  icmp-blocks: 
  rich rules: 
TXT
)
fc 0 "$LIST_ALL_ZONES" '' --list-all-zones

# ---------------------------------------------------------------- stop
zw_check "daemon still running" alive
kill -TERM "$DAEMON_PID"
wait "$DAEMON_PID" 2>/dev/null
if [ -z "${ZW_TEST_DAEMON:-}" ]; then
        # zonewalld keeps its table unless firewalld.conf says CleanupOnExit=yes (its default
        # is no, unlike firewalld's): a stopped daemon never opens the node
        has_table() { ip netns exec "$ZW_NS" nft list table inet "$TABLE" >/dev/null 2>&1; }
        zw_check "CleanupOnExit not yes: table inet $TABLE kept" has_table
        ip netns exec "$ZW_NS" nft delete table inet "$TABLE" 2>/dev/null || true
fi
if [ "$ZW_FAIL" -ne 0 ]; then
        echo "--- daemon log (tail)"
        tail -40 "$T/daemon.log"
fi
zw_summary
