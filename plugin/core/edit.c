/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/edit.c: add/remove/query of one item of a zone, policy or service, with firewalld's
 * runtime or permanent semantics and error texts */
#include "config.h"

#include <string.h>

#include "core/edit.h"

#include "core/check.h"
#include "core/error.h"

typedef enum {
        OP_ADD,
        OP_REMOVE,
        OP_QUERY,
} Op;

/* the lists of one zone, policy or service; NULL where the kind has no such item */
typedef struct {
        ZwKind kind;
        const char *name;
        GPtrArray *services, *ports, *protocols, *icmp_blocks, *forward_ports, *source_ports;
        GPtrArray *rules, *interfaces, *sources, *ingress_zones, *egress_zones;
        GPtrArray *modules, *includes, *helpers;
        gboolean *masquerade, *icmp_block_inversion, *forward;
} Target;

/* the item after validation, in stored form */
typedef struct {
        char *value;    /* normalised port / module / plain value */
        char *to_port;  /* normalised, "" if none */
        char *id;       /* how firewalld names the item in messages */
        ZwRichRule *rule;
} Prepared;

static void
prepared_clear(Prepared *p)
{
        g_free(p->value);
        g_free(p->to_port);
        g_free(p->id);
        zw_rich_rule_free(p->rule);
}

static void
target_init(Target *t, gpointer object)
{
        ZwObjInfo *info = object;

        memset(t, 0, sizeof(*t));
        t->kind = info->kind;
        t->name = info->name;
        if (info->kind == ZW_KIND_ZONE) {
                ZwZone *z = object;
                t->services = z->services;
                t->ports = z->ports;
                t->protocols = z->protocols;
                t->icmp_blocks = z->icmp_blocks;
                t->forward_ports = z->forward_ports;
                t->source_ports = z->source_ports;
                t->rules = z->rules;
                t->interfaces = z->interfaces;
                t->sources = z->sources;
                t->masquerade = &z->masquerade;
                t->icmp_block_inversion = &z->icmp_block_inversion;
                t->forward = &z->forward;
        } else if (info->kind == ZW_KIND_POLICY) {
                ZwPolicy *p = object;
                t->services = p->services;
                t->ports = p->ports;
                t->protocols = p->protocols;
                t->icmp_blocks = p->icmp_blocks;
                t->forward_ports = p->forward_ports;
                t->source_ports = p->source_ports;
                t->rules = p->rules;
                t->ingress_zones = p->ingress_zones;
                t->egress_zones = p->egress_zones;
                t->masquerade = &p->masquerade;
        } else if (info->kind == ZW_KIND_SERVICE) {
                ZwService *s = object;
                t->ports = s->ports;
                t->protocols = s->protocols;
                t->source_ports = s->source_ports;
                t->modules = s->modules;
                t->includes = s->includes;
                t->helpers = s->helpers;
        }
}

static GPtrArray *
string_list(const Target *t, ZwItemType type)
{
        switch (type) {
        case ZW_ITEM_SERVICE:
                return t->services;
        case ZW_ITEM_PROTOCOL:
                return t->protocols;
        case ZW_ITEM_ICMP_BLOCK:
                return t->icmp_blocks;
        case ZW_ITEM_INTERFACE:
                return t->interfaces;
        case ZW_ITEM_SOURCE:
                return t->sources;
        case ZW_ITEM_INGRESS_ZONE:
                return t->ingress_zones;
        case ZW_ITEM_EGRESS_ZONE:
                return t->egress_zones;
        case ZW_ITEM_MODULE:
                return t->modules;
        case ZW_ITEM_INCLUDE:
                return t->includes;
        case ZW_ITEM_HELPER:
                return t->helpers;
        case ZW_ITEM_PORT:
        case ZW_ITEM_SOURCE_PORT:
        case ZW_ITEM_FORWARD_PORT:
        case ZW_ITEM_MASQUERADE:
        case ZW_ITEM_RICH_RULE:
        case ZW_ITEM_ICMP_BLOCK_INVERSION:
        case ZW_ITEM_FORWARD:
        default:
                return NULL;
        }
}

static gboolean *
flag_of(const Target *t, ZwItemType type)
{
        switch (type) {
        case ZW_ITEM_MASQUERADE:
                return t->masquerade;
        case ZW_ITEM_ICMP_BLOCK_INVERSION:
                return t->icmp_block_inversion;
        case ZW_ITEM_FORWARD:
                return t->forward;
        default:
                return NULL;
        }
}

static const char *
flag_name(ZwItemType type)
{
        switch (type) {
        case ZW_ITEM_MASQUERADE:
                return "masquerade";
        case ZW_ITEM_ICMP_BLOCK_INVERSION:
                return "icmp-block-inversion";
        case ZW_ITEM_FORWARD:
                return "forward";
        default:
                return "";
        }
}

static gboolean
applicable(const Target *t, ZwItemType type)
{
        switch (type) {
        case ZW_ITEM_PORT:
                return t->ports != NULL;
        case ZW_ITEM_SOURCE_PORT:
                return t->source_ports != NULL;
        case ZW_ITEM_FORWARD_PORT:
                return t->forward_ports != NULL;
        case ZW_ITEM_RICH_RULE:
                return t->rules != NULL;
        case ZW_ITEM_MASQUERADE:
        case ZW_ITEM_ICMP_BLOCK_INVERSION:
        case ZW_ITEM_FORWARD:
                return flag_of(t, type) != NULL;
        default:
                return string_list(t, type) != NULL;
        }
}

static const char *
kind_label(ZwKind kind)
{
        return kind == ZW_KIND_POLICY ? "Policy" : kind == ZW_KIND_SERVICE ? "Service" : "Zone";
}

static gboolean
set_presence_error(GError **error, int code, ZwEditMode mode, const Target *t, const char *id)
{
        /* runtime: "'http' already in 'public'"; permanent: just "http" (dbus-api.md §6) */
        if (mode == ZW_EDIT_PERMANENT)
                g_set_error_literal(error, ZW_ERROR, code, id);
        else
                g_set_error(error, ZW_ERROR, code,
                            code == ZW_ERROR_ALREADY_ENABLED ? "'%s' already in '%s'"
                                                             : "'%s' not in '%s'",
                            id, t->name);
        return FALSE;
}

static gboolean
set_flag_error(GError **error, int code, ZwEditMode mode, const Target *t, ZwItemType type)
{
        if (mode == ZW_EDIT_PERMANENT)
                g_set_error_literal(error, ZW_ERROR, code, flag_name(type));
        else
                g_set_error(error, ZW_ERROR, code,
                            code == ZW_ERROR_ALREADY_ENABLED ? "%s already enabled in '%s'"
                                                             : "%s not enabled in '%s'",
                            flag_name(type), t->name);
        return FALSE;
}

/* ---- validation ---- */

static gboolean
prepare(const ZwTree *tree, const Target *t, const ZwItem *item, Op op, ZwEditMode mode,
        Prepared *p, GError **error)
{
        const char *v = item->value != NULL ? item->value : "";
        gboolean runtime = mode == ZW_EDIT_RUNTIME;

        switch (item->type) {
        case ZW_ITEM_SERVICE:
                if (zw_tree_get_service(tree, v) == NULL) {
                        if (runtime) {
                                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_SERVICE, v);
                                return FALSE;
                        }
                        if (op == OP_ADD) {
                                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_SERVICE,
                                            "%s '%s': '%s' not among existing services",
                                            kind_label(t->kind), t->name, v);
                                return FALSE;
                        }
                }
                p->value = g_strdup(v);
                p->id = g_strdup(v);
                return TRUE;
        case ZW_ITEM_PORT:
        case ZW_ITEM_SOURCE_PORT:
                if (!zw_check_port(v, &p->value, error) ||
                    !zw_check_port_protocol(item->protocol, error))
                        return FALSE;
                p->id = g_strdup_printf("%s:%s", v, item->protocol);
                return TRUE;
        case ZW_ITEM_PROTOCOL:
                if (!zw_check_protocol(v, error))
                        return FALSE;
                p->value = g_strdup(v);
                p->id = g_strdup(v);
                return TRUE;
        case ZW_ITEM_ICMP_BLOCK:
                if (zw_tree_get_icmptype(tree, v) == NULL) {
                        if (runtime) {
                                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_ICMPTYPE,
                                                    v);
                                return FALSE;
                        }
                        if (op == OP_ADD) {
                                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ICMPTYPE,
                                            "%s '%s': '%s' not among existing icmp types",
                                            kind_label(t->kind), t->name, v);
                                return FALSE;
                        }
                }
                p->value = g_strdup(v);
                p->id = g_strdup(v);
                return TRUE;
        case ZW_ITEM_FORWARD_PORT:
                if (!zw_check_forward_port(v, item->protocol, item->to_port, item->to_addr,
                                           &p->value, &p->to_port, error))
                        return FALSE;
                p->id = g_strdup_printf("%s:%s:%s:%s", v, item->protocol,
                                        item->to_port != NULL ? item->to_port : "",
                                        item->to_addr != NULL ? item->to_addr : "");
                return TRUE;
        case ZW_ITEM_RICH_RULE:
                p->rule = zw_rich_rule_parse(v, error);
                if (p->rule == NULL)
                        return FALSE;
                if (op == OP_ADD && !zw_tree_check_rule(tree, p->rule, error))
                        return FALSE;
                p->id = zw_rich_rule_to_string(p->rule);
                p->value = g_strdup(p->id);
                return TRUE;
        case ZW_ITEM_INTERFACE:
                if (!zw_check_interface(v, error))
                        return FALSE;
                p->value = g_strdup(v);
                p->id = g_strdup(v);
                return TRUE;
        case ZW_ITEM_SOURCE:
                if (!zw_check_source(v, error))
                        return FALSE;
                if (op == OP_ADD && !zw_tree_check_ipset_source(tree, v, error))
                        return FALSE;
                p->value = g_strdup(v);
                p->id = g_strdup(v);
                return TRUE;
        case ZW_ITEM_INGRESS_ZONE:
        case ZW_ITEM_EGRESS_ZONE:
                if (op == OP_ADD && strcmp(v, "ANY") != 0 && strcmp(v, "HOST") != 0 &&
                    zw_tree_get_zone(tree, v) == NULL) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ZONE,
                                    "'%s' not among existing zones", v);
                        return FALSE;
                }
                p->value = g_strdup(v);
                p->id = g_strdup(v);
                return TRUE;
        case ZW_ITEM_MODULE:
                if (!zw_service_check_module(v, error))
                        return FALSE;
                p->value = zw_service_normalize_module(v);
                p->id = g_strdup(p->value);
                return TRUE;
        case ZW_ITEM_INCLUDE:
                if (op == OP_ADD && zw_tree_get_service(tree, v) == NULL) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_SERVICE,
                                    "Service '%s': Included service '%s' not found.", t->name,
                                    v);
                        return FALSE;
                }
                p->value = g_strdup(v);
                p->id = g_strdup(v);
                return TRUE;
        case ZW_ITEM_HELPER:
                if (*v == '\0') {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_HELPER, v);
                        return FALSE;
                }
                p->value = g_strdup(v);
                p->id = g_strdup(v);
                return TRUE;
        case ZW_ITEM_MASQUERADE:
        case ZW_ITEM_ICMP_BLOCK_INVERSION:
        case ZW_ITEM_FORWARD:
        default:
                return TRUE;
        }
}

/* ---- port ranges (port.c) ---- */

typedef struct {
        guint lo, hi;
} Range;

static int
find_containing(const GPtrArray *ports, const char *protocol, const Range *r)
{
        g_autofree char *s = zw_port_range_to_string(r->lo, r->hi);

        return zw_ports_find_containing(ports, s, protocol);
}

static void
coalesce_add(GPtrArray *ports, const char *protocol, Range r)
{
        g_autofree char *s = zw_port_range_to_string(r.lo, r.hi);

        zw_ports_add_coalesced(ports, s, protocol);
}

static void
break_range(GPtrArray *ports, const char *protocol, Range r)
{
        g_autofree char *s = zw_port_range_to_string(r.lo, r.hi);

        zw_ports_remove_range(ports, s, protocol);
}

static gboolean
port_op(const Target *t, GPtrArray *ports, const ZwItem *item, const Prepared *p, Op op,
        ZwEditMode mode, gboolean *out_present, GError **error)
{
        Range r;
        int idx;

        if (!zw_port_range(p->value, &r.lo, &r.hi)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PORT, "'%s' is invalid port range",
                            p->value);
                return FALSE;
        }
        if (t->kind == ZW_KIND_SERVICE) {
                /* services compare entries exactly (config_service.py) */
                idx = -1;
                for (guint i = 0; i < ports->len; i++) {
                        const ZwPort *e = g_ptr_array_index(ports, i);
                        if (g_strcmp0(e->port, p->value) == 0 &&
                            g_strcmp0(e->protocol, item->protocol) == 0)
                                idx = (int)i;
                }
        } else {
                idx = find_containing(ports, item->protocol, &r);
        }
        switch (op) {
        case OP_QUERY:
                *out_present = idx >= 0;
                return TRUE;
        case OP_ADD:
                if (idx >= 0)
                        return set_presence_error(error, ZW_ERROR_ALREADY_ENABLED, mode, t, p->id);
                if (t->kind == ZW_KIND_SERVICE || mode == ZW_EDIT_RUNTIME)
                        /* runtime keeps ranges as added: dbus-api.md, addPort */
                        g_ptr_array_add(ports, zw_port_new(p->value, item->protocol));
                else
                        coalesce_add(ports, item->protocol, r);
                return TRUE;
        case OP_REMOVE:
                if (idx < 0)
                        return set_presence_error(error, ZW_ERROR_NOT_ENABLED, mode, t, p->id);
                if (t->kind == ZW_KIND_SERVICE)
                        g_ptr_array_remove_index(ports, (guint)idx);
                else
                        break_range(ports, item->protocol, r);
                return TRUE;
        default:
                g_return_val_if_reached(FALSE);
        }
}

/* ---- bindings ---- */

const char *
zw_tree_zone_of_interface(const ZwTree *tree, const char *iface)
{
        GHashTableIter it;
        gpointer value;

        g_return_val_if_fail(tree != NULL, NULL);
        g_hash_table_iter_init(&it, tree->objects[ZW_KIND_ZONE]);
        while (g_hash_table_iter_next(&it, NULL, &value)) {
                const ZwZone *z = value;
                if (zw_strv_array_contains(z->interfaces, iface))
                        return z->info.name;
        }
        return NULL;
}

const char *
zw_tree_zone_of_source(const ZwTree *tree, const char *source)
{
        GHashTableIter it;
        gpointer value;

        g_return_val_if_fail(tree != NULL, NULL);
        g_hash_table_iter_init(&it, tree->objects[ZW_KIND_ZONE]);
        while (g_hash_table_iter_next(&it, NULL, &value)) {
                const ZwZone *z = value;
                if (zw_strv_array_contains(z->sources, source))
                        return z->info.name;
        }
        return NULL;
}

static gboolean
binding_add_check(const ZwTree *tree, const Target *t, ZwItemType type, const char *v,
                  ZwEditMode mode, GError **error)
{
        gboolean iface = type == ZW_ITEM_INTERFACE;
        const char *zone = iface ? zw_tree_zone_of_interface(tree, v)
                                 : zw_tree_zone_of_source(tree, v);

        if (zone == NULL)
                return TRUE;
        if (g_strcmp0(zone, t->name) == 0) {
                if (mode == ZW_EDIT_PERMANENT)
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_ALREADY_ENABLED, v);
                else
                        g_set_error(error, ZW_ERROR, ZW_ERROR_ZONE_ALREADY_SET,
                                    "'%s' already bound to '%s'", v, zone);
                return FALSE;
        }
        if (mode == ZW_EDIT_PERMANENT) {
                /* io/zone.py: one zone per interface/source in the permanent config */
                if (iface)
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_INTERFACE,
                                    "interface '%s' already bound to zone '%s'", v, zone);
                else
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ADDR,
                                    "source '%s' already bound to zone '%s'", v, zone);
        } else if (iface) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_ZONE_CONFLICT, "'%s' already bound to '%s'",
                            v, zone);
        } else {
                g_set_error(error, ZW_ERROR, ZW_ERROR_ZONE_CONFLICT,
                            "'%s' already bound to a zone", v);
        }
        return FALSE;
}

static gboolean
binding_remove_check(const ZwTree *tree, const Target *t, ZwItemType type, const char *v,
                     GError **error)
{
        gboolean iface = type == ZW_ITEM_INTERFACE;
        const char *zone = iface ? zw_tree_zone_of_interface(tree, v)
                                 : zw_tree_zone_of_source(tree, v);

        if (zone == NULL) {
                g_set_error(error, ZW_ERROR,
                            iface ? ZW_ERROR_UNKNOWN_INTERFACE : ZW_ERROR_UNKNOWN_SOURCE,
                            "'%s' is not in any zone", v);
                return FALSE;
        }
        if (g_strcmp0(zone, t->name) != 0) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_ZONE_CONFLICT,
                            iface ? "remove_interface(%s, %s): zoi='%s'"
                                  : "remove_source(%s, %s): zos='%s'",
                            t->name, v, zone);
                return FALSE;
        }
        return TRUE;
}

/* ---- one operation on one target ---- */

static gboolean
do_op(const ZwTree *tree, const Target *t, const ZwItem *item, const Prepared *p, Op op,
      ZwEditMode mode, gboolean *out_present, GError **error)
{
        gboolean dummy = FALSE;

        if (out_present == NULL)
                out_present = &dummy;
        switch (item->type) {
        case ZW_ITEM_PORT:
                return port_op(t, t->ports, item, p, op, mode, out_present, error);
        case ZW_ITEM_SOURCE_PORT:
                return port_op(t, t->source_ports, item, p, op, mode, out_present, error);
        case ZW_ITEM_MASQUERADE:
        case ZW_ITEM_ICMP_BLOCK_INVERSION:
        case ZW_ITEM_FORWARD: {
                gboolean *flag = flag_of(t, item->type);
                if (op == OP_QUERY) {
                        *out_present = *flag;
                        return TRUE;
                }
                if (op == OP_ADD && *flag)
                        return set_flag_error(error, ZW_ERROR_ALREADY_ENABLED, mode, t,
                                              item->type);
                if (op == OP_REMOVE && !*flag)
                        return set_flag_error(error, ZW_ERROR_NOT_ENABLED, mode, t, item->type);
                *flag = op == OP_ADD;
                return TRUE;
        }
        case ZW_ITEM_FORWARD_PORT: {
                g_autoptr(ZwForwardPort) fp = zw_forward_port_new(p->value, item->protocol,
                                                                  p->to_port, item->to_addr);
                int idx = -1;
                for (guint i = 0; i < t->forward_ports->len; i++)
                        if (zw_forward_port_equal(g_ptr_array_index(t->forward_ports, i), fp))
                                idx = (int)i;
                if (op == OP_QUERY) {
                        *out_present = idx >= 0;
                        return TRUE;
                }
                if (op == OP_ADD) {
                        if (idx >= 0)
                                return set_presence_error(error, ZW_ERROR_ALREADY_ENABLED, mode,
                                                          t, p->id);
                        g_ptr_array_add(t->forward_ports, g_steal_pointer(&fp));
                        return TRUE;
                }
                if (idx < 0)
                        return set_presence_error(error, ZW_ERROR_NOT_ENABLED, mode, t, p->id);
                g_ptr_array_remove_index(t->forward_ports, (guint)idx);
                return TRUE;
        }
        case ZW_ITEM_RICH_RULE: {
                int idx = -1;
                for (guint i = 0; i < t->rules->len; i++)
                        if (zw_rich_rule_equal(g_ptr_array_index(t->rules, i), p->rule))
                                idx = (int)i;
                if (op == OP_QUERY) {
                        *out_present = idx >= 0;
                        return TRUE;
                }
                if (op == OP_ADD) {
                        if (idx >= 0)
                                return set_presence_error(error, ZW_ERROR_ALREADY_ENABLED, mode,
                                                          t, p->id);
                        g_ptr_array_add(t->rules, zw_rich_rule_dup(p->rule));
                        return TRUE;
                }
                if (idx < 0)
                        return set_presence_error(error, ZW_ERROR_NOT_ENABLED, mode, t, p->id);
                g_ptr_array_remove_index(t->rules, (guint)idx);
                return TRUE;
        }
        default: {
                GPtrArray *list = string_list(t, item->type);
                gboolean present = zw_strv_array_contains(list, p->value);
                gboolean binding =
                        item->type == ZW_ITEM_INTERFACE || item->type == ZW_ITEM_SOURCE;

                if (op == OP_QUERY) {
                        *out_present = present;
                        return TRUE;
                }
                if (op == OP_ADD) {
                        if (binding && !binding_add_check(tree, t, item->type, p->value, mode,
                                                          error))
                                return FALSE;
                        if (present)
                                return set_presence_error(error, ZW_ERROR_ALREADY_ENABLED, mode,
                                                          t, p->id);
                        g_ptr_array_add(list, g_strdup(p->value));
                        return TRUE;
                }
                if (binding && mode == ZW_EDIT_RUNTIME &&
                    !binding_remove_check(tree, t, item->type, p->value, error))
                        return FALSE;
                if (!present)
                        return set_presence_error(error, ZW_ERROR_NOT_ENABLED, mode, t, p->id);
                for (guint i = 0; i < list->len; i++) {
                        if (g_strcmp0(g_ptr_array_index(list, i), p->value) == 0) {
                                g_ptr_array_remove_index(list, i);
                                break;
                        }
                }
                return TRUE;
        }
        }
}

static gboolean
edit(ZwTree *tree, ZwKind kind, const char *name, const ZwItem *item, ZwEditMode mode, Op op,
     gboolean *out_present, GError **error)
{
        gpointer object;
        Target t;
        Prepared p = { 0 };
        gboolean ok;

        g_return_val_if_fail(tree != NULL && item != NULL, FALSE);
        if (kind != ZW_KIND_ZONE && kind != ZW_KIND_POLICY && kind != ZW_KIND_SERVICE) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_OBJECT,
                            "items of a %s cannot be edited", zw_kind_name(kind));
                return FALSE;
        }
        object = zw_tree_lookup(tree, kind, name);
        if (object == NULL) {
                g_set_error_literal(error, ZW_ERROR, zw_kind_invalid_code(kind),
                                    name != NULL ? name : "");
                return FALSE;
        }
        target_init(&t, object);
        if (!applicable(&t, item->type)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_SETTING,
                            "item %d does not apply to %s '%s'", (int)item->type,
                            zw_kind_name(kind), name);
                return FALSE;
        }
        if (!prepare(tree, &t, item, op, mode, &p, error)) {
                prepared_clear(&p);
                return FALSE;
        }
        if (kind == ZW_KIND_POLICY && op == OP_ADD) {
                /* combinations (ANY/HOST, masquerade, forward-port) are checked on the whole
                 * policy: change a copy first, so a refused change leaves the tree unchanged.
                 * Removals cannot create a bad combination, so settings-dict updates may
                 * remove before they add. */
                g_autoptr(ZwPolicy) copy = zw_policy_dup(object);
                Target tc;

                target_init(&tc, copy);
                if (!do_op(tree, &tc, item, &p, op, mode, NULL, error) ||
                    !zw_tree_check_object(tree, copy, error)) {
                        prepared_clear(&p);
                        return FALSE;
                }
        }
        ok = do_op(tree, &t, item, &p, op, mode, out_present, error);
        prepared_clear(&p);
        return ok;
}

gboolean
zw_edit_add(ZwTree *tree, ZwKind kind, const char *name, const ZwItem *item, ZwEditMode mode,
            GError **error)
{
        return edit(tree, kind, name, item, mode, OP_ADD, NULL, error);
}

gboolean
zw_edit_remove(ZwTree *tree, ZwKind kind, const char *name, const ZwItem *item,
               ZwEditMode mode, GError **error)
{
        return edit(tree, kind, name, item, mode, OP_REMOVE, NULL, error);
}

gboolean
zw_edit_query(const ZwTree *tree, ZwKind kind, const char *name, const ZwItem *item,
              gboolean *out_present, GError **error)
{
        return zw_edit_query_mode(tree, kind, name, item, ZW_EDIT_PERMANENT, out_present, error);
}

gboolean
zw_edit_query_mode(const ZwTree *tree, ZwKind kind, const char *name, const ZwItem *item,
                   ZwEditMode mode, gboolean *out_present, GError **error)
{
        gboolean present = FALSE;

        /* a query never changes anything; the cast only shares the add/remove path */
        if (!edit((ZwTree *)tree, kind, name, item, mode, OP_QUERY, &present, error))
                return FALSE;
        if (out_present != NULL)
                *out_present = present;
        return TRUE;
}
