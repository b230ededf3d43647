/* SPDX-License-Identifier: GPL-2.0-or-later */
/* insight/counters.c: kernel counters (by nft name) -> rows in model terms (pure) */
#include "config.h"

#include <string.h>

#include "core/error.h"
#include "core/policy.h"
#include "core/port.h"
#include "core/service.h"
#include "core/zone.h"
#include "insight/counters.h"
#include "nft/counter-names.h"

/* the compiler expands ranges up to this many ports into elements (nft/compiler.c);
 * wider ones are a rule without per-port counter */
#define MAX_EXPANDED_RANGE 256

void
zw_counter_row_free(ZwCounterRow *row)
{
        if (row == NULL)
                return;
        g_free(row->owner_type);
        g_free(row->owner);
        g_free(row->kind);
        g_free(row->item);
        g_free(row);
}

static void
add_row(GPtrArray *rows, gboolean zone, const char *owner, const char *kind, const char *item,
        guint64 packets, guint64 bytes)
{
        ZwCounterRow *r = g_new0(ZwCounterRow, 1);

        r->owner_type = g_strdup(zone ? "zone" : "policy");
        r->owner = g_strdup(owner);
        r->kind = g_strdup(kind);
        r->item = g_strdup(item);
        r->packets = packets;
        r->bytes = bytes;
        g_ptr_array_add(rows, r);
}

/* the protocols ports exist for (firewalld allows no others with a port) */
static gboolean
proto_number(const char *name, guint8 *out)
{
        static const struct {
                const char *name;
                guint8 num;
        } protos[] = { { "tcp", 6 }, { "udp", 17 }, { "sctp", 132 }, { "dccp", 33 } };

        for (guint i = 0; i < G_N_ELEMENTS(protos); i++) {
                if (g_strcmp0(protos[i].name, name) == 0) {
                        *out = protos[i].num;
                        return TRUE;
                }
        }
        return FALSE;
}

typedef struct {
        guint64 packets, bytes;
        gboolean found;
} Sum;

/* add the element counters of one port entry ("22", "5000-5010") of set `set` */
static void
sum_port(GHashTable *raw, const char *set, const ZwPort *p, Sum *sum)
{
        guint lo, hi;
        guint8 proto;

        if (p->port == NULL || *p->port == '\0' || !proto_number(p->protocol, &proto) ||
            !zw_port_range(p->port, &lo, &hi) || hi < lo || hi - lo + 1 > MAX_EXPANDED_RANGE)
                return;
        for (guint port = lo; port <= hi; port++) {
                g_autofree char *key = zw_nft_counter_elem_key(set, proto, (guint16)port);
                const ZwNftCount *c = g_hash_table_lookup(raw, key);

                if (c == NULL)
                        continue;
                sum->packets += c->packets;
                sum->bytes += c->bytes;
                sum->found = TRUE;
        }
}

static void
sum_service(const ZwRuntime *rt, GHashTable *raw, gboolean zone, const char *owner,
            const char *set, const char *name, GHashTable *seen, Sum *sum)
{
        g_autofree char *named = zw_nft_counter_service_name(zone, owner, name);
        const ZwNftCount *c = g_hash_table_lookup(raw, named);
        const ZwService *svc;

        if (g_hash_table_contains(seen, name))
                return;
        g_hash_table_add(seen, (gpointer)name);
        svc = zw_tree_lookup(rt->tree, ZW_KIND_SERVICE, name);
        if (svc == NULL)
                return;
        /* ports with a destination are rules with the service's own counter */
        if (c != NULL) {
                sum->packets += c->packets;
                sum->bytes += c->bytes;
                sum->found = TRUE;
        }
        if (svc->destination_ipv4 == NULL && svc->destination_ipv6 == NULL)
                for (guint i = 0; svc->ports != NULL && i < svc->ports->len; i++)
                        sum_port(raw, set, g_ptr_array_index(svc->ports, i), sum);
        for (guint i = 0; svc->includes != NULL && i < svc->includes->len; i++)
                sum_service(rt, raw, zone, owner, set, g_ptr_array_index(svc->includes, i),
                            seen, sum);
}

static void
named_row(GPtrArray *rows, GHashTable *raw, gboolean zone, const char *owner, const char *kind,
          const char *item, const char *name)
{
        const ZwNftCount *c = g_hash_table_lookup(raw, name);

        if (c != NULL)
                add_row(rows, zone, owner, kind, item, c->packets, c->bytes);
}

/* rows of one zone or policy, from what both carry */
static void
owner_rows(const ZwRuntime *rt, GHashTable *raw, GPtrArray *rows, gboolean zone,
           const char *owner, GPtrArray *services, GPtrArray *ports, GPtrArray *rules)
{
        g_autofree char *set = zw_nft_counter_port_set(zone, owner);
        const char *what[] = { "in", "target" };

        for (guint i = 0; i < G_N_ELEMENTS(what); i++) {
                g_autofree char *name = zw_nft_counter_name(zone, owner, what[i]);

                named_row(rows, raw, zone, owner, zone ? "zone" : "policy", what[i], name);
        }
        for (guint i = 0; services != NULL && i < services->len; i++) {
                const char *svc = g_ptr_array_index(services, i);
                g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
                Sum sum = { 0 };

                sum_service(rt, raw, zone, owner, set, svc, seen, &sum);
                if (sum.found)
                        add_row(rows, zone, owner, "service", svc, sum.packets, sum.bytes);
        }
        for (guint i = 0; ports != NULL && i < ports->len; i++) {
                const ZwPort *p = g_ptr_array_index(ports, i);
                g_autofree char *item = g_strdup_printf("%s/%s", p->port, p->protocol);
                Sum sum = { 0 };

                sum_port(raw, set, p, &sum);
                if (sum.found)
                        add_row(rows, zone, owner, "port", item, sum.packets, sum.bytes);
        }
        for (guint i = 0; rules != NULL && i < rules->len; i++) {
                const ZwRichRule *rule = g_ptr_array_index(rules, i);
                g_autofree char *name = zw_nft_counter_rule_name(zone, owner, rule);
                g_autofree char *text = zw_rich_rule_to_string(rule);

                named_row(rows, raw, zone, owner, "rule", text, name);
        }
}

static gint
name_cmp(gconstpointer a, gconstpointer b)
{
        return g_strcmp0(*(const char *const *)a, *(const char *const *)b);
}

GPtrArray *
zw_insight_counters(const ZwRuntime *rt, GHashTable *raw, const char *zone, GError **error)
{
        g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func(
                (GDestroyNotify)zw_counter_row_free);
        g_autoptr(GPtrArray) zones = NULL;
        g_autoptr(GPtrArray) policies = NULL;

        g_return_val_if_fail(rt != NULL && raw != NULL, NULL);
        if (zone != NULL && *zone != '\0') {
                const ZwZone *z = zw_tree_lookup(rt->tree, ZW_KIND_ZONE, zone);

                if (z == NULL) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ZONE, "%s", zone);
                        return NULL;
                }
                owner_rows(rt, raw, rows, TRUE, z->info.name, z->services, z->ports, z->rules);
                return g_steal_pointer(&rows);
        }
        zones = g_ptr_array_new();
        policies = g_ptr_array_new();
        {
                GHashTableIter it;
                gpointer key;

                g_hash_table_iter_init(&it, rt->tree->objects[ZW_KIND_ZONE]);
                while (g_hash_table_iter_next(&it, &key, NULL))
                        if (zw_runtime_zone_is_used(rt, key))
                                g_ptr_array_add(zones, key);
                g_hash_table_iter_init(&it, rt->tree->objects[ZW_KIND_POLICY]);
                while (rt->tree->objects[ZW_KIND_POLICY] != NULL &&
                       g_hash_table_iter_next(&it, &key, NULL))
                        if (zw_runtime_policy_is_active(rt, key))
                                g_ptr_array_add(policies, key);
        }
        g_ptr_array_sort(zones, name_cmp);
        g_ptr_array_sort(policies, name_cmp);
        for (guint i = 0; i < zones->len; i++) {
                const ZwZone *z =
                        zw_tree_lookup(rt->tree, ZW_KIND_ZONE, g_ptr_array_index(zones, i));

                owner_rows(rt, raw, rows, TRUE, z->info.name, z->services, z->ports, z->rules);
        }
        for (guint i = 0; i < policies->len; i++) {
                const ZwPolicy *p =
                        zw_tree_lookup(rt->tree, ZW_KIND_POLICY, g_ptr_array_index(policies, i));

                owner_rows(rt, raw, rows, FALSE, p->info.name, p->services, p->ports, p->rules);
        }
        return g_steal_pointer(&rows);
}

GVariant *
zw_insight_counters_to_variant(GPtrArray *rows)
{
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("a(sssstt)"));
        for (guint i = 0; rows != NULL && i < rows->len; i++) {
                const ZwCounterRow *r = g_ptr_array_index(rows, i);

                g_variant_builder_add(&b, "(sssstt)", r->owner_type, r->owner, r->kind, r->item,
                                      r->packets, r->bytes);
        }
        return g_variant_builder_end(&b);
}
