#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/gen-config.py: write the bench's admin trees (firewalld XML) into a directory.
#
#   gen-config.py stock DIR   only the empty ipset the ipset benchmark fills
#   gen-config.py large DIR   500 services, 50 zones with 2,500 sources (IPv4+IPv6),
#                             200 rich rules, one 10,000-entry ipset bound as a source,
#                             public (the default zone) with port 5001/tcp open
#
# Nothing here matches the bench's peer (10.99.0.2, fd99::2): its packets walk past every
# source and rich rule and land in public, the worst case for a linear ruleset.
import os
import sys

HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(HEAD + text)


def bench_ipset(d):
    write(os.path.join(d, "ipsets", "benchset.xml"),
          '<ipset type="hash:ip">\n  <short>bench</short>\n</ipset>\n')


def large(d):
    bench_ipset(d)
    for i in range(500):
        ports = "".join('  <port protocol="%s" port="%d"/>\n' % (proto, 10000 + i * 3 + k)
                        for k, proto in enumerate(("tcp", "udp", "tcp")[: 1 + i % 3]))
        write(os.path.join(d, "services", "bsvc%03d.xml" % i),
              "<service>\n  <short>bench %d</short>\n%s</service>\n" % (i, ports))
    entries = "".join("  <entry>10.97.%d.%d</entry>\n" % (i // 250, i % 250 + 1)
                      for i in range(10000))
    write(os.path.join(d, "ipsets", "bigset.xml"),
          '<ipset type="hash:ip">\n  <short>big</short>\n%s</ipset>\n' % entries)
    rich = []
    for i in range(200):
        a = "10.93.%d.%d" % (i // 200, i % 200 + 1)
        kind = i % 4
        if kind == 0:
            rich.append('rule family="ipv4" source address="%s" service name="bsvc%03d" accept'
                        % (a, i))
        elif kind == 1:
            rich.append('rule family="ipv4" source address="%s" port port="%d" protocol="tcp" '
                        'reject' % (a, 20000 + i))
        elif kind == 2:
            rich.append('rule family="ipv6" source address="fd93::%x" port port="%d" '
                        'protocol="udp" drop' % (i + 1, 20000 + i))
        else:
            rich.append('rule family="ipv4" source address="%s" port port="%d" protocol="tcp" '
                        'log prefix="b%d" level="info" limit value="5/m" accept'
                        % (a, 20000 + i, i))
    for z in range(50):
        body = ["  <short>bench zone %d</short>\n" % z]
        for s in range(10):
            body.append('  <service name="bsvc%03d"/>\n' % ((z * 10 + s) % 500))
        body.append('  <port protocol="tcp" port="%d"/>\n' % (15000 + z))
        for s in range(25):
            body.append('  <source address="10.96.%d.%d/32"/>\n' % (z, s + 1))
            body.append('  <source address="fd96:%x::%x/128"/>\n' % (z, s + 1))
        if z == 0:
            body.append('  <source ipset="bigset"/>\n')
        # 100 rich rules across the source zones, 100 in public
        for r in rich[z * 2: z * 2 + 2]:
            body.append(rich_xml(r))
        write(os.path.join(d, "zones", "bzone%02d.xml" % z),
              "<zone>\n%s</zone>\n" % "".join(body))
    pub = ["  <short>Public</short>\n", '  <service name="ssh"/>\n',
           '  <service name="dhcpv6-client"/>\n']
    for s in range(20):
        pub.append('  <service name="bsvc%03d"/>\n' % (480 + s))
    pub.append('  <port protocol="tcp" port="5001"/>\n')
    for r in rich[100:]:
        pub.append(rich_xml(r))
    pub.append("  <forward/>\n")
    write(os.path.join(d, "zones", "public.xml"), "<zone>\n%s</zone>\n" % "".join(pub))


def rich_xml(rule):
    """One rich rule in the zone XML element form (firewalld's zone file syntax)."""
    fam = rule.split('family="')[1].split('"')[0]
    src = rule.split('source address="')[1].split('"')[0]
    out = ['  <rule family="%s">\n' % fam, '    <source address="%s"/>\n' % src]
    if 'service name="' in rule:
        out.append('    <service name="%s"/>\n' % rule.split('service name="')[1].split('"')[0])
    else:
        port = rule.split('port port="')[1].split('"')[0]
        proto = rule.split('protocol="')[1].split('"')[0]
        out.append('    <port port="%s" protocol="%s"/>\n' % (port, proto))
    if " log " in rule:
        prefix = rule.split('prefix="')[1].split('"')[0]
        out.append('    <log prefix="%s" level="info">\n      <limit value="5/m"/>\n    </log>\n'
                   % prefix)
    for action in ("accept", "reject", "drop"):
        if rule.endswith(action):
            out.append("    <%s/>\n" % action)
    out.append("  </rule>\n")
    return "".join(out)


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("stock", "large"):
        sys.exit("usage: gen-config.py stock|large DIR")
    d = sys.argv[2]
    for sub in ("services", "zones", "ipsets"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    if sys.argv[1] == "stock":
        bench_ipset(d)
    else:
        large(d)


if __name__ == "__main__":
    main()
