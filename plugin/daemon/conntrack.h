/* SPDX-License-Identifier: GPL-2.0-or-later */
/* daemon/conntrack.h: ConntrackLogInvalid -> net.netfilter.nf_conntrack_log_invalid */
#pragma once

#include <glib.h>

#include "core/conf.h"

G_BEGIN_DECLS

#define ZW_CONNTRACK_LOG_INVALID_PATH "/proc/sys/net/netfilter/nf_conntrack_log_invalid"

/* Make the sysctl of this network namespace follow ConntrackLogInvalid of `conf`:
 * yes -> 255 (every protocol; nf_conntrack is loaded first when the sysctl is missing);
 * no  -> the value found before zonewalld first wrote it, if it did; untouched otherwise.
 * `path` NULL: ZW_CONNTRACK_LOG_INVALID_PATH (tests give a plain file). One state per
 * process: what was there before is remembered across calls.
 * Errors: COMMAND_FAILED with errno's text. */
gboolean zw_conntrack_follow_conf(const ZwConf *conf, const char *path, GError **error);

G_END_DECLS
