/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nft/nft.h: the nftables backend as the daemon sees it: compile, render, apply */
#pragma once

#include <glib.h>

#include "core/edit.h"
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
/* Pure: the part of zw_nft_compile()'s plan that belongs to one zone (KIND "zone": its chains
 * and sets with the rules that finish them) or one ipset ("ipset": its set), compiled by the
 * same code, in a plan of its own (one table; parts recorded as in the whole plan). An unused
 * zone has an empty part. The rest of the plan must not depend on what changed: the caller
 * uses it for changes inside one zone (not its bindings) or one ipset's entries. */
ZwNftPlan *zw_nft_compile_part(const ZwRuntime *rt, const ZwNftOptions *opts, const char *kind,
                               const char *name, GError **error);
/* Pure: when adding ITEM (TYPE ZW_ITEM_PORT, _SOURCE_PORT or _PROTOCOL: VALUE, PROTOCOL) to
 * used ZONE (or entry VALUE, TYPE ZW_ITEM_ENTRY, to the ipset named ZONE) changes the plan
 * only by adding elements to that zone's sets (that ipset's set), those elements
 * (a plan with one table holding the zone's set with just them); NULL without an error when
 * the addition is more than that (an unused zone, a port range wide enough for a rule, other
 * item types). Sets are unions of what the zone's items put in, so adding is exact; removing
 * is not (another item may hold the same element): removals take zw_nft_compile_part(). */
ZwNftPlan *zw_nft_compile_addition(const ZwRuntime *rt, const ZwNftOptions *opts,
                                   const char *zone, ZwItemType type, const char *value,
                                   const char *protocol, GError **error);
void zw_nft_plan_free(ZwNftPlan *plan);
/* The owner of a part: "zone\tpublic", "ipset\tblock", "policy\tP" (KIND NAME) */
char *zw_nft_owner(const char *kind, const char *name);
/* Same tables, helpers, sets (declaration and elements, in any order) and chains
 * (declaration and rules in order), chains and sets compared by name whatever their order in
 * the table. FALSE with a one-line description of the first difference in OUT_WHY. */
gboolean zw_nft_plan_equal(const ZwNftPlan *a, const ZwNftPlan *b, char **out_why);

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
/* zw_nft_apply_full() that takes PLAN (no copy): the applier keeps it as what the kernel holds */
gboolean zw_nft_apply_plan(ZwNftApplier *applier, ZwNftPlan *plan, GError **error);
/* Replace OWNER's part of the applied plan by PART's (zw_nft_compile_part(); taken) in one
 * transaction holding only that part's rule and element changes. When the part does not fit
 * the applied plan (other chain/set names or declarations, helpers, modules, or nothing
 * applied yet) nothing is sent, *OUT_FITTED is FALSE and TRUE is returned: apply the whole
 * plan instead. Kernel refusal: FALSE, the applied plan unchanged. */
gboolean zw_nft_apply_part(ZwNftApplier *applier, ZwNftPlan *part, const char *owner,
                           gboolean *out_fitted, GError **error);
/* Add the elements of ADDITIONS (zw_nft_compile_addition(); taken) to the applied plan's
 * sets of the same names in one transaction. *OUT_FITTED FALSE (nothing sent, TRUE
 * returned) when a set is missing, declared otherwise, or an interval set. */
gboolean zw_nft_apply_additions(ZwNftApplier *applier, ZwNftPlan *additions,
                                gboolean *out_fitted, GError **error);
/* What this applier last put in the kernel (NULL: unknown), borrowed until the next apply */
const ZwNftPlan *zw_nft_applier_get_applied(const ZwNftApplier *applier);
/* Panic mode: a separate table dropping everything (prerouting + output, raw priority). */
gboolean zw_nft_set_panic(ZwNftApplier *applier, gboolean enable, GError **error);
/* Delete all tables zonewall created (CleanupOnExit=yes). */
gboolean zw_nft_remove_all(ZwNftApplier *applier, GError **error);
/* Netlink transactions (batches) sent so far; tests use it to show a reload is one. */
guint64 zw_nft_applier_transactions(const ZwNftApplier *applier);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwNftPlan, zw_nft_plan_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwNftApplier, zw_nft_applier_free)

G_END_DECLS
