/* SPDX-License-Identifier: GPL-2.0-or-later */
/* insight/dump.c: runtime and permanent configuration -> one JSON document (json-glib) */
#include "config.h"

#include "insight/dump.h"

static void
add_str(JsonBuilder *b, const char *key, const char *value)
{
        json_builder_set_member_name(b, key);
        if (value == NULL)
                json_builder_add_null_value(b);
        else
                json_builder_add_string_value(b, value);
}

static void
add_bool(JsonBuilder *b, const char *key, gboolean value)
{
        json_builder_set_member_name(b, key);
        json_builder_add_boolean_value(b, value);
}

static void
add_strv(JsonBuilder *b, const char *key, const GPtrArray *a)
{
        json_builder_set_member_name(b, key);
        json_builder_begin_array(b);
        for (guint i = 0; a != NULL && i < a->len; i++)
                json_builder_add_string_value(b, g_ptr_array_index(a, i));
        json_builder_end_array(b);
}

static void
add_ports(JsonBuilder *b, const char *key, const GPtrArray *a)
{
        json_builder_set_member_name(b, key);
        json_builder_begin_array(b);
        for (guint i = 0; a != NULL && i < a->len; i++) {
                const ZwPort *p = g_ptr_array_index(a, i);

                json_builder_begin_object(b);
                add_str(b, "port", p->port);
                add_str(b, "protocol", p->protocol);
                json_builder_end_object(b);
        }
        json_builder_end_array(b);
}

static void
add_forward_ports(JsonBuilder *b, const GPtrArray *a)
{
        json_builder_set_member_name(b, "forward_ports");
        json_builder_begin_array(b);
        for (guint i = 0; a != NULL && i < a->len; i++) {
                const ZwForwardPort *p = g_ptr_array_index(a, i);

                json_builder_begin_object(b);
                add_str(b, "port", p->port);
                add_str(b, "protocol", p->protocol);
                add_str(b, "to_port", p->to_port != NULL && *p->to_port ? p->to_port : NULL);
                add_str(b, "to_addr", p->to_addr != NULL && *p->to_addr ? p->to_addr : NULL);
                json_builder_end_object(b);
        }
        json_builder_end_array(b);
}

static void
add_rules(JsonBuilder *b, const GPtrArray *a)
{
        json_builder_set_member_name(b, "rules");
        json_builder_begin_array(b);
        for (guint i = 0; a != NULL && i < a->len; i++) {
                g_autofree char *s = zw_rich_rule_to_string(g_ptr_array_index(a, i));

                json_builder_add_string_value(b, s);
        }
        json_builder_end_array(b);
}

static void
add_info(JsonBuilder *b, const ZwObjInfo *info)
{
        add_str(b, "name", info->name);
        add_str(b, "short", info->short_desc);
        add_str(b, "description", info->description);
        add_bool(b, "builtin", info->builtin);
        add_bool(b, "default", info->is_default);
}

static void
zone_json(JsonBuilder *b, const ZwZone *z)
{
        json_builder_begin_object(b);
        add_info(b, &z->info);
        add_str(b, "target", z->target != NULL ? z->target : "default");
        add_strv(b, "interfaces", z->interfaces);
        add_strv(b, "sources", z->sources);
        add_strv(b, "services", z->services);
        add_ports(b, "ports", z->ports);
        add_strv(b, "protocols", z->protocols);
        add_ports(b, "source_ports", z->source_ports);
        add_strv(b, "icmp_blocks", z->icmp_blocks);
        add_bool(b, "icmp_block_inversion", z->icmp_block_inversion);
        add_bool(b, "masquerade", z->masquerade);
        add_bool(b, "forward", z->forward);
        add_forward_ports(b, z->forward_ports);
        add_rules(b, z->rules);
        json_builder_end_object(b);
}

static void
policy_json(JsonBuilder *b, const ZwPolicy *p)
{
        json_builder_begin_object(b);
        add_info(b, &p->info);
        add_str(b, "target", p->target != NULL ? p->target : "CONTINUE");
        json_builder_set_member_name(b, "priority");
        json_builder_add_int_value(b, p->priority);
        add_strv(b, "ingress_zones", p->ingress_zones);
        add_strv(b, "egress_zones", p->egress_zones);
        add_strv(b, "services", p->services);
        add_ports(b, "ports", p->ports);
        add_strv(b, "protocols", p->protocols);
        add_ports(b, "source_ports", p->source_ports);
        add_strv(b, "icmp_blocks", p->icmp_blocks);
        add_bool(b, "masquerade", p->masquerade);
        add_forward_ports(b, p->forward_ports);
        add_rules(b, p->rules);
        json_builder_end_object(b);
}

static void
service_json(JsonBuilder *b, const ZwService *s)
{
        json_builder_begin_object(b);
        add_info(b, &s->info);
        add_ports(b, "ports", s->ports);
        add_strv(b, "protocols", s->protocols);
        add_ports(b, "source_ports", s->source_ports);
        add_strv(b, "modules", s->modules);
        add_str(b, "destination_ipv4", s->destination_ipv4);
        add_str(b, "destination_ipv6", s->destination_ipv6);
        add_strv(b, "includes", s->includes);
        add_strv(b, "helpers", s->helpers);
        json_builder_end_object(b);
}

static void
ipset_json(JsonBuilder *b, const ZwIpset *s)
{
        json_builder_begin_object(b);
        add_info(b, &s->info);
        add_str(b, "type", s->type);
        json_builder_set_member_name(b, "options");
        json_builder_begin_object(b);
        for (guint i = 0; s->options != NULL && i < s->options->len; i++) {
                const ZwIpsetOption *o = g_ptr_array_index(s->options, i);

                add_str(b, o->name, o->value != NULL ? o->value : "");
        }
        json_builder_end_object(b);
        add_strv(b, "entries", s->entries);
        json_builder_end_object(b);
}

static void
helper_json(JsonBuilder *b, const ZwHelper *h)
{
        json_builder_begin_object(b);
        add_info(b, &h->info);
        add_str(b, "module", h->module);
        add_str(b, "family", h->family != NULL && *h->family ? h->family : NULL);
        add_ports(b, "ports", h->ports);
        json_builder_end_object(b);
}

static void
icmptype_json(JsonBuilder *b, const ZwIcmpType *t)
{
        json_builder_begin_object(b);
        add_info(b, &t->info);
        add_bool(b, "ipv4", t->ipv4);
        add_bool(b, "ipv6", t->ipv6);
        json_builder_end_object(b);
}

static void
objects_json(JsonBuilder *b, const ZwTree *tree, ZwKind kind, const char *key)
{
        g_autoptr(GPtrArray) names = zw_tree_names(tree, kind);

        json_builder_set_member_name(b, key);
        json_builder_begin_array(b);
        for (guint i = 0; i < names->len; i++) {
                gconstpointer o = zw_tree_lookup(tree, kind, g_ptr_array_index(names, i));

                switch (kind) {
                case ZW_KIND_ZONE:
                        zone_json(b, o);
                        break;
                case ZW_KIND_SERVICE:
                        service_json(b, o);
                        break;
                case ZW_KIND_POLICY:
                        policy_json(b, o);
                        break;
                case ZW_KIND_ICMPTYPE:
                        icmptype_json(b, o);
                        break;
                case ZW_KIND_HELPER:
                        helper_json(b, o);
                        break;
                case ZW_KIND_IPSET:
                        ipset_json(b, o);
                        break;
                case ZW_KIND_N:
                default:
                        break;
                }
        }
        json_builder_end_array(b);
}

static void
tree_members(JsonBuilder *b, const ZwTree *tree)
{
        objects_json(b, tree, ZW_KIND_ZONE, "zones");
        objects_json(b, tree, ZW_KIND_POLICY, "policies");
        objects_json(b, tree, ZW_KIND_SERVICE, "services");
        objects_json(b, tree, ZW_KIND_IPSET, "ipsets");
        objects_json(b, tree, ZW_KIND_HELPER, "helpers");
        objects_json(b, tree, ZW_KIND_ICMPTYPE, "icmptypes");
}

static void
runtime_json(JsonBuilder *b, const ZwRuntime *rt)
{
        g_autoptr(GPtrArray) active = zw_runtime_active_zones(rt);
        g_autoptr(GPtrArray) pols = zw_tree_names(rt->tree, ZW_KIND_POLICY);

        json_builder_begin_object(b);
        add_str(b, "default_zone", rt->default_zone);
        add_bool(b, "panic", rt->panic);
        add_str(b, "log_denied", rt->log_denied);
        add_bool(b, "lockdown", rt->lockdown);
        json_builder_set_member_name(b, "active_zones");
        json_builder_begin_object(b);
        for (guint i = 0; i < active->len; i++) {
                const ZwZone *z = zw_tree_get_zone(rt->tree, g_ptr_array_index(active, i));

                if (z == NULL)
                        continue;
                json_builder_set_member_name(b, z->info.name);
                json_builder_begin_object(b);
                add_strv(b, "interfaces", z->interfaces);
                add_strv(b, "sources", z->sources);
                json_builder_end_object(b);
        }
        json_builder_end_object(b);
        json_builder_set_member_name(b, "active_policies");
        json_builder_begin_array(b);
        for (guint i = 0; i < pols->len; i++)
                if (zw_runtime_policy_is_active(rt, g_ptr_array_index(pols, i)))
                        json_builder_add_string_value(b, g_ptr_array_index(pols, i));
        json_builder_end_array(b);
        tree_members(b, rt->tree);
        json_builder_end_object(b);
}

static void
permanent_json(JsonBuilder *b, const ZwTree *tree)
{
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "conf");
        json_builder_begin_object(b);
        for (const char *const *k = zw_conf_keys(); tree->conf != NULL && *k != NULL; k++)
                add_str(b, *k, zw_conf_get(tree->conf, *k));
        json_builder_end_object(b);
        add_str(b, "default_zone",
                tree->conf != NULL ? zw_conf_get_default_zone(tree->conf) : NULL);
        tree_members(b, tree);
        json_builder_end_object(b);
}

static gint
str_cmp(gconstpointer a, gconstpointer b)
{
        return g_strcmp0(*(const char *const *)a, *(const char *const *)b);
}

JsonNode *
zw_dump_build(const ZwRuntime *rt, const ZwTree *permanent, GHashTable *rpc_ports)
{
        g_autoptr(JsonBuilder) b = json_builder_new();

        json_builder_begin_object(b);
        add_str(b, "format", "zonewall-dump");
        json_builder_set_member_name(b, "version");
        json_builder_add_int_value(b, ZW_DUMP_FORMAT_VERSION);
        json_builder_set_member_name(b, "runtime");
        if (rt != NULL && rt->tree != NULL)
                runtime_json(b, rt);
        else
                json_builder_add_null_value(b);
        json_builder_set_member_name(b, "permanent");
        if (permanent != NULL)
                permanent_json(b, permanent);
        else
                json_builder_add_null_value(b);
        json_builder_set_member_name(b, "rpc_ports");
        if (rpc_ports != NULL) {
                g_autoptr(GPtrArray) zones = g_ptr_array_new();
                GHashTableIter it;
                gpointer key;

                g_hash_table_iter_init(&it, rpc_ports);
                while (g_hash_table_iter_next(&it, &key, NULL))
                        g_ptr_array_add(zones, key);

                g_ptr_array_sort(zones, str_cmp);
                json_builder_begin_object(b);
                for (guint i = 0; i < zones->len; i++) {
                        const char *z = g_ptr_array_index(zones, i);

                        add_strv(b, z, g_hash_table_lookup(rpc_ports, z));
                }
                json_builder_end_object(b);
        } else {
                json_builder_add_null_value(b);
        }
        json_builder_end_object(b);
        return json_builder_get_root(b);
}

char *
zw_dump_to_string(const ZwRuntime *rt, const ZwTree *permanent, GHashTable *rpc_ports,
                  gboolean pretty)
{
        g_autoptr(JsonNode) root = zw_dump_build(rt, permanent, rpc_ports);
        g_autoptr(JsonGenerator) gen = json_generator_new();

        json_generator_set_pretty(gen, pretty);
        json_generator_set_indent(gen, 2);
        json_generator_set_root(gen, root);
        return json_generator_to_data(gen, NULL);
}
