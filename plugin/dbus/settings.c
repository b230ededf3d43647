/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dbus/settings.c: settings tuples and dicts of zones, services, policies, icmptypes, helpers,
 * ipsets; runtime partial updates from dicts */
#include "config.h"

#include <string.h>

#include "core/edit.h"
#include "core/error.h"
#include "dbus/settings.h"

static const char *
str_or_empty(const char *s)
{
        return s != NULL ? s : "";
}

static GVariant *
strv_variant(const GPtrArray *list)
{
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("as"));
        for (guint i = 0; list != NULL && i < list->len; i++)
                g_variant_builder_add(&b, "s", (const char *)g_ptr_array_index(list, i));
        return g_variant_builder_end(&b);
}

static GVariant *
ports_variant(const GPtrArray *list)
{
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("a(ss)"));
        for (guint i = 0; list != NULL && i < list->len; i++) {
                const ZwPort *p = g_ptr_array_index(list, i);
                g_variant_builder_add(&b, "(ss)", p->port, p->protocol);
        }
        return g_variant_builder_end(&b);
}

static GVariant *
forward_ports_variant(const GPtrArray *list)
{
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("a(ssss)"));
        for (guint i = 0; list != NULL && i < list->len; i++) {
                const ZwForwardPort *p = g_ptr_array_index(list, i);
                g_variant_builder_add(&b, "(ssss)", p->port, p->protocol, str_or_empty(p->to_port),
                                      str_or_empty(p->to_addr));
        }
        return g_variant_builder_end(&b);
}

static GVariant *
rules_variant(const GPtrArray *list)
{
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("as"));
        for (guint i = 0; list != NULL && i < list->len; i++) {
                g_autofree char *s = zw_rich_rule_to_string(g_ptr_array_index(list, i));
                g_variant_builder_add(&b, "s", s);
        }
        return g_variant_builder_end(&b);
}

static void
dict_add_str(GVariantBuilder *b, const char *key, const char *value)
{
        if (value != NULL && value[0] != '\0')
                g_variant_builder_add(b, "{sv}", key, g_variant_new_string(value));
}

static void
dict_add_list(GVariantBuilder *b, const char *key, GVariant *list)
{
        g_variant_ref_sink(list);
        if (g_variant_n_children(list) > 0)
                g_variant_builder_add(b, "{sv}", key, list);
        g_variant_unref(list);
}

static void
dict_add_info(GVariantBuilder *b, const ZwObjInfo *info)
{
        dict_add_str(b, "version", info->version);
        dict_add_str(b, "short", info->short_desc);
        dict_add_str(b, "description", info->description);
}

GVariant *
zw_dbus_zone_to_dict(const ZwZone *zone)
{
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("a{sv}"));
        dict_add_info(&b, &zone->info);
        g_variant_builder_add(&b, "{sv}", "target",
                              g_variant_new_string(zone->target != NULL ? zone->target
                                                                        : "default"));
        dict_add_list(&b, "services", strv_variant(zone->services));
        dict_add_list(&b, "ports", ports_variant(zone->ports));
        dict_add_list(&b, "icmp_blocks", strv_variant(zone->icmp_blocks));
        g_variant_builder_add(&b, "{sv}", "masquerade", g_variant_new_boolean(zone->masquerade));
        dict_add_list(&b, "forward_ports", forward_ports_variant(zone->forward_ports));
        dict_add_list(&b, "interfaces", strv_variant(zone->interfaces));
        dict_add_list(&b, "sources", strv_variant(zone->sources));
        dict_add_list(&b, "rules_str", rules_variant(zone->rules));
        dict_add_list(&b, "protocols", strv_variant(zone->protocols));
        dict_add_list(&b, "source_ports", ports_variant(zone->source_ports));
        g_variant_builder_add(&b, "{sv}", "icmp_block_inversion",
                              g_variant_new_boolean(zone->icmp_block_inversion));
        g_variant_builder_add(&b, "{sv}", "forward", g_variant_new_boolean(zone->forward));
        return g_variant_builder_end(&b);
}

GVariant *
zw_dbus_zone_to_tuple(const ZwZone *zone)
{
        GVariant *fields[] = {
                g_variant_new_string(str_or_empty(zone->info.version)),
                g_variant_new_string(str_or_empty(zone->info.short_desc)),
                g_variant_new_string(str_or_empty(zone->info.description)),
                g_variant_new_boolean(FALSE), /* formerly "immutable" */
                g_variant_new_string(zone->target != NULL ? zone->target : "default"),
                strv_variant(zone->services),
                ports_variant(zone->ports),
                strv_variant(zone->icmp_blocks),
                g_variant_new_boolean(zone->masquerade),
                forward_ports_variant(zone->forward_ports),
                strv_variant(zone->interfaces),
                strv_variant(zone->sources),
                rules_variant(zone->rules),
                strv_variant(zone->protocols),
                ports_variant(zone->source_ports),
                g_variant_new_boolean(zone->icmp_block_inversion),
        };
        return g_variant_new_tuple(fields, G_N_ELEMENTS(fields));
}

static GVariant *
destinations_variant(const ZwService *service)
{
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("a{ss}"));
        if (service->destination_ipv4 != NULL)
                g_variant_builder_add(&b, "{ss}", "ipv4", service->destination_ipv4);
        if (service->destination_ipv6 != NULL)
                g_variant_builder_add(&b, "{ss}", "ipv6", service->destination_ipv6);
        return g_variant_builder_end(&b);
}

GVariant *
zw_dbus_service_to_dict(const ZwService *service)
{
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("a{sv}"));
        dict_add_info(&b, &service->info);
        dict_add_list(&b, "ports", ports_variant(service->ports));
        dict_add_list(&b, "modules", strv_variant(service->modules));
        dict_add_list(&b, "destination", destinations_variant(service));
        dict_add_list(&b, "protocols", strv_variant(service->protocols));
        dict_add_list(&b, "source_ports", ports_variant(service->source_ports));
        dict_add_list(&b, "includes", strv_variant(service->includes));
        dict_add_list(&b, "helpers", strv_variant(service->helpers));
        return g_variant_builder_end(&b);
}

GVariant *
zw_dbus_service_to_tuple(const ZwService *service)
{
        GVariant *fields[] = {
                g_variant_new_string(str_or_empty(service->info.version)),
                g_variant_new_string(str_or_empty(service->info.short_desc)),
                g_variant_new_string(str_or_empty(service->info.description)),
                ports_variant(service->ports),
                strv_variant(service->modules),
                destinations_variant(service),
                strv_variant(service->protocols),
                ports_variant(service->source_ports),
        };
        return g_variant_new_tuple(fields, G_N_ELEMENTS(fields));
}

GVariant *
zw_dbus_policy_to_dict(const ZwPolicy *policy)
{
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("a{sv}"));
        dict_add_info(&b, &policy->info);
        g_variant_builder_add(&b, "{sv}", "target",
                              g_variant_new_string(policy->target != NULL ? policy->target
                                                                          : "CONTINUE"));
        dict_add_list(&b, "services", strv_variant(policy->services));
        dict_add_list(&b, "ports", ports_variant(policy->ports));
        dict_add_list(&b, "icmp_blocks", strv_variant(policy->icmp_blocks));
        g_variant_builder_add(&b, "{sv}", "masquerade",
                              g_variant_new_boolean(policy->masquerade));
        dict_add_list(&b, "forward_ports", forward_ports_variant(policy->forward_ports));
        dict_add_list(&b, "rich_rules", rules_variant(policy->rules));
        dict_add_list(&b, "protocols", strv_variant(policy->protocols));
        dict_add_list(&b, "source_ports", ports_variant(policy->source_ports));
        g_variant_builder_add(&b, "{sv}", "priority", g_variant_new_int32(policy->priority));
        dict_add_list(&b, "ingress_zones", strv_variant(policy->ingress_zones));
        dict_add_list(&b, "egress_zones", strv_variant(policy->egress_zones));
        return g_variant_builder_end(&b);
}

GVariant *
zw_dbus_icmptype_to_tuple(const ZwIcmpType *icmptype)
{
        GVariantBuilder dest;

        g_variant_builder_init(&dest, G_VARIANT_TYPE("as"));
        if (icmptype->destination_given && icmptype->ipv4)
                g_variant_builder_add(&dest, "s", "ipv4");
        if (icmptype->destination_given && icmptype->ipv6)
                g_variant_builder_add(&dest, "s", "ipv6");
        return g_variant_new("(sssas)", str_or_empty(icmptype->info.version),
                             str_or_empty(icmptype->info.short_desc),
                             str_or_empty(icmptype->info.description), &dest);
}

GVariant *
zw_dbus_helper_to_tuple(const ZwHelper *helper)
{
        return g_variant_new("(sssss@a(ss))", str_or_empty(helper->info.version),
                             str_or_empty(helper->info.short_desc),
                             str_or_empty(helper->info.description),
                             str_or_empty(helper->family), str_or_empty(helper->module),
                             ports_variant(helper->ports));
}

GVariant *
zw_dbus_ipset_to_tuple(const ZwIpset *ipset)
{
        GVariantBuilder opts;

        g_variant_builder_init(&opts, G_VARIANT_TYPE("a{ss}"));
        for (guint i = 0; ipset->options != NULL && i < ipset->options->len; i++) {
                const ZwIpsetOption *o = g_ptr_array_index(ipset->options, i);
                g_variant_builder_add(&opts, "{ss}", o->name, str_or_empty(o->value));
        }
        return g_variant_new("(ssssa{ss}@as)", str_or_empty(ipset->info.version),
                             str_or_empty(ipset->info.short_desc),
                             str_or_empty(ipset->info.description), str_or_empty(ipset->type),
                             &opts, strv_variant(ipset->entries));
}

/* ------------------------------------------------------------------ partial updates */

/* one list-valued key of a zone/policy dict and how its items look */
typedef struct {
        const char *key;
        ZwItemType type;
        const char *signature; /* "as", "a(ss)", "a(ssss)" or "b" */
} Key;

static const Key zone_keys[] = {
        { "services", ZW_ITEM_SERVICE, "as" },
        { "ports", ZW_ITEM_PORT, "a(ss)" },
        { "icmp_blocks", ZW_ITEM_ICMP_BLOCK, "as" },
        { "masquerade", ZW_ITEM_MASQUERADE, "b" },
        { "forward_ports", ZW_ITEM_FORWARD_PORT, "a(ssss)" },
        { "interfaces", ZW_ITEM_INTERFACE, "as" },
        { "sources", ZW_ITEM_SOURCE, "as" },
        { "rules_str", ZW_ITEM_RICH_RULE, "as" },
        { "protocols", ZW_ITEM_PROTOCOL, "as" },
        { "source_ports", ZW_ITEM_SOURCE_PORT, "a(ss)" },
        { "icmp_block_inversion", ZW_ITEM_ICMP_BLOCK_INVERSION, "b" },
        { "forward", ZW_ITEM_FORWARD, "b" },
        { NULL },
};

static const Key policy_keys[] = {
        { "services", ZW_ITEM_SERVICE, "as" },
        { "ports", ZW_ITEM_PORT, "a(ss)" },
        { "icmp_blocks", ZW_ITEM_ICMP_BLOCK, "as" },
        { "masquerade", ZW_ITEM_MASQUERADE, "b" },
        { "forward_ports", ZW_ITEM_FORWARD_PORT, "a(ssss)" },
        { "rich_rules", ZW_ITEM_RICH_RULE, "as" },
        { "protocols", ZW_ITEM_PROTOCOL, "as" },
        { "source_ports", ZW_ITEM_SOURCE_PORT, "a(ss)" },
        { "ingress_zones", ZW_ITEM_INGRESS_ZONE, "as" },
        { "egress_zones", ZW_ITEM_EGRESS_ZONE, "as" },
        { NULL },
};

/* texts and flags accepted by the dict but not runtime items */
static const char *const passive_keys[] = { "version", "short", "description", "target",
                                            "priority", NULL };

/* an owned item */
typedef struct {
        ZwItem item;
        char *v[4];
} Val;

static void
val_free(gpointer data)
{
        Val *val = data;
        for (guint i = 0; i < G_N_ELEMENTS(val->v); i++)
                g_free(val->v[i]);
        g_free(val);
}

static Val *
val_new(ZwItemType type, const char *a, const char *b, const char *c, const char *d)
{
        Val *val = g_new0(Val, 1);

        val->v[0] = g_strdup(a);
        val->v[1] = g_strdup(b);
        val->v[2] = g_strdup(c);
        val->v[3] = g_strdup(d);
        val->item.type = type;
        val->item.value = val->v[0];
        val->item.protocol = val->v[1];
        val->item.to_port = val->v[2];
        val->item.to_addr = val->v[3];
        return val;
}

static gboolean
val_equal(const Val *a, const Val *b)
{
        for (guint i = 0; i < G_N_ELEMENTS(a->v); i++)
                if (g_strcmp0(a->v[i], b->v[i]) != 0)
                        return FALSE;
        return TRUE;
}

static gboolean
val_in(const GPtrArray *list, const Val *val)
{
        for (guint i = 0; i < list->len; i++)
                if (val_equal(g_ptr_array_index(list, i), val))
                        return TRUE;
        return FALSE;
}

static void
add_strs(GPtrArray *out, ZwItemType type, const GPtrArray *list)
{
        for (guint i = 0; list != NULL && i < list->len; i++)
                g_ptr_array_add(out, val_new(type, g_ptr_array_index(list, i), NULL, NULL, NULL));
}

static void
add_ports(GPtrArray *out, ZwItemType type, const GPtrArray *list)
{
        for (guint i = 0; list != NULL && i < list->len; i++) {
                const ZwPort *p = g_ptr_array_index(list, i);
                g_ptr_array_add(out, val_new(type, p->port, p->protocol, NULL, NULL));
        }
}

static void
add_forward_ports(GPtrArray *out, const GPtrArray *list)
{
        for (guint i = 0; list != NULL && i < list->len; i++) {
                const ZwForwardPort *p = g_ptr_array_index(list, i);
                g_ptr_array_add(out, val_new(ZW_ITEM_FORWARD_PORT, p->port, p->protocol,
                                             str_or_empty(p->to_port), str_or_empty(p->to_addr)));
        }
}

static void
add_rules(GPtrArray *out, const GPtrArray *list)
{
        for (guint i = 0; list != NULL && i < list->len; i++) {
                g_autofree char *s = zw_rich_rule_to_string(g_ptr_array_index(list, i));
                g_ptr_array_add(out, val_new(ZW_ITEM_RICH_RULE, s, NULL, NULL, NULL));
        }
}

/* current items of one type (booleans: one item if set) */
static GPtrArray *
current_items(const ZwTree *tree, ZwKind kind, const char *name, ZwItemType type)
{
        GPtrArray *out = g_ptr_array_new_with_free_func(val_free);
        const ZwZone *z = kind == ZW_KIND_ZONE ? zw_tree_get_zone(tree, name) : NULL;
        const ZwPolicy *p = kind == ZW_KIND_POLICY ? zw_tree_get_policy(tree, name) : NULL;
        gboolean flag = FALSE;

        switch (type) {
        case ZW_ITEM_SERVICE:
                add_strs(out, type, z != NULL ? z->services : p->services);
                break;
        case ZW_ITEM_PORT:
                add_ports(out, type, z != NULL ? z->ports : p->ports);
                break;
        case ZW_ITEM_PROTOCOL:
                add_strs(out, type, z != NULL ? z->protocols : p->protocols);
                break;
        case ZW_ITEM_SOURCE_PORT:
                add_ports(out, type, z != NULL ? z->source_ports : p->source_ports);
                break;
        case ZW_ITEM_ICMP_BLOCK:
                add_strs(out, type, z != NULL ? z->icmp_blocks : p->icmp_blocks);
                break;
        case ZW_ITEM_FORWARD_PORT:
                add_forward_ports(out, z != NULL ? z->forward_ports : p->forward_ports);
                break;
        case ZW_ITEM_RICH_RULE:
                add_rules(out, z != NULL ? z->rules : p->rules);
                break;
        case ZW_ITEM_INTERFACE:
                add_strs(out, type, z->interfaces);
                break;
        case ZW_ITEM_SOURCE:
                add_strs(out, type, z->sources);
                break;
        case ZW_ITEM_INGRESS_ZONE:
                add_strs(out, type, p->ingress_zones);
                break;
        case ZW_ITEM_EGRESS_ZONE:
                add_strs(out, type, p->egress_zones);
                break;
        case ZW_ITEM_MASQUERADE:
                flag = z != NULL ? z->masquerade : p->masquerade;
                break;
        case ZW_ITEM_ICMP_BLOCK_INVERSION:
                flag = z->icmp_block_inversion;
                break;
        case ZW_ITEM_FORWARD:
                flag = z->forward;
                break;
        case ZW_ITEM_MODULE:
        case ZW_ITEM_INCLUDE:
        case ZW_ITEM_HELPER:
        default:
                break;
        }
        if (flag)
                g_ptr_array_add(out, val_new(type, NULL, NULL, NULL, NULL));
        return out;
}

static char *
type_name(GVariant *v)
{
        return g_strdup(g_variant_get_type_string(v));
}

/* wanted items from the dict value; INVALID_TYPE if the value does not fit */
static GPtrArray *
wanted_items(const Key *key, GVariant *value, GError **error)
{
        GPtrArray *out = g_ptr_array_new_with_free_func(val_free);
        GVariantIter iter;
        GVariant *child;

        if (strcmp(key->signature, "b") == 0) {
                if (!g_variant_is_of_type(value, G_VARIANT_TYPE_BOOLEAN)) {
                        g_autofree char *t = type_name(value);
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_TYPE,
                                    "'%s' not of type bool, but %s", key->key, t);
                        g_ptr_array_unref(out);
                        return NULL;
                }
                if (g_variant_get_boolean(value))
                        g_ptr_array_add(out, val_new(key->type, NULL, NULL, NULL, NULL));
                return out;
        }
        /* any empty array is fine (dbus-api.md §5) */
        if (!g_variant_is_container(value) || g_variant_is_of_type(value, G_VARIANT_TYPE_TUPLE) ||
            (g_variant_n_children(value) > 0 &&
             !g_variant_is_of_type(value, G_VARIANT_TYPE(key->signature)))) {
                g_autofree char *t = type_name(value);
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_TYPE,
                            "'%s' not of type %s, but %s", key->key, key->signature, t);
                g_ptr_array_unref(out);
                return NULL;
        }
        g_variant_iter_init(&iter, value);
        while ((child = g_variant_iter_next_value(&iter)) != NULL) {
                if (strcmp(key->signature, "as") == 0) {
                        const char *s = g_variant_get_string(child, NULL);
                        if (key->type == ZW_ITEM_RICH_RULE) {
                                g_autoptr(ZwRichRule) rule = zw_rich_rule_parse(s, error);
                                g_autofree char *canon = NULL;
                                if (rule == NULL) {
                                        g_variant_unref(child);
                                        g_ptr_array_unref(out);
                                        return NULL;
                                }
                                canon = zw_rich_rule_to_string(rule);
                                g_ptr_array_add(out, val_new(key->type, canon, NULL, NULL, NULL));
                        } else {
                                g_ptr_array_add(out, val_new(key->type, s, NULL, NULL, NULL));
                        }
                } else if (strcmp(key->signature, "a(ss)") == 0) {
                        const char *a, *b;
                        g_variant_get(child, "(&s&s)", &a, &b);
                        g_ptr_array_add(out, val_new(key->type, a, b, NULL, NULL));
                } else {
                        const char *a, *b, *c, *d;
                        g_variant_get(child, "(&s&s&s&s)", &a, &b, &c, &d);
                        g_ptr_array_add(out, val_new(key->type, a, b, c, d));
                }
                g_variant_unref(child);
        }
        return out;
}

static gboolean
apply_key(ZwTree *tree, ZwKind kind, const char *name, const Key *key, GVariant *value,
          GError **error)
{
        g_autoptr(GPtrArray) old = current_items(tree, kind, name, key->type);
        g_autoptr(GPtrArray) want = wanted_items(key, value, error);

        if (want == NULL)
                return FALSE;
        for (guint i = 0; i < old->len; i++) {
                const Val *v = g_ptr_array_index(old, i);
                if (!val_in(want, v) &&
                    !zw_edit_remove(tree, kind, name, &v->item, ZW_EDIT_RUNTIME, error))
                        return FALSE;
        }
        for (guint i = 0; i < want->len; i++) {
                const Val *v = g_ptr_array_index(want, i);
                if (!val_in(old, v) &&
                    !zw_edit_add(tree, kind, name, &v->item, ZW_EDIT_RUNTIME, error))
                        return FALSE;
        }
        return TRUE;
}

static gboolean
apply_passive(ZwTree *tree, ZwKind kind, const char *name, const char *key, GVariant *value,
              GError **error)
{
        ZwPolicy *policy;

        if (kind != ZW_KIND_POLICY)
                return TRUE; /* zone texts and target are not runtime settings */
        policy = zw_tree_get_policy(tree, name);
        if (strcmp(key, "priority") == 0) {
                if (!g_variant_is_of_type(value, G_VARIANT_TYPE_INT32)) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_TYPE,
                                    "'priority' not of type int, but %s",
                                    g_variant_get_type_string(value));
                        return FALSE;
                }
                policy->priority = g_variant_get_int32(value);
        } else if (strcmp(key, "target") == 0) {
                if (!g_variant_is_of_type(value, G_VARIANT_TYPE_STRING)) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_TYPE,
                                    "'target' not of type str, but %s",
                                    g_variant_get_type_string(value));
                        return FALSE;
                }
                g_free(policy->target);
                policy->target = g_variant_dup_string(value, NULL);
        }
        return TRUE;
}

gboolean
zw_dbus_apply_settings_dict(ZwTree *tree, ZwKind kind, const char *name, GVariant *dict,
                            GError **error)
{
        const Key *keys = kind == ZW_KIND_ZONE ? zone_keys : policy_keys;
        GVariantIter iter;
        const char *k;
        GVariant *value;

        g_return_val_if_fail(kind == ZW_KIND_ZONE || kind == ZW_KIND_POLICY, FALSE);
        g_variant_iter_init(&iter, dict);
        while (g_variant_iter_next(&iter, "{&sv}", &k, &value)) {
                const Key *key = NULL;
                gboolean ok;

                for (guint i = 0; keys[i].key != NULL; i++)
                        if (strcmp(keys[i].key, k) == 0)
                                key = &keys[i];
                if (key != NULL) {
                        ok = apply_key(tree, kind, name, key, value, error);
                } else if (g_strv_contains(passive_keys, k) &&
                           (kind == ZW_KIND_POLICY || strcmp(k, "priority") != 0)) {
                        ok = apply_passive(tree, kind, name, k, value, error);
                } else {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_OPTION,
                                    "option '%s' is not valid", k);
                        ok = FALSE;
                }
                g_variant_unref(value);
                if (!ok)
                        return FALSE;
        }
        if (kind == ZW_KIND_POLICY)
                return zw_tree_check_object(tree, zw_tree_get_policy(tree, name), error);
        return TRUE;
}
