#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-nft-ftp.sh: conntrack helpers: passive FTP to a server behind the zone
# works only with the ftp helper (ct helper object + `ct helper set`), and active FTP from the
# host as client works only with a HOST -> ANY policy carrying the ftp service (helper set on
# outgoing connections). A tiny FTP server/client (python3) speaks PASV/PORT + RETR.
. "$(dirname "$0")/lib-nft.sh"
zw_nft_require

host_before=$(zw_host_ruleset)
zw_tmpdir D
zw_topology || exit 1

cat >"$D/ftpd.py" <<'EOF'
import socket, sys, threading
def handle(c):
    f = c.makefile("rb")
    def send(s):
        c.sendall((s + "\r\n").encode())
    send("220 zonewall test ftpd")
    pasv = port = None
    for line in f:
        cmd = line.decode().strip()
        verb, _, arg = cmd.partition(" ")
        verb = verb.upper()
        if verb == "USER":
            send("331 ok")
        elif verb == "PASS":
            send("230 ok")
        elif verb == "TYPE":
            send("200 ok")
        elif verb == "PASV":
            pasv = socket.socket()
            pasv.bind((c.getsockname()[0], 0))
            pasv.listen(1)
            pasv.settimeout(3)
            h = c.getsockname()[0].replace(".", ",")
            p = pasv.getsockname()[1]
            send("227 Entering Passive Mode (%s,%d,%d)" % (h, p >> 8, p & 255))
        elif verb == "PORT":
            n = arg.split(",")
            port = (".".join(n[:4]), int(n[4]) * 256 + int(n[5]))
            send("200 ok")
        elif verb == "RETR":
            send("150 data")
            try:
                if pasv is not None:
                    d, _ = pasv.accept()
                    pasv.close()
                    pasv = None
                else:
                    d = socket.create_connection(port, timeout=3)
                d.sendall(b"zonewall-ftp-data\n")
                d.close()
                send("226 done")
            except OSError:
                send("425 no data connection")
        elif verb == "QUIT":
            send("221 bye")
            break
        else:
            send("502 no")
    c.close()
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 21))
s.listen(8)
open(sys.argv[1], "w").write("ready\n")
while True:
    c, _ = s.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
EOF
cat >"$D/ftp.py" <<'EOF'
import ftplib, sys
host, mode = sys.argv[1], sys.argv[2]
try:
    ftp = ftplib.FTP()
    ftp.connect(host, 21, timeout=3)
    ftp.login("u", "p")
    ftp.set_pasv(mode == "passive")
    data = []
    ftp.retrbinary("RETR file", data.append)
    ftp.quit()
    sys.exit(0 if b"".join(data) == b"zonewall-ftp-data\n" else 1)
except (OSError, ftplib.Error, EOFError):
    sys.exit(1)
EOF
ftpd() { # NS: start the server in NS
        ip netns exec "$1" python3 "$D/ftpd.py" "$D/ready-$1" &
        zw_track_pid $!
        for _ in $(seq 1 100); do [ -e "$D/ready-$1" ] && return 0; sleep 0.05; done
        return 1
}
ftp() { ip netns exec "$1" python3 "$D/ftp.py" "$2" "$3"; }
ftpd "$ZW_NS" || exit 1
ftpd "$ZW_PEER" || exit 1

zw_nft_conf "$D" helper <<'EOF'
helper ftp nf_conntrack_ftp 21/tcp
service ftp 21/tcp helper=ftp
default public
zone public
  service ftp
  interface veth-host
policy host-ftp CONTINUE -1 ingress=HOST egress=ANY
  service ftp
EOF
# same ports, no helper anywhere
zw_nft_conf "$D" nohelper <<'EOF'
service ftp 21/tcp
default public
zone public
  service ftp
  interface veth-host
EOF

zw_nft "$ZW_NS" apply "$D/nohelper.conf" >/dev/null || exit 1
zw_check "control connection open without helper" zw_tcp "$ZW_PEER" 10.99.0.1 21
zw_check_not "no helper: passive FTP data connection blocked" ftp "$ZW_PEER" 10.99.0.1 passive
zw_check_not "no helper: host as active client, data connection blocked" \
        ftp "$ZW_NS" 10.99.0.2 active

out=$(zw_nft "$ZW_NS" apply "$D/helper.conf")
zw_check_eq "helper config: one transaction" "transactions=1" "$out"
zw_check "ct helper object exists" \
        bash -c "ip netns exec '$ZW_NS' nft list ct helper inet zonewall helper-ftp-tcp >/dev/null"
zw_check "helper: passive FTP to the zone's server" ftp "$ZW_PEER" 10.99.0.1 passive
zw_check "helper: active FTP to the zone's server" ftp "$ZW_PEER" 10.99.0.1 active
zw_check "helper (HOST policy): host as active client" ftp "$ZW_NS" 10.99.0.2 active
zw_check "helper: host as passive client" ftp "$ZW_NS" 10.99.0.2 passive

zw_check_eq "host ruleset untouched" "$host_before" "$(zw_host_ruleset)"
zw_summary
