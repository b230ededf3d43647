/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-nft-part.c: one object's part of the plan, put in place of the applied one,
 * gives exactly the whole plan of the changed runtime (the daemon's incremental changes) */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/edit.h"
#include "core/runtime.h"
#include "nft/plan.h"
#include "xml/load.h"

#define DEBIAN_TREE "/usr/lib/firewalld"

typedef struct {
        ZwRuntime *rt;
        ZwNftPlan *applied; /* what the "kernel" has: whole plans patched by parts */
        guint fitted, unfit, additions;
} Fixture;

static ZwNftPlan *
whole(const ZwRuntime *rt)
{
        g_autoptr(GError) error = NULL;
        ZwNftPlan *plan = zw_nft_compile(rt, NULL, &error);

        if (plan == NULL)
                fail_msg("compile: %s", error->message);
        return plan;
}

static int
setup(void **state)
{
        const char *top = g_getenv("ZW_TOP_SRCDIR");
        g_autofree char *stock = g_build_filename(top != NULL ? top : ".", "stock", NULL);
        const char *builtin = g_file_test(DEBIAN_TREE, G_FILE_TEST_IS_DIR) ? DEBIAN_TREE : NULL;
        g_autoptr(GError) error = NULL;
        /* the project's definitions (services/, zones/ at the top) as the admin tree */
        g_autoptr(ZwTree) tree = zw_load_tree(stock, builtin, top != NULL ? top : ".", NULL,
                                              &error);
        Fixture *f = g_new0(Fixture, 1);
        ZwIpset *set;
        const ZwItem bind[] = {
                { ZW_ITEM_SOURCE, "10.99.5.0/24", NULL, NULL, NULL },
                { ZW_ITEM_SOURCE, "ipset:blocked", NULL, NULL, NULL },
                { ZW_ITEM_INTERFACE, "veth-int", NULL, NULL, NULL },
        };
        const char *const bind_zone[] = { "internal", "drop", "internal" };

        if (tree == NULL)
                fail_msg("load: %s", error->message);
        f->rt = zw_runtime_new(tree);
        set = zw_ipset_new("blocked", "hash:ip");
        assert_true(zw_ipset_add_entry(set, "10.99.7.1", NULL));
        zw_tree_insert(f->rt->tree, set);
        for (guint i = 0; i < G_N_ELEMENTS(bind); i++)
                if (!zw_edit_add(f->rt->tree, ZW_KIND_ZONE, bind_zone[i], &bind[i],
                                 ZW_EDIT_RUNTIME, &error))
                        fail_msg("bind: %s", error->message);
        f->applied = whole(f->rt);
        *state = f;
        return 0;
}

static int
teardown(void **state)
{
        Fixture *f = *state;

        print_message("%u changes applied as parts (%u also as set elements), %u needed the "
                      "whole plan\n", f->fitted, f->additions, f->unfit);
        zw_nft_plan_free(f->applied);
        zw_runtime_free(f->rt);
        g_free(f);
        return 0;
}

/* the change is in f->rt already: patch f->applied with KIND NAME's part, or take the whole
 * plan when it does not fit; either way it must equal the whole plan */
static void
check_part(Fixture *f, const char *kind, const char *name, gboolean must_fit)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwNftPlan) part = zw_nft_compile_part(f->rt, NULL, kind, name, &error);
        g_autoptr(ZwNftPlan) expected = whole(f->rt);
        g_autofree char *owner = zw_nft_owner(kind, name);
        g_autofree char *why = NULL;
        ZwNftTable *at, *pt;

        if (part == NULL)
                fail_msg("part %s %s: %s", kind, name, error->message);
        assert_int_equal(part->tables->len, 1);
        at = g_ptr_array_index(f->applied->tables, 0);
        pt = g_ptr_array_index(part->tables, 0);
        if (!zw_nft_table_part_fits(at, pt, owner)) {
                if (must_fit)
                        fail_msg("the part of %s %s should fit", kind, name);
                f->unfit++;
                zw_nft_plan_free(f->applied);
                f->applied = whole(f->rt);
                return;
        }
        f->fitted++;
        zw_nft_table_take_part(at, pt, owner);
        if (!zw_nft_plan_equal(expected, f->applied, &why))
                fail_msg("after a change in %s %s: %s", kind, name, why);
}

/* an added port, protocol or source port as set elements alone, when it is that simple */
static void
check_addition(Fixture *f, const char *zone, const ZwItem *item)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwNftPlan) add = zw_nft_compile_addition(f->rt, NULL, zone, item->type,
                                                           item->value, item->protocol, &error);
        g_autoptr(ZwNftPlan) patched = zw_nft_plan_dup(f->applied);
        g_autoptr(ZwNftPlan) expected = whole(f->rt);
        g_autofree char *why = NULL;
        ZwNftTable *at, *nt;

        if (error != NULL)
                fail_msg("addition to %s: %s", zone, error->message);
        if (add == NULL)
                return; /* an unused zone, a wide range: the part does it */
        at = g_ptr_array_index(patched->tables, 0);
        nt = g_ptr_array_index(add->tables, 0);
        for (guint i = 0; i < nt->sets->len; i++) {
                const ZwNftSet *ns = g_ptr_array_index(nt->sets, i);
                ZwNftSet *as = zw_nft_table_get_set(at, ns->name);

                assert_non_null(as);
                assert_true(zw_nft_set_same_decl(as, ns));
                for (guint k = 0; k < ns->elems->len; k++) {
                        const ZwNftElem *e = g_ptr_array_index(ns->elems, k);

                        zw_nft_set_add_elem(as, e->keys, e->verdict, e->chain);
                }
        }
        if (!zw_nft_plan_equal(expected, patched, &why))
                fail_msg("after adding %s to %s as elements: %s", item->value, zone, why);
        f->additions++;
}

static void
change(Fixture *f, gboolean add, const char *zone, ZwItemType type, const char *value,
       const char *protocol, gboolean must_fit)
{
        g_autoptr(GError) error = NULL;
        const ZwItem item = { type, value, protocol, NULL, NULL };

        if (!(add ? zw_edit_add : zw_edit_remove)(f->rt->tree, ZW_KIND_ZONE, zone, &item,
                                                  ZW_EDIT_RUNTIME, &error))
                fail_msg("%s %s in %s: %s", add ? "add" : "remove", value ? value : "flag", zone,
                         error->message);
        if (add && (type == ZW_ITEM_PORT || type == ZW_ITEM_PROTOCOL ||
                    type == ZW_ITEM_SOURCE_PORT))
                check_addition(f, zone, &item);
        check_part(f, "zone", zone, must_fit);
}

static void
test_zone_changes(void **state)
{
        Fixture *f = *state;
        const char *const zones[] = { "public", "internal", "work" };
        const char *reject = "rule family=\"ipv4\" source address=\"10.1.0.0/16\" service "
                             "name=\"ssh\" reject";
        const char *logged = "rule priority=\"-5\" family=\"ipv6\" source address=\"fd99::/64\" "
                             "port port=\"9000\" protocol=\"tcp\" log prefix=\"p9k\" "
                             "level=\"info\" limit value=\"3/m\" accept";

        for (guint z = 0; z < G_N_ELEMENTS(zones); z++) {
                const char *zn = zones[z];

                change(f, TRUE, zn, ZW_ITEM_PORT, "8080", "tcp", TRUE);
                change(f, TRUE, zn, ZW_ITEM_PORT, "5000-5010", "udp", TRUE);
                change(f, TRUE, zn, ZW_ITEM_PORT, "30000-30400", "tcp", TRUE); /* a wide range */
                change(f, TRUE, zn, ZW_ITEM_SERVICE, "http", NULL, TRUE);
                change(f, TRUE, zn, ZW_ITEM_SERVICE, "leofs-storage", NULL, TRUE);
                change(f, TRUE, zn, ZW_ITEM_SERVICE, "ftp", NULL, FALSE); /* a helper */
                change(f, FALSE, zn, ZW_ITEM_SERVICE, "ftp", NULL, FALSE);
                change(f, TRUE, zn, ZW_ITEM_PROTOCOL, "gre", NULL, TRUE);
                change(f, TRUE, zn, ZW_ITEM_SOURCE_PORT, "1234", "udp", TRUE);
                change(f, TRUE, zn, ZW_ITEM_RICH_RULE, reject, NULL, FALSE);
                change(f, TRUE, zn, ZW_ITEM_RICH_RULE, logged, NULL, FALSE);
                change(f, FALSE, zn, ZW_ITEM_RICH_RULE, reject, NULL, FALSE);
                change(f, TRUE, zn, ZW_ITEM_ICMP_BLOCK, "echo-request", NULL, FALSE);
                change(f, TRUE, zn, ZW_ITEM_ICMP_BLOCK_INVERSION, NULL, NULL, FALSE);
                change(f, TRUE, zn, ZW_ITEM_MASQUERADE, NULL, NULL, FALSE);
                {
                        g_autoptr(GError) error = NULL;
                        const ZwItem fp = { ZW_ITEM_FORWARD_PORT, "2222", "tcp", "22", NULL };

                        if (!zw_edit_add(f->rt->tree, ZW_KIND_ZONE, zn, &fp, ZW_EDIT_RUNTIME,
                                         &error))
                                fail_msg("forward port: %s", error->message);
                        check_part(f, "zone", zn, FALSE);
                }
                change(f, FALSE, zn, ZW_ITEM_PORT, "8080", "tcp", TRUE);
                change(f, FALSE, zn, ZW_ITEM_PORT, "30000-30400", "tcp", TRUE);
                change(f, FALSE, zn, ZW_ITEM_ICMP_BLOCK_INVERSION, NULL, NULL, FALSE);
                change(f, FALSE, zn, ZW_ITEM_MASQUERADE, NULL, NULL, FALSE);
                change(f, FALSE, zn, ZW_ITEM_RICH_RULE, logged, NULL, FALSE);
                change(f, FALSE, zn, ZW_ITEM_SERVICE, "leofs-storage", NULL, TRUE);
        }
        /* ports, services without helpers and ports in rules the zone has already: parts */
        assert_true(f->fitted >= 30);
        /* ports, source ports, protocols of the two used zones: elements */
        assert_int_equal(f->additions, 8);
}

static void
test_ipset_entries(void **state)
{
        Fixture *f = *state;
        ZwIpset *set = zw_tree_get_ipset(f->rt->tree, "blocked");

        for (guint i = 2; i < 200; i++) {
                g_autofree char *addr = g_strdup_printf("10.99.%u.%u", 7 + i / 250, i % 250);

                assert_true(zw_ipset_add_entry(set, addr, NULL));
                if (i % 20 == 0) {
                        /* the entry alone as an element (against the plan before it), then
                         * the whole ipset as its part */
                        const ZwItem item = { ZW_ITEM_ENTRY, addr, NULL, NULL, NULL };

                        check_addition(f, "blocked", &item);
                }
                check_part(f, "ipset", "blocked", TRUE);
        }
        assert_true(zw_ipset_remove_entry(set, "10.99.7.1", NULL));
        check_part(f, "ipset", "blocked", TRUE);
        zw_ipset_clear_entries(set);
        check_part(f, "ipset", "blocked", TRUE);
        /* entries 20, 40, ... 180 were also checked as single elements */
        assert_int_equal(f->additions, 9);
        /* a range turns the set into an interval set: a new declaration, the whole plan */
        assert_true(zw_ipset_add_entry(set, "10.99.9.0-10.99.9.20", NULL) ||
                    zw_ipset_add_entry(set, "10.99.9.7", NULL));
        check_part(f, "ipset", "blocked", FALSE);
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_zone_changes, setup, teardown),
                cmocka_unit_test_setup_teardown(test_ipset_entries, setup, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
