/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dbus/config.c: /org/fedoraproject/FirewallD1/config: the read side of the permanent config
 * (names, object paths, settings, firewalld.conf properties) */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/check.h"
#include "dbus/handlers.h"
#include "dbus/private.h"
#include "dbus/settings.h"

GVariant *
zw_dbus_strs_variant(const GPtrArray *list)
{
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("as"));
        for (guint i = 0; list != NULL && i < list->len; i++)
                g_variant_builder_add(&b, "s", (const char *)g_ptr_array_index(list, i));
        return g_variant_builder_end(&b);
}

GVariant *
zw_dbus_ports_variant(const GPtrArray *list)
{
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("a(ss)"));
        for (guint i = 0; list != NULL && i < list->len; i++) {
                const ZwPort *p = g_ptr_array_index(list, i);
                g_variant_builder_add(&b, "(ss)", p->port, p->protocol);
        }
        return g_variant_builder_end(&b);
}

/* ------------------------------------------------------------------ config root */

static void
names(ZwDbusCall *call, ZwKind kind)
{
        g_autoptr(GPtrArray) list = zw_tree_names(call->server->permanent, kind);

        zw_dbus_return(call, g_variant_new("(@as)", zw_dbus_strs_variant(list)));
}

static void
by_name(ZwDbusCall *call, ZwKind kind)
{
        const ZwConfigObj *obj;
        const char *name;

        g_variant_get(call->params, "(&s)", &name);
        obj = zw_dbus_config_object_lookup(call->server, kind, name);
        if (obj == NULL) {
                zw_dbus_return_code(call, zw_kind_invalid_code(kind), "%s", name);
                return;
        }
        zw_dbus_return(call, g_variant_new("(o)", obj->path));
}

static void
list_paths(ZwDbusCall *call, ZwKind kind)
{
        GPtrArray *objs = call->server->config_objs[kind];
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("ao"));
        for (guint i = 0; i < objs->len; i++)
                g_variant_builder_add(&b, "o", ((ZwConfigObj *)g_ptr_array_index(objs, i))->path);
        zw_dbus_return(call, g_variant_new("(ao)", &b));
}

#define CONFIG_KIND(stem, plural, kind)                                                         \
        void zw_dbus_config_get_##stem##_names(ZwDbusCall *call) { names(call, kind); }         \
        void zw_dbus_config_get_##stem##_by_name(ZwDbusCall *call) { by_name(call, kind); }     \
        void zw_dbus_config_list_##plural(ZwDbusCall *call) { list_paths(call, kind); }

CONFIG_KIND(zone, zones, ZW_KIND_ZONE)
CONFIG_KIND(service, services, ZW_KIND_SERVICE)
CONFIG_KIND(policy, policies, ZW_KIND_POLICY)
CONFIG_KIND(icmp_type, icmp_types, ZW_KIND_ICMPTYPE)
CONFIG_KIND(helper, helpers, ZW_KIND_HELPER)
CONFIG_KIND(ipset, ipsets, ZW_KIND_IPSET)

void
zw_dbus_config_get_zone_of_interface(ZwDbusCall *call)
{
        const char *value, *zone;

        g_variant_get(call->params, "(&s)", &value);
        zone = zw_tree_zone_of_interface(call->server->permanent, value);
        zw_dbus_return(call, g_variant_new("(s)", zone != NULL ? zone : ""));
}

void
zw_dbus_config_get_zone_of_source(ZwDbusCall *call)
{
        const char *value, *zone;

        g_variant_get(call->params, "(&s)", &value);
        zone = zw_tree_zone_of_source(call->server->permanent, value);
        zw_dbus_return(call, g_variant_new("(s)", zone != NULL ? zone : ""));
}

/* firewalld.conf as properties of the config interface (dbus-api.md §5.5) */
GVariant *
zw_dbus_config_get_property(ZwDbusCall *call, const char *property, GError **error)
{
        const char *value = zw_conf_get(call->server->permanent->conf, property);

        if (value == NULL) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PROPERTY, "%s", property);
                return NULL;
        }
        if (strcmp(property, "MinimalMark") == 0)
                return g_variant_new_int32((gint32)strtol(value, NULL, 10));
        return g_variant_new_string(value);
}

gboolean
zw_dbus_config_set_property(ZwDbusCall *call, const char *property, GVariant *value,
                            GError **error)
{
        ZwDbusServer *server = call->server;
        g_autoptr(ZwConf) conf = zw_conf_dup(server->permanent->conf);
        g_autofree char *text = NULL;
        GVariantBuilder changed;

        if (g_variant_is_of_type(value, G_VARIANT_TYPE_INT32))
                text = g_strdup_printf("%d", g_variant_get_int32(value));
        else
                text = g_variant_dup_string(value, NULL);
        if (!zw_conf_set(conf, property, text, error) ||
            !server->backend->write_conf(server->backend_data, conf, error))
                return FALSE;
        zw_conf_free(server->permanent->conf);
        server->permanent->conf = g_steal_pointer(&conf);
        g_variant_builder_init(&changed, G_VARIANT_TYPE("a{sv}"));
        g_variant_builder_add(&changed, "{sv}", property,
                              zw_dbus_config_get_property(call, property, NULL));
        zw_dbus_emit(server, ZW_DBUS_CONFIG_PATH, "org.freedesktop.DBus.Properties",
                     "PropertiesChanged",
                     g_variant_new("(sa{sv}as)", ZW_DBUS_IFACE_CONFIG, &changed, NULL));
        return TRUE;
}

/* ------------------------------------------------------------------ config/<kind>/N */

GVariant *
zw_dbus_config_obj_get_property(ZwDbusCall *call, const char *property, GError **error)
{
        const ZwConfigObj *obj = call->reg->obj;
        const ZwObjInfo *info = zw_tree_lookup(call->server->permanent, obj->kind, obj->name);

        if (info == NULL) {
                g_set_error(error, ZW_ERROR, zw_kind_invalid_code(obj->kind), "%s", obj->name);
                return NULL;
        }
        if (strcmp(property, "name") == 0)
                return g_variant_new_string(info->name);
        if (strcmp(property, "filename") == 0)
                return g_variant_new_string(info->filename != NULL ? info->filename : "");
        if (strcmp(property, "path") == 0)
                return g_variant_new_string(info->path != NULL ? info->path : "");
        if (strcmp(property, "default") == 0)
                return g_variant_new_boolean(info->is_default);
        if (strcmp(property, "builtin") == 0)
                return g_variant_new_boolean(info->builtin);
        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PROPERTY, "%s", property);
        return NULL;
}

/* the permanent object behind this config object, or NULL after replying */
static gconstpointer
this_object(ZwDbusCall *call)
{
        const ZwConfigObj *obj = call->reg->obj;
        gconstpointer object = zw_tree_lookup(call->server->permanent, obj->kind, obj->name);

        if (object == NULL)
                zw_dbus_return_code(call, zw_kind_invalid_code(obj->kind), "%s", obj->name);
        return object;
}

static void
return_one(ZwDbusCall *call, GVariant *value)
{
        zw_dbus_return(call, g_variant_new_tuple(&value, 1));
}

void
zw_dbus_config_zone_get_settings(ZwDbusCall *call)
{
        const ZwZone *zone = this_object(call);

        if (zone != NULL)
                return_one(call, zw_dbus_zone_to_tuple(zone));
}

void
zw_dbus_config_zone_get_settings2(ZwDbusCall *call)
{
        const ZwZone *zone = this_object(call);

        if (zone != NULL)
                return_one(call, zw_dbus_zone_to_dict(zone));
}

void
zw_dbus_config_service_get_settings(ZwDbusCall *call)
{
        const ZwService *service = this_object(call);

        if (service != NULL)
                return_one(call, zw_dbus_service_to_tuple(service));
}

void
zw_dbus_config_service_get_settings2(ZwDbusCall *call)
{
        const ZwService *service = this_object(call);

        if (service != NULL)
                return_one(call, zw_dbus_service_to_dict(service));
}

void
zw_dbus_config_policy_get_settings(ZwDbusCall *call)
{
        const ZwPolicy *policy = this_object(call);

        if (policy != NULL)
                return_one(call, zw_dbus_policy_to_dict(policy));
}

void
zw_dbus_config_icmptype_get_settings(ZwDbusCall *call)
{
        const ZwIcmpType *icmptype = this_object(call);

        if (icmptype != NULL)
                return_one(call, zw_dbus_icmptype_to_tuple(icmptype));
}

void
zw_dbus_config_helper_get_settings(ZwDbusCall *call)
{
        const ZwHelper *helper = this_object(call);

        if (helper != NULL)
                return_one(call, zw_dbus_helper_to_tuple(helper));
}

void
zw_dbus_config_ipset_get_settings(ZwDbusCall *call)
{
        const ZwIpset *ipset = this_object(call);

        if (ipset != NULL)
                return_one(call, zw_dbus_ipset_to_tuple(ipset));
}

/* texts common to all kinds */
#define INFO_GETTER(kindstem, field, fallback)                                                  \
        void zw_dbus_config_##kindstem##_get_##field(ZwDbusCall *call)                         \
        {                                                                                        \
                const ZwObjInfo *info = this_object(call);                                       \
                if (info != NULL)                                                                \
                        return_one(call, g_variant_new_string(info->fallback != NULL            \
                                                                      ? info->fallback           \
                                                                      : ""));                    \
        }

#define INFO_GETTERS(kindstem)                                                                   \
        INFO_GETTER(kindstem, version, version)                                                  \
        INFO_GETTER(kindstem, short, short_desc)                                                 \
        INFO_GETTER(kindstem, description, description)

INFO_GETTERS(zone)
INFO_GETTERS(service)
INFO_GETTERS(icmptype)
INFO_GETTERS(helper)
INFO_GETTERS(ipset)

/* zone getters */
#define ZONE_LIST(stem, field, conv)                                                             \
        void zw_dbus_config_zone_get_##stem(ZwDbusCall *call)                                   \
        {                                                                                        \
                const ZwZone *zone = this_object(call);                                          \
                if (zone != NULL)                                                                \
                        return_one(call, conv(zone->field));                                     \
        }

ZONE_LIST(services, services, zw_dbus_strs_variant)
ZONE_LIST(ports, ports, zw_dbus_ports_variant)
ZONE_LIST(protocols, protocols, zw_dbus_strs_variant)
ZONE_LIST(source_ports, source_ports, zw_dbus_ports_variant)
ZONE_LIST(icmp_blocks, icmp_blocks, zw_dbus_strs_variant)
ZONE_LIST(interfaces, interfaces, zw_dbus_strs_variant)
ZONE_LIST(sources, sources, zw_dbus_strs_variant)

void
zw_dbus_config_zone_get_forward_ports(ZwDbusCall *call)
{
        const ZwZone *zone = this_object(call);
        GVariantBuilder b;

        if (zone == NULL)
                return;
        g_variant_builder_init(&b, G_VARIANT_TYPE("a(ssss)"));
        for (guint i = 0; i < zone->forward_ports->len; i++) {
                const ZwForwardPort *p = g_ptr_array_index(zone->forward_ports, i);
                g_variant_builder_add(&b, "(ssss)", p->port, p->protocol,
                                      p->to_port != NULL ? p->to_port : "",
                                      p->to_addr != NULL ? p->to_addr : "");
        }
        return_one(call, g_variant_builder_end(&b));
}

void
zw_dbus_config_zone_get_rich_rules(ZwDbusCall *call)
{
        const ZwZone *zone = this_object(call);
        GVariantBuilder b;

        if (zone == NULL)
                return;
        g_variant_builder_init(&b, G_VARIANT_TYPE("as"));
        for (guint i = 0; i < zone->rules->len; i++) {
                g_autofree char *s = zw_rich_rule_to_string(g_ptr_array_index(zone->rules, i));
                g_variant_builder_add(&b, "s", s);
        }
        return_one(call, g_variant_builder_end(&b));
}

void
zw_dbus_config_zone_get_target(ZwDbusCall *call)
{
        const ZwZone *zone = this_object(call);

        if (zone != NULL)
                return_one(call, g_variant_new_string(zone->target != NULL ? zone->target
                                                                           : "default"));
}

void
zw_dbus_config_zone_get_masquerade(ZwDbusCall *call)
{
        const ZwZone *zone = this_object(call);

        if (zone != NULL)
                return_one(call, g_variant_new_boolean(zone->masquerade));
}

void
zw_dbus_config_zone_get_icmp_block_inversion(ZwDbusCall *call)
{
        const ZwZone *zone = this_object(call);

        if (zone != NULL)
                return_one(call, g_variant_new_boolean(zone->icmp_block_inversion));
}

/* permanent membership tests use the permanent rules of core/edit.h */
static void
zone_query(ZwDbusCall *call, ZwItemType type, guint nvalues)
{
        const ZwConfigObj *obj = call->reg->obj;
        const char *vals[4] = { NULL, NULL, NULL, NULL };
        g_autoptr(GError) error = NULL;
        gboolean present = FALSE;
        ZwItem item;

        for (guint i = 0; i < nvalues; i++)
                g_variant_get_child(call->params, i, "&s", &vals[i]);
        item = (ZwItem){ type, vals[0], vals[1], vals[2], vals[3] };
        if (!zw_edit_query(call->server->permanent, ZW_KIND_ZONE, obj->name, &item, &present,
                           &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        return_one(call, g_variant_new_boolean(present));
}

#define ZONE_QUERY(stem, type, n)                                                                \
        void zw_dbus_config_zone_query_##stem(ZwDbusCall *call) { zone_query(call, type, n); }

ZONE_QUERY(service, ZW_ITEM_SERVICE, 1)
ZONE_QUERY(port, ZW_ITEM_PORT, 2)
ZONE_QUERY(protocol, ZW_ITEM_PROTOCOL, 1)
ZONE_QUERY(source_port, ZW_ITEM_SOURCE_PORT, 2)
ZONE_QUERY(icmp_block, ZW_ITEM_ICMP_BLOCK, 1)
ZONE_QUERY(forward_port, ZW_ITEM_FORWARD_PORT, 4)
ZONE_QUERY(masquerade, ZW_ITEM_MASQUERADE, 0)
ZONE_QUERY(rich_rule, ZW_ITEM_RICH_RULE, 1)
ZONE_QUERY(interface, ZW_ITEM_INTERFACE, 1)
ZONE_QUERY(source, ZW_ITEM_SOURCE, 1)
ZONE_QUERY(icmp_block_inversion, ZW_ITEM_ICMP_BLOCK_INVERSION, 0)

/* service getters */
#define SERVICE_LIST(stem, field, conv)                                                          \
        void zw_dbus_config_service_get_##stem(ZwDbusCall *call)                                \
        {                                                                                        \
                const ZwService *service = this_object(call);                                    \
                if (service != NULL)                                                             \
                        return_one(call, conv(service->field));                                  \
        }

SERVICE_LIST(ports, ports, zw_dbus_ports_variant)
SERVICE_LIST(protocols, protocols, zw_dbus_strs_variant)
SERVICE_LIST(source_ports, source_ports, zw_dbus_ports_variant)
SERVICE_LIST(modules, modules, zw_dbus_strs_variant)
SERVICE_LIST(includes, includes, zw_dbus_strs_variant)

void
zw_dbus_config_service_get_destinations(ZwDbusCall *call)
{
        const ZwService *service = this_object(call);
        GVariantBuilder b;

        if (service == NULL)
                return;
        g_variant_builder_init(&b, G_VARIANT_TYPE("a{ss}"));
        if (service->destination_ipv4 != NULL)
                g_variant_builder_add(&b, "{ss}", "ipv4", service->destination_ipv4);
        if (service->destination_ipv6 != NULL)
                g_variant_builder_add(&b, "{ss}", "ipv6", service->destination_ipv6);
        return_one(call, g_variant_builder_end(&b));
}

/* icmptype, ipset, helper getters */
void
zw_dbus_config_icmptype_get_destinations(ZwDbusCall *call)
{
        const ZwIcmpType *icmptype = this_object(call);
        GVariantBuilder b;

        if (icmptype == NULL)
                return;
        g_variant_builder_init(&b, G_VARIANT_TYPE("as"));
        if (icmptype->destination_given && icmptype->ipv4)
                g_variant_builder_add(&b, "s", "ipv4");
        if (icmptype->destination_given && icmptype->ipv6)
                g_variant_builder_add(&b, "s", "ipv6");
        return_one(call, g_variant_builder_end(&b));
}

void
zw_dbus_config_ipset_get_entries(ZwDbusCall *call)
{
        const ZwIpset *ipset = this_object(call);

        if (ipset != NULL)
                return_one(call, zw_dbus_strs_variant(ipset->entries));
}

void
zw_dbus_config_ipset_get_type(ZwDbusCall *call)
{
        const ZwIpset *ipset = this_object(call);

        if (ipset != NULL)
                return_one(call, g_variant_new_string(ipset->type != NULL ? ipset->type : ""));
}

void
zw_dbus_config_helper_get_ports(ZwDbusCall *call)
{
        const ZwHelper *helper = this_object(call);

        if (helper != NULL)
                return_one(call, zw_dbus_ports_variant(helper->ports));
}

void
zw_dbus_config_helper_get_module(ZwDbusCall *call)
{
        const ZwHelper *helper = this_object(call);

        if (helper != NULL)
                return_one(call, g_variant_new_string(helper->module != NULL ? helper->module
                                                                             : ""));
}

void
zw_dbus_config_helper_get_family(ZwDbusCall *call)
{
        const ZwHelper *helper = this_object(call);

        if (helper != NULL)
                return_one(call, g_variant_new_string(helper->family != NULL ? helper->family
                                                                             : ""));
}

/* lockdown whitelist (permanent) */
void
zw_dbus_config_policies_get_lockdown_whitelist(ZwDbusCall *call)
{
        const ZwLockdown *l = call->server->permanent->lockdown;
        GVariantBuilder uids;

        g_variant_builder_init(&uids, G_VARIANT_TYPE("ai"));
        for (guint i = 0; i < l->uids->len; i++)
                g_variant_builder_add(&uids, "i", g_array_index(l->uids, gint32, i));
        return_one(call, g_variant_new("(@as@as@asai)", zw_dbus_strs_variant(l->commands),
                                       zw_dbus_strs_variant(l->contexts), zw_dbus_strs_variant(l->users), &uids));
}

void
zw_dbus_config_direct_get_settings(ZwDbusCall *call)
{
        /* no direct rules in zonewalld (see fw-other.c) */
        return_one(call, g_variant_new_parsed("@(a(sss)a(sssias)a(sas)) ([], [], [])"));
}

static void
permanent_whitelist(ZwDbusCall *call, int which, gboolean query)
{
        const ZwLockdown *l = call->server->permanent->lockdown;
        const GPtrArray *list = which == 0 ? l->commands : which == 1 ? l->contexts : l->users;

        if (which == 3) {
                GVariantBuilder b;
                gint32 uid = 0;
                gboolean present = FALSE;

                if (query) {
                        g_variant_get(call->params, "(i)", &uid);
                        for (guint i = 0; i < l->uids->len; i++)
                                present |= g_array_index(l->uids, gint32, i) == uid;
                        return_one(call, g_variant_new_boolean(present));
                        return;
                }
                g_variant_builder_init(&b, G_VARIANT_TYPE("ai"));
                for (guint i = 0; i < l->uids->len; i++)
                        g_variant_builder_add(&b, "i", g_array_index(l->uids, gint32, i));
                return_one(call, g_variant_builder_end(&b));
                return;
        }
        if (query) {
                const char *value;
                g_variant_get(call->params, "(&s)", &value);
                return_one(call, g_variant_new_boolean(
                                         g_ptr_array_find_with_equal_func((GPtrArray *)list, value,
                                                                          g_str_equal, NULL)));
                return;
        }
        return_one(call, zw_dbus_strs_variant(list));
}

#define PERMANENT_WL(stem, plural, which)                                                        \
        void zw_dbus_config_policies_get_lockdown_whitelist_##plural(ZwDbusCall *call)          \
        {                                                                                        \
                permanent_whitelist(call, which, FALSE);                                         \
        }                                                                                        \
        void zw_dbus_config_policies_query_lockdown_whitelist_##stem(ZwDbusCall *call)          \
        {                                                                                        \
                permanent_whitelist(call, which, TRUE);                                          \
        }

PERMANENT_WL(command, commands, 0)
PERMANENT_WL(context, contexts, 1)
PERMANENT_WL(user, users, 2)
PERMANENT_WL(uid, uids, 3)

/* ------------------------------------------------------------------ permanent zone edits */

/* Write this call's zone of `next` (a changed copy of the permanent tree) to the admin tree,
 * make `next` the permanent tree, emit Updated, reply. Takes `next`. */
static void
commit_zone(ZwDbusCall *call, ZwTree *next)
{
        ZwDbusServer *server = call->server;
        const ZwConfigObj *obj = call->reg->obj;
        g_autoptr(ZwTree) tree = next;
        g_autoptr(GError) error = NULL;
        ZwZone *zone = zw_tree_get_zone(tree, obj->name);

        if (zone->info.builtin) {
                zone->info.builtin = FALSE;
                zone->info.is_default = FALSE;
        }
        if (!server->backend->write_object(server->backend_data, zone, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_tree_free(server->permanent);
        server->permanent = g_steal_pointer(&tree);
        zw_dbus_emit(server, obj->path, ZW_DBUS_IFACE_CONFIG ".zone", "Updated",
                     g_variant_new("(s)", obj->name));
        zw_dbus_return(call, NULL);
}

/* Read-modify-write of one permanent zone: the change is made on a copy of the permanent tree,
 * the object written to the admin tree, and only then the copy replaces the tree. An edited
 * builtin becomes an admin override (builtin and default FALSE, dbus-api.md §5.5). */
static void
zone_edit(ZwDbusCall *call, gboolean add, ZwItemType type, guint nvalues)
{
        ZwDbusServer *server = call->server;
        const ZwConfigObj *obj = call->reg->obj;
        const char *vals[4] = { NULL, NULL, NULL, NULL };
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwTree) next = NULL;
        ZwItem item;

        if (server->backend->write_object == NULL) {
                zw_dbus_return_code(call, ZW_ERROR_COMMAND_FAILED,
                                    "permanent changes are not available");
                return;
        }
        for (guint i = 0; i < nvalues; i++)
                g_variant_get_child(call->params, i, "&s", &vals[i]);
        item = (ZwItem){ type, vals[0], vals[1], vals[2], vals[3] };
        if (add && (type == ZW_ITEM_INTERFACE || type == ZW_ITEM_SOURCE)) {
                /* bound permanently elsewhere: firewalld's config layer answers ZONE_CONFLICT
                 * with the bare value (server/config_zone.py) */
                const char *bound = type == ZW_ITEM_INTERFACE
                                            ? zw_tree_zone_of_interface(server->permanent, vals[0])
                                            : zw_tree_zone_of_source(server->permanent, vals[0]);
                if (bound != NULL && g_strcmp0(bound, obj->name) != 0) {
                        zw_dbus_return_code(call, ZW_ERROR_ZONE_CONFLICT, "%s", vals[0]);
                        return;
                }
        }
        next = zw_tree_dup(server->permanent);
        if (!(add ? zw_edit_add : zw_edit_remove)(next, ZW_KIND_ZONE, obj->name, &item,
                                                   ZW_EDIT_PERMANENT, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        commit_zone(call, g_steal_pointer(&next));
}

#define ZONE_EDIT(stem, type, n)                                                                 \
        void zw_dbus_config_zone_add_##stem(ZwDbusCall *call) { zone_edit(call, TRUE, type, n); } \
        void zw_dbus_config_zone_remove_##stem(ZwDbusCall *call)                                \
        {                                                                                        \
                zone_edit(call, FALSE, type, n);                                                 \
        }

ZONE_EDIT(service, ZW_ITEM_SERVICE, 1)
ZONE_EDIT(port, ZW_ITEM_PORT, 2)
ZONE_EDIT(protocol, ZW_ITEM_PROTOCOL, 1)
ZONE_EDIT(source_port, ZW_ITEM_SOURCE_PORT, 2)
ZONE_EDIT(icmp_block, ZW_ITEM_ICMP_BLOCK, 1)
ZONE_EDIT(forward_port, ZW_ITEM_FORWARD_PORT, 4)
ZONE_EDIT(masquerade, ZW_ITEM_MASQUERADE, 0)
ZONE_EDIT(rich_rule, ZW_ITEM_RICH_RULE, 1)
ZONE_EDIT(interface, ZW_ITEM_INTERFACE, 1)
ZONE_EDIT(source, ZW_ITEM_SOURCE, 1)
ZONE_EDIT(icmp_block_inversion, ZW_ITEM_ICMP_BLOCK_INVERSION, 0)

/* ------------------------------------------------------------------ update2 and setters */

gboolean
zw_dbus_wrong_type(const char *key, GVariant *value, const char *want, GError **error)
{
        g_autofree char *printed = g_variant_print(value, FALSE);

        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_TYPE, "'%s' not of type %s, but %s",
                    printed, want, g_variant_get_type_string(value));
        return FALSE;
}

/* any empty array fits any list key (dbus-api.md §5) */
gboolean
zw_dbus_fits(GVariant *value, const char *type)
{
        return g_variant_is_of_type(value, G_VARIANT_TYPE(type)) ||
               (g_variant_is_of_type(value, G_VARIANT_TYPE_ARRAY) &&
                g_variant_n_children(value) == 0);
}

void
zw_dbus_set_text(char **field, GVariant *value)
{
        const char *s = g_variant_get_string(value, NULL);

        g_free(*field);
        *field = s[0] != '\0' ? g_strdup(s) : NULL;
}

void
zw_dbus_set_strs(GPtrArray *list, GVariant *value)
{
        GVariantIter iter;
        const char *s;

        g_ptr_array_set_size(list, 0);
        g_variant_iter_init(&iter, value);
        while (g_variant_iter_next(&iter, "&s", &s))
                g_ptr_array_add(list, g_strdup(s));
}

void
zw_dbus_set_ports(GPtrArray *list, GVariant *value)
{
        GVariantIter iter;
        const char *port, *proto;

        g_ptr_array_set_size(list, 0);
        g_variant_iter_init(&iter, value);
        while (g_variant_iter_next(&iter, "(&s&s)", &port, &proto))
                g_ptr_array_add(list, zw_port_new(port, proto));
}

/* Replace the keys present in `dict` (config.zone.update2 semantics: a merge of whole values).
 * INVALID_OPTION for unknown keys, INVALID_TYPE for wrong value types, rich rule parse
 * errors as the parser reports them. */
static gboolean
zone_apply_dict(ZwZone *z, GVariant *dict, GError **error)
{
        GVariantIter iter;
        const char *key;
        GVariant *value;

        g_variant_iter_init(&iter, dict);
        while (g_variant_iter_next(&iter, "{&sv}", &key, &value)) {
                g_autoptr(GVariant) v = value;

                if (g_strv_contains((const char *const[]){ "version", "short", "description",
                                                           "target", NULL },
                                    key)) {
                        if (!g_variant_is_of_type(v, G_VARIANT_TYPE_STRING))
                                return zw_dbus_wrong_type(key, v, "<class 'str'>", error);
                        if (strcmp(key, "version") == 0)
                                zw_dbus_set_text(&z->info.version, v);
                        else if (strcmp(key, "short") == 0)
                                zw_dbus_set_text(&z->info.short_desc, v);
                        else if (strcmp(key, "description") == 0)
                                zw_dbus_set_text(&z->info.description, v);
                        else {
                                g_free(z->target);
                                z->target = g_strdup(zw_zone_normalize_target(
                                        g_variant_get_string(v, NULL)));
                        }
                } else if (g_strv_contains((const char *const[]){ "masquerade",
                                                                  "icmp_block_inversion",
                                                                  "forward", NULL },
                                           key)) {
                        if (!g_variant_is_of_type(v, G_VARIANT_TYPE_BOOLEAN))
                                return zw_dbus_wrong_type(key, v, "<class 'bool'>", error);
                        if (strcmp(key, "masquerade") == 0)
                                z->masquerade = g_variant_get_boolean(v);
                        else if (strcmp(key, "icmp_block_inversion") == 0)
                                z->icmp_block_inversion = g_variant_get_boolean(v);
                        else
                                z->forward = g_variant_get_boolean(v);
                } else if (g_strv_contains((const char *const[]){ "services", "icmp_blocks",
                                                                  "interfaces", "sources",
                                                                  "protocols", "rules_str",
                                                                  NULL },
                                           key)) {
                        if (!zw_dbus_fits(v, "as"))
                                return zw_dbus_wrong_type(key, v, "<class 'list'>", error);
                        if (strcmp(key, "services") == 0)
                                zw_dbus_set_strs(z->services, v);
                        else if (strcmp(key, "icmp_blocks") == 0)
                                zw_dbus_set_strs(z->icmp_blocks, v);
                        else if (strcmp(key, "interfaces") == 0)
                                zw_dbus_set_strs(z->interfaces, v);
                        else if (strcmp(key, "sources") == 0)
                                zw_dbus_set_strs(z->sources, v);
                        else if (strcmp(key, "protocols") == 0)
                                zw_dbus_set_strs(z->protocols, v);
                        else {
                                GVariantIter it;
                                const char *text;

                                g_ptr_array_set_size(z->rules, 0);
                                g_variant_iter_init(&it, v);
                                while (g_variant_iter_next(&it, "&s", &text)) {
                                        ZwRichRule *rule = zw_rich_rule_parse(text, error);
                                        if (rule == NULL)
                                                return FALSE;
                                        g_ptr_array_add(z->rules, rule);
                                }
                        }
                } else if (strcmp(key, "ports") == 0 || strcmp(key, "source_ports") == 0) {
                        if (!zw_dbus_fits(v, "a(ss)"))
                                return zw_dbus_wrong_type(key, v, "<class 'list'>", error);
                        zw_dbus_set_ports(strcmp(key, "ports") == 0 ? z->ports : z->source_ports, v);
                } else if (strcmp(key, "forward_ports") == 0) {
                        GVariantIter it;
                        const char *a, *b, *c, *d;

                        if (!zw_dbus_fits(v, "a(ssss)"))
                                return zw_dbus_wrong_type(key, v, "<class 'list'>", error);
                        g_ptr_array_set_size(z->forward_ports, 0);
                        g_variant_iter_init(&it, v);
                        while (g_variant_iter_next(&it, "(&s&s&s&s)", &a, &b, &c, &d))
                                g_ptr_array_add(z->forward_ports,
                                                zw_forward_port_new(a, b, c, d));
                } else {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_OPTION,
                                    "option '%s' is not valid", key);
                        return FALSE;
                }
        }
        return TRUE;
}

static void
zone_update_dict(ZwDbusCall *call, GVariant *dict)
{
        ZwDbusServer *server = call->server;
        const ZwConfigObj *obj = call->reg->obj;
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwTree) next = NULL;
        ZwZone *zone;

        if (server->backend->write_object == NULL) {
                zw_dbus_return_code(call, ZW_ERROR_COMMAND_FAILED,
                                    "permanent changes are not available");
                return;
        }
        next = zw_tree_dup(server->permanent);
        zone = zw_tree_get_zone(next, obj->name);
        if (zone == NULL) {
                zw_dbus_return_code(call, ZW_ERROR_INVALID_ZONE, "%s", obj->name);
                return;
        }
        if (!zone_apply_dict(zone, dict, &error) ||
            !zw_tree_check_object(next, zone, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        commit_zone(call, g_steal_pointer(&next));
}

void
zw_dbus_config_zone_update2(ZwDbusCall *call)
{
        g_autoptr(GVariant) dict = g_variant_get_child_value(call->params, 0);

        zone_update_dict(call, dict);
}

/* the deprecated 16-field tuple: a full replace, field 3 (immutable) ignored */
void
zw_dbus_config_zone_update(ZwDbusCall *call)
{
        static const char *const keys[] = {
                "version",    "short",     "description",  NULL,          "target",
                "services",   "ports",     "icmp_blocks",  "masquerade",  "forward_ports",
                "interfaces", "sources",   "rules_str",    "protocols",   "source_ports",
                "icmp_block_inversion",
        };
        g_autoptr(GVariant) tuple = g_variant_get_child_value(call->params, 0);
        g_autoptr(GVariant) dict = NULL;
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("a{sv}"));
        for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
                g_autoptr(GVariant) v = g_variant_get_child_value(tuple, i);
                if (keys[i] != NULL)
                        g_variant_builder_add(&b, "{sv}", keys[i], v);
        }
        dict = g_variant_ref_sink(g_variant_builder_end(&b));
        zone_update_dict(call, dict);
}

/* setXxx(value): update2 with one key */
static void
zone_set(ZwDbusCall *call, const char *key)
{
        g_autoptr(GVariant) value = g_variant_get_child_value(call->params, 0);
        g_autoptr(GVariant) dict = NULL;
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("a{sv}"));
        g_variant_builder_add(&b, "{sv}", key, value);
        dict = g_variant_ref_sink(g_variant_builder_end(&b));
        zone_update_dict(call, dict);
}

#define ZONE_SET(stem, key)                                                                      \
        void zw_dbus_config_zone_set_##stem(ZwDbusCall *call) { zone_set(call, key); }

ZONE_SET(version, "version")
ZONE_SET(short, "short")
ZONE_SET(description, "description")
ZONE_SET(target, "target")
ZONE_SET(services, "services")
ZONE_SET(ports, "ports")
ZONE_SET(protocols, "protocols")
ZONE_SET(source_ports, "source_ports")
ZONE_SET(icmp_blocks, "icmp_blocks")
ZONE_SET(forward_ports, "forward_ports")
ZONE_SET(interfaces, "interfaces")
ZONE_SET(sources, "sources")
ZONE_SET(rich_rules, "rules_str")
ZONE_SET(masquerade, "masquerade")
ZONE_SET(icmp_block_inversion, "icmp_block_inversion")

/* ------------------------------------------------------------------ new and removed zones */

static void
add_zone(ZwDbusCall *call, const char *name, GVariant *dict)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwZone) zone = NULL;

        if (!zw_dbus_config_name_free(call, ZW_KIND_ZONE, name))
                return;
        zone = zw_zone_new(name);
        zone->forward = TRUE; /* default of a new zone whose dict omits it (dbus-api.md §6) */
        if (!zone_apply_dict(zone, dict, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_dbus_config_store_new(call, g_steal_pointer(&zone), "ZoneAdded");
}

void
zw_dbus_config_add_zone2(ZwDbusCall *call)
{
        g_autoptr(GVariant) dict = g_variant_get_child_value(call->params, 1);
        const char *name;

        g_variant_get_child(call->params, 0, "&s", &name);
        add_zone(call, name, dict);
}

void
zw_dbus_config_add_zone(ZwDbusCall *call)
{
        static const char *const keys[] = {
                "version",    "short",     "description",  NULL,          "target",
                "services",   "ports",     "icmp_blocks",  "masquerade",  "forward_ports",
                "interfaces", "sources",   "rules_str",    "protocols",   "source_ports",
                "icmp_block_inversion",
        };
        g_autoptr(GVariant) tuple = g_variant_get_child_value(call->params, 1);
        g_autoptr(GVariant) dict = NULL;
        const char *name;
        GVariantBuilder b;

        g_variant_get_child(call->params, 0, "&s", &name);
        g_variant_builder_init(&b, G_VARIANT_TYPE("a{sv}"));
        for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
                g_autoptr(GVariant) v = g_variant_get_child_value(tuple, i);
                if (keys[i] != NULL)
                        g_variant_builder_add(&b, "{sv}", keys[i], v);
        }
        dict = g_variant_ref_sink(g_variant_builder_end(&b));
        add_zone(call, name, dict);
}

void
zw_dbus_config_zone_remove(ZwDbusCall *call)
{
        ZwDbusServer *server = call->server;
        g_autofree char *name = g_strdup(call->reg->obj->name);
        g_autofree char *path = g_strdup(call->reg->obj->path);
        g_autoptr(GError) error = NULL;
        const ZwZone *zone = zw_tree_get_zone(server->permanent, name);

        if (server->backend->remove_object == NULL) {
                zw_dbus_return_code(call, ZW_ERROR_COMMAND_FAILED,
                                    "permanent changes are not available");
                return;
        }
        /* builtins and admin overrides of builtins stay; loadDefaults resets them */
        if (zone == NULL || zone->info.builtin ||
            g_hash_table_contains(server->permanent->builtins[ZW_KIND_ZONE], name)) {
                zw_dbus_return_code(call, ZW_ERROR_BUILTIN_ZONE, "'%s' is built-in zone", name);
                return;
        }
        if (!server->backend->remove_object(server->backend_data, ZW_KIND_ZONE, name, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_tree_remove(server->permanent, ZW_KIND_ZONE, name);
        zw_dbus_emit(server, path, ZW_DBUS_IFACE_CONFIG ".zone", "Removed",
                     g_variant_new("(s)", name));
        zw_dbus_return(call, NULL);
        zw_dbus_config_object_remove(server, ZW_KIND_ZONE, name);
}

/* ------------------------------------------------------------------ services */

gboolean
zw_dbus_service_apply_dict(ZwService *s, GVariant *dict, GError **error)
{
        GVariantIter iter;
        const char *key;
        GVariant *value;

        g_variant_iter_init(&iter, dict);
        while (g_variant_iter_next(&iter, "{&sv}", &key, &value)) {
                g_autoptr(GVariant) v = value;

                if (g_strv_contains((const char *const[]){ "version", "short", "description",
                                                           NULL },
                                    key)) {
                        if (!g_variant_is_of_type(v, G_VARIANT_TYPE_STRING))
                                return zw_dbus_wrong_type(key, v, "<class 'str'>", error);
                        zw_dbus_set_text(strcmp(key, "version") == 0 ? &s->info.version
                                 : strcmp(key, "short") == 0 ? &s->info.short_desc
                                                             : &s->info.description,
                                 v);
                } else if (g_strv_contains((const char *const[]){ "modules", "protocols",
                                                                  "includes", "helpers", NULL },
                                           key)) {
                        if (!zw_dbus_fits(v, "as"))
                                return zw_dbus_wrong_type(key, v, "<class 'list'>", error);
                        zw_dbus_set_strs(strcmp(key, "modules") == 0     ? s->modules
                                 : strcmp(key, "protocols") == 0 ? s->protocols
                                 : strcmp(key, "includes") == 0  ? s->includes
                                                                 : s->helpers,
                                 v);
                } else if (strcmp(key, "ports") == 0 || strcmp(key, "source_ports") == 0) {
                        if (!zw_dbus_fits(v, "a(ss)"))
                                return zw_dbus_wrong_type(key, v, "<class 'list'>", error);
                        zw_dbus_set_ports(strcmp(key, "ports") == 0 ? s->ports : s->source_ports, v);
                } else if (strcmp(key, "destination") == 0) {
                        const char *addr = NULL;

                        if (!zw_dbus_fits(v, "a{ss}"))
                                return zw_dbus_wrong_type(key, v, "<class 'dict'>", error);
                        g_clear_pointer(&s->destination_ipv4, g_free);
                        g_clear_pointer(&s->destination_ipv6, g_free);
                        if (g_variant_lookup(v, "ipv4", "&s", &addr))
                                s->destination_ipv4 = g_strdup(addr);
                        if (g_variant_lookup(v, "ipv6", "&s", &addr))
                                s->destination_ipv6 = g_strdup(addr);
                } else {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_OPTION,
                                    "option '%s' is not valid", key);
                        return FALSE;
                }
        }
        return TRUE;
}

static GVariant *
service_tuple_to_dict(GVariant *tuple)
{
        static const char *const keys[] = { "version",     "short",   "description",
                                            "ports",       "modules", "destination",
                                            "protocols",   "source_ports" };
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("a{sv}"));
        for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
                g_autoptr(GVariant) v = g_variant_get_child_value(tuple, i);
                g_variant_builder_add(&b, "{sv}", keys[i], v);
        }
        return g_variant_ref_sink(g_variant_builder_end(&b));
}

/* write `next`'s service `name`, make `next` the permanent tree; FALSE + error if not */
static gboolean
commit_service(ZwDbusServer *server, ZwTree *next_tree, const char *name, GError **error)
{
        g_autoptr(ZwTree) next = next_tree;
        ZwService *service = zw_tree_get_service(next, name);

        if (service->info.builtin) {
                service->info.builtin = FALSE;
                service->info.is_default = FALSE;
        }
        if (!zw_tree_check_object(next, service, error) ||
            !server->backend->write_object(server->backend_data, service, error))
                return FALSE;
        zw_tree_free(server->permanent);
        server->permanent = g_steal_pointer(&next);
        return TRUE;
}

static void
add_service(ZwDbusCall *call, const char *name, GVariant *dict)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwService) service = NULL;

        if (!zw_dbus_config_name_free(call, ZW_KIND_SERVICE, name))
                return;
        service = zw_service_new(name);
        if (!zw_dbus_service_apply_dict(service, dict, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_dbus_config_store_new(call, g_steal_pointer(&service), "ServiceAdded");
}

void
zw_dbus_config_add_service2(ZwDbusCall *call)
{
        g_autoptr(GVariant) dict = g_variant_get_child_value(call->params, 1);
        const char *name;

        g_variant_get_child(call->params, 0, "&s", &name);
        add_service(call, name, dict);
}

void
zw_dbus_config_add_service(ZwDbusCall *call)
{
        g_autoptr(GVariant) tuple = g_variant_get_child_value(call->params, 1);
        g_autoptr(GVariant) dict = service_tuple_to_dict(tuple);
        const char *name;

        g_variant_get_child(call->params, 0, "&s", &name);
        add_service(call, name, dict);
}

static void
service_update(ZwDbusCall *call, GVariant *dict)
{
        ZwDbusServer *server = call->server;
        const ZwConfigObj *obj = call->reg->obj;
        g_autoptr(GError) error = NULL;
        ZwTree *next;

        if (server->backend->write_object == NULL) {
                zw_dbus_return_code(call, ZW_ERROR_COMMAND_FAILED,
                                    "permanent changes are not available");
                return;
        }
        next = zw_tree_dup(server->permanent);
        if (!zw_dbus_service_apply_dict(zw_tree_get_service(next, obj->name), dict, &error)) {
                zw_tree_free(next);
                zw_dbus_return_error(call, error);
                return;
        }
        if (!commit_service(server, next, obj->name, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_dbus_emit(server, obj->path, ZW_DBUS_IFACE_CONFIG ".service", "Updated",
                     g_variant_new("(s)", obj->name));
        zw_dbus_return(call, NULL);
}

void
zw_dbus_config_service_update2(ZwDbusCall *call)
{
        g_autoptr(GVariant) dict = g_variant_get_child_value(call->params, 0);

        service_update(call, dict);
}

void
zw_dbus_config_service_update(ZwDbusCall *call)
{
        g_autoptr(GVariant) tuple = g_variant_get_child_value(call->params, 0);
        g_autoptr(GVariant) dict = service_tuple_to_dict(tuple);

        /* the tuple has no includes/helpers: those stay (dbus-api.md §6) */
        service_update(call, dict);
}

void
zw_dbus_config_service_remove(ZwDbusCall *call)
{
        ZwDbusServer *server = call->server;
        g_autofree char *name = g_strdup(call->reg->obj->name);
        g_autofree char *path = g_strdup(call->reg->obj->path);
        g_autoptr(GError) error = NULL;
        const ZwService *service = zw_tree_get_service(server->permanent, name);

        if (server->backend->remove_object == NULL) {
                zw_dbus_return_code(call, ZW_ERROR_COMMAND_FAILED,
                                    "permanent changes are not available");
                return;
        }
        if (service == NULL || service->info.builtin ||
            g_hash_table_contains(server->permanent->builtins[ZW_KIND_SERVICE], name)) {
                zw_dbus_return_code(call, ZW_ERROR_BUILTIN_SERVICE, "'%s' is built-in service",
                                    name);
                return;
        }
        if (!server->backend->remove_object(server->backend_data, ZW_KIND_SERVICE, name,
                                            &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_tree_remove(server->permanent, ZW_KIND_SERVICE, name);
        zw_dbus_emit(server, path, ZW_DBUS_IFACE_CONFIG ".service", "Removed",
                     g_variant_new("(s)", name));
        zw_dbus_return(call, NULL);
        zw_dbus_config_object_remove(server, ZW_KIND_SERVICE, name);
}
