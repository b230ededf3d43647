#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-insight.sh: the `zonewall` tool.
#  1. check-config catches every bad file the xml unit tests know, with firewalld's code as
#     exit status, in a whole tree and as a single file (offline, no root needed);
#  2. dump --json validates against data/zonewall-dump.schema.json (python3-jsonschema);
#  3. (root) explain --config agrees with real probes: zonewalld runs the same tree in a
#     private netns and bus, peers with many source addresses probe many ports, and each
#     probe's fate (accept / reject / drop) equals the verdict explain computed offline;
#  4. (root, when zonewalld exports org.zonewall.Zonewall1) the daemon's Explain and Dump, and
#     reload --confirm / apply --confirm: an unconfirmed change is reverted (connectivity
#     back), a confirmed one
#     stays.
set -u
. "$(dirname "$0")/lib.sh"

ZONEWALL=${ZONEWALL:-$ZW_TOP_BUILDDIR/zonewall}
ZONEWALLD=${ZONEWALLD:-$ZW_TOP_BUILDDIR/zonewalld}
SCHEMA="$ZW_TOP_SRCDIR/data/zonewall-dump.schema.json"
STOCK="$ZW_TOP_SRCDIR/stock"
BUILTIN=${ZW_BUILTIN_DIR:-/usr/lib/firewalld}
[ -x "$ZONEWALL" ] || { echo "SKIP: $ZONEWALL not built" >&2; exit 77; }
[ -d "$BUILTIN/zones" ] || BUILTIN=
zw_tmpdir T

# ---------------------------------------------------------------- 1. check-config
# kind|name|CODE|content (the cases of tests/unit/test-xml.c; "tree" = only in a whole tree,
# where the directory gives the kind: a lone file is judged by its root element)
cases() {
        cat <<'EOF'
zone|z|PARSE_ERROR|<zone><bogus/></zone>
policy|p|PARSE_ERROR|<policy target="ACCEPT"><interface name="a"/></policy>
service|s|PARSE_ERROR|<service><zone/></service>
icmptype|i|PARSE_ERROR|<icmptype><port port="1"/></icmptype>
helper|h|PARSE_ERROR|<helper module="nf_conntrack_ftp"><entry/></helper>
ipset|s|PARSE_ERROR|<ipset type="hash:ip"><port/></ipset>
zone|z|PARSE_ERROR|<ipset type="hash:ip"/>|tree
zone|z|PARSE_ERROR|<service/>|tree
zone|z|PARSE_ERROR|<zone><service name="ssh" foo="1"/></zone>
zone|z|PARSE_ERROR|<zone bar="x"/>
policy|p|PARSE_ERROR|<policy target="DROP" name="x"/>
service|s|PARSE_ERROR|<service><port port="1" protocol="tcp" x=""/></service>
icmptype|i|PARSE_ERROR|<icmptype><destination ipv5="yes"/></icmptype>
helper|h|PARSE_ERROR|<helper module="nf_conntrack_ftp" target="x"/>
ipset|s|PARSE_ERROR|<ipset type="hash:ip"><entry a="b"/></ipset>
zone|z|PARSE_ERROR|<zone><port port="80"/></zone>
zone|z|PARSE_ERROR|<zone><rule><mark/></rule></zone>
policy|p|PARSE_ERROR|<policy/>
helper|h|PARSE_ERROR|<helper/>
ipset|s|PARSE_ERROR|<ipset/>
ipset|s|PARSE_ERROR|<ipset type="hash:ip"><option value="1"/></ipset>
service|s|PARSE_ERROR|<service><port protocol="tcp"/></service>
zone|z|INVALID_PORT|<zone><port port="70000" protocol="tcp"/></zone>
zone|z|INVALID_PORT|<zone><port port="x" protocol="tcp"/></zone>
zone|z|INVALID_PROTOCOL|<zone><port port="80" protocol="foo"/></zone>
zone|z|INVALID_PROTOCOL|<zone><protocol value="nosuchproto"/></zone>
zone|z|INVALID_TARGET|<zone target="REJECT"/>
zone|z|INVALID_ADDR|<zone><source address="10.0.0.300"/></zone>
zone|z|INVALID_ADDR|<zone><forward-port port="80" protocol="tcp" to-addr="nohost"/></zone>
zone|z|INVALID_PORT|<zone><forward-port port="80" protocol="tcp" to-port="99999"/></zone>
zone|z|INVALID_INTERFACE|<zone><interface name="a b"/></zone>
zone|z|INVALID_RULE|<zone><rule><source/><accept/></rule></zone>
policy|p|INVALID_PRIORITY|<policy target="CONTINUE" priority="0"/>
policy|p|INVALID_PRIORITY|<policy target="CONTINUE" priority="x"/>
policy|p|INVALID_TARGET|<policy target="%%REJECT%%"/>
service|s|INVALID_ADDR|<service><destination ipv4="fd00::/8"/></service>
service|s|INVALID_PORT|<service><source-port port="1-2-3" protocol="udp"/></service>
helper|h|INVALID_MODULE|<helper module="ftp"/>
helper|h|INVALID_MODULE|<helper module="nf_conntrack_"/>
helper|h|INVALID_IPV|<helper module="nf_conntrack_ftp" family="ipv5"/>
ipset|s|INVALID_TYPE|<ipset type="hash:foo"/>
ipset|s|INVALID_OPTION|<ipset type="hash:ip"><option name="bogus" value="1"/></ipset>
ipset|s|INVALID_VALUE|<ipset type="hash:ip"><option name="timeout" value="x"/></ipset>
ipset|s|INVALID_FAMILY|<ipset type="hash:ip"><option name="family" value="inet5"/></ipset>
zone|bad.name|INVALID_NAME|<zone/>
zone|abcdefghijklmnopqrstu|INVALID_NAME|<zone/>
icmptype|a.b|INVALID_NAME|<icmptype/>
helper|a_b|INVALID_NAME|<helper module="nf_conntrack_ftp"/>
zone|x|INVALID_ZONE|<zone><short>x</zone>
zone|x|INVALID_ZONE|<a
service|x|INVALID_SERVICE|x
policy|x|INVALID_POLICY|<policy target="ACCEPT"><short>x</policy>
icmptype|x|INVALID_ICMPTYPE|<a
helper|x|INVALID_HELPER|<a
ipset|x|INVALID_IPSET|<a
zone|z|INVALID_SERVICE|<zone><service name="nosuchsvc"/></zone>|tree
EOF
}

code_of() { python3 -c "
import re,sys
for l in open('$ZW_TOP_SRCDIR/plugin/core/error.h'):
    m=re.match(r'\s*ZW_ERROR_(\w+) = (\d+),', l)
    if m and m.group(1)==sys.argv[1]: print(m.group(2))" "$1"; }

good="$T/good"
mkdir -p "$good/zones"
printf '<?xml version="1.0" encoding="utf-8"?>\n<zone><port port="22" protocol="tcp"/></zone>\n' \
        >"$good/zones/public.xml"
out=$("$ZONEWALL" check-config --no-defaults "$good" 2>&1); rc=$?
zw_check_eq "check-config: a good tree" "success 0" "$out $rc"
out=$("$ZONEWALL" check-config --no-defaults "$good/zones/public.xml" 2>&1); rc=$?
zw_check_eq "check-config: a good file" "success 0" "$out $rc"
if [ -n "$BUILTIN" ]; then
        out=$("$ZONEWALL" check-config --builtin "$BUILTIN" --stock "$STOCK" "$good" 2>&1)
        zw_check_eq "check-config: good tree over builtin and stock trees" "success 0" "$out $?"
fi
out=$("$ZONEWALL" check-config "$T/nothing" 2>&1); rc=$?
zw_check_eq "check-config: missing path" "INVALID_FILENAME $(code_of INVALID_FILENAME)" \
        "${out%%:*} $rc"

n=0
while IFS='|' read -r kind name code content mode; do
        n=$((n + 1))
        want=$(code_of "$code")
        tree="$T/cc$n"
        dir=${kind}s
        [ "$kind" = policy ] && dir=policies
        mkdir -p "$tree/$dir"
        printf '%s\n' "$content" >"$tree/$dir/$name.xml"
        out=$("$ZONEWALL" check-config --no-defaults "$tree" 2>&1); rc=$?
        zw_check_eq "check-config tree #$n $kind $code" "$code $want" "${out%%:*} $rc"
        [ "$mode" = tree ] && continue
        out=$("$ZONEWALL" check-config "$tree/$dir/$name.xml" 2>&1); rc=$?
        zw_check_eq "check-config file #$n $kind $code" "$code $want" "${out%%:*} $rc"
done < <(cases)

# ---------------------------------------------------------------- the tree used below
ETC="$T/etc"
mkdir -p "$ETC/zones" "$ETC/policies" "$ETC/services"
cat >"$ETC/firewalld.conf" <<'EOF'
DefaultZone=pub
EOF
cat >"$ETC/services/sshx.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<service><short>ssh on 22</short><port port="22" protocol="tcp"/></service>
EOF
cat >"$ETC/zones/pub.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<zone>
  <interface name="veth-host"/>
  <service name="sshx"/>
  <port port="8080" protocol="tcp"/>
  <rule family="ipv4" priority="-10"><source address="10.99.0.9"/><port port="8080" protocol="tcp"/><reject/></rule>
  <rule family="ipv4"><source address="10.99.0.8"/><port port="8080" protocol="tcp"/><drop/></rule>
  <rule priority="5"><port port="6000" protocol="tcp"/><accept/></rule>
</zone>
EOF
cat >"$ETC/zones/trust.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<zone target="ACCEPT"><source address="10.99.1.0/24"/></zone>
EOF
cat >"$ETC/zones/lab.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<zone><source address="10.99.2.0/24"/><port port="9000" protocol="tcp"/></zone>
EOF
cat >"$ETC/zones/lab2.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<zone target="DROP"><source address="10.99.2.128/25"/></zone>
EOF
cat >"$ETC/zones/side.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<zone target="%%REJECT%%"><interface name="veth-host2"/><port port="7000" protocol="tcp"/></zone>
EOF
cat >"$ETC/policies/guard.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<policy target="CONTINUE" priority="-100">
  <ingress-zone name="pub"/><egress-zone name="HOST"/>
  <rule family="ipv4"><source address="10.99.0.7"/><drop/></rule>
</policy>
EOF
TREEOPTS=(--stock "$STOCK")
[ -n "$BUILTIN" ] && TREEOPTS+=(--builtin "$BUILTIN")
out=$("$ZONEWALL" check-config "${TREEOPTS[@]}" "$ETC" 2>&1)
zw_check_eq "check-config: the test tree" "success 0" "$out $?"

# ---------------------------------------------------------------- 2. dump --json + schema
"$ZONEWALL" dump --json "${TREEOPTS[@]}" --config "$ETC" >"$T/dump.json"
zw_check_eq "dump --json offline exit code" 0 "$?"
validate() {
        python3 - "$SCHEMA" "$1" <<'EOF'
import json, sys
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
try:
    import jsonschema
except ImportError:
    print("python3-jsonschema missing", file=sys.stderr)
    sys.exit(77)
jsonschema.Draft202012Validator.check_schema(schema)
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
for e in errors[:10]:
    print("  %s at %s" % (e.message, "/".join(map(str, e.path))), file=sys.stderr)
sys.exit(1 if errors else 0)
EOF
}
validate "$T/dump.json"; rc=$?
[ $rc = 77 ] && { echo "SKIP: python3-jsonschema missing" >&2; exit 77; }
zw_check_eq "dump --json validates against the schema" 0 "$rc"
zw_check_eq "dump: default zone" pub \
        "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["runtime"]["default_zone"])' "$T/dump.json")"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["runtime"]["zones"][0]["x"]=1; json.dump(d,open(sys.argv[1],"w"))' "$T/dump.json"
zw_check_not "schema refuses an unknown zone member" validate "$T/dump.json" 2>/dev/null

# ---------------------------------------------------------------- explain offline
explain() { "$ZONEWALL" explain "${TREEOPTS[@]}" --config "$ETC" --dst 10.99.0.1 --proto tcp "$@"; }
out=$(explain --in veth-host --src 10.99.0.2 --dport 22)
case $out in "accept in zone 'pub': service 'sshx'"*) zw_ok "explain: service" ;;
*) zw_not_ok "explain: service: $out" ;; esac
out=$(explain --in veth-host --src 10.99.1.5 --dport 9999)
case $out in *"source 10.99.1.0/24 is bound to zone 'trust'"*) zw_ok "explain: source beats interface" ;;
*) zw_not_ok "explain: source beats interface: $out" ;; esac
out=$(explain --in veth-host --src 10.99.0.2 --dport 80 2>&1)
case $out in "reject in zone 'pub': zone 'pub' target default"*) zw_ok "explain: why port 80 is closed" ;;
*) zw_not_ok "explain: closed port: $out" ;; esac
out=$(explain --in veth-host --src 10.99.0.300 --dport 80 2>&1); rc=$?
zw_check_eq "explain: bad address" "INVALID_ADDR $(code_of INVALID_ADDR)" "${out%%:*} $rc"

# ---------------------------------------------------------------- 3. explain vs packets
if [ "$(id -u)" != 0 ] || [ ! -x "$ZONEWALLD" ]; then
        zw_log "not root or no zonewalld: packet agreement skipped"
else
        zw_topology || exit 1
        PEER2="${ZW_TAG}q"
        zw_netns "$PEER2" || exit 1
        zw_veth "$ZW_NS" veth-host2 10.99.50.1/24 fd99:50::1/64 "$PEER2" veth-peer2 10.99.50.2/24 fd99:50::2/64
        SRCS="10.99.0.2 10.99.0.7 10.99.0.8 10.99.0.9 10.99.1.2 10.99.2.2 10.99.2.200"
        for a in $SRCS; do
                [ "$a" = 10.99.0.2 ] || ip -n "$ZW_PEER" addr add "$a/32" dev veth-peer
        done
        ip -n "$ZW_NS" route add 10.99.1.0/24 dev veth-host
        ip -n "$ZW_NS" route add 10.99.2.0/24 dev veth-host
        PORTS="22 23 6000 7000 8080 9000 9999"
        zw_listen "$ZW_NS" $(for p in $PORTS; do printf 'tcp:%s ' "$p"; done) || exit 1
        zw_start_zonewalld "$T/bus" "$ETC" "$STOCK" "$BUILTIN" "$T/daemon.log" ||
                { zw_not_ok "daemon starts"; exit 1; }
        # probe NS SRC DST PORT: accept | reject | drop, as the connecting side sees it
        probe() {
                ip netns exec "$1" python3 - "$2" "$3" "$4" <<'EOF'
import errno, socket, sys
src, dst, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind((src, 0))
s.settimeout(1.5)
try:
    s.connect((dst, port))
    print("accept")
except socket.timeout:
    print("drop")
except OSError as e:
    print("reject" if e.errno in (errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH,
                                  errno.EACCES) else "error-%d" % e.errno)
EOF
        }
        verdict() {
                explain --json "$@" | python3 -c 'import json,sys; print(json.load(sys.stdin)["verdict"])'
        }
        agree=0 total=0
        for a in $SRCS; do
                for p in $PORTS; do
                        want=$(verdict --in veth-host --src "$a" --dport "$p")
                        got=$(probe "$ZW_PEER" "$a" 10.99.0.1 "$p")
                        total=$((total + 1))
                        zw_check_eq "explain agrees with a probe from $a to port $p" "$want" "$got"
                        [ "$want" = "$got" ] && agree=$((agree + 1))
                done
        done
        for p in $PORTS; do
                want=$("$ZONEWALL" explain "${TREEOPTS[@]}" --config "$ETC" --json --in veth-host2 \
                        --src 10.99.50.2 --dst 10.99.50.1 --proto tcp --dport "$p" |
                        python3 -c 'import json,sys; print(json.load(sys.stdin)["verdict"])')
                got=$(probe "$PEER2" 10.99.50.2 10.99.50.1 "$p")
                total=$((total + 1))
                zw_check_eq "explain agrees with a probe on veth-host2 to port $p" "$want" "$got"
                [ "$want" = "$got" ] && agree=$((agree + 1))
        done
        zw_log "explain agreed with $agree of $total probes"
        [ "$total" -ge 30 ] && zw_ok "at least 30 generated probe cases ($total)" ||
                zw_not_ok "only $total probe cases"

        # ------------------------------------------------------------ 4. the daemon's object
        if gdbus introspect --system --dest org.fedoraproject.FirewallD1 \
                --object-path /org/zonewall/Zonewall1 2>/dev/null | grep -qF "interface org.zonewall.Zonewall1 "; then
                for a in 10.99.0.2 10.99.0.7 10.99.1.2 10.99.2.200; do
                        for p in 22 8080 9000; do
                                off=$(verdict --in veth-host --src "$a" --dport "$p")
                                live=$("$ZONEWALL" explain --json --in veth-host --src "$a" \
                                        --dst 10.99.0.1 --proto tcp --dport "$p" |
                                        python3 -c 'import json,sys; print(json.load(sys.stdin)["verdict"])')
                                zw_check_eq "daemon Explain = offline explain ($a port $p)" "$off" "$live"
                        done
                done
                "$ZONEWALL" dump --json >"$T/live.json"
                zw_check_eq "daemon Dump exit code" 0 "$?"
                validate "$T/live.json"
                zw_check_eq "daemon Dump validates against the schema" 0 "$?"
                pending() {
                        gdbus call --system --dest org.fedoraproject.FirewallD1 \
                                --object-path /org/zonewall/Zonewall1 \
                                --method org.freedesktop.DBus.Properties.Get \
                                org.zonewall.Zonewall1 ConfirmPending
                }
                out=$("$ZONEWALL" confirm 2>&1); rc=$?
                zw_check_eq "confirm with nothing pending" "NOT_APPLIED $(code_of NOT_APPLIED)" "${out%%:*} $rc"
                # a change that locks 8080 out, never confirmed: the old runtime comes back
                cp "$ETC/zones/pub.xml" "$T/pub.xml.orig"
                sed -i '/port="8080" protocol="tcp"\/>$/d' "$ETC/zones/pub.xml"
                zw_check "reload --confirm 2" "$ZONEWALL" reload --confirm 2
                zw_check_eq "port 8080 closed by the unconfirmed change" reject \
                        "$(probe "$ZW_PEER" 10.99.0.2 10.99.0.1 8080)"
                for _ in $(seq 1 100); do
                        [ "$(pending)" = "(<false>,)" ] && break
                        sleep 0.2
                done
                zw_check_eq "no confirmation: nothing pending any more" "(<false>,)" "$(pending)"
                zw_check_eq "no confirmation: port 8080 open again" accept \
                        "$(probe "$ZW_PEER" 10.99.0.2 10.99.0.1 8080)"
                # the same change, confirmed in time, stays
                zw_check "reload --confirm 60" "$ZONEWALL" reload --confirm 60
                zw_check_eq "pending after reload --confirm" "(<true>,)" "$(pending)"
                zw_check "confirm" "$ZONEWALL" confirm
                zw_check_eq "nothing pending after confirm" "(<false>,)" "$(pending)"
                zw_check_eq "confirmed change stays: port 8080 closed" reject \
                        "$(probe "$ZW_PEER" 10.99.0.2 10.99.0.1 8080)"
                cp "$T/pub.xml.orig" "$ETC/zones/pub.xml"
                # apply --confirm: a runtime change made by a command, never confirmed
                zw_check_eq "port 9999 closed before apply" reject \
                        "$(probe "$ZW_PEER" 10.99.0.2 10.99.0.1 9999)"
                zw_check "apply --confirm 2 -- firewall-cmd --add-port" "$ZONEWALL" apply \
                        --confirm 2 firewall-cmd --zone=pub --add-port=9999/tcp
                zw_check_eq "port 9999 open by the unconfirmed change" accept \
                        "$(probe "$ZW_PEER" 10.99.0.2 10.99.0.1 9999)"
                out=$("$ZONEWALL" apply --confirm 60 2>&1); rc=$?
                zw_check_eq "a second apply --confirm while one is pending" \
                        "ALREADY_ENABLED $(code_of ALREADY_ENABLED)" "${out%%:*} $rc"
                for _ in $(seq 1 100); do
                        [ "$(pending)" = "(<false>,)" ] && break
                        sleep 0.2
                done
                zw_check_eq "apply not confirmed: port 9999 closed again" reject \
                        "$(probe "$ZW_PEER" 10.99.0.2 10.99.0.1 9999)"
                # confirmed: stays; the command's exit status is apply's
                zw_check "apply --confirm 60 -- firewall-cmd --add-port" "$ZONEWALL" apply \
                        --confirm 60 -- firewall-cmd --zone=pub --add-port=9999/tcp
                zw_check "confirm the apply" "$ZONEWALL" confirm
                zw_check_eq "apply confirmed: port 9999 stays open" accept \
                        "$(probe "$ZW_PEER" 10.99.0.2 10.99.0.1 9999)"
                "$ZONEWALL" apply --confirm 60 -- firewall-cmd --zone=nosuchzone --add-port=1/tcp \
                        >/dev/null 2>&1
                rc=$?
                zw_check_eq "apply passes on the command's exit status" \
                        "$(code_of INVALID_ZONE)" "$rc"
                zw_check "confirm after a failed command" "$ZONEWALL" confirm
                # a --timeout addition older than the snapshot still expires after a revert
                zw_check_eq "port 7000 closed before" reject \
                        "$(probe "$ZW_PEER" 10.99.0.2 10.99.0.1 7000)"
                zw_check "add-port 7000 with --timeout=5" \
                        firewall-cmd --zone=pub --add-port=7000/tcp --timeout=5
                zw_check "apply --confirm 1, nothing confirmed" "$ZONEWALL" apply --confirm 1
                for _ in $(seq 1 50); do
                        [ "$(pending)" = "(<false>,)" ] && break
                        sleep 0.1
                done
                zw_check_eq "reverted to the snapshot: port 7000 still open" accept \
                        "$(probe "$ZW_PEER" 10.99.0.2 10.99.0.1 7000)"
                for _ in $(seq 1 100); do
                        firewall-cmd --zone=pub --query-port=7000/tcp >/dev/null || break
                        sleep 0.1
                done
                zw_check_eq "its timeout still removes it after the revert" reject \
                        "$(probe "$ZW_PEER" 10.99.0.2 10.99.0.1 7000)"
        else
                zw_log "zonewalld does not export org.zonewall.Zonewall1: live explain, dump and confirm skipped"
        fi
fi

if [ "$ZW_FAIL" -ne 0 ] && [ -f "$T/daemon.log" ]; then
        echo "--- daemon log (tail)"
        tail -40 "$T/daemon.log"
fi
zw_summary
