/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dbus/fw-zone.c: interface org.fedoraproject.FirewallD1.zone: runtime zone items, bindings,
 * timeouts */
#include "config.h"

#include <string.h>

#include "dbus/handlers.h"
#include "dbus/private.h"
#include "dbus/settings.h"

typedef enum { OP_ADD, OP_REMOVE, OP_QUERY } Op;

/* per item type: how many string arguments, whether add takes a timeout, signal stem */
static guint
n_values(ZwItemType type)
{
        switch (type) {
        case ZW_ITEM_PORT:
        case ZW_ITEM_SOURCE_PORT:
                return 2;
        case ZW_ITEM_FORWARD_PORT:
                return 4;
        case ZW_ITEM_MASQUERADE:
        case ZW_ITEM_ICMP_BLOCK_INVERSION:
        case ZW_ITEM_FORWARD:
                return 0;
        default:
                return 1;
        }
}

static gboolean
has_timeout(ZwItemType type)
{
        return type != ZW_ITEM_INTERFACE && type != ZW_ITEM_SOURCE &&
               type != ZW_ITEM_ICMP_BLOCK_INVERSION && type != ZW_ITEM_FORWARD;
}

static const char *
signal_stem(ZwItemType type)
{
        switch (type) {
        case ZW_ITEM_SERVICE:
                return "Service";
        case ZW_ITEM_PORT:
                return "Port";
        case ZW_ITEM_PROTOCOL:
                return "Protocol";
        case ZW_ITEM_SOURCE_PORT:
                return "SourcePort";
        case ZW_ITEM_ICMP_BLOCK:
                return "IcmpBlock";
        case ZW_ITEM_FORWARD_PORT:
                return "ForwardPort";
        case ZW_ITEM_MASQUERADE:
                return "Masquerade";
        case ZW_ITEM_RICH_RULE:
                return "RichRule";
        case ZW_ITEM_INTERFACE:
                return "Interface";
        case ZW_ITEM_SOURCE:
                return "Source";
        case ZW_ITEM_ICMP_BLOCK_INVERSION:
                return "IcmpBlockInversion";
        default:
                return NULL;
        }
}

void
zw_dbus_zone_emit_item(ZwDbusServer *server, const char *zone, const ZwItem *item,
                       gboolean added, int timeout)
{
        const char *vals[] = { item->value, item->protocol, item->to_port, item->to_addr };
        const char *stem = signal_stem(item->type);
        g_autofree char *name = NULL;
        GVariantBuilder b;

        if (stem == NULL)
                return;
        name = g_strconcat(stem, added ? "Added" : "Removed", NULL);
        g_variant_builder_init(&b, G_VARIANT_TYPE_TUPLE);
        g_variant_builder_add(&b, "s", zone);
        for (guint i = 0; i < n_values(item->type); i++)
                g_variant_builder_add(&b, "s", vals[i] != NULL ? vals[i] : "");
        if (added && has_timeout(item->type))
                g_variant_builder_add(&b, "i", timeout);
        zw_dbus_emit(server, ZW_DBUS_PATH, ZW_DBUS_IFACE_ZONE, name, g_variant_builder_end(&b));
}

/* ------------------------------------------------------------------ timeouts */

static char *
timer_key(const char *zone, const ZwItem *item)
{
        g_autofree char *canon = NULL;

        if (item->type == ZW_ITEM_RICH_RULE && item->value != NULL) {
                g_autoptr(ZwRichRule) rule = zw_rich_rule_parse(item->value, NULL);
                if (rule != NULL)
                        canon = zw_rich_rule_to_string(rule);
        }
        return g_strdup_printf("%s\n%d\n%s\n%s\n%s\n%s", zone, item->type,
                               canon != NULL ? canon : item->value, item->protocol, item->to_port,
                               item->to_addr);
}

void
zw_dbus_timer_free(gpointer data)
{
        ZwDbusTimer *t = data;

        if (t->source_id != 0)
                g_source_remove(t->source_id);
        g_free(t->key);
        g_free(t->zone);
        g_free((char *)t->item.value);
        g_free((char *)t->item.protocol);
        g_free((char *)t->item.to_port);
        g_free((char *)t->item.to_addr);
        g_free(t);
}

/* one item added to or removed from a zone's contents, for zw_dbus_change_object() */
typedef struct {
        Op op;
        const char *zone;
        const ZwItem *item;
        gboolean applying; /* the edit itself passed: any error is the apply's */
} ZoneEdit;

static gboolean
zone_edit(ZwRuntime *rt, gpointer data, GError **error)
{
        ZoneEdit *e = data;

        if (!(e->op == OP_ADD ? zw_edit_add : zw_edit_remove)(rt->tree, ZW_KIND_ZONE, e->zone,
                                                               e->item, ZW_EDIT_RUNTIME, error))
                return FALSE;
        e->applying = TRUE;
        return TRUE;
}

static gboolean
timer_fire(gpointer data)
{
        ZwDbusTimer *t = data;
        ZwDbusServer *server = t->server;
        g_autoptr(GError) error = NULL;
        ZoneEdit edit = { OP_REMOVE, t->zone, &t->item, FALSE };

        t->source_id = 0; /* this source ends here */
        if (!zw_dbus_change_object(server, ZW_KIND_ZONE, t->zone, &t->item, FALSE, zone_edit,
                                   &edit, &error)) {
                if (!edit.applying)
                        g_debug("timeout of %s in %s: %s", t->item.value, t->zone,
                                error->message);
                else
                        g_warning("cannot remove %s from %s after its timeout: %s",
                                  t->item.value != NULL ? t->item.value
                                                        : signal_stem(t->item.type),
                                  t->zone, error->message);
        } else {
                zw_dbus_zone_emit_item(server, t->zone, &t->item, FALSE, 0);
        }
        g_hash_table_remove(server->timers, t->key);
        return G_SOURCE_REMOVE;
}

void
zw_dbus_timer_add(ZwDbusServer *server, const char *zone, const ZwItem *item, int timeout)
{
        ZwDbusTimer *t = g_new0(ZwDbusTimer, 1);

        t->server = server;
        t->key = timer_key(zone, item);
        t->zone = g_strdup(zone);
        t->item.type = item->type;
        t->item.value = g_strdup(item->value);
        t->item.protocol = g_strdup(item->protocol);
        t->item.to_port = g_strdup(item->to_port);
        t->item.to_addr = g_strdup(item->to_addr);
        t->source_id = g_timeout_add_seconds((guint)timeout, timer_fire, t);
        g_hash_table_replace(server->timers, t->key, t);
}

void
zw_dbus_timer_cancel(ZwDbusServer *server, const char *zone, const ZwItem *item)
{
        g_autofree char *key = timer_key(zone, item);

        g_hash_table_remove(server->timers, key);
}

void
zw_dbus_timers_clear(ZwDbusServer *server)
{
        g_hash_table_remove_all(server->timers);
}

/* ------------------------------------------------------------------ add / remove / query */

static void
zone_op(ZwDbusCall *call, Op op, ZwItemType type)
{
        ZwDbusServer *server = call->server;
        g_autoptr(GError) error = NULL;
        const char *zone_arg = NULL;
        const char *vals[4] = { NULL, NULL, NULL, NULL };
        g_autofree char *zone = NULL;
        guint nv = n_values(type);
        gint32 timeout = 0;
        ZwItem item;

        g_variant_get_child(call->params, 0, "&s", &zone_arg);
        for (guint i = 0; i < nv; i++)
                g_variant_get_child(call->params, i + 1, "&s", &vals[i]);
        if (op == OP_ADD && has_timeout(type))
                g_variant_get_child(call->params, nv + 1, "i", &timeout);
        item = (ZwItem){ type, vals[0], vals[1], vals[2], vals[3] };

        if (op == OP_REMOVE && zone_arg[0] == '\0' &&
            (type == ZW_ITEM_INTERFACE || type == ZW_ITEM_SOURCE)) {
                /* "" = whatever zone it is bound to */
                const char *bound = type == ZW_ITEM_INTERFACE
                                            ? zw_tree_zone_of_interface(server->rt->tree, vals[0])
                                            : zw_tree_zone_of_source(server->rt->tree, vals[0]);
                if (bound == NULL) {
                        zw_dbus_return_code(call,
                                            type == ZW_ITEM_INTERFACE ? ZW_ERROR_UNKNOWN_INTERFACE
                                                                      : ZW_ERROR_UNKNOWN_SOURCE,
                                            "'%s' is not in any zone", vals[0]);
                        return;
                }
                zone = g_strdup(bound);
        } else {
                const char *resolved = zw_runtime_resolve_zone(server->rt, zone_arg, &error);
                if (resolved == NULL) {
                        zw_dbus_return_error(call, error);
                        return;
                }
                zone = g_strdup(resolved);
        }

        if (op == OP_QUERY) {
                gboolean present = FALSE;
                if (!zw_edit_query(server->rt->tree, ZW_KIND_ZONE, zone, &item, &present,
                                   &error)) {
                        zw_dbus_return_error(call, error);
                        return;
                }
                zw_dbus_return(call, g_variant_new("(b)", present));
                return;
        }

        if (type != ZW_ITEM_INTERFACE && type != ZW_ITEM_SOURCE) {
                /* the zone's contents only: changed in place, only its part applied */
                ZoneEdit edit = { op, zone, &item, FALSE };

                if (!zw_dbus_change_object(server, ZW_KIND_ZONE, zone, &item, op == OP_ADD,
                                           zone_edit, &edit, &error)) {
                        zw_dbus_return_error(call, error);
                        return;
                }
        } else {
                /* bindings move the dispatch: the whole runtime */
                ZoneEdit edit = { op, zone, &item, FALSE };

                if (!zw_dbus_commit_edit(server, zone_edit, &edit, &error)) {
                        zw_dbus_return_error(call, error);
                        return;
                }
        }
        zw_dbus_timer_cancel(server, zone, &item);
        if (op == OP_ADD && timeout > 0)
                zw_dbus_timer_add(server, zone, &item, timeout);
        zw_dbus_zone_emit_item(server, zone, &item, op == OP_ADD, timeout);
        zw_dbus_return(call, g_variant_new("(s)", zone));
}

#define ZONE_OPS(stem, type)                                                                     \
        void zw_dbus_zone_add_##stem(ZwDbusCall *call) { zone_op(call, OP_ADD, type); }        \
        void zw_dbus_zone_remove_##stem(ZwDbusCall *call) { zone_op(call, OP_REMOVE, type); }  \
        void zw_dbus_zone_query_##stem(ZwDbusCall *call) { zone_op(call, OP_QUERY, type); }

ZONE_OPS(service, ZW_ITEM_SERVICE)
ZONE_OPS(port, ZW_ITEM_PORT)
ZONE_OPS(protocol, ZW_ITEM_PROTOCOL)
ZONE_OPS(source_port, ZW_ITEM_SOURCE_PORT)
ZONE_OPS(icmp_block, ZW_ITEM_ICMP_BLOCK)
ZONE_OPS(forward_port, ZW_ITEM_FORWARD_PORT)
ZONE_OPS(masquerade, ZW_ITEM_MASQUERADE)
ZONE_OPS(rich_rule, ZW_ITEM_RICH_RULE)
ZONE_OPS(interface, ZW_ITEM_INTERFACE)
ZONE_OPS(source, ZW_ITEM_SOURCE)
ZONE_OPS(icmp_block_inversion, ZW_ITEM_ICMP_BLOCK_INVERSION)

/* ------------------------------------------------------------------ bindings */

static GVariant *
strs_variant(const GPtrArray *list)
{
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("as"));
        for (guint i = 0; i < list->len; i++)
                g_variant_builder_add(&b, "s", (const char *)g_ptr_array_index(list, i));
        return g_variant_builder_end(&b);
}

/* an interface or source moved to a zone from whatever zone had it */
static gboolean
move_edit(ZwRuntime *rt, gpointer data, GError **error)
{
        ZoneEdit *e = data;
        const char *value = e->item->value;
        const char *old = e->item->type == ZW_ITEM_INTERFACE
                                  ? zw_tree_zone_of_interface(rt->tree, value)
                                  : zw_tree_zone_of_source(rt->tree, value);

        /* same zone: the add below answers ZONE_ALREADY_SET */
        return (old == NULL || strcmp(old, e->zone) == 0 ||
                zw_edit_remove(rt->tree, ZW_KIND_ZONE, old, e->item, ZW_EDIT_RUNTIME, error)) &&
               zw_edit_add(rt->tree, ZW_KIND_ZONE, e->zone, e->item, ZW_EDIT_RUNTIME, error);
}

static void
change_zone_of(ZwDbusCall *call, ZwItemType type)
{
        ZwDbusServer *server = call->server;
        g_autoptr(GError) error = NULL;
        g_autofree char *zone = NULL;
        const char *zone_arg, *value, *resolved;
        ZwItem item = { type, NULL, NULL, NULL, NULL };
        ZoneEdit edit = { OP_ADD, NULL, &item, FALSE };

        g_variant_get(call->params, "(&s&s)", &zone_arg, &value);
        item.value = value;
        resolved = zw_runtime_resolve_zone(server->rt, zone_arg, &error);
        if (resolved == NULL) {
                zw_dbus_return_error(call, error);
                return;
        }
        zone = g_strdup(resolved);
        edit.zone = zone;
        if (!zw_dbus_commit_edit(server, move_edit, &edit, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        if (type == ZW_ITEM_INTERFACE) {
                /* deprecated ZoneChanged first, as observed (dbus-api.md §7) */
                zw_dbus_emit(server, ZW_DBUS_PATH, ZW_DBUS_IFACE_ZONE, "ZoneChanged",
                             g_variant_new("(ss)", zone, value));
                zw_dbus_emit(server, ZW_DBUS_PATH, ZW_DBUS_IFACE_ZONE, "ZoneOfInterfaceChanged",
                             g_variant_new("(ss)", zone, value));
        } else {
                zw_dbus_emit(server, ZW_DBUS_PATH, ZW_DBUS_IFACE_ZONE, "ZoneOfSourceChanged",
                             g_variant_new("(ss)", zone, value));
        }
        zw_dbus_return(call, g_variant_new("(s)", zone));
}

void
zw_dbus_zone_change_zone_of_interface(ZwDbusCall *call)
{
        change_zone_of(call, ZW_ITEM_INTERFACE);
}

void
zw_dbus_zone_change_zone(ZwDbusCall *call)
{
        change_zone_of(call, ZW_ITEM_INTERFACE);
}

void
zw_dbus_zone_change_zone_of_source(ZwDbusCall *call)
{
        change_zone_of(call, ZW_ITEM_SOURCE);
}

void
zw_dbus_zone_get_zone_of_interface(ZwDbusCall *call)
{
        const char *value, *zone;

        g_variant_get(call->params, "(&s)", &value);
        zone = zw_tree_zone_of_interface(call->server->rt->tree, value);
        zw_dbus_return(call, g_variant_new("(s)", zone != NULL ? zone : ""));
}

void
zw_dbus_zone_get_zone_of_source(ZwDbusCall *call)
{
        const char *value, *zone;

        g_variant_get(call->params, "(&s)", &value);
        zone = zw_tree_zone_of_source(call->server->rt->tree, value);
        zw_dbus_return(call, g_variant_new("(s)", zone != NULL ? zone : ""));
}

void
zw_dbus_zone_get_active_zones(ZwDbusCall *call)
{
        const ZwRuntime *rt = call->server->rt;
        g_autoptr(GPtrArray) active = zw_runtime_active_zones(rt);
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("a{sa{sas}}"));
        for (guint i = 0; i < active->len; i++) {
                const char *name = g_ptr_array_index(active, i);
                const ZwZone *zone = zw_tree_get_zone(rt->tree, name);
                GVariantBuilder inner;

                if (zone == NULL)
                        continue;
                g_variant_builder_init(&inner, G_VARIANT_TYPE("a{sas}"));
                if (zone->interfaces->len > 0)
                        g_variant_builder_add(&inner, "{s@as}", "interfaces",
                                              strs_variant(zone->interfaces));
                if (zone->sources->len > 0)
                        g_variant_builder_add(&inner, "{s@as}", "sources",
                                              strs_variant(zone->sources));
                g_variant_builder_add(&b, "{sa{sas}}", name, &inner);
        }
        zw_dbus_return(call, g_variant_new("(a{sa{sas}})", &b));
}

void
zw_dbus_zone_get_zones(ZwDbusCall *call)
{
        g_autoptr(GPtrArray) names = zw_tree_names(call->server->rt->tree, ZW_KIND_ZONE);
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("as"));
        for (guint i = 0; i < names->len; i++)
                g_variant_builder_add(&b, "s", (const char *)g_ptr_array_index(names, i));
        zw_dbus_return(call, g_variant_new("(as)", &b));
}

void
zw_dbus_zone_is_immutable(ZwDbusCall *call)
{
        zw_dbus_return(call, g_variant_new("(b)", FALSE)); /* deprecated, always false */
}

/* ------------------------------------------------------------------ getters */

/* zone of the first argument, or NULL after replying INVALID_ZONE */
static const ZwZone *
zone_arg(ZwDbusCall *call)
{
        g_autoptr(GError) error = NULL;
        const char *arg, *name;

        g_variant_get_child(call->params, 0, "&s", &arg);
        name = zw_runtime_resolve_zone(call->server->rt, arg, &error);
        if (name == NULL) {
                zw_dbus_return_error(call, error);
                return NULL;
        }
        return zw_tree_get_zone(call->server->rt->tree, name);
}

static void
return_strs(ZwDbusCall *call, const GPtrArray *list)
{
        zw_dbus_return(call, g_variant_new("(@as)", strs_variant(list)));
}

static void
return_ports(ZwDbusCall *call, const GPtrArray *list)
{
        GVariantBuilder b;

        /* aas, not a(ss): dbus-api.md §5.5 */
        g_variant_builder_init(&b, G_VARIANT_TYPE("aas"));
        for (guint i = 0; i < list->len; i++) {
                const ZwPort *p = g_ptr_array_index(list, i);
                const char *v[] = { p->port, p->protocol, NULL };
                g_variant_builder_add(&b, "^as", v);
        }
        zw_dbus_return(call, g_variant_new("(aas)", &b));
}

#define ZONE_GET_STRS(stem, field)                                                               \
        void zw_dbus_zone_get_##stem(ZwDbusCall *call)                                          \
        {                                                                                        \
                const ZwZone *zone = zone_arg(call);                                             \
                if (zone != NULL)                                                                \
                        return_strs(call, zone->field);                                          \
        }

ZONE_GET_STRS(services, services)
ZONE_GET_STRS(protocols, protocols)
ZONE_GET_STRS(icmp_blocks, icmp_blocks)
ZONE_GET_STRS(interfaces, interfaces)
ZONE_GET_STRS(sources, sources)

void
zw_dbus_zone_get_ports(ZwDbusCall *call)
{
        const ZwZone *zone = zone_arg(call);

        if (zone != NULL)
                return_ports(call, zone->ports);
}

void
zw_dbus_zone_get_source_ports(ZwDbusCall *call)
{
        const ZwZone *zone = zone_arg(call);

        if (zone != NULL)
                return_ports(call, zone->source_ports);
}

void
zw_dbus_zone_get_forward_ports(ZwDbusCall *call)
{
        const ZwZone *zone = zone_arg(call);
        GVariantBuilder b;

        if (zone == NULL)
                return;
        g_variant_builder_init(&b, G_VARIANT_TYPE("aas"));
        for (guint i = 0; i < zone->forward_ports->len; i++) {
                const ZwForwardPort *p = g_ptr_array_index(zone->forward_ports, i);
                const char *v[] = { p->port, p->protocol, p->to_port != NULL ? p->to_port : "",
                                    p->to_addr != NULL ? p->to_addr : "", NULL };
                g_variant_builder_add(&b, "^as", v);
        }
        zw_dbus_return(call, g_variant_new("(aas)", &b));
}

void
zw_dbus_zone_get_rich_rules(ZwDbusCall *call)
{
        const ZwZone *zone = zone_arg(call);
        GVariantBuilder b;

        if (zone == NULL)
                return;
        g_variant_builder_init(&b, G_VARIANT_TYPE("as"));
        for (guint i = 0; i < zone->rules->len; i++) {
                g_autofree char *s = zw_rich_rule_to_string(g_ptr_array_index(zone->rules, i));
                g_variant_builder_add(&b, "s", s);
        }
        zw_dbus_return(call, g_variant_new("(as)", &b));
}

void
zw_dbus_zone_get_zone_settings2(ZwDbusCall *call)
{
        const ZwZone *zone = zone_arg(call);

        if (zone != NULL)
                zw_dbus_return(call, g_variant_new_tuple(
                                             (GVariant *[]){ zw_dbus_zone_to_dict(zone) }, 1));
}

void
zw_dbus_zone_set_zone_settings2(ZwDbusCall *call)
{
        ZwDbusServer *server = call->server;
        g_autoptr(GError) error = NULL;
        g_autoptr(GVariant) settings = g_variant_get_child_value(call->params, 1);
        g_autofree char *zone = NULL;
        const char *arg, *resolved;
        ZwRuntime *next;

        g_variant_get_child(call->params, 0, "&s", &arg);
        resolved = zw_runtime_resolve_zone(server->rt, arg, &error);
        if (resolved == NULL) {
                zw_dbus_return_error(call, error);
                return;
        }
        zone = g_strdup(resolved);
        next = zw_runtime_dup(server->rt);
        if (!zw_dbus_apply_settings_dict(next->tree, ZW_KIND_ZONE, zone, settings, &error)) {
                zw_runtime_free(next);
                zw_dbus_return_error(call, error);
                return;
        }
        if (!zw_dbus_commit(server, next, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        /* ZoneUpdated with the dict as passed, no per-item signals (dbus-api.md §7) */
        zw_dbus_emit(server, ZW_DBUS_PATH, ZW_DBUS_IFACE_ZONE, "ZoneUpdated",
                     g_variant_new("(s@a{sv})", zone, settings));
        zw_dbus_return(call, NULL);
}
