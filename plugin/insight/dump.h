/* SPDX-License-Identifier: GPL-2.0-or-later */
/* insight/dump.h: the whole effective state as one JSON document (data/zonewall-dump.schema.json) */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "core/runtime.h"

G_BEGIN_DECLS

#define ZW_DUMP_FORMAT_VERSION 1

/* `rt` and `permanent` may each be NULL (offline: permanent only) and are then null in the
 * document; `rpc_ports` is zone -> GPtrArray of "tcp:2049" (zw_rpc_follower_dup_port_table),
 * NULL when nobody follows rpcbind. */
JsonNode *zw_dump_build(const ZwRuntime *rt, const ZwTree *permanent, GHashTable *rpc_ports);
char *zw_dump_to_string(const ZwRuntime *rt, const ZwTree *permanent, GHashTable *rpc_ports,
                        gboolean pretty);

G_END_DECLS
