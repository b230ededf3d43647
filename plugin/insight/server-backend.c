/* SPDX-License-Identifier: GPL-2.0-or-later */
/* insight/server-backend.c: ZwInsightBackend on top of the FirewallD1 server (data = server) */
#include "config.h"

#include "dbus/private.h"
#include "dbus/server.h"
#include "insight/server-backend.h"

/* Only the daemon links this file; the CLI never does (static library, unreferenced). */

static const ZwRuntime *
get_runtime(gpointer data)
{
        return zw_dbus_server_get_runtime(data);
}

static const ZwTree *
get_permanent(gpointer data)
{
        return zw_dbus_server_get_permanent(data);
}

static gboolean
reload(gpointer data, GError **error)
{
        return zw_dbus_server_reload(data, error);
}

/* Put the snapshot back as the runtime (kernel first, as every runtime change), then tell
 * firewalld clients to re-read everything: to them it is a reload.
 * TODO(dbus owner): a public zw_dbus_server_set_runtime() would replace dbus/private.h here. */
static gboolean
restore(gpointer data, const ZwRuntime *rt, GError **error)
{
        ZwDbusServer *server = data;

        if (!zw_dbus_commit(server, zw_runtime_dup(rt), error))
                return FALSE;
        zw_dbus_timers_clear(server);
        zw_dbus_emit(server, ZW_DBUS_PATH, ZW_DBUS_IFACE, "Reloaded", NULL);
        return TRUE;
}

const ZwInsightBackend zw_insight_server_backend = {
        .get_runtime = get_runtime,
        .get_permanent = get_permanent,
        .dup_rpc_ports = NULL,
        .reload = reload,
        .restore = restore,
};
