/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/runtime.c: the runtime state: a working copy of the config plus runtime-only switches */
#include "config.h"

#include <string.h>

#include "core/runtime.h"

#include "core/error.h"

/* config-formats.md §1: the files of zones/<dir>/ are one runtime zone <dir>: union of their
 * lists, OR of their booleans, target and descriptions dropped */
static void
merge_combined_zones(ZwTree *tree)
{
        g_autoptr(GPtrArray) names = zw_tree_names(tree, ZW_KIND_ZONE);
        g_autoptr(GPtrArray) combined = g_ptr_array_new_with_free_func(g_free);

        for (guint i = 0; i < names->len; i++)
                if (strchr(g_ptr_array_index(names, i), '/') != NULL)
                        g_ptr_array_add(combined, g_strdup(g_ptr_array_index(names, i)));
        for (guint i = 0; i < combined->len; i++) {
                const char *full = g_ptr_array_index(combined, i);
                g_autofree char *dir = g_strndup(full, (gsize)(strchr(full, '/') - full));
                ZwZone *part = zw_tree_get_zone(tree, full);
                ZwZone *zone = zw_tree_get_zone(tree, dir);

                if (zone == NULL) {
                        zone = zw_zone_new(dir);
                        zone->info.is_default = part->info.is_default;
                        zone->info.builtin = part->info.builtin;
                        zw_tree_insert(tree, zone);
                }
                zw_zone_merge(zone, part);
                zw_tree_remove(tree, ZW_KIND_ZONE, full);
        }
}

ZwRuntime *
zw_runtime_new(const ZwTree *permanent)
{
        ZwRuntime *rt;

        g_return_val_if_fail(permanent != NULL, NULL);
        rt = g_new0(ZwRuntime, 1);
        rt->tree = zw_tree_dup(permanent);
        /* runtime trees have no builtin copies: loadDefaults is a permanent operation */
        for (guint k = 0; k < ZW_KIND_N; k++)
                g_hash_table_remove_all(rt->tree->builtins[k]);
        merge_combined_zones(rt->tree);
        rt->default_zone = g_strdup(zw_conf_get_default_zone(rt->tree->conf));
        rt->log_denied = g_strdup(zw_conf_get_log_denied(rt->tree->conf));
        rt->lockdown = zw_conf_get_bool(rt->tree->conf, "Lockdown");
        rt->panic = FALSE;
        return rt;
}

void
zw_runtime_free(ZwRuntime *rt)
{
        if (rt == NULL)
                return;
        zw_tree_free(rt->tree);
        g_free(rt->default_zone);
        g_free(rt->log_denied);
        g_free(rt);
}

ZwRuntime *
zw_runtime_dup(const ZwRuntime *rt)
{
        ZwRuntime *dup;

        g_return_val_if_fail(rt != NULL, NULL);
        dup = g_new0(ZwRuntime, 1);
        dup->tree = zw_tree_dup(rt->tree);
        dup->default_zone = g_strdup(rt->default_zone);
        dup->log_denied = g_strdup(rt->log_denied);
        dup->panic = rt->panic;
        dup->lockdown = rt->lockdown;
        return dup;
}

const char *
zw_runtime_resolve_zone(const ZwRuntime *rt, const char *zone, GError **error)
{
        const ZwZone *z;

        g_return_val_if_fail(rt != NULL, NULL);
        if (zone == NULL || *zone == '\0')
                zone = rt->default_zone;
        z = zw_tree_get_zone(rt->tree, zone);
        if (z == NULL) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_ZONE,
                                    zone != NULL ? zone : "");
                return NULL;
        }
        return z->info.name;
}

gboolean
zw_runtime_set_default_zone(ZwRuntime *rt, const char *zone, GError **error)
{
        const char *name;

        g_return_val_if_fail(rt != NULL, FALSE);
        if (zone == NULL || *zone == '\0' || zw_tree_get_zone(rt->tree, zone) == NULL) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_ZONE,
                                    zone != NULL ? zone : "");
                return FALSE;
        }
        if (g_strcmp0(rt->default_zone, zone) == 0) {
                /* observed: "ZONE_ALREADY_SET: public" */
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_ZONE_ALREADY_SET, zone);
                return FALSE;
        }
        name = zw_tree_get_zone(rt->tree, zone)->info.name;
        g_free(rt->default_zone);
        rt->default_zone = g_strdup(name);
        return TRUE;
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
        return strcmp(*(const char *const *)a, *(const char *const *)b);
}

GPtrArray *
zw_runtime_active_zones(const ZwRuntime *rt)
{
        GPtrArray *out = g_ptr_array_new();
        GHashTableIter it;
        gpointer value;

        g_return_val_if_fail(rt != NULL, out);
        g_hash_table_iter_init(&it, rt->tree->objects[ZW_KIND_ZONE]);
        while (g_hash_table_iter_next(&it, NULL, &value)) {
                const ZwZone *z = value;
                if (z->interfaces->len > 0 || z->sources->len > 0)
                        g_ptr_array_add(out, z->info.name);
        }
        g_ptr_array_sort(out, cmp_str);
        return out;
}

gboolean
zw_runtime_zone_is_used(const ZwRuntime *rt, const char *zone)
{
        const ZwZone *z;

        g_return_val_if_fail(rt != NULL, FALSE);
        z = zw_tree_get_zone(rt->tree, zone);
        if (z == NULL)
                return FALSE;
        return z->interfaces->len > 0 || z->sources->len > 0 ||
               g_strcmp0(rt->default_zone, zone) == 0;
}

static gboolean
zones_active(const ZwRuntime *rt, const GPtrArray *zones)
{
        for (guint i = 0; i < zones->len; i++) {
                const char *z = g_ptr_array_index(zones, i);
                if (g_strcmp0(z, "ANY") == 0 || g_strcmp0(z, "HOST") == 0)
                        continue;
                if (!zw_runtime_zone_is_used(rt, z))
                        return FALSE;
        }
        return TRUE;
}

gboolean
zw_runtime_policy_is_active(const ZwRuntime *rt, const char *policy)
{
        const ZwPolicy *p;

        g_return_val_if_fail(rt != NULL, FALSE);
        p = zw_tree_get_policy(rt->tree, policy);
        if (p == NULL || p->ingress_zones->len == 0 || p->egress_zones->len == 0)
                return FALSE;
        return zones_active(rt, p->ingress_zones) && zones_active(rt, p->egress_zones);
}
