/* SPDX-License-Identifier: GPL-2.0-or-later */
/* insight/counters.h: kernel counters (by nft name) -> rows in model terms (pure) */
#pragma once

#include <glib.h>

#include "core/runtime.h"

G_BEGIN_DECLS

/* One figure of `zonewall counters`. */
typedef struct {
        char *owner_type; /* "zone" or "policy" */
        char *owner;      /* zone or policy name */
        char *kind;       /* "zone" / "policy" (item "in" or "target"), "service", "port",
                           * "rule" */
        char *item;       /* "in", "target", service name, "8080/tcp", rich rule text */
        guint64 packets;
        guint64 bytes;
} ZwCounterRow;

void zw_counter_row_free(ZwCounterRow *row);

/* Rows for every used zone and active policy of `rt` (or only zone `zone`, "" or NULL: all),
 * from `raw` as zw_nft_counters_read() returns it (name -> ZwNftCount *). An item whose
 * counters are not in `raw` gets no row (e.g. a rule without action, a zone not in use).
 * A service sums the per-port counters of its ports (and included services' ports); a port
 * shared by two items counts for both. INVALID_ZONE if `zone` does not exist.
 * Returns ZwCounterRow * (owned), zones by name then policies by name. */
GPtrArray *zw_insight_counters(const ZwRuntime *rt, GHashTable *raw, const char *zone,
                               GError **error);

/* D-Bus form: a(sssstt) of (owner_type, owner, kind, item, packets, bytes) */
GVariant *zw_insight_counters_to_variant(GPtrArray *rows);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwCounterRow, zw_counter_row_free)

G_END_DECLS
