/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nft/counters.h: read the counters of our table from the kernel (netlink, read only) */
#pragma once

#include <glib.h>

#include "nft/counter-names.h"

G_BEGIN_DECLS

/* Every named counter object of table `table` (family inet) under its name, and every
 * element counter of its sets with a `counter` declaration whose key is
 * `inet_proto . inet_service` under "@SET/PROTO/PORT" (zw_nft_counter_elem_key()).
 * Returns name -> ZwNftCount * (both owned by the table); COMMAND_FAILED on netlink errors.
 * Runs in the caller's network namespace. */
GHashTable *zw_nft_counters_read(const char *table, GError **error);

G_END_DECLS
