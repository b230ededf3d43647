#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-conf-logging.sh: zonewall's own firewalld.conf keys in a real daemon
#  - LogDeniedLimit: the LogDenied log rules carry the limit (default 5/second burst 10),
#    follow the key across a reload, and lose it with LogDeniedLimit=off (firewalld#439);
#  - ConntrackLogInvalid: net.netfilter.nf_conntrack_log_invalid of the daemon's netns is 255
#    while yes, back to its old value after a reload with no;
#  - neither is a D-Bus property of the config object, and both survive the daemon rewriting
#    firewalld.conf (setLogDenied).
set -u
. "$(dirname "$0")/lib.sh"
zw_require_root

ZONEWALLD=${ZONEWALLD:-$ZW_TOP_BUILDDIR/zonewalld}
STOCK="$ZW_TOP_SRCDIR/stock"
BUILTIN=${ZW_BUILTIN_DIR:-/usr/lib/firewalld}
[ -x "$ZONEWALLD" ] || { echo "SKIP: zonewalld not built" >&2; exit 77; }
command -v nft >/dev/null || { echo "SKIP: nft missing" >&2; exit 77; }
[ -d "$BUILTIN/zones" ] || BUILTIN=
host_before=$(zw_host_ruleset)
zw_tmpdir T

ETC="$T/etc"
mkdir -p "$ETC/zones"
cat >"$ETC/firewalld.conf" <<'EOF2'
# zonewall test
DefaultZone=public
LogDenied=all
ConntrackLogInvalid=yes
EOF2

zw_topology || exit 1
SYSCTL=/proc/sys/net/netfilter/nf_conntrack_log_invalid
sysctl_value() { ip netns exec "$ZW_NS" cat "$SYSCTL" 2>/dev/null; }
# a value of our own before the daemon starts, to see it come back
modprobe nf_conntrack 2>/dev/null
ip netns exec "$ZW_NS" sh -c "echo 6 > $SYSCTL" || { echo "SKIP: no $SYSCTL in a netns" >&2; exit 77; }
zw_start_zonewalld "$T/bus" "$ETC" "$STOCK" "$BUILTIN" "$T/daemon.log" ||
        { zw_not_ok "daemon starts"; exit 1; }

fw() {
        gdbus call --system --dest org.fedoraproject.FirewallD1 \
                --object-path /org/fedoraproject/FirewallD1 --method "org.fedoraproject.FirewallD1.$1" "${@:2}"
}
input_chain() { ip netns exec "$ZW_NS" nft list chain inet zonewall filter_INPUT; }

zw_check_eq "ConntrackLogInvalid=yes at start: sysctl 255" 255 "$(sysctl_value)"
case $(input_chain) in
*'limit rate 5/second burst 10 packets log prefix "FINAL_REJECT: "'*) zw_ok "default LogDeniedLimit on the final reject's log" ;;
*) zw_not_ok "default LogDeniedLimit on the final reject's log"; input_chain ;;
esac
case $(input_chain) in
*'ct state invalid limit rate 5/second burst 10 packets log prefix "STATE_INVALID_DROP: "'*) zw_ok "invalid drops logged, limited" ;;
*) zw_not_ok "invalid drops logged, limited" ;;
esac

# D-Bus: firewalld's properties only
all=$(gdbus call --system --dest org.fedoraproject.FirewallD1 --object-path /org/fedoraproject/FirewallD1/config \
        --method org.freedesktop.DBus.Properties.GetAll org.fedoraproject.FirewallD1.config)
case $all in *LogDenied\'*) zw_ok "config GetAll has LogDenied" ;; *) zw_not_ok "config GetAll has LogDenied: $all" ;; esac
case $all in *LogDeniedLimit*|*ConntrackLogInvalid*) zw_not_ok "config GetAll hides our keys: $all" ;;
*) zw_ok "config GetAll hides our keys" ;; esac
zw_check_not "no property LogDeniedLimit" gdbus call --system --dest org.fedoraproject.FirewallD1 \
        --object-path /org/fedoraproject/FirewallD1/config --method org.freedesktop.DBus.Properties.Get \
        org.fedoraproject.FirewallD1.config LogDeniedLimit 2>/dev/null

# the daemon rewrites firewalld.conf (setLogDenied): our keys stay, as written
zw_check "setLogDenied unicast" fw setLogDenied unicast >/dev/null
zw_check "firewalld.conf: LogDenied rewritten" grep -qx 'LogDenied=unicast' "$ETC/firewalld.conf"
zw_check "firewalld.conf: ConntrackLogInvalid kept" grep -qx 'ConntrackLogInvalid=yes' "$ETC/firewalld.conf"
zw_check "firewalld.conf: comment kept" grep -qx '# zonewall test' "$ETC/firewalld.conf"
zw_check_not "firewalld.conf: no default LogDeniedLimit appended" grep -q LogDeniedLimit "$ETC/firewalld.conf"

# reload with other values: the kernel follows
sed -i 's/^ConntrackLogInvalid=yes$/ConntrackLogInvalid=no/' "$ETC/firewalld.conf"
echo 'LogDeniedLimit=2/minute' >>"$ETC/firewalld.conf"
zw_check "reload" fw reload >/dev/null
zw_check_eq "ConntrackLogInvalid=no after reload: the old value back" 6 "$(sysctl_value)"
case $(input_chain) in
*'meta pkttype host limit rate 2/minute log prefix "FINAL_REJECT: "'*) zw_ok "LogDeniedLimit=2/minute after reload" ;;
*) zw_not_ok "LogDeniedLimit=2/minute after reload"; input_chain ;;
esac
sed -i 's/^ConntrackLogInvalid=no$/ConntrackLogInvalid=yes/; s/^LogDeniedLimit=.*/LogDeniedLimit=off/' "$ETC/firewalld.conf"
zw_check "reload again" fw reload >/dev/null
zw_check_eq "ConntrackLogInvalid=yes again: 255" 255 "$(sysctl_value)"
case $(input_chain) in
*'meta pkttype host log prefix "FINAL_REJECT: "'*) zw_ok "LogDeniedLimit=off: unlimited" ;;
*) zw_not_ok "LogDeniedLimit=off: unlimited"; input_chain ;;
esac
zw_check_not "LogDeniedLimit=off: no limit anywhere" sh -c "ip netns exec $ZW_NS nft list table inet zonewall | grep -q 'limit rate'"

zw_check_eq "host ruleset untouched" "$host_before" "$(zw_host_ruleset)"
if [ "$ZW_FAIL" -ne 0 ]; then
        echo "--- daemon log (tail)"
        tail -40 "$T/daemon.log"
fi
zw_summary
