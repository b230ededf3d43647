#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-daemon.sh: zonewalld's life cycle: options, broken admin config
# (fallback, state FAILED, node not open), SIGHUP reload, CleanupOnExit, polkit over D-Bus.
set -u
. "$(dirname "$0")/lib.sh"
zw_require_root

ZONEWALLD=${ZONEWALLD:-$ZW_TOP_BUILDDIR/zonewalld}
command -v firewall-cmd >/dev/null || { echo "SKIP: firewall-cmd missing" >&2; exit 77; }
[ -x "$ZONEWALLD" ] || { echo "SKIP: $ZONEWALLD not built" >&2; exit 77; }
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import dbus.service, gi' 2>/dev/null ||
        { echo "SKIP: python3-dbus / python3-gi missing" >&2; exit 77; }
BUILTIN=${ZW_BUILTIN_DIR:-/usr/lib/firewalld}
[ -d "$BUILTIN/zones" ] || { echo "SKIP: no builtin tree in $BUILTIN" >&2; exit 77; }
STOCK="$ZW_TOP_SRCDIR/stock"

zw_tmpdir T
zw_topology || exit 1
mkdir -p "$T/bus"
# allow-all bus: the fake polkit below must be able to own its name
zw_bus_start "$T/bus" || exit 1

DAEMON_PID=
# start ETC [extra args]: start zonewalld on admin tree ETC and wait for the name
start() {
        local etc="$1"
        shift
        [ -d "$STOCK" ] || STOCK="$T/nostock"
        ip netns exec "$ZW_NS" "$ZONEWALLD" --nofork --nopid --debug --log-target console \
                --system-config "$etc" --default-config "$BUILTIN" --stock-config "$STOCK" "$@" \
                >>"$T/daemon.log" 2>&1 &
        DAEMON_PID=$!
        zw_track_pid "$DAEMON_PID"
        zw_wait_name org.fedoraproject.FirewallD1 30
}
stop() {
        kill -TERM "$DAEMON_PID" 2>/dev/null
        wait "$DAEMON_PID" 2>/dev/null
}
has_table() { ip netns exec "$ZW_NS" nft list table inet zonewall >/dev/null 2>&1; }

# ---------------------------------------------------------------- options
out=$("$ZONEWALLD" --version); rc=$?
zw_check_eq "--version exit code" 0 "$rc"
case $out in "zonewalld "*) zw_ok "--version prints the version" ;; *) zw_not_ok "--version: $out" ;; esac
out=$("$ZONEWALLD" --help); rc=$?
zw_check_eq "--help exit code" 0 "$rc"
for o in --nofork --nopid --debug --log-target --system-config --default-config --stock-config --table; do
        case $out in *"$o"*) zw_ok "--help lists $o" ;; *) zw_not_ok "--help lists $o" ;; esac
done
zw_check_eq "--log-target=bogus is refused" 2 "$("$ZONEWALLD" --nofork --log-target=bogus >/dev/null 2>&1; echo $?)"

# ---------------------------------------------------------------- good config, RUNNING
ETC="$T/etc1"
mkdir -p "$ETC/services" "$ETC/zones"
start "$ETC" || { zw_not_ok "daemon starts"; cat "$T/daemon.log"; exit 1; }
out=$(firewall-cmd --state 2>&1); rc=$?
zw_check_eq "--state running" "running 0" "$out $rc"
zw_check "table inet zonewall present" has_table

# SIGHUP: a service file added behind the daemon's back becomes usable
cat >"$ETC/services/zwt-hup.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<service><short>hup</short><port protocol="tcp" port="7777"/></service>
XML
out=$(firewall-cmd --add-service=zwt-hup 2>&1); rc=$?
zw_check_eq "unknown before SIGHUP" "Error: INVALID_SERVICE: zwt-hup 101" "$out $rc"
kill -HUP "$DAEMON_PID"
for _ in $(seq 1 50); do
        firewall-cmd --info-service=zwt-hup >/dev/null 2>&1 && break
        sleep 0.1
done
out=$(firewall-cmd --add-service=zwt-hup 2>&1); rc=$?
zw_check_eq "known after SIGHUP" "success 0" "$out $rc"
zw_listen "$ZW_NS" tcp:7777 || exit 1
zw_check "7777/tcp reachable" zw_tcp "$ZW_PEER" 10.99.0.1 7777

# a broken file makes --reload fail and changes nothing
ruleset() { ip netns exec "$ZW_NS" nft -s list table inet zonewall 2>&1 | sha256sum; }
before=$(ruleset)
printf '<zone><nosuchelement/></zone>\n' >"$ETC/zones/zwt-broken.xml"
out=$(firewall-cmd --reload 2>&1); rc=$?
case "$rc $out" in "0 "*) zw_not_ok "--reload of a broken tree fails: $out" ;;
        *"Error: "*) zw_ok "--reload of a broken tree fails ($rc: $out)" ;;
        *) zw_not_ok "--reload of a broken tree fails: $rc $out" ;; esac
zw_check_eq "state still running" "running" "$(firewall-cmd --state 2>&1)"
zw_check_eq "ruleset unchanged by the failed reload" "$before" "$(ruleset)"
zw_check_eq "runtime kept" "yes" "$(firewall-cmd --query-service=zwt-hup 2>&1)"
rm -f "$ETC/zones/zwt-broken.xml"

# no firewalld.conf: unlike firewalld (absent key = yes), the table stays with a stopped
# daemon; only an explicit CleanupOnExit=yes removes it
stop
zw_check "CleanupOnExit absent: table kept on SIGTERM" has_table
ip netns exec "$ZW_NS" nft delete table inet zonewall 2>/dev/null

# ---------------------------------------------------------------- CleanupOnExit=yes|true
for v in yes true; do
        printf 'DefaultZone=public\nCleanupOnExit=%s\n' "$v" >"$ETC/firewalld.conf"
        start "$ETC" || { zw_not_ok "daemon restarts"; exit 1; }
        stop
        zw_check_not "CleanupOnExit=$v: table removed on SIGTERM" has_table
done

# ---------------------------------------------------------------- CleanupOnExit=no
printf 'DefaultZone=public\nCleanupOnExit=no\n' >"$ETC/firewalld.conf"
start "$ETC" || { zw_not_ok "daemon restarts"; exit 1; }
stop
zw_check "CleanupOnExit=no: table kept on SIGTERM" has_table
ip netns exec "$ZW_NS" nft delete table inet zonewall 2>/dev/null

# ---------------------------------------------------------------- broken admin config
BAD="$T/etc2"
mkdir -p "$BAD/zones" "$BAD/services"
printf '<zone><service name="nosuchservice-zwt"/></zone>\n' >"$BAD/zones/public.xml"
start "$BAD" || { zw_not_ok "daemon starts on a broken admin tree"; cat "$T/daemon.log"; exit 1; }
out=$(firewall-cmd --state 2>&1); rc=$?
zw_check_eq "--state failed" "failed 251" "$out $rc"
zw_check "broken config: builtin ruleset applied (node not open)" has_table
zw_listen "$ZW_NS" tcp:7778 || exit 1
zw_check_not "broken config: 7778/tcp not reachable" zw_tcp "$ZW_PEER" 10.99.0.1 7778
if grep -q "nosuchservice-zwt" "$T/daemon.log"; then zw_ok "the log says why"; else zw_not_ok "the log says why"; fi
stop

# ---------------------------------------------------------------- polkit over D-Bus
# A stand-in authority: .info and .config.info are granted, everything else refused.
cat >"$T/polkit.py" <<'PY'
import dbus, dbus.service, dbus.mainloop.glib
from gi.repository import GLib
dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
bus = dbus.SystemBus()
name = dbus.service.BusName("org.freedesktop.PolicyKit1", bus)
class Authority(dbus.service.Object):
    @dbus.service.method("org.freedesktop.PolicyKit1.Authority",
                         in_signature="(sa{sv})sa{ss}us", out_signature="(bba{ss})")
    def CheckAuthorization(self, subject, action, details, flags, cancel):
        ok = action in ("org.fedoraproject.FirewallD1.info",
                        "org.fedoraproject.FirewallD1.config.info")
        print("check", subject[0], action, ok, flush=True)
        return (ok, False, {})
Authority(bus, "/org/freedesktop/PolicyKit1/Authority")
GLib.MainLoop().run()
PY
/usr/bin/python3 "$T/polkit.py" >"$T/polkit.log" 2>&1 &
POLKIT_PID=$!
zw_track_pid "$POLKIT_PID"
zw_wait_name org.freedesktop.PolicyKit1 10 || { zw_not_ok "fake polkit up"; cat "$T/polkit.log"; }
start "$ETC" || { zw_not_ok "daemon starts with polkit"; exit 1; }
out=$(firewall-cmd --get-default-zone 2>&1); rc=$?
zw_check_eq "polkit grants .info" "public 0" "$out $rc"
out=$(dbus-send --system --print-reply --dest=org.fedoraproject.FirewallD1 \
        /org/fedoraproject/FirewallD1 org.fedoraproject.FirewallD1.zone.addService \
        string:'' string:ssh int32:0 2>&1)
case $out in *"org.fedoraproject.FirewallD1.NotAuthorizedException: Not Authorized(polkit): org.fedoraproject.FirewallD1.config"*)
        zw_ok "polkit refuses .config even to root" ;;
        *) zw_not_ok "polkit refuses .config even to root"; echo "  $out" ;; esac
out=$(firewall-cmd --add-service=http 2>&1); rc=$?
zw_check_eq "firewall-cmd: authorization failed" 253 "$rc"
if grep -q "check system-bus-name org.fedoraproject.FirewallD1.config False" "$T/polkit.log"; then
        zw_ok "CheckAuthorization asked with the caller's bus name"
else
        zw_not_ok "CheckAuthorization asked with the caller's bus name"; cat "$T/polkit.log"
fi
stop

# ---------------------------------------------------------------- lockdown
kill "$POLKIT_PID"
wait "$POLKIT_PID" 2>/dev/null
# whitelisted: exactly one command line; root is not whitelisted as such
LD="$T/etc3"
mkdir -p "$LD"
cat >"$LD/lockdown-whitelist.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<whitelist>
  <command name="/usr/bin/python3 /usr/bin/firewall-cmd --add-service=ssh"/>
  <user name="nobody"/>
</whitelist>
XML
start "$LD" || { zw_not_ok "daemon starts for lockdown"; exit 1; }
out=$(firewall-cmd --lockdown-on 2>&1); rc=$?
zw_check_eq "--lockdown-on" "success 0" "$out $rc"
out=$(firewall-cmd --add-service=http 2>&1); rc=$?
zw_check_eq "lockdown: caller not whitelisted" "Error: ACCESS_DENIED: lockdown is enabled 29" "$out $rc"
out=$(firewall-cmd --add-service=ssh 2>&1); rc=$?
zw_check_eq "lockdown: whitelisted command line passes" \
        "Warning: ALREADY_ENABLED: 'ssh' already in 'public' success 0" "$(echo $out) $rc"
out=$(firewall-cmd --query-service=http 2>&1); rc=$?
zw_check_eq "lockdown: queries still answered" "no 1" "$out $rc"
grep -q '^Lockdown=yes' "$LD/firewalld.conf" && zw_ok "--lockdown-on wrote Lockdown=yes" ||
        zw_not_ok "--lockdown-on wrote Lockdown=yes"
stop
ip netns exec "$ZW_NS" nft delete table inet zonewall 2>/dev/null

# ---------------------------------------------------------------- the bus goes away
# (last: it takes the test's bus with it); CleanupOnExit=yes, so only the bus loss keeps it
printf 'DefaultZone=public\nCleanupOnExit=yes\n' >"$ETC/firewalld.conf"
ip netns exec "$ZW_NS" nft delete table inet zonewall 2>/dev/null
start "$ETC" || { zw_not_ok "daemon starts again"; exit 1; }
kill -TERM "$ZW_BUS_PID"
wait "$DAEMON_PID" 2>/dev/null
rc=$?
zw_check_eq "bus lost: daemon exits 1" 1 "$rc"
zw_check "bus lost: ruleset left in place" has_table
ip netns exec "$ZW_NS" nft delete table inet zonewall 2>/dev/null

if [ "$ZW_FAIL" -ne 0 ]; then
        echo "--- daemon log (tail)"
        tail -40 "$T/daemon.log"
fi
zw_summary
