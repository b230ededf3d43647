/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-insight-counters.c: nft counter names -> rows in model terms */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/error.h"
#include "insight/counters.h"
#include "nft/counter-names.h"
#include "nft/nft.h"
#include "nft/plan.h"

#define RULE_REJECT "rule family=\"ipv4\" source address=\"10.99.0.9\" reject"
#define RULE_LOG \
        "rule family=\"ipv4\" source address=\"10.99.0.8\" service name=\"web\" log prefix=\"x\""

static void
add_rule(GPtrArray *rules, const char *text)
{
        g_autoptr(GError) error = NULL;
        ZwRichRule *r = zw_rich_rule_parse(text, &error);

        assert_non_null(r);
        g_ptr_array_add(rules, r);
}

/* zone pub (default, eth0): service web (80, 443 + included alt 8443), service v4web
 * (8081, 8082 to 10.99.0.1 only), ports 443 and
 * 5000-5002, a reject rule and a log-only rule; zone idle (unused); policy guard pub -> HOST
 * with target DROP */
static ZwRuntime *
fixture(void)
{
        g_autoptr(ZwTree) tree = zw_tree_new();
        g_autoptr(GError) error = NULL;
        ZwService *web = zw_service_new("web");
        ZwService *alt = zw_service_new("alt");
        ZwService *dst = zw_service_new("v4web");
        ZwZone *z;
        ZwPolicy *p;
        ZwRuntime *rt;

        g_ptr_array_add(web->ports, zw_port_new("80", "tcp"));
        g_ptr_array_add(web->ports, zw_port_new("443", "tcp"));
        g_ptr_array_add(web->includes, g_strdup("alt"));
        g_ptr_array_add(alt->ports, zw_port_new("8443", "tcp"));
        dst->destination_ipv4 = g_strdup("10.99.0.1");
        g_ptr_array_add(dst->ports, zw_port_new("8081", "tcp"));
        g_ptr_array_add(dst->ports, zw_port_new("8082", "tcp"));
        zw_tree_insert(tree, dst);
        zw_tree_insert(tree, web);
        zw_tree_insert(tree, alt);
        z = zw_zone_new("pub");
        g_ptr_array_add(z->interfaces, g_strdup("eth0"));
        g_ptr_array_add(z->services, g_strdup("web"));
        g_ptr_array_add(z->services, g_strdup("v4web"));
        g_ptr_array_add(z->ports, zw_port_new("443", "tcp"));
        g_ptr_array_add(z->ports, zw_port_new("5000-5002", "tcp"));
        add_rule(z->rules, RULE_REJECT);
        add_rule(z->rules, RULE_LOG);
        zw_tree_insert(tree, z);
        z = zw_zone_new("idle");
        g_ptr_array_add(z->ports, zw_port_new("9000", "tcp"));
        zw_tree_insert(tree, z);
        p = zw_policy_new("guard");
        g_free(p->target);
        p->target = g_strdup("DROP");
        g_ptr_array_add(p->ingress_zones, g_strdup("pub"));
        g_ptr_array_add(p->egress_zones, g_strdup("HOST"));
        zw_tree_insert(tree, p);
        rt = zw_runtime_new(tree);
        assert_true(zw_runtime_set_default_zone(rt, "pub", &error) ||
                    g_error_matches(error, ZW_ERROR, ZW_ERROR_ZONE_ALREADY_SET));
        return rt;
}

static void
put(GHashTable *raw, char *name, guint64 packets)
{
        ZwNftCount *c = g_new0(ZwNftCount, 1);

        c->packets = packets;
        c->bytes = packets * 60;
        g_hash_table_replace(raw, name, c);
}

static GHashTable *
raw_new(void)
{
        return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

static const ZwCounterRow *
find(GPtrArray *rows, const char *owner, const char *kind, const char *item)
{
        for (guint i = 0; i < rows->len; i++) {
                const ZwCounterRow *r = g_ptr_array_index(rows, i);

                if (g_str_equal(r->owner, owner) && g_str_equal(r->kind, kind) &&
                    g_str_equal(r->item, item))
                        return r;
        }
        return NULL;
}

/* every counter the compiler attaches, as the reader would report it with value 1 per
 * named counter and 1 per set element, maps to the rows the documentation promises */
static void
test_compiler_names_map(void **state)
{
        g_autoptr(ZwRuntime) rt = fixture();
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwNftPlan) plan = zw_nft_compile(rt, NULL, &error);
        g_autoptr(GHashTable) raw = raw_new();
        g_autoptr(GPtrArray) rows = NULL;
        const ZwNftTable *t;
        const ZwCounterRow *r;

        assert_non_null(plan);
        t = g_ptr_array_index(plan->tables, 0);
        assert_true(t->counters->len > 0);
        for (guint i = 0; i < t->counters->len; i++)
                put(raw, g_strdup(g_ptr_array_index(t->counters, i)), 1);
        for (guint i = 0; i < t->sets->len; i++) {
                const ZwNftSet *s = g_ptr_array_index(t->sets, i);

                if (!s->counter)
                        continue;
                assert_int_equal(s->n_key, 2);
                for (guint j = 0; j < s->elems->len; j++) {
                        const ZwNftElem *e = g_ptr_array_index(s->elems, j);

                        put(raw,
                            zw_nft_counter_elem_key(s->name, e->keys[0].lo[0],
                                                    (guint16)((e->keys[1].lo[0] << 8) |
                                                              e->keys[1].lo[1])),
                            1);
                }
        }
        rows = zw_insight_counters(rt, raw, NULL, &error);
        assert_non_null(rows);
        assert_non_null(find(rows, "pub", "zone", "in"));
        assert_non_null(find(rows, "pub", "zone", "target"));
        assert_non_null(find(rows, "guard", "policy", "in"));
        assert_non_null(find(rows, "guard", "policy", "target"));
        r = find(rows, "pub", "rule", RULE_REJECT);
        assert_non_null(r);
        assert_string_equal(r->owner_type, "zone");
        assert_int_equal(r->packets, 1);
        /* a rule without action has no counter */
        assert_null(find(rows, "pub", "rule", RULE_LOG));
        /* web = 80 + 443 + alt's 8443 */
        r = find(rows, "pub", "service", "web");
        assert_non_null(r);
        assert_int_equal(r->packets, 3);
        assert_int_equal(r->bytes, 180);
        /* a service with a destination: rules with one named counter */
        assert_int_equal(find(rows, "pub", "service", "v4web")->packets, 1);
        /* the shared 443 counts for the port too; a range sums its ports */
        assert_int_equal(find(rows, "pub", "port", "443/tcp")->packets, 1);
        assert_int_equal(find(rows, "pub", "port", "5000-5002/tcp")->packets, 3);
        /* an unused zone is not compiled: no rows */
        for (guint i = 0; i < rows->len; i++)
                assert_string_not_equal(((ZwCounterRow *)g_ptr_array_index(rows, i))->owner,
                                        "idle");
        /* zones first, then policies */
        assert_string_equal(((ZwCounterRow *)g_ptr_array_index(rows, 0))->owner_type, "zone");
        assert_string_equal(
                ((ZwCounterRow *)g_ptr_array_index(rows, rows->len - 1))->owner_type, "policy");
}

static void
test_zone_filter(void **state)
{
        g_autoptr(ZwRuntime) rt = fixture();
        g_autoptr(GError) error = NULL;
        g_autoptr(GHashTable) raw = raw_new();
        g_autoptr(GPtrArray) rows = NULL;
        g_autoptr(GVariant) v = NULL;

        put(raw, zw_nft_counter_name(TRUE, "pub", "in"), 5);
        put(raw, zw_nft_counter_name(FALSE, "guard", "in"), 5);
        put(raw, zw_nft_counter_elem_key("zone_idle_ports", 6, 9000), 2);
        rows = zw_insight_counters(rt, raw, "pub", &error);
        assert_non_null(rows);
        assert_int_equal(rows->len, 1);
        assert_string_equal(((ZwCounterRow *)g_ptr_array_index(rows, 0))->item, "in");
        g_ptr_array_unref(rows);
        /* an unused zone asked for by name: what the kernel has */
        rows = zw_insight_counters(rt, raw, "idle", &error);
        assert_non_null(rows);
        assert_int_equal(rows->len, 1);
        assert_int_equal(find(rows, "idle", "port", "9000/tcp")->packets, 2);
        v = g_variant_ref_sink(zw_insight_counters_to_variant(rows));
        assert_string_equal(g_variant_get_type_string(v), "a(sssstt)");
        assert_int_equal(g_variant_n_children(v), 1);
        g_ptr_array_unref(g_steal_pointer(&rows));
        rows = zw_insight_counters(rt, raw, "nosuch", &error);
        assert_null(rows);
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_INVALID_ZONE));
}

/* a rule's counter name depends on its text only, not on its place */
static void
test_rule_names(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwRichRule) a = zw_rich_rule_parse(RULE_REJECT, &error);
        g_autoptr(ZwRichRule) b = zw_rich_rule_parse(RULE_LOG, &error);
        g_autofree char *na = zw_nft_counter_rule_name(TRUE, "pub", a);
        g_autofree char *na2 = zw_nft_counter_rule_name(TRUE, "pub", a);
        g_autofree char *nb = zw_nft_counter_rule_name(TRUE, "pub", b);
        g_autofree char *np = zw_nft_counter_rule_name(FALSE, "pub", a);

        assert_string_equal(na, na2);
        assert_string_not_equal(na, nb);
        assert_string_not_equal(na, np);
        assert_true(g_str_has_prefix(na, "zone.pub.rule."));
        assert_int_equal(strlen(na), strlen("zone.pub.rule.") + 12);
        assert_true(g_str_has_prefix(np, "policy.pub.rule."));
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_compiler_names_map),
                cmocka_unit_test(test_zone_filter),
                cmocka_unit_test(test_rule_names),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
