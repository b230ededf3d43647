/* SPDX-License-Identifier: GPL-2.0-or-later */
/* insight/service.h: org.zonewall.Zonewall1 at /org/zonewall/Zonewall1 (explain, dump, counters, confirm) */
#pragma once

#include <gio/gio.h>

#include "core/runtime.h"
#include "insight/explain.h"
#include "insight/trace.h"

G_BEGIN_DECLS

#define ZW_INSIGHT_BUS_NAME "org.fedoraproject.FirewallD1"
#define ZW_INSIGHT_PATH "/org/zonewall/Zonewall1"
#define ZW_INSIGHT_INTERFACE "org.zonewall.Zonewall1"

/* The end of a trace: `trace` (owned by the callee) of the first matching packet; or NULL
 * and `error`; or NULL and NULL when no packet came in time. */
typedef void (*ZwInsightTraceDone)(ZwTrace *trace, const GError *error, gpointer user_data);

/* What the object needs from the daemon; data is the daemon's (e.g. ZwDbusServer *). */
typedef struct {
        const ZwRuntime *(*get_runtime)(gpointer data);
        const ZwTree *(*get_permanent)(gpointer data);
        /* zone -> GPtrArray of "tcp:2049" (caller frees); NULL member or NULL result: none */
        GHashTable *(*dup_rpc_ports)(gpointer data);
        /* permanent config from disk into runtime and kernel; on error nothing changed */
        gboolean (*reload)(gpointer data, GError **error);
        /* make `rt` the runtime again, in the kernel too (signals as a runtime change);
         * NULL: ReloadConfirm is refused */
        gboolean (*restore)(gpointer data, const ZwRuntime *rt, GError **error);
        /* arm an nft trace of packets like `pkt` for up to `seconds`; done is called once
         * from the main loop unless trace_cancel comes first; NULL: Trace is refused */
        gboolean (*trace)(gpointer data, const ZwPacket *pkt, guint seconds,
                          ZwInsightTraceDone done, gpointer user_data, GError **error);
        /* stop the running trace and remove what it armed; done is not called */
        void (*trace_cancel)(gpointer data);
        /* the raw counters of our table, name -> ZwNftCount * (zw_nft_counters_read());
         * NULL: Counters is refused */
        GHashTable *(*read_counters)(gpointer data, GError **error);
} ZwInsightBackend;

typedef struct _ZwInsight ZwInsight;

/* Export the object on `connection` (the bus name is the daemon's). */
ZwInsight *zw_insight_register(GDBusConnection *connection, const ZwInsightBackend *backend,
                               gpointer data, GError **error);
void zw_insight_free(ZwInsight *insight);

/* The confirm-or-revert machinery, also without D-Bus (tests): snapshot the runtime, reload,
 * and restore the snapshot after `seconds` unless zw_insight_confirm() comes first.
 * ALREADY_ENABLED if one is pending; NOT_APPLIED without backend->restore. */
gboolean zw_insight_reload_confirm(ZwInsight *insight, guint seconds, GError **error);
/* The same without the reload: what the runtime is now comes back after `seconds` unless
 * confirmed, whatever changes (firewall-cmd, Ansible, ...) come in between. */
gboolean zw_insight_apply_confirm(ZwInsight *insight, guint seconds, GError **error);
/* NOT_APPLIED when nothing is pending */
gboolean zw_insight_confirm(ZwInsight *insight, GError **error);
gboolean zw_insight_confirm_pending(const ZwInsight *insight);
/* reverts done so far (the timer fired) */
guint zw_insight_reverts(const ZwInsight *insight);

/* Trace: default and longest wait for the probe */
#define ZW_INSIGHT_TRACE_SECONDS 10
#define ZW_INSIGHT_TRACE_MAX_SECONDS 600

/* org.zonewall.Zonewall1 introspection XML */
extern const char zw_insight_introspection_xml[];

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwInsight, zw_insight_free)

G_END_DECLS
