#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-ufw.sh: the UFW profiles generated from services/*.xml in Debian's real
# ufw, run on a scratch copy of its config (--rootdir/--datadir) inside a private network
# namespace: ufw lists every profile, shows the ports the XML names, and once allowed and
# enabled lets a peer namespace reach exactly those ports.
# ZW_UFW_SERVICES / ZW_UFW_HELPERS point it at other definitions (default: the source tree's).
. "$(dirname "$0")/lib.sh"
zw_require_root

services=${ZW_UFW_SERVICES:-$ZW_TOP_SRCDIR/services}
helpers=${ZW_UFW_HELPERS:-$ZW_TOP_SRCDIR/helpers}
gen="$ZW_TOP_BUILDDIR/zonewall-ufw-gen"

if ! command -v ufw >/dev/null 2>&1; then
        zw_log "installing Debian's ufw package"
        DEBIAN_FRONTEND=noninteractive apt-get install -y ufw >/dev/null 2>&1 || {
                echo "SKIP: ufw is not installed and apt-get could not install it" >&2
                exit 77
        }
fi
[ -x "$gen" ] || { echo "SKIP: $gen not built" >&2; exit 77; }
ls "$services"/*.xml >/dev/null 2>&1 || { zw_log "no services in $services"; exit 1; }

host_rules=$(zw_host_ruleset)
host_etc=$(cat /etc/ufw/* /etc/default/ufw 2>/dev/null | sha256sum)

# A private ufw tree: rootdir (ufw-init, ufw.conf) and datadir (everything else) in one place;
# ufw-init gets both, so it never reads the host's /etc/ufw. No sysctl file, no modules.
zw_tmpdir root
mkdir -p "$root/etc/ufw/applications.d" "$root/etc/default" "$root/lib/ufw"
cp /usr/share/ufw/iptables/*.rules "$root/etc/ufw/"
cp /lib/ufw/ufw-init /lib/ufw/ufw-init-functions "$root/lib/ufw/"
: >"$root/etc/ufw/sysctl.conf"
printf 'ENABLED=no\nLOGLEVEL=off\n' >"$root/etc/ufw/ufw.conf"
cat >"$root/etc/default/ufw" <<EOF
IPV6=yes
DEFAULT_INPUT_POLICY="DROP"
DEFAULT_OUTPUT_POLICY="ACCEPT"
DEFAULT_FORWARD_POLICY="DROP"
DEFAULT_APPLICATION_POLICY="SKIP"
MANAGE_BUILTINS=no
IPT_SYSCTL=$root/etc/ufw/sysctl.conf
IPT_MODULES=""
EOF
apps="$root/etc/ufw/applications.d"

zw_topology || exit 1
# ufw warns that /tmp above the scratch tree is world writable: drop that line only
U() {
        ip netns exec "$ZW_NS" ufw --rootdir="$root" --datadir="$root" "$@" \
                2> >(sed 's/WARN: [^ ]* is world writable!//' | grep -v '^$' >&2)
}

# --- generate -----------------------------------------------------------------------------
"$gen" -H "$helpers" -o "$apps" "$services" 2>"$root/reports"
zw_check_eq "generator exits 0" 0 $?
sed 's/^/  report: /' "$root/reports"
if [ -z "${ZW_UFW_SERVICES:-}" ]; then
        zw_check "checked-in ufw/ equals freshly generated profiles" \
                "$gen" -q -H "$helpers" --check="$ZW_TOP_SRCDIR/ufw" "$services"
fi

# every service has a profile, or the generator said why not
for f in "$services"/*.xml; do
        name=$(basename "$f" .xml)
        if [ -f "$apps/zonewall-$name" ]; then
                zw_ok "profile file for $name"
        else
                zw_check "no profile for $name, reported as NO_PORTS" \
                        grep -q "^zonewall-ufw-gen: $name: NO_PORTS: " "$root/reports"
        fi
done

# every RPC side file is reported: ufw cannot follow rpcbind
for f in "$services"/*.rpc; do
        [ -e "$f" ] || continue
        name=$(basename "$f" .rpc)
        zw_check "RPC programs of $name reported" \
                grep -q "^zonewall-ufw-gen: $name: RPC: " "$root/reports"
        [ -f "$apps/zonewall-$name" ] &&
                zw_check "profile description of $name names its RPC programs" \
                        grep -q "^description=.*Not in UFW: .*RPC programs" "$apps/zonewall-$name"
done

# --- what the XML says, independently of the generator (python's XML reader) ---------------
cat >"$root/expect.py" <<'EOF'
# usage: expect.py SERVICES-DIR NAME [UFW-APP-INFO-FILE]
# Without an app-info file: the sample probes for NAME, "open|closed PROTO PORT" lines.
# With one: exit 0 if the ports ufw shows are exactly the tcp/udp ports of NAME.xml and the
# services it includes.
import os
import sys
import xml.etree.ElementTree as ET


def ports_of(sdir, name, seen):
    seen.add(name)
    path = os.path.join(sdir, name + ".xml")
    if not os.path.exists(path):
        return set()
    out = set()
    root = ET.parse(path).getroot()
    for p in root.findall("port"):
        proto, port = p.get("protocol"), p.get("port", "")
        if proto not in ("tcp", "udp") or not port:
            continue
        lo, _, hi = port.partition("-")
        lo, hi = int(lo), int(hi or lo)
        lo, hi = min(lo, hi), max(lo, hi)
        out |= {(proto, n) for n in range(lo, hi + 1) if n > 0}
    for inc in root.findall("include"):
        if inc.get("service") not in seen:
            out |= ports_of(sdir, inc.get("service"), seen)
    return out


def ufw_ports(text):
    out = set()
    lines = text.splitlines()
    start = [i for i, l in enumerate(lines) if l in ("Ports:", "Port:")]
    for l in lines[start[0] + 1:] if start else []:
        l = l.strip()
        if not l:
            continue
        spec, _, proto = l.partition("/")
        protos = [proto] if proto else ["tcp", "udp"]
        for item in spec.split(","):
            lo, _, hi = item.partition(":")
            for n in range(int(lo), int(hi or lo) + 1):
                out |= {(p, n) for p in protos}
    return out


sdir, name = sys.argv[1], sys.argv[2]
want = ports_of(sdir, name, set())
if len(sys.argv) > 3:
    got = ufw_ports(open(sys.argv[3]).read())
    if got != want:
        print("  missing in ufw:", sorted(want - got)[:20], file=sys.stderr)
        print("  extra in ufw:  ", sorted(got - want)[:20], file=sys.stderr)
    sys.exit(0 if got == want else 1)

# samples: both ends and the middle of each run of consecutive ports; controls next to them
# and on the other protocol, never inside the set
for proto in ("tcp", "udp"):
    nums = sorted(n for p, n in want if p == proto)
    runs, start = [], None
    for i, n in enumerate(nums):
        if start is None:
            start = n
        if i + 1 == len(nums) or nums[i + 1] != n + 1:
            runs.append((start, n))
            start = None
    for lo, hi in runs:
        for n in sorted({lo, (lo + hi) // 2, hi}):
            print("open", proto, n)
        other = "udp" if proto == "tcp" else "tcp"
        for p, n in ((proto, lo - 1), (proto, hi + 1), (other, lo)):
            if 0 < n < 65536 and (p, n) not in want:
                print("closed", p, n)
EOF

# --- ufw app list / app info --------------------------------------------------------------
U app list >"$root/list"
zw_check "ufw app list runs" test -s "$root/list"
declare -A profile
for f in "$apps"/zonewall-*; do
        [ -e "$f" ] || continue
        svc=${f##*/zonewall-}
        pname=$(sed -n 's/^\[\(.*\)\]$/\1/p' "$f")
        profile[$svc]=$pname
        zw_check "ufw app list shows $pname" grep -qxF "  $pname" "$root/list"
        U app info "$pname" >"$root/info-$svc"
        zw_check "ufw app info $pname shows the ports of $svc.xml" \
                python3 "$root/expect.py" "$services" "$svc" "$root/info-$svc"
done
# ufw skips bad profiles with a warning only: none may be skipped
zw_check_not "ufw reads every profile without complaint" \
        grep -q "Skipping\|Invalid\|Duplicate" <(U app list 2>&1 >/dev/null)

# --- packets: ufw allow NAME, ufw enable, probe from the peer -------------------------------
listen=()
for svc in "${!profile[@]}"; do
        python3 "$root/expect.py" "$services" "$svc" >"$root/probe-$svc"
        while read -r _ proto port; do
                listen+=("$proto:$port")
        done <"$root/probe-$svc"
done
mapfile -t listen < <(printf '%s\n' "${listen[@]}" | sort -u)
zw_listen "$ZW_NS" "${listen[@]}" || exit 1

U default reject incoming >/dev/null # closed ports answer at once instead of timing out
U --force enable >/dev/null
zw_check "ufw is active in the namespace" grep -q "^Status: active" <(U status)
first=$(awk '$1 == "open" { print $2, $3; exit }' "$root"/probe-* 2>/dev/null)
if [ -n "$first" ]; then
        set -- $first
        zw_check_not "nothing allowed yet: $1/$2 closed" zw_"$1" "$ZW_PEER" 10.99.0.1 "$2"
fi

for svc in $(printf '%s\n' "${!profile[@]}" | sort); do
        pname=${profile[$svc]}
        U allow "$pname" >/dev/null
        zw_check "ufw allow $pname: rules carry the app comment" \
                grep -q "dapp_${pname// /%20}" <(ip netns exec "$ZW_NS" iptables-save)
        v6=
        while read -r state proto port; do
                if [ "$state" = open ]; then
                        zw_check "$pname: $proto/$port reachable" zw_"$proto" "$ZW_PEER" 10.99.0.1 "$port"
                        if [ -z "$v6" ]; then
                                v6=1
                                zw_check "$pname: $proto/$port reachable over IPv6" \
                                        zw_"$proto" "$ZW_PEER" fd99::1 "$port"
                        fi
                else
                        zw_check_not "$pname: $proto/$port closed" zw_"$proto" "$ZW_PEER" 10.99.0.1 "$port"
                fi
        done <"$root/probe-$svc"
        U delete allow "$pname" >/dev/null
done

# --- zone advice: the commands the generator suggests for a zone work in ufw ----------------
# a zone with the peer as its source and one profile's service, target DROP; the same zone
# with another source must not let the peer in
svc=$(printf '%s\n' "${!profile[@]}" | sort | head -n1)
if [ -n "$svc" ]; then
        set -- $(awk '$1 == "open" { print $2, $3; exit }' "$root/probe-$svc")
        for src in 10.99.0.3 10.99.0.2; do
                mkdir -p "$root/zones-$src"
                cat >"$root/zones-$src/zwtest.xml" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<zone target="DROP">
  <source address="$src"/>
  <service name="$svc"/>
</zone>
EOF
                "$gen" -q -H "$helpers" -Z "$root/zones-$src" --commands="$root/cmds-$src" \
                        "$services" >/dev/null
                zw_check "zone advice for source $src written" grep -q "^ufw allow from $src " \
                        "$root/cmds-$src"
                ok=0
                while read -r _ verb rest; do
                        U $verb $rest >/dev/null || ok=1
                done < <(grep '^ufw ' "$root/cmds-$src")
                zw_check_eq "ufw accepts the zone commands for source $src" 0 "$ok"
                if [ "$src" = 10.99.0.2 ]; then
                        zw_check "zone with the peer as source: $1/$2 reachable" \
                                zw_"$1" "$ZW_PEER" 10.99.0.1 "$2"
                else
                        zw_check_not "zone with another source: $1/$2 closed to the peer" \
                                zw_"$1" "$ZW_PEER" 10.99.0.1 "$2"
                fi
                while read -r _ verb rest; do
                        U delete $verb $rest >/dev/null
                done < <(grep '^ufw ' "$root/cmds-$src")
        done
fi

U --force disable >/dev/null
zw_check_eq "host ruleset untouched" "$host_rules" "$(zw_host_ruleset)"
zw_check_eq "host /etc/ufw untouched" "$host_etc" "$(cat /etc/ufw/* /etc/default/ufw 2>/dev/null | sha256sum)"
zw_summary
