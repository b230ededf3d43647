/* SPDX-License-Identifier: GPL-2.0-or-later */
/* daemon/firewall.c: load the trees, compile, apply to the kernel, write firewalld.conf */
#include "config.h"

#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include "core/service.h"
#include "core/zone.h"
#include "daemon/conntrack.h"
#include "daemon/firewall.h"
#include "xml/load.h"
#include "xml/write.h"

static void rpc_changed(const char *zone, GPtrArray *added, GPtrArray *removed, gpointer data);

ZwFirewall *
zw_firewall_new(const char *admin_dir, const char *builtin_dir, const char *stock_dir,
                const char *table)
{
        ZwFirewall *fw = g_new0(ZwFirewall, 1);

        fw->admin_dir = g_strdup(admin_dir);
        fw->builtin_dir = g_strdup(builtin_dir);
        fw->stock_dir = g_strdup(stock_dir);
        fw->table = g_strdup(table);
        fw->rpc = zw_rpc_follower_new(rpc_changed, fw);
        fw->rpc_dirty = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        /* tests: every part applied is compared with the whole plan (a g_critical if not) */
        fw->verify = g_getenv("ZW_VERIFY_PARTS") != NULL;
        return fw;
}

void
zw_firewall_free(ZwFirewall *fw)
{
        if (fw == NULL)
                return;
        zw_rpc_follower_free(fw->rpc);
        if (fw->rpc_idle != 0)
                g_source_remove(fw->rpc_idle);
        g_hash_table_unref(fw->rpc_dirty);
        zw_nft_applier_free(fw->applier);
        g_free(fw->admin_dir);
        g_free(fw->builtin_dir);
        g_free(fw->stock_dir);
        g_free(fw->table);
        g_free(fw);
}

ZwTree *
zw_firewall_load(ZwFirewall *fw, gboolean admin, GError **error)
{
        g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(ZwTree) tree = NULL;

        tree = zw_load_tree(fw->stock_dir, fw->builtin_dir, admin ? fw->admin_dir : NULL,
                            warnings, error);
        for (guint i = 0; i < warnings->len; i++)
                g_warning("%s", (const char *)g_ptr_array_index(warnings, i));
        return g_steal_pointer(&tree); /* checked as a whole by the loader */
}

static ZwNftPlan *
compile(ZwFirewall *fw, const ZwRuntime *rt, GError **error)
{
        g_autoptr(GHashTable) rpc_ports = NULL;
        ZwNftOptions opts;

        zw_nft_options_init(&opts);
        opts.table_name = fw->table;
        opts.ipv6_rpfilter = zw_conf_get_bool(rt->tree->conf, "IPv6_rpfilter");
        opts.rfc3964_ipv4 = zw_conf_get_bool(rt->tree->conf, "RFC3964_IPv4");
        if (fw->rpc != NULL)
                rpc_ports = zw_rpc_follower_dup_port_table(fw->rpc);
        opts.rpc_ports = rpc_ports;
        return zw_nft_compile(rt, &opts, error);
}

/* ------------------------------------------------------------------ RPC ports */

/* SERVICE and the services it includes, each once, into OUT (names borrowed from the tree) */
static void
collect_services(const ZwRuntime *rt, const char *name, GPtrArray *out, GHashTable *seen)
{
        const ZwService *svc;

        if (!g_hash_table_add(seen, (gpointer)name))
                return;
        g_ptr_array_add(out, (gpointer)name);
        svc = zw_tree_lookup(rt->tree, ZW_KIND_SERVICE, name);
        for (guint i = 0; svc != NULL && svc->includes != NULL && i < svc->includes->len; i++)
                collect_services(rt, g_ptr_array_index(svc->includes, i), out, seen);
}

/* The spec of SERVICE from the trees' services/ dirs (admin first), cached in SPECS for one
 * pass (NULL value: no side file or a broken one, reported once per pass) */
static const ZwRpcSpec *
lookup_spec(ZwFirewall *fw, const char *service, GHashTable *specs)
{
        g_autofree char *admin = g_build_filename(fw->admin_dir, "services", NULL);
        g_autofree char *builtin = g_build_filename(fw->builtin_dir, "services", NULL);
        g_autofree char *stock = g_build_filename(fw->stock_dir, "services", NULL);
        const char *const dirs[] = { admin, builtin, stock, NULL };
        g_autoptr(GError) error = NULL;
        ZwRpcSpec *spec = NULL;
        gpointer cached;

        if (g_hash_table_lookup_extended(specs, service, NULL, &cached))
                return cached;
        if (!zw_rpc_spec_find(dirs, service, &spec, &error))
                g_warning("RPC side file of service '%s' ignored: %s", service, error->message);
        g_hash_table_insert(specs, g_strdup(service), spec);
        return spec;
}

/* Tell the follower the (zone, service) pairs whose service has an RPC spec: the services of
 * each used zone (or of ONLY that zone, the others kept), includes followed. Rich rules are
 * not followed: their source and family restrictions do not fit the per-zone set. */
static void
rpc_update_wants(ZwFirewall *fw, const ZwRuntime *rt, const char *only)
{
        g_autoptr(GHashTable) specs = g_hash_table_new_full(
                g_str_hash, g_str_equal, g_free, (GDestroyNotify)zw_rpc_spec_free);
        g_autoptr(GPtrArray) zones = NULL;

        if (only != NULL) {
                zones = g_ptr_array_new();
                g_ptr_array_add(zones, (gpointer)only);
                zw_rpc_follower_clear_zone(fw->rpc, only);
        } else {
                zones = zw_tree_names(rt->tree, ZW_KIND_ZONE);
                zw_rpc_follower_clear(fw->rpc);
        }
        for (guint i = 0; i < zones->len; i++) {
                const char *name = g_ptr_array_index(zones, i);
                const ZwZone *zone = zw_tree_lookup(rt->tree, ZW_KIND_ZONE, name);
                g_autoptr(GPtrArray) services = g_ptr_array_new();
                g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

                if (zone == NULL || !zw_runtime_zone_is_used(rt, name))
                        continue;
                for (guint k = 0; zone->services != NULL && k < zone->services->len; k++)
                        collect_services(rt, g_ptr_array_index(zone->services, k), services,
                                         seen);
                for (guint k = 0; k < services->len; k++) {
                        const char *svc = g_ptr_array_index(services, k);
                        const ZwRpcSpec *spec = lookup_spec(fw, svc, specs);

                        if (spec == NULL)
                                continue;
                        g_debug("RPC: zone %s follows the programs of service %s", name, svc);
                        zw_rpc_follower_want(fw->rpc, name, svc, spec);
                }
        }
        zw_rpc_follower_commit(fw->rpc);
}

static gboolean apply_plan(ZwFirewall *fw, const ZwRuntime *rt, GError **error);
static gboolean apply_part(ZwFirewall *fw, const ZwRuntime *rt, const char *kind,
                           const char *name, gboolean *out_fitted, GError **error);

/* The follower's ports changed: the rpc_<zone> sets of the zones it named get the new
 * ports, as element changes of those zones' parts (the whole plan if a part does not fit). */
static gboolean
rpc_resync(gpointer data)
{
        ZwFirewall *fw = data;
        g_autoptr(GError) error = NULL;
        g_autoptr(GList) zones = NULL;
        gboolean whole = FALSE;

        fw->rpc_idle = 0;
        zones = g_hash_table_get_keys(fw->rpc_dirty);
        if (fw->rt == NULL || fw->applier == NULL) {
                g_hash_table_remove_all(fw->rpc_dirty);
                return G_SOURCE_REMOVE;
        }
        if (fw->rpc_stale) {
                fw->rpc_stale = FALSE;
                rpc_update_wants(fw, fw->rt, NULL);
                whole = TRUE;
        }
        for (GList *l = zones; !whole && l != NULL; l = l->next) {
                gboolean fitted = FALSE;

                if (!apply_part(fw, fw->rt, "zone", l->data, &fitted, &error)) {
                        g_warning("RPC ports of zone %s not updated: %s", (char *)l->data,
                                  error->message);
                        g_clear_error(&error);
                        whole = TRUE;
                } else if (!fitted) {
                        whole = TRUE;
                }
        }
        g_hash_table_remove_all(fw->rpc_dirty);
        if (whole && !apply_plan(fw, fw->rt, &error))
                /* the next change or apply retries with the full set */
                g_warning("RPC ports not updated: %s", error->message);
        return G_SOURCE_REMOVE;
}

static void
log_ports(const ZwRpcFollower *rpc, const char *zone, GPtrArray *ports, gboolean added)
{
        g_autoptr(GPtrArray) open = added ? zw_rpc_follower_dup_open(rpc) : NULL;

        for (guint i = 0; ports != NULL && i < ports->len; i++) {
                const ZwRpcPort *port = g_ptr_array_index(ports, i);
                g_autofree char *text = zw_rpc_port_to_string(port);
                gboolean said = FALSE;

                for (guint k = 0; open != NULL && k < open->len; k++) {
                        const ZwRpcOpen *o = g_ptr_array_index(open, k);
                        g_autofree char *why = NULL;

                        if (g_strcmp0(o->zone, zone) != 0 || o->proto != port->proto ||
                            o->port != port->port)
                                continue;
                        why = zw_rpc_open_to_string(o);
                        g_debug("RPC: opening %s in zone %s: %s", text, zone, why);
                        said = TRUE;
                }
                if (!said)
                        g_debug("RPC: %s %s in zone %s", added ? "opening" : "closing", text,
                                zone);
        }
}

static void
rpc_changed(const char *zone, GPtrArray *added, GPtrArray *removed, gpointer data)
{
        ZwFirewall *fw = data;

        log_ports(fw->rpc, zone, added, TRUE);
        log_ports(fw->rpc, zone, removed, FALSE);
        g_hash_table_add(fw->rpc_dirty, g_strdup(zone));
        /* one update for all zones of a poll */
        if (fw->rpc_idle == 0)
                fw->rpc_idle = g_idle_add(rpc_resync, fw);
}

/* the applied plan against the whole plan of the applied runtime (ZW_VERIFY_PARTS) */
static void
verify(ZwFirewall *fw, const char *what)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwNftPlan) whole = compile(fw, fw->rt, &error);
        g_autofree char *why = NULL;

        if (whole == NULL) {
                g_critical("%s: the whole plan does not compile: %s", what, error->message);
                return;
        }
        if (!zw_nft_plan_equal(whole, zw_nft_applier_get_applied(fw->applier), &why))
                g_critical("%s: the applied plan differs from the whole plan: %s", what, why);
}

static gboolean
ensure_applier(ZwFirewall *fw, GError **error)
{
        if (fw->applier == NULL)
                fw->applier = zw_nft_applier_new(fw->table, error);
        return fw->applier != NULL;
}

static gboolean
apply_plan(ZwFirewall *fw, const ZwRuntime *rt, GError **error)
{
        g_autoptr(ZwNftPlan) plan = compile(fw, rt, error);

        if (plan == NULL || !ensure_applier(fw, error))
                return FALSE;
        if (!zw_nft_load_modules(zw_nft_plan_modules(plan), error))
                return FALSE;
        return zw_nft_apply_plan(fw->applier, g_steal_pointer(&plan), error);
}

/* KIND NAME's part of `rt` in place of the applied one; *out_fitted FALSE: nothing done,
 * the whole plan is needed */
static gboolean
apply_part(ZwFirewall *fw, const ZwRuntime *rt, const char *kind, const char *name,
           gboolean *out_fitted, GError **error)
{
        g_autofree char *owner = zw_nft_owner(kind, name);
        g_autoptr(GHashTable) rpc_ports = NULL;
        ZwNftPlan *part;
        ZwNftOptions opts;

        *out_fitted = FALSE;
        if (fw->applier == NULL || zw_nft_applier_get_applied(fw->applier) == NULL)
                return TRUE;
        zw_nft_options_init(&opts);
        opts.table_name = fw->table;
        opts.ipv6_rpfilter = zw_conf_get_bool(rt->tree->conf, "IPv6_rpfilter");
        opts.rfc3964_ipv4 = zw_conf_get_bool(rt->tree->conf, "RFC3964_IPv4");
        if (g_str_equal(kind, "zone"))
                rpc_ports = zw_rpc_follower_dup_port_table(fw->rpc);
        opts.rpc_ports = rpc_ports;
        part = zw_nft_compile_part(rt, &opts, kind, name, error);
        /* a part that fits needs the modules the applied plan has loaded already */
        return part != NULL && zw_nft_apply_part(fw->applier, part, owner, out_fitted, error);
}

/* ConntrackLogInvalid follows the runtime's firewalld.conf (start, reload); a failure only
 * costs the kernel's log of invalid packets, never the ruleset */
static void
follow_conntrack_conf(const ZwRuntime *rt)
{
        g_autoptr(GError) error = NULL;

        if (!zw_conntrack_follow_conf(rt->tree != NULL ? rt->tree->conf : NULL, NULL, &error))
                g_warning("ConntrackLogInvalid: %s", error->message);
}

gboolean
zw_firewall_apply(ZwFirewall *fw, const ZwRuntime *rt, GError **error)
{
        /* the follower learns the new (zone, service) pairs first, so this one transaction
         * already holds their known ports; a pending rpc_resync() then finds nothing to do */
        rpc_update_wants(fw, rt, NULL);
        if (!apply_plan(fw, rt, error)) {
                /* the kernel keeps the old runtime: so do the wants */
                if (fw->rt != NULL && fw->rt != rt) {
                        rpc_update_wants(fw, fw->rt, NULL);
                } else {
                        /* changed in place: the caller undoes the change after we return */
                        fw->rpc_stale = fw->rt != NULL;
                        if (fw->rt == NULL) {
                                zw_rpc_follower_clear(fw->rpc);
                                zw_rpc_follower_commit(fw->rpc);
                        }
                        if (fw->rpc_stale && fw->rpc_idle == 0)
                                fw->rpc_idle = g_idle_add(rpc_resync, fw);
                }
                return FALSE;
        }
        fw->rt = rt;
        follow_conntrack_conf(rt);
        if (fw->verify)
                verify(fw, "apply");
#ifdef HAVE_MALLOC_TRIM
        /* a whole apply (start, reload) freed a previous runtime and plan: glibc keeps such
         * heap for later unless asked (tens of MiB on large configs, bench/README.md) */
        malloc_trim(0);
#endif
        return TRUE;
}

/* ITEM added to zone (or ipset) NAME as set elements only; *out_fitted FALSE: not that
 * simple */
static gboolean
apply_addition(ZwFirewall *fw, const ZwRuntime *rt, const char *name, const ZwItem *item,
               gboolean *out_fitted, GError **error)
{
        ZwNftOptions opts;
        ZwNftPlan *plan;

        *out_fitted = FALSE;
        if (fw->applier == NULL)
                return TRUE;
        zw_nft_options_init(&opts);
        opts.table_name = fw->table;
        plan = zw_nft_compile_addition(rt, &opts, name, item->type, item->value, item->protocol,
                                       error);
        if (plan == NULL)
                return error == NULL || *error == NULL;
        return zw_nft_apply_additions(fw->applier, plan, out_fitted, error);
}

gboolean
zw_firewall_apply_part(ZwFirewall *fw, const ZwRuntime *rt, const char *kind, const char *name,
                       const ZwItem *item, gboolean added, GError **error)
{
        gboolean zone = g_str_equal(kind, "zone");
        gboolean fitted = FALSE;

        if (fw->rt == NULL || fw->rt != rt)
                return zw_firewall_apply(fw, rt, error);
        if (item != NULL && added &&
            (zone ? item->type == ZW_ITEM_PORT || item->type == ZW_ITEM_PROTOCOL ||
                            item->type == ZW_ITEM_SOURCE_PORT
                  : item->type == ZW_ITEM_ENTRY)) {
                if (!apply_addition(fw, rt, name, item, &fitted, error))
                        return FALSE; /* nothing sent; the caller undoes its change */
                if (fitted) {
                        if (fw->verify)
                                verify(fw, name);
                        return TRUE;
                }
        }
        /* only services bring RPC programs */
        if (zone && (item == NULL || item->type == ZW_ITEM_SERVICE))
                rpc_update_wants(fw, rt, name);
        if (!apply_part(fw, rt, kind, name, &fitted, error)) {
                /* the caller undoes its change in `rt` after we return: recompute the
                 * follower's wants from it then */
                fw->rpc_stale = TRUE;
                if (fw->rpc_idle == 0)
                        fw->rpc_idle = g_idle_add(rpc_resync, fw);
                return FALSE;
        }
        if (!fitted)
                return zw_firewall_apply(fw, rt, error);
        if (fw->verify)
                verify(fw, name);
        return TRUE;
}

ZwRpcFollower *
zw_firewall_get_rpc(ZwFirewall *fw)
{
        return fw->rpc;
}

void
zw_firewall_start_rpc(ZwFirewall *fw)
{
        zw_rpc_follower_start(fw->rpc);
}


gboolean
zw_firewall_set_panic(ZwFirewall *fw, gboolean enable, GError **error)
{
        if (!ensure_applier(fw, error))
                return FALSE;
        return zw_nft_set_panic(fw->applier, enable, error);
}

gboolean
zw_firewall_write_conf(ZwFirewall *fw, const ZwConf *conf, GError **error)
{
        g_autofree char *path = g_build_filename(fw->admin_dir, "firewalld.conf", NULL);

        /* atomic, previous file kept as .old, comments kept (xml/write.h) */
        return zw_xml_write_conf(conf, path, NULL, error);
}

gboolean
zw_firewall_cleanup(ZwFirewall *fw, GError **error)
{
        if (fw->applier == NULL)
                return TRUE;
        return zw_nft_remove_all(fw->applier, error);
}

gboolean
zw_firewall_cleanup_on_exit(ZwFirewall *fw)
{
        g_autofree char *path = g_build_filename(fw->admin_dir, "firewalld.conf", NULL);
        g_autofree char *contents = NULL;
        g_autoptr(ZwConf) conf = NULL;

        /* firewalld treats an absent key as yes; we do not: an absent key keeps the ruleset,
         * so a stopped daemon never opens the node unless the admin wrote the key */
        if (!g_file_get_contents(path, &contents, NULL, NULL))
                return FALSE;
        conf = zw_conf_parse(contents, NULL);
        return zw_conf_is_explicit(conf, "CleanupOnExit") &&
               zw_conf_get_bool(conf, "CleanupOnExit");
}

static gboolean
backend_write_object(gpointer data, gpointer object, GError **error)
{
        ZwFirewall *fw = data;
        ZwObjInfo *info = object;
        g_autofree char *path = NULL;

        if (!zw_xml_write_object(object, fw->admin_dir, error))
                return FALSE;
        path = zw_xml_object_path(fw->admin_dir, info->kind, info->name);
        g_free(info->path);
        g_free(info->filename);
        info->path = g_path_get_dirname(path);
        info->filename = g_path_get_basename(path);
        return TRUE;
}

static gboolean
backend_remove_object(gpointer data, ZwKind kind, const char *name, GError **error)
{
        ZwFirewall *fw = data;

        return zw_xml_remove_object(kind, name, fw->admin_dir, error);
}

static gboolean
backend_apply(gpointer data, const ZwRuntime *rt, GError **error)
{
        return zw_firewall_apply(data, rt, error);
}

static gboolean
backend_apply_part(gpointer data, const ZwRuntime *rt, ZwKind kind, const char *name,
                   const ZwItem *item, gboolean added, GError **error)
{
        g_return_val_if_fail(kind == ZW_KIND_ZONE || kind == ZW_KIND_IPSET, FALSE);
        return zw_firewall_apply_part(data, rt, kind == ZW_KIND_ZONE ? "zone" : "ipset", name,
                                      item, added, error);
}

static gboolean
backend_set_panic(gpointer data, gboolean enable, GError **error)
{
        return zw_firewall_set_panic(data, enable, error);
}

static ZwTree *
backend_load(gpointer data, GError **error)
{
        return zw_firewall_load(data, TRUE, error);
}

static gboolean
backend_write_conf(gpointer data, const ZwConf *conf, GError **error)
{
        return zw_firewall_write_conf(data, conf, error);
}

static gboolean
backend_write_lockdown(gpointer data, const ZwLockdown *lockdown, GError **error)
{
        ZwFirewall *fw = data;
        g_autofree char *path = g_build_filename(fw->admin_dir, "lockdown-whitelist.xml", NULL);

        return zw_xml_write_lockdown(lockdown, path, error);
}

const ZwDbusBackend zw_firewall_backend = {
        .apply = backend_apply,
        .apply_part = backend_apply_part,
        .set_panic = backend_set_panic,
        .load = backend_load,
        .write_conf = backend_write_conf,
        .write_object = backend_write_object,
        .remove_object = backend_remove_object,
        .write_lockdown = backend_write_lockdown,
};
