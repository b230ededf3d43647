#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-ansible.sh: Debian's Ansible (ansible.posix.firewalld) against zonewalld
# on a private bus: services enabled permanent+immediate, a new zone with a source and an
# interface, and a second run that changes nothing. The module falls back to editing
# /etc/firewalld directly when the daemon does not answer, so the host's /etc/firewalld is
# checksummed before and after, and the playbook only runs once firewall.client is connected.
set -u
. "$(dirname "$0")/lib.sh"
zw_require_root

ZONEWALLD=${ZONEWALLD:-$ZW_TOP_BUILDDIR/zonewalld}
[ -x "$ZONEWALLD" ] || { echo "SKIP: $ZONEWALLD not built" >&2; exit 77; }
if ! command -v ansible-playbook >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ansible \
                >/dev/null 2>&1 || true
fi
command -v ansible-playbook >/dev/null || { echo "SKIP: ansible not installable" >&2; exit 77; }
command -v firewall-cmd >/dev/null || { echo "SKIP: firewall-cmd missing" >&2; exit 77; }
BUILTIN=${ZW_BUILTIN_DIR:-/usr/lib/firewalld}
[ -d "$BUILTIN/zones" ] || { echo "SKIP: no builtin tree in $BUILTIN" >&2; exit 77; }

# the host's /etc/firewalld: contents, names and modes
host_etc_sum() {
        if [ -d /etc/firewalld ]; then
                (cd /etc/firewalld && find . -printf '%p %m %s\n' | sort &&
                        find . -type f -exec sha256sum {} + | sort) | sha256sum | cut -d' ' -f1
        else
                echo absent
        fi
}
HOST_ETC_BEFORE=$(host_etc_sum)

zw_tmpdir T
ETC="$T/etc/firewalld"
mkdir -p "$ETC" "$T/bus" "$T/home"
zw_netns "${ZW_TAG}a" || exit 1
NS="${ZW_TAG}a"
zw_bus_start "$T/bus" "$ZW_TOP_SRCDIR/data/dbus/org.fedoraproject.FirewallD1.conf" || exit 1
STOCK="$ZW_TOP_SRCDIR/stock"
[ -d "$STOCK" ] || STOCK="$T/nostock"
ip netns exec "$NS" "$ZONEWALLD" --nofork --nopid --debug --log-target console \
        --system-config "$ETC" --default-config "$BUILTIN" --stock-config "$STOCK" \
        >"$T/daemon.log" 2>&1 &
zw_track_pid $!
zw_wait_name org.fedoraproject.FirewallD1 30 || { cat "$T/daemon.log"; exit 1; }

# never let the module reach its offline mode: the client must see the daemon first
if ! /usr/bin/python3 -c 'import sys, time
from firewall.client import FirewallClient
fw = FirewallClient()
for _ in range(50):
    if fw.connected:
        break
    time.sleep(0.1)
print("connected" if fw.connected else "not connected", fw.getDefaultZone())' >"$T/client.err" 2>&1 \
        || ! grep -q '^connected' "$T/client.err"; then
        cat "$T/client.err"
        zw_not_ok "firewall.client connects to zonewalld on the private bus"
        zw_summary
        exit 1
fi
zw_ok "firewall.client connects to zonewalld on the private bus"

cat >"$T/play.yml" <<'YAML'
- hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: /usr/bin/python3
  environment:
    DBUS_SYSTEM_BUS_ADDRESS: "{{ lookup('env', 'DBUS_SYSTEM_BUS_ADDRESS') }}"
  tasks:
    - name: http in the default zone
      ansible.posix.firewalld:
        service: http
        permanent: true
        immediate: true
        state: enabled
    - name: https in public
      ansible.posix.firewalld:
        zone: public
        service: https
        permanent: true
        immediate: true
        state: enabled
    - name: a port in public
      ansible.posix.firewalld:
        zone: public
        port: 8443/tcp
        permanent: true
        immediate: true
        state: enabled
    - name: new zone
      ansible.posix.firewalld:
        zone: zwtans
        permanent: true
        state: present
    - name: runtime knows the new zone
      ansible.builtin.command: firewall-cmd --reload
      changed_when: false
    - name: source in the new zone
      ansible.posix.firewalld:
        zone: zwtans
        source: 10.99.5.0/24
        permanent: true
        immediate: true
        state: enabled
    - name: interface in the new zone
      ansible.posix.firewalld:
        zone: zwtans
        interface: zwtans0
        permanent: true
        immediate: true
        state: enabled
    - name: service in the new zone
      ansible.posix.firewalld:
        zone: zwtans
        service: ssh
        permanent: true
        immediate: true
        state: enabled
YAML

play() {
        HOME="$T/home" ANSIBLE_LOCAL_TEMP="$T/home/tmp" ANSIBLE_REMOTE_TEMP="$T/home/rtmp" \
                ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 \
                ansible-playbook -i localhost, "$T/play.yml" >"$T/play$1.log" 2>&1
}
recap() { sed -n 's/.*localhost *: *\(ok=[0-9]* *changed=[0-9]*\).*failed=\([0-9]*\).*/\1 failed=\2/p' "$1"; }

if play 1; then zw_ok "first run succeeds"; else zw_not_ok "first run succeeds"; cat "$T/play1.log"; fi
case $(recap "$T/play1.log") in *"changed=0"*) zw_not_ok "first run changes: $(recap "$T/play1.log")" ;;
        *"failed=0") zw_ok "first run changes: $(recap "$T/play1.log")" ;;
        *) zw_not_ok "first run recap: $(recap "$T/play1.log")" ;; esac
if play 2; then zw_ok "second run succeeds"; else zw_not_ok "second run succeeds"; cat "$T/play2.log"; fi
case $(recap "$T/play2.log") in *"changed=0 failed=0") zw_ok "second run changes nothing" ;;
        *) zw_not_ok "second run changes nothing: $(recap "$T/play2.log")"
           grep -B2 "changed:" "$T/play2.log" | sed 's/^/  /' ;; esac

fw() { firewall-cmd "$@" 2>&1; }
zw_check_eq "runtime public services" "dhcpv6-client http https ssh" "$(fw --zone=public --list-services)"
zw_check_eq "permanent public services" "dhcpv6-client http https ssh" \
        "$(fw --permanent --zone=public --list-services)"
zw_check_eq "runtime public ports" "8443/tcp" "$(fw --zone=public --list-ports)"
zw_check_eq "permanent zwtans sources" "10.99.5.0/24" "$(fw --permanent --zone=zwtans --list-sources)"
zw_check_eq "permanent zwtans interfaces" "zwtans0" \
        "$(fw --permanent --zone=zwtans --list-interfaces)"
zw_check_eq "runtime zwtans services" "ssh" "$(fw --zone=zwtans --list-services)"
zw_check "zones/zwtans.xml in the private admin tree" test -f "$ETC/zones/zwtans.xml"
zw_check_eq "host /etc/firewalld unchanged" "$HOST_ETC_BEFORE" "$(host_etc_sum)"

if [ "$ZW_FAIL" -ne 0 ]; then
        echo "--- daemon log (tail)"
        tail -30 "$T/daemon.log"
fi
zw_summary
