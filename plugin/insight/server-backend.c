/* SPDX-License-Identifier: GPL-2.0-or-later */
/* insight/server-backend.c: ZwInsightBackend on top of the FirewallD1 server (data = server) */
#include "config.h"

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

static gboolean
restore(gpointer data, const ZwRuntime *rt, GError **error)
{
        return zw_dbus_server_restore(data, rt, error);
}

const ZwInsightBackend zw_insight_server_backend = {
        .get_runtime = get_runtime,
        .get_permanent = get_permanent,
        .dup_rpc_ports = NULL,
        .reload = reload,
        .restore = restore,
};
