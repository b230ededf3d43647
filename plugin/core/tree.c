/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/tree.c: one whole configuration: all objects plus firewalld.conf, direct, lockdown */
#include "config.h"

#include <string.h>

#include "core/tree.h"

#include "core/check.h"
#include "core/error.h"

static GHashTable *
object_table_new(void)
{
        /* keys are the objects' own info.name; g_hash_table_replace() keeps them in step */
        return g_hash_table_new_full(g_str_hash, g_str_equal, NULL, zw_object_free);
}

ZwTree *
zw_tree_new(void)
{
        ZwTree *tree = g_new0(ZwTree, 1);

        for (guint k = 0; k < ZW_KIND_N; k++) {
                tree->objects[k] = object_table_new();
                tree->builtins[k] = object_table_new();
        }
        tree->conf = zw_conf_new();
        tree->direct = zw_direct_new();
        tree->lockdown = zw_lockdown_new();
        return tree;
}

void
zw_tree_free(ZwTree *tree)
{
        if (tree == NULL)
                return;
        for (guint k = 0; k < ZW_KIND_N; k++) {
                g_hash_table_unref(tree->objects[k]);
                g_hash_table_unref(tree->builtins[k]);
        }
        zw_conf_free(tree->conf);
        zw_direct_free(tree->direct);
        zw_lockdown_free(tree->lockdown);
        g_free(tree);
}

static void
copy_table(GHashTable *dst, GHashTable *src)
{
        GHashTableIter it;
        gpointer value;

        g_hash_table_iter_init(&it, src);
        while (g_hash_table_iter_next(&it, NULL, &value)) {
                ZwObjInfo *copy = zw_object_dup(value);
                g_hash_table_replace(dst, copy->name, copy);
        }
}

ZwTree *
zw_tree_dup(const ZwTree *tree)
{
        ZwTree *dup;

        g_return_val_if_fail(tree != NULL, NULL);
        dup = g_new0(ZwTree, 1);
        for (guint k = 0; k < ZW_KIND_N; k++) {
                dup->objects[k] = object_table_new();
                dup->builtins[k] = object_table_new();
                copy_table(dup->objects[k], tree->objects[k]);
                copy_table(dup->builtins[k], tree->builtins[k]);
        }
        dup->conf = tree->conf != NULL ? zw_conf_dup(tree->conf) : zw_conf_new();
        dup->direct = tree->direct != NULL ? zw_direct_dup(tree->direct) : zw_direct_new();
        dup->lockdown = tree->lockdown != NULL ? zw_lockdown_dup(tree->lockdown)
                                               : zw_lockdown_new();
        return dup;
}

gpointer
zw_tree_lookup(const ZwTree *tree, ZwKind kind, const char *name)
{
        g_return_val_if_fail(tree != NULL && kind < ZW_KIND_N, NULL);
        if (name == NULL)
                return NULL;
        return g_hash_table_lookup(tree->objects[kind], name);
}

ZwZone *
zw_tree_get_zone(const ZwTree *tree, const char *name)
{
        return zw_tree_lookup(tree, ZW_KIND_ZONE, name);
}

ZwService *
zw_tree_get_service(const ZwTree *tree, const char *name)
{
        return zw_tree_lookup(tree, ZW_KIND_SERVICE, name);
}

ZwPolicy *
zw_tree_get_policy(const ZwTree *tree, const char *name)
{
        return zw_tree_lookup(tree, ZW_KIND_POLICY, name);
}

ZwIcmpType *
zw_tree_get_icmptype(const ZwTree *tree, const char *name)
{
        return zw_tree_lookup(tree, ZW_KIND_ICMPTYPE, name);
}

ZwHelper *
zw_tree_get_helper(const ZwTree *tree, const char *name)
{
        return zw_tree_lookup(tree, ZW_KIND_HELPER, name);
}

ZwIpset *
zw_tree_get_ipset(const ZwTree *tree, const char *name)
{
        return zw_tree_lookup(tree, ZW_KIND_IPSET, name);
}

void
zw_tree_insert(ZwTree *tree, gpointer object)
{
        ZwObjInfo *info = object;

        g_return_if_fail(tree != NULL && object != NULL && info->kind < ZW_KIND_N);
        g_return_if_fail(info->name != NULL);
        /* inserting the stored object again must not free it */
        if (g_hash_table_lookup(tree->objects[info->kind], info->name) == object)
                return;
        g_hash_table_replace(tree->objects[info->kind], info->name, object);
}

void
zw_tree_insert_builtin(ZwTree *tree, gpointer object)
{
        ZwObjInfo *info = object;

        g_return_if_fail(tree != NULL && object != NULL && info->kind < ZW_KIND_N);
        g_return_if_fail(info->name != NULL);
        if (g_hash_table_lookup(tree->builtins[info->kind], info->name) == object)
                return;
        g_hash_table_replace(tree->builtins[info->kind], info->name, object);
}

gpointer
zw_tree_lookup_builtin(const ZwTree *tree, ZwKind kind, const char *name)
{
        g_return_val_if_fail(tree != NULL && kind < ZW_KIND_N, NULL);
        return name != NULL ? g_hash_table_lookup(tree->builtins[kind], name) : NULL;
}

gboolean
zw_tree_remove(ZwTree *tree, ZwKind kind, const char *name)
{
        g_return_val_if_fail(tree != NULL && kind < ZW_KIND_N, FALSE);
        return name != NULL && g_hash_table_remove(tree->objects[kind], name);
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
        return strcmp(*(const char *const *)a, *(const char *const *)b);
}

GPtrArray *
zw_tree_names(const ZwTree *tree, ZwKind kind)
{
        GPtrArray *names = g_ptr_array_new();
        GHashTableIter it;
        gpointer key;

        g_return_val_if_fail(tree != NULL && kind < ZW_KIND_N, names);
        g_hash_table_iter_init(&it, tree->objects[kind]);
        while (g_hash_table_iter_next(&it, &key, NULL))
                g_ptr_array_add(names, key);
        g_ptr_array_sort(names, cmp_str);
        return names;
}

/* ---- whole-tree validation ---- */

static gboolean
check_rule_refs(const ZwTree *tree, const ZwRichRule *rule, GError **error)
{
        const ZwRichAddr *addrs[2] = { rule->source, rule->destination };

        switch (rule->element.type) {
        case ZW_RICH_ELEMENT_SERVICE:
                if (zw_tree_get_service(tree, rule->element.name) == NULL) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_SERVICE,
                                            rule->element.name != NULL ? rule->element.name : "");
                        return FALSE;
                }
                break;
        case ZW_RICH_ELEMENT_ICMP_BLOCK:
        case ZW_RICH_ELEMENT_ICMP_TYPE: {
                const ZwIcmpType *ict = zw_tree_get_icmptype(tree, rule->element.name);
                if (ict == NULL) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_ICMPTYPE,
                                            rule->element.name != NULL ? rule->element.name : "");
                        return FALSE;
                }
                if ((g_strcmp0(rule->family, "ipv4") == 0 && !ict->ipv4) ||
                    (g_strcmp0(rule->family, "ipv6") == 0 && !ict->ipv6)) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ICMPTYPE,
                                    "rich rule family '%s' conflicts with icmp type '%s'",
                                    rule->family, rule->element.name);
                        return FALSE;
                }
                break;
        }
        case ZW_RICH_ELEMENT_NONE:
        case ZW_RICH_ELEMENT_PORT:
        case ZW_RICH_ELEMENT_PROTOCOL:
        case ZW_RICH_ELEMENT_MASQUERADE:
        case ZW_RICH_ELEMENT_FORWARD_PORT:
        case ZW_RICH_ELEMENT_SOURCE_PORT:
        case ZW_RICH_ELEMENT_TCP_MSS_CLAMP:
        default:
                break;
        }
        for (guint i = 0; i < G_N_ELEMENTS(addrs); i++) {
                if (addrs[i] == NULL || addrs[i]->ipset == NULL)
                        continue;
                if (zw_tree_get_ipset(tree, addrs[i]->ipset) == NULL) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_IPSET,
                                            addrs[i]->ipset);
                        return FALSE;
                }
        }
        return TRUE;
}

gboolean
zw_tree_check_rule(const ZwTree *tree, const ZwRichRule *rule, GError **error)
{
        g_return_val_if_fail(tree != NULL && rule != NULL, FALSE);
        return check_rule_refs(tree, rule, error);
}

gboolean
zw_tree_check_ipset_source(const ZwTree *tree, const char *source, GError **error)
{
        const char *name;
        const ZwIpset *ipset;

        if (!g_str_has_prefix(source, "ipset:"))
                return TRUE;
        name = source + strlen("ipset:");
        ipset = zw_tree_get_ipset(tree, name);
        if (ipset == NULL) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_IPSET, name);
                return FALSE;
        }
        if (!zw_ipset_type_usable_as_source(ipset->type)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_IPSET,
                            "ipset '%s' with type '%s' not usable as source", name, ipset->type);
                return FALSE;
        }
        return TRUE;
}

/* services, icmp-blocks and rich rules of a zone or policy ("Zone"/"Policy" in messages) */
static gboolean
check_contents(const ZwTree *tree, const char *label, const char *name, const GPtrArray *services,
               const GPtrArray *icmp_blocks, const GPtrArray *rules, GError **error)
{
        for (guint i = 0; i < services->len; i++) {
                const char *s = g_ptr_array_index(services, i);
                if (zw_tree_get_service(tree, s) == NULL) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_SERVICE,
                                    "%s '%s': '%s' not among existing services", label, name, s);
                        return FALSE;
                }
        }
        for (guint i = 0; i < icmp_blocks->len; i++) {
                const char *s = g_ptr_array_index(icmp_blocks, i);
                if (zw_tree_get_icmptype(tree, s) == NULL) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ICMPTYPE,
                                    "%s '%s': '%s' not among existing icmp types", label, name,
                                    s);
                        return FALSE;
                }
        }
        for (guint i = 0; i < rules->len; i++)
                if (!check_rule_refs(tree, g_ptr_array_index(rules, i), error))
                        return FALSE;
        return TRUE;
}

static gboolean
binding_conflict(gboolean interface, const char *what, const ZwZone *other, GError **error)
{
        g_set_error(error, ZW_ERROR, interface ? ZW_ERROR_INVALID_INTERFACE : ZW_ERROR_INVALID_ADDR,
                    "%s '%s' already bound to zone '%s'", interface ? "interface" : "source", what,
                    other->info.name);
        return FALSE;
}

/* OWNERS: index_bindings() of the tree, or NULL to scan the other zones */
static gboolean
check_zone(const ZwTree *tree, const ZwZone *zone, GHashTable *owners, GError **error)
{
        const char *name = zone->info.name;
        GHashTableIter it;
        gpointer value;

        if (!zw_zone_check(zone, error))
                return FALSE;
        if (!check_contents(tree, "Zone", name, zone->services, zone->icmp_blocks, zone->rules,
                            error))
                return FALSE;
        for (guint i = 0; i < zone->sources->len; i++)
                if (!zw_tree_check_ipset_source(tree, g_ptr_array_index(zone->sources, i), error))
                        return FALSE;
        if (zw_tree_get_policy(tree, name) != NULL) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_NAME_CONFLICT,
                            "Zone '%s': name conflicts with a policy", name);
                return FALSE;
        }
        /* an interface or source belongs to one zone only (io/zone.py) */
        if (owners != NULL) {
                /* the whole tree's bindings, indexed once (zw_tree_check) */
                for (guint pass = 0; pass < 2; pass++) {
                        const GPtrArray *list = pass == 0 ? zone->interfaces : zone->sources;

                        for (guint i = 0; i < list->len; i++) {
                                g_autofree char *key = g_strdup_printf(
                                        "%c%s", pass == 0 ? 'i' : 's',
                                        (const char *)g_ptr_array_index(list, i));
                                const GPtrArray *zones = g_hash_table_lookup(owners, key);

                                for (guint k = 0; zones != NULL && k < zones->len; k++) {
                                        const ZwZone *other = g_ptr_array_index(zones, k);

                                        if (other != zone && !g_str_equal(other->info.name, name))
                                                return binding_conflict(pass == 0, key + 1,
                                                                        other, error);
                                }
                        }
                }
                return TRUE;
        }
        g_hash_table_iter_init(&it, tree->objects[ZW_KIND_ZONE]);
        while (g_hash_table_iter_next(&it, NULL, &value)) {
                const ZwZone *other = value;
                if (other == zone || g_strcmp0(other->info.name, name) == 0)
                        continue;
                for (guint i = 0; i < zone->interfaces->len; i++) {
                        const char *iface = g_ptr_array_index(zone->interfaces, i);
                        if (zw_strv_array_contains(other->interfaces, iface))
                                return binding_conflict(TRUE, iface, other, error);
                }
                for (guint i = 0; i < zone->sources->len; i++) {
                        const char *src = g_ptr_array_index(zone->sources, i);
                        if (zw_strv_array_contains(other->sources, src))
                                return binding_conflict(FALSE, src, other, error);
                }
        }
        return TRUE;
}

/* "i<interface>" / "s<source>" -> GPtrArray of the zones bound to it */
static GHashTable *
index_bindings(const ZwTree *tree)
{
        GHashTable *owners = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                                   (GDestroyNotify)g_ptr_array_unref);
        GHashTableIter it;
        gpointer value;

        g_hash_table_iter_init(&it, tree->objects[ZW_KIND_ZONE]);
        while (g_hash_table_iter_next(&it, NULL, &value)) {
                const ZwZone *z = value;

                for (guint pass = 0; pass < 2; pass++) {
                        const GPtrArray *list = pass == 0 ? z->interfaces : z->sources;

                        for (guint i = 0; list != NULL && i < list->len; i++) {
                                char *key = g_strdup_printf(
                                        "%c%s", pass == 0 ? 'i' : 's',
                                        (const char *)g_ptr_array_index(list, i));
                                GPtrArray *zones = g_hash_table_lookup(owners, key);

                                if (zones == NULL) {
                                        zones = g_ptr_array_new();
                                        g_hash_table_insert(owners, key, zones);
                                } else {
                                        g_free(key);
                                }
                                g_ptr_array_add(zones, (gpointer)z);
                        }
                }
        }
        return owners;
}

static gboolean
egress_has_interfaces(const ZwTree *tree, const ZwPolicy *policy)
{
        for (guint i = 0; i < policy->egress_zones->len; i++) {
                const ZwZone *z = zw_tree_get_zone(tree, g_ptr_array_index(policy->egress_zones, i));
                if (z != NULL && z->interfaces->len > 0)
                        return TRUE;
        }
        return FALSE;
}

static gboolean
check_policy(const ZwTree *tree, const ZwPolicy *policy, GError **error)
{
        const char *name = policy->info.name;
        const GPtrArray *lists[2] = { policy->ingress_zones, policy->egress_zones };
        gboolean egress_any;

        if (!zw_policy_check(policy, error))
                return FALSE;
        if (!check_contents(tree, "Policy", name, policy->services, policy->icmp_blocks,
                            policy->rules, error))
                return FALSE;
        for (guint l = 0; l < G_N_ELEMENTS(lists); l++) {
                for (guint i = 0; i < lists[l]->len; i++) {
                        const char *z = g_ptr_array_index(lists[l], i);
                        if (g_strcmp0(z, "ANY") == 0 || g_strcmp0(z, "HOST") == 0)
                                continue;
                        if (zw_tree_get_zone(tree, z) == NULL) {
                                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ZONE,
                                            "'%s' not among existing zones", z);
                                return FALSE;
                        }
                }
        }
        if (zw_tree_get_zone(tree, name) != NULL) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_NAME_CONFLICT,
                            "Policy '%s': name conflicts with a zone", name);
                return FALSE;
        }
        egress_any = zw_strv_array_contains(policy->egress_zones, "ANY");
        if (!egress_any && !zw_strv_array_contains(policy->egress_zones, "HOST") &&
            egress_has_interfaces(tree, policy)) {
                gboolean fwd = policy->forward_ports->len > 0;
                gboolean mark = FALSE;
                for (guint i = 0; i < policy->rules->len; i++) {
                        const ZwRichRule *r = g_ptr_array_index(policy->rules, i);
                        if (r->element.type == ZW_RICH_ELEMENT_FORWARD_PORT)
                                fwd = TRUE;
                        if (r->action.type == ZW_RICH_ACTION_MARK)
                                mark = TRUE;
                }
                if (fwd) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_ZONE,
                                            "'forward-port' cannot be used in a policy if an "
                                            "egress zone has assigned interfaces");
                        return FALSE;
                }
                if (mark) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_ZONE,
                                            "'mark' action cannot be used in a policy if an "
                                            "egress zone has assigned interfaces");
                        return FALSE;
                }
        }
        return TRUE;
}

static gboolean
check_service(const ZwTree *tree, const ZwService *service, GError **error)
{
        if (!zw_service_check(service, error))
                return FALSE;
        for (guint i = 0; i < service->includes->len; i++) {
                const char *inc = g_ptr_array_index(service->includes, i);
                if (zw_tree_get_service(tree, inc) == NULL) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_SERVICE,
                                    "Service '%s': Included service '%s' not found.",
                                    service->info.name, inc);
                        return FALSE;
                }
        }
        return TRUE;
}

gboolean
zw_tree_check_object(const ZwTree *tree, gconstpointer object, GError **error)
{
        const ZwObjInfo *info = object;

        g_return_val_if_fail(tree != NULL && object != NULL, FALSE);
        switch (info->kind) {
        case ZW_KIND_ZONE:
                return check_zone(tree, object, NULL, error);
        case ZW_KIND_SERVICE:
                return check_service(tree, object, error);
        case ZW_KIND_POLICY:
                return check_policy(tree, object, error);
        case ZW_KIND_ICMPTYPE:
                return zw_icmptype_check(object, error);
        case ZW_KIND_HELPER:
                return zw_helper_check(object, error);
        case ZW_KIND_IPSET:
                return zw_ipset_check(object, error);
        case ZW_KIND_N:
        default:
                g_return_val_if_reached(FALSE);
        }
}

gboolean
zw_tree_check(const ZwTree *tree, GError **error)
{
        return zw_tree_check_all(tree, NULL, error);
}

gboolean
zw_tree_check_all(const ZwTree *tree, gconstpointer *out_failed, GError **error)
{
        /* firewalld's load order: the kinds others refer to come first */
        static const ZwKind order[] = { ZW_KIND_IPSET,   ZW_KIND_ICMPTYPE, ZW_KIND_HELPER,
                                        ZW_KIND_SERVICE, ZW_KIND_ZONE,     ZW_KIND_POLICY };

        g_autoptr(GHashTable) owners = NULL;

        g_return_val_if_fail(tree != NULL, FALSE);
        owners = index_bindings(tree);
        for (guint k = 0; k < G_N_ELEMENTS(order); k++) {
                g_autoptr(GPtrArray) names = zw_tree_names(tree, order[k]);
                for (guint i = 0; i < names->len; i++) {
                        gconstpointer obj =
                                zw_tree_lookup(tree, order[k], g_ptr_array_index(names, i));
                        if (!(order[k] == ZW_KIND_ZONE ? check_zone(tree, obj, owners, error)
                                                       : zw_tree_check_object(tree, obj, error))) {
                                if (out_failed != NULL)
                                        *out_failed = obj;
                                return FALSE;
                        }
                }
        }
        return TRUE;
}
