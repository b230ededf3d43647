#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-nft-services.sh: every service shipped in services/ (LeoFS, Virtuozzo,
# RPC) opens exactly its ports: with only that service in the zone, each port (for ranges: both
# ends and the middle) answers and the ports right next to them do not.
. "$(dirname "$0")/lib-nft.sh"
zw_nft_require

host_before=$(zw_host_ruleset)
zw_tmpdir D
zw_topology || exit 1

# services/*.xml -> driver service lines, and per service the ports to probe
python3 - "$ZW_TOP_SRCDIR/services" "$D" <<'EOF'
import glob, os, sys
import xml.etree.ElementTree as ET
src, out = sys.argv[1], sys.argv[2]
defs, probes, listen = [], [], set()
names = sorted(os.path.basename(p)[:-4] for p in glob.glob(src + "/*.xml"))
svc = {n: ET.parse("%s/%s.xml" % (src, n)).getroot() for n in names}

def ports_of(name, seen):
    if name in seen:
        return []
    seen.add(name)
    r = svc[name]
    res = []
    for inc in r.findall("include"):
        res += ports_of(inc.get("service"), seen)
    for p in r.findall("port"):
        if p.get("port"):
            lo, _, hi = p.get("port").partition("-")
            res.append((p.get("protocol"), int(lo), int(hi or lo)))
    return res

for n in names:
    r = svc[n]
    toks = ["service", n]
    for p in r.findall("port"):
        if p.get("port"):
            toks.append("%s/%s" % (p.get("port"), p.get("protocol")))
        else:
            toks.append("proto=" + p.get("protocol"))
    toks += ["proto=" + p.get("value") for p in r.findall("protocol")]
    toks += ["sport=%s/%s" % (p.get("port"), p.get("protocol")) for p in r.findall("source-port")]
    toks += ["include=" + i.get("service") for i in r.findall("include")]
    d = r.find("destination")
    if d is not None and d.get("ipv4"):
        toks.append("dest4=" + d.get("ipv4"))
    if d is not None and d.get("ipv6"):
        toks.append("dest6=" + d.get("ipv6"))
    defs.append(" ".join(toks))
    opened = ports_of(n, set())
    def is_open(proto, port):
        return any(pr == proto and lo <= port <= hi for pr, lo, hi in opened)
    for proto, lo, hi in opened:
        for port in sorted({lo, hi, (lo + hi) // 2}):
            probes.append("%s %s %d open" % (n, proto, port))
            listen.add("%s:%d" % (proto, port))
        for port in (lo - 1, hi + 1):
            if 0 < port < 65536 and not is_open(proto, port):
                probes.append("%s %s %d closed" % (n, proto, port))
                listen.add("%s:%d" % (proto, port))
with open(out + "/services.defs", "w") as f:
    f.write("\n".join(defs) + "\n")
with open(out + "/probes", "w") as f:
    f.write("\n".join(probes) + "\n")
with open(out + "/listen", "w") as f:
    f.write(" ".join(sorted(listen)) + "\n")
EOF
[ -s "$D/probes" ] || { echo "SKIP: no services" >&2; exit 77; }
# shellcheck disable=SC2046
zw_listen "$ZW_NS" $(cat "$D/listen") || exit 1

current=
while read -r svc proto port want; do
        if [ "$svc" != "$current" ]; then
                { cat "$D/services.defs"
                  echo "default public"
                  echo "zone public"
                  echo "  service $svc"
                  echo "  interface veth-host"; } >"$D/$svc.conf"
                out=$(zw_nft "$ZW_NS" apply "$D/$svc.conf")
                zw_check_eq "$svc: applied in one transaction" "transactions=1" "$out"
                current=$svc
        fi
        if [ "$proto" = tcp ]; then probe=zw_tcp; else probe=zw_udp; fi
        if [ "$want" = open ]; then
                zw_check "$svc: $port/$proto open" $probe "$ZW_PEER" 10.99.0.1 "$port"
        else
                zw_check_not "$svc: $port/$proto closed" $probe "$ZW_PEER" 10.99.0.1 "$port"
        fi
done <"$D/probes"

zw_check_eq "host ruleset untouched" "$host_before" "$(zw_host_ruleset)"
zw_summary
