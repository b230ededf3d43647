#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-nft-reload.sh: a full apply (reload) is one netlink transaction and never
# opens a window: during 50 reloads a probe loop sees no refused open port, no accepted closed
# port, and an established connection keeps working.
. "$(dirname "$0")/lib-nft.sh"
zw_nft_require

host_before=$(zw_host_ruleset)
zw_tmpdir D
zw_topology || exit 1
ip -n "$ZW_PEER" addr add 10.99.0.3/24 dev veth-peer
zw_listen "$ZW_NS" tcp:22 tcp:7777 tcp:7778 tcp:7779 || exit 1

# echo server for a long-lived connection
ip netns exec "$ZW_NS" python3 -c '
import socket, threading
s = socket.socket(socket.AF_INET6); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", 2323)); s.listen(8)
def serve(c):
    while True:
        d = c.recv(64)
        if not d:
            return
        c.sendall(d)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
' &
zw_track_pid $!

zw_nft_conf "$D" basic <<'EOF'
default public
zone public
  port 22/tcp
  port 2323/tcp
  interface veth-host
zone src
  port 7778/tcp
  source 10.99.0.3/32
  source 10.99.7.0/24
ipset big hash:net
  entry 10.99.8.0/24
  entry 10.99.9.0/24
zone other
  source ipset:big
EOF
zw_nft "$ZW_NS" apply "$D/basic.conf" >/dev/null || exit 1
zw_check "22 open" zw_tcp "$ZW_PEER" 10.99.0.1 22
zw_check_not "7777 closed" zw_tcp "$ZW_PEER" 10.99.0.1 7777

# B = A + one more open port, so every reload really changes the ruleset
sed 's|^  port 2323/tcp|  port 2323/tcp\n  port 7779/tcp|' "$D/basic.conf" >"$D/more.conf"

ip netns exec "$ZW_NS" nft monitor >"$D/monitor" 2>&1 &
mon=$!
zw_track_pid $mon
sleep 0.5 # let nft monitor subscribe before the first apply

# one applier (like the daemon): apply A, then 50 reloads alternating B/A
zw_nft "$ZW_NS" reload "$D/basic.conf" "$D/more.conf" 50 "$D/ready" >"$D/out" &
drv=$!
zw_track_pid $drv
for _ in $(seq 1 100); do [ -e "$D/ready" ] && break; sleep 0.05; done

# probe loop in the peer: runs until $D/stop exists; writes "rounds bad_open bad_closed bad_est"
ip netns exec "$ZW_PEER" python3 -c '
import os, socket, sys, time
stop = sys.argv[1]
est = socket.create_connection(("10.99.0.1", 2323), timeout=2)
n = bad_open = bad_closed = bad_est = 0
while not os.path.exists(stop):
    n += 1
    for src, port in (("10.99.0.2", 22), ("10.99.0.3", 7778)):
        s = socket.socket(); s.settimeout(1); s.bind((src, 0))
        try:
            s.connect(("10.99.0.1", port))
        except OSError:
            bad_open += 1
        s.close()
    s = socket.socket(); s.settimeout(0.2)
    try:
        s.connect(("10.99.0.1", 7777))
        bad_closed += 1
    except OSError:
        pass
    s.close()
    try:
        est.sendall(b"x"); est.recv(1)
    except OSError:
        bad_est += 1
with open(sys.argv[2], "w") as f:
    f.write("%d %d %d %d\n" % (n, bad_open, bad_closed, bad_est))
' "$D/stop" "$D/result" &
loop=$!
zw_track_pid $loop

wait $drv
zw_check_eq "driver: 51 applies = 51 transactions" "transactions=51" "$(cat "$D/out")"
touch "$D/stop"
wait $loop
sleep 0.3
kill $mon 2>/dev/null
wait $mon 2>/dev/null
read -r n bad_open bad_closed bad_est <"$D/result"
echo "# probe rounds during reloads: $n"
zw_check "probe loop ran" [ "$n" -gt 0 ]
zw_check_eq "no refusal on the open ports" 0 "$bad_open"
zw_check_eq "no accept on the closed port" 0 "$bad_closed"
zw_check_eq "established connection kept" 0 "$bad_est"
zw_check_eq "51 applies = 51 kernel generations (nft monitor)" 51 \
        "$(grep -c 'new generation' "$D/monitor")"
zw_check_not "7779 closed after the last reload (A)" zw_tcp "$ZW_PEER" 10.99.0.1 7779
zw_check_eq "host ruleset untouched" "$host_before" "$(zw_host_ruleset)"
zw_summary
