/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dbus/server.h: firewalld's D-Bus API (org.fedoraproject.FirewallD1) on a GDBus connection */
#pragma once

#include <gio/gio.h>

#include "core/edit.h"
#include "core/runtime.h"
#include "core/tree.h"

G_BEGIN_DECLS

/* What the server needs from the daemon; the D-Bus layer knows neither nft nor XML. */
typedef struct {
        /* compile `rt` and move the kernel to it; on error nothing changed */
        gboolean (*apply)(gpointer data, const ZwRuntime *rt, GError **error);
        /* `rt` is the applied runtime changed in place inside one zone (contents, not
         * bindings) or one ipset (entries): apply only that; on error nothing changed in
         * the kernel (the caller undoes its change). ITEM: the change was exactly this item
         * ADDED (or removed) to/from the zone; NULL: any change. NULL hook: apply() is used. */
        gboolean (*apply_part)(gpointer data, const ZwRuntime *rt, ZwKind kind,
                               const char *name, const ZwItem *item, gboolean added,
                               GError **error);
        /* panic table on/off */
        gboolean (*set_panic)(gpointer data, gboolean enable, GError **error);
        /* read the whole permanent configuration from disk (validated) */
        ZwTree *(*load)(gpointer data, GError **error);
        /* persist firewalld.conf of the permanent tree */
        gboolean (*write_conf)(gpointer data, const ZwConf *conf, GError **error);
        /* persist one permanent object (ZwZone *, ...) in the admin tree and set its
         * info.path/filename to where it now lives; NULL: permanent edits are refused */
        gboolean (*write_object)(gpointer data, gpointer object, GError **error);
        /* delete a user object from the admin tree (file kept as .old) */
        gboolean (*remove_object)(gpointer data, ZwKind kind, const char *name, GError **error);
        /* persist the permanent lockdown whitelist; NULL: config.policies writes are refused */
        gboolean (*write_lockdown)(gpointer data, const ZwLockdown *lockdown, GError **error);
} ZwDbusBackend;

typedef struct _ZwDbusServer ZwDbusServer;

/* Registers every object on `connection` (does not own a bus name). Takes `permanent` and
 * `rt`; `state` is "RUNNING" or "FAILED". */
ZwDbusServer *zw_dbus_server_new(GDBusConnection *connection, ZwTree *permanent, ZwRuntime *rt,
                                 const char *state, const ZwDbusBackend *backend,
                                 gpointer backend_data, GError **error);
void zw_dbus_server_free(ZwDbusServer *server);

/* reload(): permanent config from disk, runtime rebuilt (panic kept), applied, config objects
 * re-created, Reloaded emitted. On error the old config and ruleset stay. */
gboolean zw_dbus_server_reload(ZwDbusServer *server, GError **error);

/* Make a copy of `rt` (a snapshot taken earlier) the runtime again, kernel first as every
 * runtime change; timers of --timeout additions keep running; clients hear Reloaded, since
 * to them it is one. On error nothing changed. */
gboolean zw_dbus_server_restore(ZwDbusServer *server, const ZwRuntime *rt, GError **error);
const ZwRuntime *zw_dbus_server_get_runtime(const ZwDbusServer *server);
const ZwTree *zw_dbus_server_get_permanent(const ZwDbusServer *server);
const char *zw_dbus_server_get_state(const ZwDbusServer *server);
void zw_dbus_server_set_state(ZwDbusServer *server, const char *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwDbusServer, zw_dbus_server_free)

G_END_DECLS
