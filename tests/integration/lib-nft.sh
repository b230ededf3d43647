# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/lib-nft.sh: helpers for the nft backend tests (driver: tests/nft/zw-nft-apply)

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ZW_NFT_APPLY="$ZW_TOP_BUILDDIR/tests/nft/zw-nft-apply"

zw_nft_require() {
        zw_require_root
        if [ ! -x "$ZW_NFT_APPLY" ]; then
                echo "SKIP: $ZW_NFT_APPLY not built (make check builds it)" >&2
                exit 77
        fi
        command -v nft >/dev/null || { echo "SKIP: nft missing" >&2; exit 77; }
}

# zw_nft NS ARGS...: run the driver inside NS
zw_nft() {
        local ns="$1"
        shift
        ip netns exec "$ns" "$ZW_NFT_APPLY" "$@"
}

# zw_nft_conf DIR NAME <<EOF ... : write a driver config, print its path
zw_nft_conf() {
        cat >"$1/$2.conf"
}

# zw_tcp_from NS SRC ADDR PORT: 0 if a TCP connection from source address SRC is accepted
zw_tcp_from() {
        ip netns exec "$1" python3 -c '
import socket, sys
src, dst, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = socket.socket(socket.AF_INET6 if ":" in dst else socket.AF_INET)
s.settimeout(1)
try:
    s.bind((src, 0))
    s.connect((dst, port))
except OSError:
    sys.exit(1)' "$2" "$3" "$4"
}

# zw_tcp_refused NS ADDR PORT: 0 if the connection is actively refused (RST or ICMP error),
# 1 if it is accepted or times out (dropped)
zw_tcp_refused() {
        ip netns exec "$1" python3 -c '
import errno, socket, sys
dst, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET6 if ":" in dst else socket.AF_INET)
s.settimeout(2)
try:
    s.connect((dst, port))
except (ConnectionRefusedError, socket.timeout):
    sys.exit(0 if sys.exc_info()[0] is ConnectionRefusedError else 1)
except OSError as e:
    sys.exit(0 if e.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EACCES) else 1)
sys.exit(1)' "$2" "$3"
}
