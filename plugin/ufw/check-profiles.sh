#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# plugin/ufw/check-profiles.sh: the checked-in ufw/ profiles equal what services/ gives now
# (CI catches a service edited without 'make update-ufw').
set -u
top=${ZW_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${ZW_TOP_BUILDDIR:-$top}
exec "$build/zonewall-ufw-gen" -q -H "$top/helpers" --check="$top/ufw" "$top/services"
