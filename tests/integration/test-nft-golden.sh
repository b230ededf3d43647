#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/test-nft-golden.sh: every compiler golden file is valid nft (nft -c -f in a
# private netns), every unit-test model goes through the netlink applier into a real kernel
# and out again, a diff between any two models leaves the kernel as a full apply does (both
# in test-nft with ZW_TEST_NFT_APPLY=1, in its own netns), and the applier's kernel ruleset
# equals the one `nft -f` makes of the golden text.
. "$(dirname "$0")/lib-nft.sh"
zw_nft_require

host_before=$(zw_host_ruleset)
NS="${ZW_TAG}g"
zw_netns "$NS" || exit 1
for f in "$ZW_TOP_SRCDIR"/tests/unit/golden/*.nft; do
        zw_check "nft -c accepts $(basename "$f")" ip netns exec "$NS" nft -c -f "$f"
done
if [ -x "$ZW_TOP_BUILDDIR/tests/unit/test-nft" ]; then
        zw_check "each model applies and is removed; every A -> B diff equals a full apply" \
                ip netns exec "$NS" env ZW_TEST_NFT_APPLY=1 G_DEBUG=fatal-criticals \
                "$ZW_TOP_BUILDDIR/tests/unit/test-nft"
        zw_check_eq "nothing left behind" "" "$(ip netns exec "$NS" nft list tables)"
        # the kernel holds the same ruleset whether nft loads the golden text or our netlink
        # applier sends the plan: render.c and apply.c agree
        zw_tmpdir K
        ip netns exec "$NS" env ZW_TEST_NFT_APPLY=1 ZW_TEST_NFT_DUMP="$K" \
                "$ZW_TOP_BUILDDIR/tests/unit/test-nft" >/dev/null 2>&1
        for f in "$ZW_TOP_SRCDIR"/tests/unit/golden/*.nft; do
                n=$(basename "$f" .nft)
                ip netns exec "$NS" nft flush ruleset
                ip netns exec "$NS" nft -f "$f"
                ip netns exec "$NS" nft list ruleset >"$K/$n.text"
                ip netns exec "$NS" nft flush ruleset
                if diff -u "$K/$n.text" "$K/$n.kernel" >"$K/$n.diff"; then
                        zw_ok "$n: applier and nft -f give the same kernel ruleset"
                else
                        zw_not_ok "$n: applier and nft -f give the same kernel ruleset"
                        head -40 "$K/$n.diff"
                fi
        done
fi
zw_check_eq "host ruleset untouched" "$host_before" "$(zw_host_ruleset)"
zw_summary
