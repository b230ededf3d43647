#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# po/check-potfiles.sh: every shipped definition (services/, zones/, policies/, helpers/) is
# listed in po/POTFILES.in, so its <short> and <description> reach the translators
set -eu
top=${ZW_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top"
missing=0
for f in services/*.xml zones/*.xml policies/*.xml helpers/*.xml; do
        [ -e "$f" ] || continue
        if ! grep -qx "$f" po/POTFILES.in; then
                echo "po/POTFILES.in lacks $f" >&2
                missing=1
        fi
done
exit "$missing"
