#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/zw-probe.py: one TCP connect or UDP echo probe; exit 0 if it got through.
# usage: zw-probe.py tcp|udp ADDR PORT [TIMEOUT]
import socket
import sys

kind, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 1.0
fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
try:
    if kind == "tcp":
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect((addr, port))
        s.close()
        sys.exit(0)
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    s.connect((addr, port))
    s.send(b"zonewall-probe")
    s.recv(2048)
    sys.exit(0)
except OSError:
    sys.exit(1)
