/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dbus/config-kinds.c: permanent edits of every kind: per-item and whole-settings changes of
 * services, policies, icmptypes, helpers and ipsets, remove/rename/loadDefaults of all kinds,
 * config.add<Kind>, the permanent lockdown whitelist and the refused direct interface */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/check.h"
#include "dbus/handlers.h"
#include "dbus/private.h"
#include "dbus/settings.h"

/* a change of one object of a copied tree; `data` is the handler's constant */
typedef gboolean (*EditFunc)(ZwTree *tree, gpointer object, GVariant *params,
                             gconstpointer data, GError **error);

static const char *
kind_iface(ZwKind kind)
{
        static const char *const ifaces[ZW_KIND_N] = {
                [ZW_KIND_ZONE] = ZW_DBUS_IFACE_CONFIG ".zone",
                [ZW_KIND_SERVICE] = ZW_DBUS_IFACE_CONFIG ".service",
                [ZW_KIND_POLICY] = ZW_DBUS_IFACE_CONFIG ".policy",
                [ZW_KIND_ICMPTYPE] = ZW_DBUS_IFACE_CONFIG ".icmptype",
                [ZW_KIND_HELPER] = ZW_DBUS_IFACE_CONFIG ".helper",
                [ZW_KIND_IPSET] = ZW_DBUS_IFACE_CONFIG ".ipset",
        };
        return ifaces[kind];
}

static void
return_one(ZwDbusCall *call, GVariant *value)
{
        zw_dbus_return(call, g_variant_new_tuple(&value, 1));
}

static gboolean
writable(ZwDbusCall *call)
{
        if (call->server->backend->write_object != NULL &&
            call->server->backend->remove_object != NULL)
                return TRUE;
        zw_dbus_return_code(call, ZW_ERROR_COMMAND_FAILED, "permanent changes are not available");
        return FALSE;
}

/* Read-modify-write of this call's object: `fn` changes it in a copy of the permanent tree,
 * the object is validated in that tree and written to the admin tree (an edited builtin
 * becomes an override), and only then the copy replaces the tree. Emits Updated(name). */
static void
object_edit(ZwDbusCall *call, EditFunc fn, gconstpointer data)
{
        ZwDbusServer *server = call->server;
        const ZwConfigObj *obj = call->reg->obj;
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwTree) next = NULL;
        ZwObjInfo *info;

        if (!writable(call))
                return;
        next = zw_tree_dup(server->permanent);
        info = zw_tree_lookup(next, obj->kind, obj->name);
        if (info == NULL) {
                zw_dbus_return_code(call, zw_kind_invalid_code(obj->kind), "%s", obj->name);
                return;
        }
        if (!fn(next, info, call->params, data, &error) ||
            !zw_tree_check_object(next, info, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        if (info->builtin) {
                info->builtin = FALSE;
                info->is_default = FALSE;
        }
        if (!server->backend->write_object(server->backend_data, info, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_tree_free(server->permanent);
        server->permanent = g_steal_pointer(&next);
        zw_dbus_emit(server, obj->path, kind_iface(obj->kind), "Updated",
                     g_variant_new("(s)", obj->name));
        zw_dbus_return(call, NULL);
}

/* ------------------------------------------------------------------ remove, rename, defaults */

static gboolean
is_builtin(const ZwTree *tree, const ZwObjInfo *info)
{
        return info->builtin || zw_tree_lookup_builtin(tree, info->kind, info->name) != NULL;
}

static void
object_remove(ZwDbusCall *call)
{
        ZwDbusServer *server = call->server;
        ZwKind kind = call->reg->obj->kind;
        g_autofree char *name = g_strdup(call->reg->obj->name);
        g_autofree char *path = g_strdup(call->reg->obj->path);
        g_autoptr(GError) error = NULL;
        const ZwObjInfo *info = zw_tree_lookup(server->permanent, kind, name);

        if (!writable(call))
                return;
        /* builtins and admin overrides of builtins stay; loadDefaults resets them */
        if (info == NULL || is_builtin(server->permanent, info)) {
                zw_dbus_return_code(call, zw_kind_builtin_code(kind), "'%s' is built-in %s",
                                    name, zw_kind_name(kind));
                return;
        }
        if (!server->backend->remove_object(server->backend_data, kind, name, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_tree_remove(server->permanent, kind, name);
        zw_dbus_emit(server, path, kind_iface(kind), "Removed", g_variant_new("(s)", name));
        zw_dbus_return(call, NULL);
        zw_dbus_config_object_remove(server, kind, name);
}

static gboolean
name_taken(const ZwTree *tree, ZwKind kind, const char *name)
{
        if (zw_tree_lookup(tree, kind, name) != NULL)
                return TRUE;
        /* zones and policies share one namespace (dbus-api.md §4, Names) */
        if (kind == ZW_KIND_ZONE)
                return zw_tree_get_policy(tree, name) != NULL;
        if (kind == ZW_KIND_POLICY)
                return zw_tree_get_zone(tree, name) != NULL;
        return FALSE;
}

/* rename: the object is written under its new name, the old file becomes .xml.old; the object
 * path stays and announces Renamed(newname) (firewalld's config_<kind>.rename) */
static void
object_rename(ZwDbusCall *call)
{
        ZwDbusServer *server = call->server;
        ZwConfigObj *obj = call->reg->obj;
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwTree) next = NULL;
        const ZwObjInfo *info = zw_tree_lookup(server->permanent, obj->kind, obj->name);
        ZwObjInfo *copy;
        const char *new_name;

        if (!writable(call))
                return;
        g_variant_get(call->params, "(&s)", &new_name);
        if (info == NULL || is_builtin(server->permanent, info)) {
                zw_dbus_return_code(call, zw_kind_builtin_code(obj->kind),
                                    "'%s' is built-in %s", obj->name, zw_kind_name(obj->kind));
                return;
        }
        if (!zw_check_name(obj->kind, new_name, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        if (name_taken(server->permanent, obj->kind, new_name)) {
                zw_dbus_return_code(call, ZW_ERROR_NAME_CONFLICT, "rename(): '%s'", new_name);
                return;
        }
        next = zw_tree_dup(server->permanent);
        copy = zw_object_dup(info);
        zw_obj_info_set_name(copy, new_name);
        if (!server->backend->write_object(server->backend_data, copy, &error)) {
                zw_object_free(copy);
                zw_dbus_return_error(call, error);
                return;
        }
        zw_tree_insert(next, copy);
        if (!server->backend->remove_object(server->backend_data, obj->kind, obj->name,
                                            &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_tree_remove(next, obj->kind, obj->name);
        zw_tree_free(server->permanent);
        server->permanent = g_steal_pointer(&next);
        g_free(obj->name);
        obj->name = g_strdup(new_name);
        zw_dbus_emit(server, obj->path, kind_iface(obj->kind), "Renamed",
                     g_variant_new("(s)", new_name));
        zw_dbus_return(call, NULL);
}

/* loadDefaults: only objects with a builtin copy; the admin override goes (.xml.old) and the
 * builtin content comes back */
static void
object_load_defaults(ZwDbusCall *call)
{
        ZwDbusServer *server = call->server;
        const ZwConfigObj *obj = call->reg->obj;
        g_autoptr(GError) error = NULL;
        const ZwObjInfo *info = zw_tree_lookup(server->permanent, obj->kind, obj->name);
        gconstpointer builtin = zw_tree_lookup_builtin(server->permanent, obj->kind, obj->name);

        if (!writable(call))
                return;
        if (info == NULL || builtin == NULL) {
                zw_dbus_return_code(call, ZW_ERROR_NO_DEFAULTS, "%s", obj->name);
                return;
        }
        if (!info->builtin &&
            !server->backend->remove_object(server->backend_data, obj->kind, obj->name,
                                            &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_tree_insert(server->permanent, zw_object_dup(builtin));
        zw_dbus_emit(server, obj->path, kind_iface(obj->kind), "Updated",
                     g_variant_new("(s)", obj->name));
        zw_dbus_return(call, NULL);
}

#define LIFECYCLE(stem)                                                                          \
        void zw_dbus_config_##stem##_rename(ZwDbusCall *call) { object_rename(call); }          \
        void zw_dbus_config_##stem##_load_defaults(ZwDbusCall *call)                            \
        {                                                                                        \
                object_load_defaults(call);                                                      \
        }

LIFECYCLE(zone)
LIFECYCLE(service)
LIFECYCLE(policy)
LIFECYCLE(icmptype)
LIFECYCLE(helper)
LIFECYCLE(ipset)

void zw_dbus_config_policy_remove(ZwDbusCall *call) { object_remove(call); }
void zw_dbus_config_icmptype_remove(ZwDbusCall *call) { object_remove(call); }
void zw_dbus_config_helper_remove(ZwDbusCall *call) { object_remove(call); }
void zw_dbus_config_ipset_remove(ZwDbusCall *call) { object_remove(call); }

/* ------------------------------------------------------------------ texts of every kind */

static gboolean
set_info_text(ZwTree *tree, gpointer object, GVariant *params, gconstpointer data,
              GError **error)
{
        ZwObjInfo *info = object;
        const char *which = data;
        g_autoptr(GVariant) v = g_variant_get_child_value(params, 0);

        zw_dbus_set_text(strcmp(which, "version") == 0 ? &info->version
                         : strcmp(which, "short") == 0 ? &info->short_desc
                                                       : &info->description,
                         v);
        return TRUE;
}

#define TEXT_SETTERS(stem)                                                                       \
        void zw_dbus_config_##stem##_set_version(ZwDbusCall *call)                              \
        {                                                                                        \
                object_edit(call, set_info_text, "version");                                     \
        }                                                                                        \
        void zw_dbus_config_##stem##_set_short(ZwDbusCall *call)                                \
        {                                                                                        \
                object_edit(call, set_info_text, "short");                                       \
        }                                                                                        \
        void zw_dbus_config_##stem##_set_description(ZwDbusCall *call)                          \
        {                                                                                        \
                object_edit(call, set_info_text, "description");                                 \
        }

TEXT_SETTERS(service)
TEXT_SETTERS(icmptype)
TEXT_SETTERS(helper)
TEXT_SETTERS(ipset)

/* ------------------------------------------------------------------ services */

typedef struct {
        gboolean add;
        ZwItemType type;
        guint nvalues;
} ItemOp;

static gboolean
service_item(ZwTree *tree, gpointer object, GVariant *params, gconstpointer data,
             GError **error)
{
        const ItemOp *op = data;
        const char *vals[2] = { NULL, NULL };
        ZwItem item;

        for (guint i = 0; i < op->nvalues; i++)
                g_variant_get_child(params, i, "&s", &vals[i]);
        item = (ZwItem){ op->type, vals[0], vals[1], NULL, NULL };
        return (op->add ? zw_edit_add : zw_edit_remove)(tree, ZW_KIND_SERVICE,
                                                         ((ZwObjInfo *)object)->name, &item,
                                                         ZW_EDIT_PERMANENT, error);
}

static void
service_query(ZwDbusCall *call, ZwItemType type, guint nvalues)
{
        const char *vals[2] = { NULL, NULL };
        g_autoptr(GError) error = NULL;
        gboolean present = FALSE;
        ZwItem item;

        for (guint i = 0; i < nvalues; i++)
                g_variant_get_child(call->params, i, "&s", &vals[i]);
        item = (ZwItem){ type, vals[0], vals[1], NULL, NULL };
        if (!zw_edit_query(call->server->permanent, ZW_KIND_SERVICE, call->reg->obj->name,
                           &item, &present, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        return_one(call, g_variant_new_boolean(present));
}

#define SERVICE_ITEM(stem, type, n)                                                              \
        void zw_dbus_config_service_add_##stem(ZwDbusCall *call)                                \
        {                                                                                        \
                static const ItemOp op = { TRUE, type, n };                                      \
                object_edit(call, service_item, &op);                                            \
        }                                                                                        \
        void zw_dbus_config_service_remove_##stem(ZwDbusCall *call)                             \
        {                                                                                        \
                static const ItemOp op = { FALSE, type, n };                                     \
                object_edit(call, service_item, &op);                                            \
        }                                                                                        \
        void zw_dbus_config_service_query_##stem(ZwDbusCall *call) { service_query(call, type, n); }

SERVICE_ITEM(port, ZW_ITEM_PORT, 2)
SERVICE_ITEM(protocol, ZW_ITEM_PROTOCOL, 1)
SERVICE_ITEM(source_port, ZW_ITEM_SOURCE_PORT, 2)
SERVICE_ITEM(module, ZW_ITEM_MODULE, 1)
SERVICE_ITEM(include, ZW_ITEM_INCLUDE, 1)

/* setXxx(value): update2 with one key */
static gboolean
service_set_key(ZwTree *tree, gpointer object, GVariant *params, gconstpointer data,
                GError **error)
{
        g_autoptr(GVariant) value = g_variant_get_child_value(params, 0);
        g_autoptr(GVariant) dict = NULL;
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("a{sv}"));
        g_variant_builder_add(&b, "{sv}", (const char *)data, value);
        dict = g_variant_ref_sink(g_variant_builder_end(&b));
        return zw_dbus_service_apply_dict(object, dict, error);
}

#define SERVICE_SET(stem, key)                                                                   \
        void zw_dbus_config_service_set_##stem(ZwDbusCall *call)                                \
        {                                                                                        \
                object_edit(call, service_set_key, key);                                         \
        }

SERVICE_SET(ports, "ports")
SERVICE_SET(protocols, "protocols")
SERVICE_SET(source_ports, "source_ports")
SERVICE_SET(modules, "modules")
SERVICE_SET(includes, "includes")
SERVICE_SET(destinations, "destination")

static char **
destination_field(ZwService *service, const char *family)
{
        if (strcmp(family, "ipv4") == 0)
                return &service->destination_ipv4;
        if (strcmp(family, "ipv6") == 0)
                return &service->destination_ipv6;
        return NULL;
}

void
zw_dbus_config_service_get_destination(ZwDbusCall *call)
{
        ZwService *service = zw_tree_get_service(call->server->permanent, call->reg->obj->name);
        const char *family;
        char **field;

        g_variant_get(call->params, "(&s)", &family);
        if (service == NULL) {
                zw_dbus_return_code(call, ZW_ERROR_INVALID_SERVICE, "%s", call->reg->obj->name);
                return;
        }
        field = destination_field(service, family);
        if (field == NULL) {
                zw_dbus_return_code(call, ZW_ERROR_INVALID_DESTINATION, "%s", family);
                return;
        }
        if (*field == NULL) {
                zw_dbus_return_code(call, ZW_ERROR_NOT_ENABLED, "%s", family);
                return;
        }
        return_one(call, g_variant_new_string(*field));
}

void
zw_dbus_config_service_query_destination(ZwDbusCall *call)
{
        ZwService *service = zw_tree_get_service(call->server->permanent, call->reg->obj->name);
        const char *family, *address;
        char **field;

        g_variant_get(call->params, "(&s&s)", &family, &address);
        field = service != NULL ? destination_field(service, family) : NULL;
        return_one(call, g_variant_new_boolean(field != NULL && *field != NULL &&
                                               strcmp(*field, address) == 0));
}

static gboolean
service_set_destination(ZwTree *tree, gpointer object, GVariant *params, gconstpointer data,
                        GError **error)
{
        const char *family, *address;
        char **field;

        g_variant_get(params, "(&s&s)", &family, &address);
        if (!zw_service_check_destination(family, address, error))
                return FALSE;
        field = destination_field(object, family);
        if (*field != NULL && strcmp(*field, address) == 0) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_ALREADY_ENABLED, "'%s:%s'", family,
                            address);
                return FALSE;
        }
        g_free(*field);
        *field = g_strdup(address);
        return TRUE;
}

static gboolean
service_remove_destination(ZwTree *tree, gpointer object, GVariant *params, gconstpointer data,
                           GError **error)
{
        const char *family;
        char **field;

        g_variant_get(params, "(&s)", &family);
        field = destination_field(object, family);
        if (field == NULL || *field == NULL) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_NOT_ENABLED, "'%s'", family);
                return FALSE;
        }
        g_clear_pointer(field, g_free);
        return TRUE;
}

void
zw_dbus_config_service_set_destination(ZwDbusCall *call)
{
        object_edit(call, service_set_destination, NULL);
}

void
zw_dbus_config_service_remove_destination(ZwDbusCall *call)
{
        object_edit(call, service_remove_destination, NULL);
}

/* ------------------------------------------------------------------ policies */

static gboolean
policy_apply_dict(ZwPolicy *p, GVariant *dict, GError **error)
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
                        zw_dbus_set_text(strcmp(key, "version") == 0 ? &p->info.version
                                         : strcmp(key, "short") == 0 ? &p->info.short_desc
                                         : strcmp(key, "description") == 0
                                                 ? &p->info.description
                                                 : &p->target,
                                         v);
                        if (p->target == NULL)
                                p->target = g_strdup("CONTINUE");
                } else if (strcmp(key, "priority") == 0) {
                        if (!g_variant_is_of_type(v, G_VARIANT_TYPE_INT32))
                                return zw_dbus_wrong_type(key, v, "<class 'int'>", error);
                        p->priority = g_variant_get_int32(v);
                } else if (strcmp(key, "masquerade") == 0) {
                        if (!g_variant_is_of_type(v, G_VARIANT_TYPE_BOOLEAN))
                                return zw_dbus_wrong_type(key, v, "<class 'bool'>", error);
                        p->masquerade = g_variant_get_boolean(v);
                } else if (g_strv_contains((const char *const[]){ "services", "icmp_blocks",
                                                                  "protocols", "ingress_zones",
                                                                  "egress_zones", NULL },
                                           key)) {
                        if (!zw_dbus_fits(v, "as"))
                                return zw_dbus_wrong_type(key, v, "<class 'list'>", error);
                        zw_dbus_set_strs(strcmp(key, "services") == 0      ? p->services
                                         : strcmp(key, "icmp_blocks") == 0 ? p->icmp_blocks
                                         : strcmp(key, "protocols") == 0   ? p->protocols
                                         : strcmp(key, "ingress_zones") == 0
                                                 ? p->ingress_zones
                                                 : p->egress_zones,
                                         v);
                } else if (strcmp(key, "rich_rules") == 0) {
                        GVariantIter it;
                        const char *text;

                        if (!zw_dbus_fits(v, "as"))
                                return zw_dbus_wrong_type(key, v, "<class 'list'>", error);
                        g_ptr_array_set_size(p->rules, 0);
                        g_variant_iter_init(&it, v);
                        while (g_variant_iter_next(&it, "&s", &text)) {
                                ZwRichRule *rule = zw_rich_rule_parse(text, error);
                                if (rule == NULL)
                                        return FALSE;
                                g_ptr_array_add(p->rules, rule);
                        }
                } else if (strcmp(key, "ports") == 0 || strcmp(key, "source_ports") == 0) {
                        if (!zw_dbus_fits(v, "a(ss)"))
                                return zw_dbus_wrong_type(key, v, "<class 'list'>", error);
                        zw_dbus_set_ports(strcmp(key, "ports") == 0 ? p->ports : p->source_ports,
                                          v);
                } else if (strcmp(key, "forward_ports") == 0) {
                        GVariantIter it;
                        const char *a, *b, *c, *d;

                        if (!zw_dbus_fits(v, "a(ssss)"))
                                return zw_dbus_wrong_type(key, v, "<class 'list'>", error);
                        g_ptr_array_set_size(p->forward_ports, 0);
                        g_variant_iter_init(&it, v);
                        while (g_variant_iter_next(&it, "(&s&s&s&s)", &a, &b, &c, &d))
                                g_ptr_array_add(p->forward_ports,
                                                zw_forward_port_new(a, b, c, d));
                } else {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_OPTION,
                                    "option '%s' is not valid", key);
                        return FALSE;
                }
        }
        return TRUE;
}

static gboolean
policy_update(ZwTree *tree, gpointer object, GVariant *params, gconstpointer data,
              GError **error)
{
        g_autoptr(GVariant) dict = g_variant_get_child_value(params, 0);

        return policy_apply_dict(object, dict, error);
}

void
zw_dbus_config_policy_update(ZwDbusCall *call)
{
        object_edit(call, policy_update, NULL);
}

/* ------------------------------------------------------------------ icmptypes */

static gboolean
icmptype_set_destinations(ZwIcmpType *t, GVariant *list, GError **error)
{
        GVariantIter it;
        const char *d;
        gboolean v4 = FALSE, v6 = FALSE;

        g_variant_iter_init(&it, list);
        while (g_variant_iter_next(&it, "&s", &d)) {
                if (strcmp(d, "ipv4") == 0)
                        v4 = TRUE;
                else if (strcmp(d, "ipv6") == 0)
                        v6 = TRUE;
                else {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_DESTINATION, "'%s'", d);
                        return FALSE;
                }
        }
        /* an empty list: no <destination>, both families (config-formats.md, icmptype) */
        t->destination_given = v4 || v6;
        t->ipv4 = v4 || !v6;
        t->ipv6 = v6 || !v4;
        return TRUE;
}

static gboolean
icmptype_update(ZwTree *tree, gpointer object, GVariant *params, gconstpointer data,
                GError **error)
{
        ZwIcmpType *t = object;
        g_autoptr(GVariant) tuple = g_variant_get_child_value(params, 0);
        g_autoptr(GVariant) version = g_variant_get_child_value(tuple, 0);
        g_autoptr(GVariant) short_desc = g_variant_get_child_value(tuple, 1);
        g_autoptr(GVariant) description = g_variant_get_child_value(tuple, 2);
        g_autoptr(GVariant) dests = g_variant_get_child_value(tuple, 3);

        zw_dbus_set_text(&t->info.version, version);
        zw_dbus_set_text(&t->info.short_desc, short_desc);
        zw_dbus_set_text(&t->info.description, description);
        return icmptype_set_destinations(t, dests, error);
}

static gboolean
icmptype_set(ZwTree *tree, gpointer object, GVariant *params, gconstpointer data,
             GError **error)
{
        g_autoptr(GVariant) dests = g_variant_get_child_value(params, 0);

        return icmptype_set_destinations(object, dests, error);
}

/* add/remove one family of the explicit list (an empty list means both) */
static gboolean
icmptype_destination(ZwTree *tree, gpointer object, GVariant *params, gconstpointer data,
                     GError **error)
{
        ZwIcmpType *t = object;
        gboolean add = GPOINTER_TO_INT(data);
        gboolean listed;
        const char *d;
        gboolean *field;

        g_variant_get(params, "(&s)", &d);
        if (strcmp(d, "ipv4") != 0 && strcmp(d, "ipv6") != 0) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_DESTINATION, "'%s'", d);
                return FALSE;
        }
        field = d[3] == '4' ? &t->ipv4 : &t->ipv6;
        listed = t->destination_given && *field;
        if (add == listed) {
                g_set_error(error, ZW_ERROR, add ? ZW_ERROR_ALREADY_ENABLED : ZW_ERROR_NOT_ENABLED,
                            "%s", d);
                return FALSE;
        }
        if (add) {
                if (!t->destination_given)
                        t->ipv4 = t->ipv6 = FALSE;
                *field = TRUE;
                t->destination_given = TRUE;
                return TRUE;
        }
        *field = FALSE;
        if (!t->ipv4 && !t->ipv6) {
                t->destination_given = FALSE;
                t->ipv4 = t->ipv6 = TRUE;
        }
        return TRUE;
}

void
zw_dbus_config_icmptype_update(ZwDbusCall *call)
{
        object_edit(call, icmptype_update, NULL);
}

void
zw_dbus_config_icmptype_set_destinations(ZwDbusCall *call)
{
        object_edit(call, icmptype_set, NULL);
}

void
zw_dbus_config_icmptype_add_destination(ZwDbusCall *call)
{
        object_edit(call, icmptype_destination, GINT_TO_POINTER(TRUE));
}

void
zw_dbus_config_icmptype_remove_destination(ZwDbusCall *call)
{
        object_edit(call, icmptype_destination, GINT_TO_POINTER(FALSE));
}

void
zw_dbus_config_icmptype_query_destination(ZwDbusCall *call)
{
        const ZwIcmpType *t = zw_tree_get_icmptype(call->server->permanent,
                                                   call->reg->obj->name);
        const char *d;

        g_variant_get(call->params, "(&s)", &d);
        return_one(call, g_variant_new_boolean(
                                 t != NULL && t->destination_given &&
                                 ((strcmp(d, "ipv4") == 0 && t->ipv4) ||
                                  (strcmp(d, "ipv6") == 0 && t->ipv6))));
}

/* ------------------------------------------------------------------ helpers */

static void
helper_set_string(char **field, GVariant *v)
{
        g_free(*field);
        *field = g_variant_dup_string(v, NULL);
}

static gboolean
helper_update(ZwTree *tree, gpointer object, GVariant *params, gconstpointer data,
              GError **error)
{
        ZwHelper *h = object;
        g_autoptr(GVariant) tuple = g_variant_get_child_value(params, 0);
        GVariant *f[6];

        for (guint i = 0; i < 6; i++)
                f[i] = g_variant_get_child_value(tuple, i);
        zw_dbus_set_text(&h->info.version, f[0]);
        zw_dbus_set_text(&h->info.short_desc, f[1]);
        zw_dbus_set_text(&h->info.description, f[2]);
        helper_set_string(&h->family, f[3]);
        helper_set_string(&h->module, f[4]);
        zw_dbus_set_ports(h->ports, f[5]);
        for (guint i = 0; i < 6; i++)
                g_variant_unref(f[i]);
        return TRUE;
}

static gboolean
helper_set(ZwTree *tree, gpointer object, GVariant *params, gconstpointer data, GError **error)
{
        ZwHelper *h = object;
        const char *which = data;
        g_autoptr(GVariant) v = g_variant_get_child_value(params, 0);

        if (strcmp(which, "family") == 0) {
                if (!zw_helper_check_family(g_variant_get_string(v, NULL), error))
                        return FALSE;
                helper_set_string(&h->family, v);
        } else if (strcmp(which, "module") == 0) {
                if (!zw_helper_check_module(g_variant_get_string(v, NULL), error))
                        return FALSE;
                helper_set_string(&h->module, v);
        } else {
                zw_dbus_set_ports(h->ports, v);
        }
        return TRUE;
}

static int
helper_find_port(const ZwHelper *h, const char *port, const char *protocol)
{
        for (guint i = 0; i < h->ports->len; i++) {
                const ZwPort *p = g_ptr_array_index(h->ports, i);
                if (strcmp(p->port, port) == 0 && strcmp(p->protocol, protocol) == 0)
                        return (int)i;
        }
        return -1;
}

static gboolean
helper_port(ZwTree *tree, gpointer object, GVariant *params, gconstpointer data,
            GError **error)
{
        ZwHelper *h = object;
        const char *port, *protocol;
        g_autofree char *normalized = NULL;
        int at;

        g_variant_get(params, "(&s&s)", &port, &protocol);
        if (!zw_check_port(port, &normalized, error) || !zw_check_port_protocol(protocol, error))
                return FALSE;
        at = helper_find_port(h, normalized, protocol);
        if (GPOINTER_TO_INT(data)) {
                if (at >= 0) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_ALREADY_ENABLED, "%s:%s", port,
                                    protocol);
                        return FALSE;
                }
                g_ptr_array_add(h->ports, zw_port_new(normalized, protocol));
                return TRUE;
        }
        if (at < 0) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_NOT_ENABLED, "%s:%s", port, protocol);
                return FALSE;
        }
        g_ptr_array_remove_index(h->ports, (guint)at);
        return TRUE;
}

void zw_dbus_config_helper_update(ZwDbusCall *call) { object_edit(call, helper_update, NULL); }
void zw_dbus_config_helper_set_family(ZwDbusCall *call) { object_edit(call, helper_set, "family"); }
void zw_dbus_config_helper_set_module(ZwDbusCall *call) { object_edit(call, helper_set, "module"); }
void zw_dbus_config_helper_set_ports(ZwDbusCall *call) { object_edit(call, helper_set, "ports"); }

void
zw_dbus_config_helper_add_port(ZwDbusCall *call)
{
        object_edit(call, helper_port, GINT_TO_POINTER(TRUE));
}

void
zw_dbus_config_helper_remove_port(ZwDbusCall *call)
{
        object_edit(call, helper_port, GINT_TO_POINTER(FALSE));
}

void
zw_dbus_config_helper_query_port(ZwDbusCall *call)
{
        const ZwHelper *h = zw_tree_get_helper(call->server->permanent, call->reg->obj->name);
        const char *port, *protocol;

        g_variant_get(call->params, "(&s&s)", &port, &protocol);
        return_one(call, g_variant_new_boolean(h != NULL &&
                                               helper_find_port(h, port, protocol) >= 0));
}

void
zw_dbus_config_helper_query_family(ZwDbusCall *call)
{
        const ZwHelper *h = zw_tree_get_helper(call->server->permanent, call->reg->obj->name);
        const char *family;

        g_variant_get(call->params, "(&s)", &family);
        return_one(call, g_variant_new_boolean(
                                 h != NULL && g_strcmp0(h->family != NULL ? h->family : "",
                                                        family) == 0));
}

void
zw_dbus_config_helper_query_module(ZwDbusCall *call)
{
        const ZwHelper *h = zw_tree_get_helper(call->server->permanent, call->reg->obj->name);
        const char *module;

        g_variant_get(call->params, "(&s)", &module);
        return_one(call, g_variant_new_boolean(h != NULL && g_strcmp0(h->module, module) == 0));
}

/* ------------------------------------------------------------------ ipsets */

static gboolean
ipset_set_options(ZwIpset *s, GVariant *options, GError **error)
{
        GVariantIter it;
        const char *k, *v;

        g_ptr_array_set_size(s->options, 0);
        g_variant_iter_init(&it, options);
        while (g_variant_iter_next(&it, "{&s&s}", &k, &v)) {
                if (!zw_ipset_check_option(s->type, k, v, error))
                        return FALSE;
                zw_ipset_set_option(s, k, v);
        }
        return TRUE;
}

static gboolean
ipset_set_entries(ZwIpset *s, GVariant *entries, GError **error)
{
        GVariantIter it;
        const char *e;

        zw_ipset_clear_entries(s);
        g_variant_iter_init(&it, entries);
        while (g_variant_iter_next(&it, "&s", &e)) {
                if (!zw_ipset_add_entry(s, e, error))
                        return FALSE;
        }
        return TRUE;
}

static gboolean
ipset_update(ZwTree *tree, gpointer object, GVariant *params, gconstpointer data,
             GError **error)
{
        ZwIpset *s = object;
        g_autoptr(GVariant) tuple = g_variant_get_child_value(params, 0);
        g_autoptr(GVariant) version = g_variant_get_child_value(tuple, 0);
        g_autoptr(GVariant) short_desc = g_variant_get_child_value(tuple, 1);
        g_autoptr(GVariant) description = g_variant_get_child_value(tuple, 2);
        g_autoptr(GVariant) type = g_variant_get_child_value(tuple, 3);
        g_autoptr(GVariant) options = g_variant_get_child_value(tuple, 4);
        g_autoptr(GVariant) entries = g_variant_get_child_value(tuple, 5);

        zw_dbus_set_text(&s->info.version, version);
        zw_dbus_set_text(&s->info.short_desc, short_desc);
        zw_dbus_set_text(&s->info.description, description);
        g_free(s->type);
        s->type = g_variant_dup_string(type, NULL);
        if (!zw_ipset_type_is_valid(s->type)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_TYPE, "'%s'", s->type);
                return FALSE;
        }
        return ipset_set_options(s, options, error) && ipset_set_entries(s, entries, error);
}

static gboolean
ipset_set(ZwTree *tree, gpointer object, GVariant *params, gconstpointer data, GError **error)
{
        ZwIpset *s = object;
        const char *which = data;
        g_autoptr(GVariant) v = g_variant_get_child_value(params, 0);

        if (strcmp(which, "entries") == 0)
                return ipset_set_entries(s, v, error);
        if (strcmp(which, "options") == 0)
                return ipset_set_options(s, v, error);
        if (!zw_ipset_type_is_valid(g_variant_get_string(v, NULL))) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_TYPE, "'%s'",
                            g_variant_get_string(v, NULL));
                return FALSE;
        }
        g_free(s->type);
        s->type = g_variant_dup_string(v, NULL);
        return TRUE;
}

static gboolean
ipset_entry(ZwTree *tree, gpointer object, GVariant *params, gconstpointer data,
            GError **error)
{
        const char *entry;

        g_variant_get(params, "(&s)", &entry);
        if (GPOINTER_TO_INT(data))
                return zw_ipset_add_entry(object, entry, error);
        return zw_ipset_remove_entry(object, entry, error);
}

static gboolean
ipset_option(ZwTree *tree, gpointer object, GVariant *params, gconstpointer data,
             GError **error)
{
        ZwIpset *s = object;
        const char *key, *value = NULL, *old;

        if (GPOINTER_TO_INT(data)) {
                g_variant_get(params, "(&s&s)", &key, &value);
                old = zw_ipset_get_option(s, key);
                if (old != NULL && strcmp(old, value) == 0) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_ALREADY_ENABLED, "'%s=%s'", key,
                                    value);
                        return FALSE;
                }
                if (!zw_ipset_check_option(s->type, key, value, error))
                        return FALSE;
                zw_ipset_set_option(s, key, value);
                return TRUE;
        }
        g_variant_get(params, "(&s)", &key);
        if (!zw_ipset_remove_option(s, key)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_NOT_ENABLED, "'%s'", key);
                return FALSE;
        }
        return TRUE;
}

void zw_dbus_config_ipset_update(ZwDbusCall *call) { object_edit(call, ipset_update, NULL); }
void zw_dbus_config_ipset_set_entries(ZwDbusCall *call) { object_edit(call, ipset_set, "entries"); }
void zw_dbus_config_ipset_set_options(ZwDbusCall *call) { object_edit(call, ipset_set, "options"); }
void zw_dbus_config_ipset_set_type(ZwDbusCall *call) { object_edit(call, ipset_set, "type"); }

void
zw_dbus_config_ipset_add_entry(ZwDbusCall *call)
{
        object_edit(call, ipset_entry, GINT_TO_POINTER(TRUE));
}

void
zw_dbus_config_ipset_remove_entry(ZwDbusCall *call)
{
        object_edit(call, ipset_entry, GINT_TO_POINTER(FALSE));
}

void
zw_dbus_config_ipset_add_option(ZwDbusCall *call)
{
        object_edit(call, ipset_option, GINT_TO_POINTER(TRUE));
}

void
zw_dbus_config_ipset_remove_option(ZwDbusCall *call)
{
        object_edit(call, ipset_option, GINT_TO_POINTER(FALSE));
}

void
zw_dbus_config_ipset_query_entry(ZwDbusCall *call)
{
        const ZwIpset *s = zw_tree_get_ipset(call->server->permanent, call->reg->obj->name);
        const char *entry;

        g_variant_get(call->params, "(&s)", &entry);
        return_one(call, g_variant_new_boolean(s != NULL && zw_ipset_has_entry(s, entry)));
}

void
zw_dbus_config_ipset_query_option(ZwDbusCall *call)
{
        const ZwIpset *s = zw_tree_get_ipset(call->server->permanent, call->reg->obj->name);
        const char *key, *value, *have;

        g_variant_get(call->params, "(&s&s)", &key, &value);
        have = s != NULL ? zw_ipset_get_option(s, key) : NULL;
        return_one(call, g_variant_new_boolean(have != NULL && strcmp(have, value) == 0));
}

void
zw_dbus_config_ipset_get_options(ZwDbusCall *call)
{
        const ZwIpset *s = zw_tree_get_ipset(call->server->permanent, call->reg->obj->name);
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("a{ss}"));
        for (guint i = 0; s != NULL && i < s->options->len; i++) {
                const ZwIpsetOption *o = g_ptr_array_index(s->options, i);
                g_variant_builder_add(&b, "{ss}", o->name, o->value != NULL ? o->value : "");
        }
        return_one(call, g_variant_builder_end(&b));
}

/* ------------------------------------------------------------------ config.add<Kind> */

gboolean
zw_dbus_config_name_free(ZwDbusCall *call, ZwKind kind, const char *name)
{
        g_autoptr(GError) error = NULL;

        if (!writable(call))
                return FALSE;
        if (!zw_check_name(kind, name, &error)) {
                zw_dbus_return_error(call, error);
                return FALSE;
        }
        if (name_taken(call->server->permanent, kind, name)) {
                zw_dbus_return_code(call, ZW_ERROR_NAME_CONFLICT, "new_%s(): '%s'",
                                    zw_kind_name(kind), name);
                return FALSE;
        }
        return TRUE;
}

void
zw_dbus_config_store_new(ZwDbusCall *call, gpointer object, const char *signal)
{
        ZwDbusServer *server = call->server;
        ZwObjInfo *info = object;
        g_autofree char *name = g_strdup(info->name);
        ZwKind kind = info->kind;
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwTree) next = zw_tree_dup(server->permanent);
        const ZwConfigObj *obj;

        info->builtin = FALSE;
        info->is_default = TRUE;
        zw_tree_insert(next, object);
        if (!zw_tree_check_object(next, object, &error) ||
            !server->backend->write_object(server->backend_data, object, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_tree_free(server->permanent);
        server->permanent = g_steal_pointer(&next);
        obj = zw_dbus_config_object_add(server, kind, name);
        zw_dbus_emit(server, ZW_DBUS_CONFIG_PATH, ZW_DBUS_IFACE_CONFIG, signal,
                     g_variant_new("(s)", name));
        zw_dbus_return(call, g_variant_new("(o)", obj != NULL ? obj->path : "/"));
}

/* Takes `object` (already filled from the settings); validates name and object, writes it,
 * registers config/<kind>/N, emits config.<Signal>(name), replies with the path. */
static void
add_object(ZwDbusCall *call, gpointer object, const char *signal)
{
        ZwObjInfo *info = object;

        if (!zw_dbus_config_name_free(call, info->kind, info->name)) {
                zw_object_free(object);
                return;
        }
        zw_dbus_config_store_new(call, object, signal);
}

void
zw_dbus_config_add_policy(ZwDbusCall *call)
{
        g_autoptr(GVariant) dict = g_variant_get_child_value(call->params, 1);
        g_autoptr(GError) error = NULL;
        const char *name;
        ZwPolicy *policy;

        g_variant_get_child(call->params, 0, "&s", &name);
        policy = zw_policy_new(name);
        if (!policy_apply_dict(policy, dict, &error)) {
                zw_policy_free(policy);
                zw_dbus_return_error(call, error);
                return;
        }
        add_object(call, policy, "PolicyAdded");
}

/* the tuple kinds reuse their update functions on a fresh object */
static void
add_from_tuple(ZwDbusCall *call, gpointer object, EditFunc update, const char *signal)
{
        g_autoptr(GVariant) tuple = g_variant_get_child_value(call->params, 1);
        g_autoptr(GVariant) params = g_variant_ref_sink(g_variant_new_tuple(&tuple, 1));
        g_autoptr(GError) error = NULL;

        if (!update(call->server->permanent, object, params, NULL, &error)) {
                zw_object_free(object);
                zw_dbus_return_error(call, error);
                return;
        }
        add_object(call, object, signal);
}

static const char *
new_name(ZwDbusCall *call)
{
        const char *name;

        g_variant_get_child(call->params, 0, "&s", &name);
        return name;
}

void
zw_dbus_config_add_icmp_type(ZwDbusCall *call)
{
        add_from_tuple(call, zw_icmptype_new(new_name(call)), icmptype_update, "IcmpTypeAdded");
}

void
zw_dbus_config_add_helper(ZwDbusCall *call)
{
        add_from_tuple(call, zw_helper_new(new_name(call)), helper_update, "HelperAdded");
}

void
zw_dbus_config_add_ipset(ZwDbusCall *call)
{
        add_from_tuple(call, zw_ipset_new(new_name(call), "hash:ip"), ipset_update,
                       "IPSetAdded");
}

/* ------------------------------------------------------------------ lockdown whitelist */

typedef struct {
        gboolean add;
        int list; /* ZwLockdownList, or -1 for uids */
} WlOp;

static void
whitelist_commit(ZwDbusCall *call, ZwLockdown *next_lockdown)
{
        ZwDbusServer *server = call->server;
        g_autoptr(ZwLockdown) next = next_lockdown;
        g_autoptr(GError) error = NULL;

        if (server->backend->write_lockdown == NULL) {
                zw_dbus_return_code(call, ZW_ERROR_COMMAND_FAILED,
                                    "permanent changes are not available");
                return;
        }
        if (!server->backend->write_lockdown(server->backend_data, next, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_lockdown_free(server->permanent->lockdown);
        server->permanent->lockdown = g_steal_pointer(&next);
        zw_dbus_emit(server, ZW_DBUS_CONFIG_PATH, ZW_DBUS_IFACE_CONFIG ".policies",
                     "LockdownWhitelistUpdated", NULL);
        zw_dbus_return(call, NULL);
}

static void
whitelist_edit(ZwDbusCall *call, const WlOp *op)
{
        g_autoptr(ZwLockdown) next = zw_lockdown_dup(call->server->permanent->lockdown);
        g_autoptr(GError) error = NULL;
        gboolean ok;

        if (op->list < 0) {
                gint32 uid;
                g_variant_get(call->params, "(i)", &uid);
                ok = op->add ? zw_lockdown_add_uid(next, uid, &error)
                             : zw_lockdown_remove_uid(next, uid, &error);
        } else {
                const char *value;
                g_variant_get(call->params, "(&s)", &value);
                ok = op->add ? zw_lockdown_add(next, op->list, value, &error)
                             : zw_lockdown_remove(next, op->list, value, &error);
        }
        if (!ok) {
                zw_dbus_return_error(call, error);
                return;
        }
        whitelist_commit(call, g_steal_pointer(&next));
}

#define WL_EDIT(stem, list)                                                                      \
        void zw_dbus_config_policies_add_lockdown_whitelist_##stem(ZwDbusCall *call)            \
        {                                                                                        \
                static const WlOp op = { TRUE, list };                                           \
                whitelist_edit(call, &op);                                                       \
        }                                                                                        \
        void zw_dbus_config_policies_remove_lockdown_whitelist_##stem(ZwDbusCall *call)         \
        {                                                                                        \
                static const WlOp op = { FALSE, list };                                          \
                whitelist_edit(call, &op);                                                       \
        }

WL_EDIT(command, ZW_LOCKDOWN_COMMAND)
WL_EDIT(context, ZW_LOCKDOWN_CONTEXT)
WL_EDIT(user, ZW_LOCKDOWN_USER)
WL_EDIT(uid, -1)

void
zw_dbus_config_policies_set_lockdown_whitelist(ZwDbusCall *call)
{
        g_autoptr(ZwLockdown) next = zw_lockdown_new();
        g_autoptr(GError) error = NULL;
        g_autoptr(GVariantIter) commands = NULL, contexts = NULL, users = NULL, uids = NULL;
        const char *s;
        gint32 uid;

        g_variant_get(call->params, "((asasasai))", &commands, &contexts, &users, &uids);
        while (g_variant_iter_next(commands, "&s", &s))
                if (!zw_lockdown_has(next, ZW_LOCKDOWN_COMMAND, s))
                        zw_lockdown_add(next, ZW_LOCKDOWN_COMMAND, s, NULL);
        while (g_variant_iter_next(contexts, "&s", &s))
                if (!zw_lockdown_has(next, ZW_LOCKDOWN_CONTEXT, s))
                        zw_lockdown_add(next, ZW_LOCKDOWN_CONTEXT, s, NULL);
        while (g_variant_iter_next(users, "&s", &s))
                if (!zw_lockdown_has(next, ZW_LOCKDOWN_USER, s))
                        zw_lockdown_add(next, ZW_LOCKDOWN_USER, s, NULL);
        while (g_variant_iter_next(uids, "i", &uid))
                if (!zw_lockdown_has_uid(next, uid))
                        zw_lockdown_add_uid(next, uid, NULL);
        whitelist_commit(call, g_steal_pointer(&next));
}

/* ------------------------------------------------------------------ direct (refused) */

/* docs/direct.md: zonewalld owns only its nftables table; direct rules are refused with one
 * clear error, getters answer empty so read-only clients keep working */
void
zw_dbus_direct_refused(ZwDbusCall *call)
{
        zw_dbus_return_code(call, ZW_ERROR_COMMAND_FAILED,
                            "direct interface is not supported by zonewalld; use rich rules or "
                            "policies");
}

/* the zero value of a type: empty arrays and strings, FALSE, 0, tuples of those */
static GVariant *
zero_value(const GVariantType *type)
{
        if (g_variant_type_is_array(type))
                return g_variant_new_array(g_variant_type_element(type), NULL, 0);
        if (g_variant_type_is_tuple(type)) {
                g_autoptr(GPtrArray) items = g_ptr_array_new();
                for (const GVariantType *t = g_variant_type_first(type); t != NULL;
                     t = g_variant_type_next(t))
                        g_ptr_array_add(items, zero_value(t));
                return g_variant_new_tuple((GVariant **)items->pdata, items->len);
        }
        if (g_variant_type_equal(type, G_VARIANT_TYPE_BOOLEAN))
                return g_variant_new_boolean(FALSE);
        if (g_variant_type_equal(type, G_VARIANT_TYPE_INT32))
                return g_variant_new_int32(0);
        return g_variant_new_string("");
}

/* getters and queries: nothing there (queries FALSE) */
void
zw_dbus_direct_empty(ZwDbusCall *call)
{
        const GDBusMethodInfo *m =
                g_dbus_interface_info_lookup_method((GDBusInterfaceInfo *)call->reg->iface->info,
                                                    call->method->name);
        g_autoptr(GPtrArray) outs = g_ptr_array_new();

        for (guint i = 0; m != NULL && m->out_args != NULL && m->out_args[i] != NULL; i++)
                g_ptr_array_add(outs, zero_value(G_VARIANT_TYPE(m->out_args[i]->signature)));
        zw_dbus_return(call, outs->len > 0 ? g_variant_new_tuple((GVariant **)outs->pdata,
                                                                 outs->len)
                                           : NULL);
}
