/* SPDX-License-Identifier: GPL-2.0-or-later */
/* daemon/firewall.h: the daemon's state: config trees on disk, the plan in the kernel */
#pragma once

#include <glib.h>

#include "core/runtime.h"
#include "dbus/server.h"
#include "nft/nft.h"
#include "rpc/follower.h"

G_BEGIN_DECLS

typedef struct {
        char *admin_dir;   /* /etc/firewalld */
        char *builtin_dir; /* /usr/lib/firewalld */
        char *stock_dir;   /* zonewall's stock definitions, below builtin */
        char *table;       /* nft table name */
        ZwNftApplier *applier; /* also keeps the plan the kernel has (nft.h) */
        /* the runtime the kernel's plan was compiled from, borrowed: the caller (the D-Bus
         * server) keeps it alive until the next successful apply, and changes it only to
         * apply it again (or to undo a change that failed to apply) */
        const ZwRuntime *rt;
        ZwRpcFollower *rpc;    /* rpcbind ports of the services with a .rpc side file */
        guint rpc_idle;        /* pending update after the follower reported changes */
        GHashTable *rpc_dirty; /* zones whose RPC ports changed since */
        gboolean rpc_stale;    /* the follower's wants may not match `rt`: recompute them all */
        gboolean verify;       /* ZW_VERIFY_PARTS set: check every part against the whole plan */
} ZwFirewall;

ZwFirewall *zw_firewall_new(const char *admin_dir, const char *builtin_dir, const char *stock_dir,
                            const char *table);
void zw_firewall_free(ZwFirewall *fw);

/* read the permanent config; admin == FALSE: builtin (and stock) trees only */
ZwTree *zw_firewall_load(ZwFirewall *fw, gboolean admin, GError **error);
/* compile and put into the kernel: the first time in one full transaction, then as a diff
 * from the plan applied before; on error the kernel keeps the old ruleset */
gboolean zw_firewall_apply(ZwFirewall *fw, const ZwRuntime *rt, GError **error);
/* `rt` differs from the applied runtime only inside one object: KIND "zone" NAME (its
 * services, ports, rules..., not its bindings nor whether it is used) or "ipset" NAME (its
 * entries). Only that object's part of the plan is compiled and sent; the whole plan when the
 * part no longer fits (new chains, helpers...). ITEM (NULL: unknown) is the one item ADDED
 * or removed, when that is the whole change: a port, protocol or source port added becomes
 * a few set elements added. Same guarantees as zw_firewall_apply(). */
gboolean zw_firewall_apply_part(ZwFirewall *fw, const ZwRuntime *rt, const char *kind,
                                const char *name, const ZwItem *item, gboolean added,
                                GError **error);
gboolean zw_firewall_set_panic(ZwFirewall *fw, gboolean enable, GError **error);
/* firewalld.conf of the admin tree, atomically, previous file kept as .old */
gboolean zw_firewall_write_conf(ZwFirewall *fw, const ZwConf *conf, GError **error);
/* remove every table we made (CleanupOnExit=yes) */
gboolean zw_firewall_cleanup(ZwFirewall *fw, GError **error);

/* TRUE when the admin firewalld.conf explicitly sets CleanupOnExit=yes (or true). Deliberately
 * unlike firewalld, where an absent key means yes: a stopped daemon must not open the node
 * unless the admin asked for it (Debian ships CleanupOnExit=yes explicitly). */
gboolean zw_firewall_cleanup_on_exit(ZwFirewall *fw);

/* The RPC follower (lent): after each apply it is told which (zone, service) pairs of the
 * runtime have an RPC spec; the ports it reports are put into the zones' rpc_<zone> sets as
 * element changes only. Polling begins with zw_firewall_start_rpc(). */
ZwRpcFollower *zw_firewall_get_rpc(ZwFirewall *fw);
void zw_firewall_start_rpc(ZwFirewall *fw);

/* the hooks the D-Bus server calls, data = ZwFirewall */
extern const ZwDbusBackend zw_firewall_backend;

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwFirewall, zw_firewall_free)

G_END_DECLS
