#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-packaging.sh: build the .deb pair, lint, install, run, purge.
#
# Builds zonewall-definitions and zonewalld with dpkg-buildpackage in a copy of the tree, runs
# lintian (errors fail), installs both with apt-get next to Debian's firewalld package (no file
# may clash), runs the installed /usr/sbin/zonewalld in a private netns and private bus, checks
# the man page and a German message, and purges every package it installed at exit, also on
# failure. A policy-rc.d guard keeps maintainer scripts from starting any service on the host.
# Slow (a full package build): runs only with ZW_TEST_PACKAGING=1 or CI=true.
. "$(dirname "$0")/lib.sh"

if [ "${ZW_TEST_PACKAGING:-0}" != 1 ] && [ "${CI:-}" != true ]; then
        echo "SKIP: set ZW_TEST_PACKAGING=1 (or CI=true) to build and install the packages" >&2
        exit 77
fi
zw_require_root
for tool in dpkg-buildpackage dh lintian fakeroot firewall-cmd dbus-daemon gdbus man; do
        command -v "$tool" >/dev/null || { echo "SKIP: $tool missing (tools/install-deps)" >&2; exit 77; }
done
dpkg -s firewalld >/dev/null 2>&1 || { echo "SKIP: Debian's firewalld package missing" >&2; exit 77; }
for p in zonewalld zonewall-definitions; do
        if dpkg -s "$p" >/dev/null 2>&1; then
                echo "SKIP: $p is already installed; this test would remove it" >&2
                exit 77
        fi
done

zw_tmpdir T

# ---------------------------------------------------------------- build
# the committed tree (HEAD): no build dirs, and no half-done work of others in a shared tree
mkdir -p "$T/src"
if git -C "$ZW_TOP_SRCDIR" rev-parse --git-dir >/dev/null 2>&1; then
        git -C "$ZW_TOP_SRCDIR" archive HEAD | tar -xf - -C "$T/src"
else
        (cd "$ZW_TOP_SRCDIR" && tar -cf - --exclude='./_build*' --exclude=./.git .) |
                tar -xf - -C "$T/src"
fi
(cd "$T/src" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" \
        dpkg-buildpackage -us -uc -b >"$T/build.log" 2>&1)
rc=$?
zw_check_eq "dpkg-buildpackage -us -uc -b" 0 "$rc"
if [ "$rc" != 0 ]; then
        tail -40 "$T/build.log"
        zw_summary
        exit 1
fi
defs=$(echo "$T"/zonewall-definitions_*_all.deb)
daemon=$(echo "$T"/zonewalld_*_"$(dpkg --print-architecture)".deb)

lintian --fail-on error "$defs" "$daemon" >"$T/lintian.log" 2>&1
rc=$?
zw_check_eq "lintian: no errors" 0 "$rc"
grep -E '^[EW]:' "$T/lintian.log" | sed 's/^/  lintian: /'

# ---------------------------------------------------------------- contents
zw_check_eq "zonewall-definitions shares no file with firewalld" "" \
        "$(comm -12 <(dpkg -c "$defs" | awk '{print substr($6, 2)}' | grep -v '/$' | sort) \
                <(dpkg -L firewalld | sort))"
zw_check_eq "zonewalld shares no file with firewalld" "" \
        "$(comm -12 <(dpkg -c "$daemon" | awk '{print substr($6, 2)}' | grep -v '/$' | sort) \
                <(dpkg -L firewalld | sort))"
zw_check_eq "zonewalld ships the German catalog" 1 \
        "$(dpkg -c "$daemon" | grep -c 'usr/share/locale/de/LC_MESSAGES/zonewall.mo')"

# ---------------------------------------------------------------- host without firewalld
# zonewalld's maintainer scripts on a host without firewalld's unit, in a private mount
# namespace whose tmpfs mounts hide the host's units, enablement links and alternatives
dpkg-deb -e "$daemon" "$T/ctrl" && dpkg-deb -x "$daemon" "$T/root"
unshare -m sh -c '
        set -e
        ctrl=$1 root=$2
        mount --make-rprivate /
        for d in /etc/systemd/system /etc/alternatives /var/lib/dpkg/alternatives \
                /var/lib/systemd /usr/share/polkit-1/actions /lib/systemd/system; do
                mount -t tmpfs tmpfs "$d"
        done
        cp "$root/lib/systemd/system/zonewalld.service" /lib/systemd/system/
        cp "$root"/usr/share/polkit-1/actions/* /usr/share/polkit-1/actions/
        export DPKG_MAINTSCRIPT_PACKAGE=zonewalld
        DPKG_MAINTSCRIPT_NAME=postinst "$ctrl/postinst" configure "" >/dev/null 2>&1
        readlink /etc/systemd/system/firewalld.service
        test -L /etc/systemd/system/multi-user.target.wants/zonewalld.service && echo enabled
        update-alternatives --query org.fedoraproject.FirewallD1.policy | sed -n "s/^Value: //p"
        DPKG_MAINTSCRIPT_NAME=prerm "$ctrl/prerm" remove >/dev/null 2>&1
        DPKG_MAINTSCRIPT_NAME=postrm "$ctrl/postrm" remove >/dev/null 2>&1
        DPKG_MAINTSCRIPT_NAME=postrm "$ctrl/postrm" purge >/dev/null 2>&1
        find /etc/systemd/system -mindepth 1 -name "*.service" | sed "s/^/left: /"
' sh "$T/ctrl" "$T/root" >"$T/nofw.out" 2>&1
zw_check_eq "no firewalld: alias, enabled, polkit file selected; purge removes all" \
        "/lib/systemd/system/zonewalld.service
enabled
/usr/share/polkit-1/actions/org.fedoraproject.FirewallD1.zonewall.policy.choice" \
        "$(cat "$T/nofw.out")"

# ---------------------------------------------------------------- install
guard=/usr/sbin/policy-rc.d
if [ ! -e "$guard" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$guard"
        chmod 0755 "$guard"
        zw_on_exit "rm -f '$guard'"
fi
dpkg-query -W -f '${Package}\n' | sort >"$T/before"
# every package this test added (ours and their dependencies) is purged at exit
zw_on_exit "dpkg-query -W -f '\${Package}\n' | sort | comm -13 '$T/before' - |
        xargs -r env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq >/dev/null 2>&1"
alias_before=$(readlink /etc/systemd/system/firewalld.service 2>/dev/null || echo none)
(cd "$T" && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "./$(basename "$daemon")" "./$(basename "$defs")" >"$T/install.log" 2>&1)
rc=$?
zw_check_eq "apt-get install both packages next to firewalld" 0 "$rc"
[ "$rc" = 0 ] || { tail -30 "$T/install.log"; zw_summary; exit 1; }

zw_check "leofs-storage in the builtin tree" test -f /usr/lib/firewalld/services/leofs-storage.xml
zw_check "ufw profile installed" test -f /etc/ufw/applications.d/zonewall-leofs-storage
zw_check "stock tree installed" test -f /usr/share/zonewall/stock/zones/public.xml
zw_check_eq "firewalld present: no firewalld.service alias made" "$alias_before" \
        "$(readlink /etc/systemd/system/firewalld.service 2>/dev/null || echo none)"
zw_check "polkit: zonewalld joined firewalld's alternative group" sh -c \
        "update-alternatives --query org.fedoraproject.FirewallD1.policy | grep -q zonewall.policy.choice"
zw_check_not "polkit: firewalld's choice stays selected" sh -c \
        "update-alternatives --query org.fedoraproject.FirewallD1.policy |
                grep '^Value:' | grep -q zonewall"
zw_check_not "polkit: no second *.policy file with the same ids" \
        test -e /usr/share/polkit-1/actions/zonewall-org.fedoraproject.FirewallD1.policy

# ---------------------------------------------------------------- man page, translation
out=$(MANWIDTH=80 man --warnings zonewalld 2>&1 >/dev/null)
zw_check_eq "man zonewalld renders without warnings" "" "$out"
zw_check "man zonewalld has its NAME line" sh -c \
        "MANWIDTH=80 man zonewalld 2>/dev/null | grep -c 'zonewalld.*firewalld.compatible' >/dev/null"
out=$(LANG=C.UTF-8 LC_ALL='' LANGUAGE=de /usr/sbin/zonewalld --help 2>&1)
case $out in
*"Nicht in den Hintergrund wechseln"*) zw_ok "LANGUAGE=de zonewalld --help is German" ;;
*) zw_not_ok "LANGUAGE=de zonewalld --help is German"; printf '%s\n' "$out" | head -5 ;;
esac

# ---------------------------------------------------------------- the installed daemon
zw_topology || exit 1
mkdir -p "$T/bus" "$T/etc" "$T/etc2" "$T/empty"
zw_bus_start "$T/bus" || exit 1
ruleset_before=$(zw_host_ruleset)

# run ADMIN BUILTIN: the installed daemon in the test namespace, on the private bus
run() {
        ip netns exec "$ZW_NS" /usr/sbin/zonewalld --nofork --nopid --log-target console \
                --system-config "$1" --default-config "$2" >>"$T/daemon.log" 2>&1 &
        DAEMON_PID=$!
        zw_track_pid "$DAEMON_PID"
        zw_wait_name org.fedoraproject.FirewallD1 30
}
stop() {
        kill -TERM "$DAEMON_PID" 2>/dev/null
        wait "$DAEMON_PID" 2>/dev/null
}

zw_check "installed zonewalld takes the name" run "$T/etc" /usr/lib/firewalld
zw_check_eq "firewall-cmd --state" running "$(firewall-cmd --state 2>&1)"
out=$(firewall-cmd --info-service=leofs-storage 2>&1)
case $out in
leofs-storage*ports:*4369/tcp*) zw_ok "firewall-cmd --info-service=leofs-storage" ;;
*) zw_not_ok "firewall-cmd --info-service=leofs-storage"; printf '%s\n' "$out" | head -5 ;;
esac
zw_check "the table is in the test namespace" \
        sh -c "ip netns exec '$ZW_NS' nft list table inet zonewall >/dev/null"
stop

# without firewalld's tree (as on a host without its package): the stock tree carries it
zw_check "runs on the stock tree alone" run "$T/etc2" "$T/empty"
zw_check_eq "stock only: state" running "$(firewall-cmd --state 2>&1)"
zw_check_eq "stock only: default zone" public "$(firewall-cmd --get-default-zone 2>&1)"
zw_check "stock only: ssh service known" sh -c "firewall-cmd --info-service=ssh >/dev/null"
stop

zw_check_eq "host ruleset untouched" "$ruleset_before" "$(zw_host_ruleset)"
[ "$ZW_FAIL" -eq 0 ] || tail -20 "$T/daemon.log"

# ---------------------------------------------------------------- removal
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq zonewalld zonewall-definitions \
        >"$T/purge.log" 2>&1
zw_check_eq "apt-get purge both packages" 0 "$?"
zw_check_not "leofs-storage gone after purge" \
        test -e /usr/lib/firewalld/services/leofs-storage.xml
zw_check_not "zonewalld left the alternative group" sh -c \
        "update-alternatives --query org.fedoraproject.FirewallD1.policy 2>/dev/null |
                grep -q zonewall"
zw_summary
