#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/unit/check-xml.sh: every shipped definition is well-formed XML
top=${ZW_TOP_SRCDIR:-$(dirname "$0")/../..}
pass=0 fail=0
for f in "$top"/services/*.xml "$top"/zones/*.xml "$top"/policies/*.xml "$top"/helpers/*.xml \
         "$top"/stock/*/*.xml; do
        [ -e "$f" ] || continue
        if xmllint --noout "$f"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
