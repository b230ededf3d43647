/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nft/nft.h: the nftables backend as the daemon sees it: compile, render, apply */
#pragma once

#include <glib.h>

#include "core/runtime.h"

G_BEGIN_DECLS

/* The plan: every table, chain, set, map, ct helper object and rule zonewall wants in the
 * kernel, as data (see plan.h). Pure value; no netlink inside. */
typedef struct _ZwNftPlan ZwNftPlan;

typedef struct {
        const char *table_name;   /* default "zonewall" (table inet zonewall) */
        gboolean ipv6_rpfilter;   /* from firewalld.conf */
        gboolean rfc3964_ipv4;
        /* RPC ports per zone: zone name -> GPtrArray of "tcp . 2049"-style "proto:port" strings;
         * may be NULL. Kept in a per-zone set so the RPC follower can update elements only. */
        GHashTable *rpc_ports;
} ZwNftOptions;

void zw_nft_options_init(ZwNftOptions *opts);

/* Pure: model -> plan. Never fails on a validated runtime; problems that only show in the
 * model (e.g. a helper missing) are returned as an error with firewalld's code. */
ZwNftPlan *zw_nft_compile(const ZwRuntime *rt, const ZwNftOptions *opts, GError **error);
void zw_nft_plan_free(ZwNftPlan *plan);
/* nft syntax, deterministic (golden tests, --print-ruleset) */
char *zw_nft_plan_render(const ZwNftPlan *plan);

/* Kernel modules the plan needs (conntrack/nat helpers), NULL-terminated, borrowed */
const char *const *zw_nft_plan_modules(const ZwNftPlan *plan);

/* The panic table alone (table inet <table_name>_panic dropping everything); what
 * zw_nft_set_panic(TRUE) installs; for rendering and tests. */
ZwNftPlan *zw_nft_panic_plan(const char *table_name);

/* modprobe each module that exists as a loadable module and is not loaded yet; modules that
 * are built in or absent are skipped (the helper then simply does not exist). FALSE only if
 * modprobe itself fails on a module that exists. */
gboolean zw_nft_load_modules(const char *const *modules, GError **error);

/* The only netlink user. */
typedef struct _ZwNftApplier ZwNftApplier;

ZwNftApplier *zw_nft_applier_new(const char *table_name, GError **error);
void zw_nft_applier_free(ZwNftApplier *applier);
/* Replace everything zonewall owns with `plan` in ONE netlink transaction (create-or-flush +
 * delete + add inside one batch): never a moment without a ruleset. Kernel rejection ->
 * COMMAND_FAILED with the reason; nothing changed. */
gboolean zw_nft_apply_full(ZwNftApplier *applier, const ZwNftPlan *plan, GError **error);
/* Move the kernel from `old_plan` (what is applied now) to `new_plan` with the smallest batch:
 * set element adds/removes, single rule adds/deletes, chain adds/deletes; one transaction. */
gboolean zw_nft_apply_diff(ZwNftApplier *applier, const ZwNftPlan *old_plan,
                           const ZwNftPlan *new_plan, GError **error);
/* Panic mode: a separate table dropping everything (prerouting + output, raw priority). */
gboolean zw_nft_set_panic(ZwNftApplier *applier, gboolean enable, GError **error);
/* Delete all tables zonewall created (CleanupOnExit=yes). */
gboolean zw_nft_remove_all(ZwNftApplier *applier, GError **error);
/* Netlink transactions (batches) sent so far; tests use it to show a reload is one. */
guint64 zw_nft_applier_transactions(const ZwNftApplier *applier);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwNftPlan, zw_nft_plan_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwNftApplier, zw_nft_applier_free)

G_END_DECLS
