#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-firewall-config.sh: Debian's firewall-config (GTK) under Xvfb against
# zonewalld on a private bus. It must start and make its start-up calls (zones, services incl.
# leofs-* and vz-*, icmptypes, helpers, direct, active zones) without an error; a service enabled
# through the client library calls it makes shows up in firewall-cmd --list-services.
# Slow: runs only with CI=true or ZW_TEST_GUI=1. ZW_TEST_REGENERATE=1 refreshes
# docs/firewall-config.png.
set -u
. "$(dirname "$0")/lib.sh"

if [ "${CI:-}" != true ] && [ "${ZW_TEST_GUI:-}" != 1 ]; then
        echo "SKIP: GUI test (set ZW_TEST_GUI=1)" >&2
        exit 77
fi
zw_require_root
ZONEWALLD=${ZONEWALLD:-$ZW_TOP_BUILDDIR/zonewalld}
[ -x "$ZONEWALLD" ] || { echo "SKIP: $ZONEWALLD not built" >&2; exit 77; }
for tool in firewall-config Xvfb firewall-cmd import; do
        command -v "$tool" >/dev/null || { echo "SKIP: $tool missing" >&2; exit 77; }
done
BUILTIN=${ZW_BUILTIN_DIR:-/usr/lib/firewalld}
[ -d "$BUILTIN/zones" ] || { echo "SKIP: no builtin tree in $BUILTIN" >&2; exit 77; }

zw_tmpdir T
ETC="$T/etc/firewalld"
DEF="$T/lib/firewalld"
mkdir -p "$ETC" "$T/bus" "$T/home" "$DEF"
# the builtin tree as the package installs it: firewalld's plus our definitions
cp -r "$BUILTIN"/. "$DEF"/
for kind in services zones policies helpers icmptypes ipsets; do
        [ -d "$ZW_TOP_SRCDIR/$kind" ] || continue
        mkdir -p "$DEF/$kind"
        cp "$ZW_TOP_SRCDIR/$kind"/*.xml "$DEF/$kind"/ 2>/dev/null
done
zw_netns "${ZW_TAG}g" || exit 1
NS="${ZW_TAG}g"
zw_bus_start "$T/bus" "$ZW_TOP_SRCDIR/data/dbus/org.fedoraproject.FirewallD1.conf" || exit 1
STOCK="$ZW_TOP_SRCDIR/stock"
[ -d "$STOCK" ] || STOCK="$T/nostock"
ip netns exec "$NS" "$ZONEWALLD" --nofork --nopid --debug --log-target console \
        --system-config "$ETC" --default-config "$DEF" --stock-config "$STOCK" \
        >"$T/daemon.log" 2>&1 &
zw_track_pid $!
zw_wait_name org.fedoraproject.FirewallD1 30 || { cat "$T/daemon.log"; exit 1; }

# a display of our own: the first free number from 90
for n in $(seq 90 120); do
        [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { DISP=":$n"; break; }
done
Xvfb "$DISP" -screen 0 1280x860x24 -nolisten tcp >"$T/xvfb.log" 2>&1 &
zw_track_pid $!
export DISPLAY="$DISP" HOME="$T/home" GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1
# firewall-config's last start-up call (dbus-api.md §9.1) marks the window as filled
wait_log() {
        local i
        for i in $(seq 1 "$2"); do
                grep -q "$1" "$T/daemon.log" && return 0
                sleep 0.2
        done
        return 1
}
wait_log 'DEBUG1: org.fedoraproject.FirewallD1' 25 || true
firewall-config >"$T/gui.log" 2>&1 &
zw_track_pid $!
GUI_PID=$!
if wait_log 'zone.getActiveZones()' 300; then
        zw_ok "firewall-config starts and makes its start-up calls"
else
        zw_not_ok "firewall-config starts and makes its start-up calls"
        tail -20 "$T/gui.log"
fi
zw_check "firewall-config still running" kill -0 "$GUI_PID"
# (helpers and direct are fetched only when their tabs are switched on in the View menu)
for call in 'zone.getZones()' 'listServices()' 'listIcmpTypes()' 'getZoneSettings2(' \
        'zone.getActiveZones()'; do
        if grep -qF "$call" "$T/daemon.log"; then zw_ok "firewall-config called $call"
        else zw_not_ok "firewall-config called $call"; fi
done
if grep -q -- '-> [A-Z_]*:' "$T/daemon.log"; then
        zw_not_ok "no start-up call failed"
        grep -- '-> [A-Z_]*:' "$T/daemon.log" | head -5 | sed 's/^/  /'
else
        zw_ok "no start-up call failed"
fi
services=$(gdbus call --system -d org.fedoraproject.FirewallD1 -o /org/fedoraproject/FirewallD1 \
        -m org.fedoraproject.FirewallD1.listServices)
case $services in *"'leofs-"*) zw_ok "listServices has leofs-*" ;; *) zw_not_ok "listServices has leofs-*" ;; esac
case $services in *"'vz-"*) zw_ok "listServices has vz-*" ;; *) zw_not_ok "listServices has vz-*" ;; esac
svc=$(printf '%s\n' "$services" | grep -o "'vz-[a-z0-9-]*'" | head -1 | tr -d "'")

# enabling a service as firewall-config's runtime view does (client addService, timeout 0)
out=$(/usr/bin/python3 -c 'import sys
from firewall.client import FirewallClient
fw = FirewallClient()
print(fw.addService("public", sys.argv[1], 0))' "$svc" 2>&1)
zw_check_eq "firewall.client addService($svc)" "public" "$out"
case " $(firewall-cmd --zone=public --list-services) " in *" $svc "*)
        zw_ok "firewall-cmd --list-services shows $svc" ;;
        *) zw_not_ok "firewall-cmd --list-services shows $svc" ;; esac
# the permanent view's read-modify-write of a zone (getSettings2 + update2)
out=$(/usr/bin/python3 -c 'import sys
from firewall.client import FirewallClient
fw = FirewallClient()
z = fw.config().getZoneByName("public")
s = z.getSettings()
s.addService(sys.argv[1])
z.update(s)
print("ok")' "$svc" 2>&1)
zw_check_eq "permanent addService through config.zone objects" "ok" "$out"
case " $(firewall-cmd --permanent --zone=public --list-services) " in *" $svc "*)
        zw_ok "firewall-cmd --permanent --list-services shows $svc" ;;
        *) zw_not_ok "firewall-cmd --permanent --list-services shows $svc" ;; esac

import -window root "$T/firewall-config.png" 2>/dev/null
zw_check "screenshot taken" test -s "$T/firewall-config.png"
if [ "${ZW_TEST_REGENERATE:-}" = 1 ]; then
        mkdir -p "$ZW_TOP_SRCDIR/docs"
        cp "$T/firewall-config.png" "$ZW_TOP_SRCDIR/docs/firewall-config.png"
fi

if [ "$ZW_FAIL" -ne 0 ]; then
        echo "--- daemon log (tail)"
        tail -30 "$T/daemon.log"
fi
zw_summary
