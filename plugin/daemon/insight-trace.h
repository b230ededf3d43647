/* SPDX-License-Identifier: GPL-2.0-or-later */
/* daemon/insight-trace.h: Zonewall1.Trace in the daemon: a packet -> an nft trace -> steps */
#pragma once

#include "daemon/firewall.h"
#include "insight/service.h"

G_BEGIN_DECLS

/* ZwInsightBackend.trace for `fw` (its table, its applied plan for the rules' text); one
 * trace at a time. Errors: INVALID_ADDR, INVALID_PROTOCOL, INVALID_ICMPTYPE, NOT_APPLIED
 * (nothing applied yet), COMMAND_FAILED. */
gboolean zw_daemon_trace_start(ZwFirewall *fw, const ZwPacket *pkt, guint seconds,
                               ZwInsightTraceDone done, gpointer user_data, GError **error);
/* ZwInsightBackend.trace_cancel: the trace table goes, done is not called */
void zw_daemon_trace_cancel(void);

G_END_DECLS
