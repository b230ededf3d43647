#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/zw-listen.py: TCP accept-and-close and UDP echo listeners for packet tests.
# usage: zw-listen.py READYFILE tcp:PORT udp:PORT ...
import selectors
import socket
import sys


def bind(kind, port):
    socks = []
    for fam, addr in ((socket.AF_INET6, "::"),):
        s = socket.socket(fam, socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        s.bind((addr, port))
        if kind == "tcp":
            s.listen(128)
        s.setblocking(False)
        socks.append(s)
    return socks


def main():
    ready = sys.argv[1]
    sel = selectors.DefaultSelector()
    for spec in sys.argv[2:]:
        kind, port = spec.split(":")
        for s in bind(kind, int(port)):
            sel.register(s, selectors.EVENT_READ, kind)
    with open(ready, "w") as f:
        f.write("ready\n")
    while True:
        for key, _ in sel.select():
            s = key.fileobj
            try:
                if key.data == "tcp":
                    c, _ = s.accept()
                    c.close()
                else:
                    data, peer = s.recvfrom(2048)
                    s.sendto(data, peer)
            except OSError:
                pass


main()
