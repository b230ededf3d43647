/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-runtime.c: runtime state: default zone, active zones and policies */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/edit.h"
#include "core/runtime.h"

#include "zw-test.h"

static ZwPolicy *
add_policy(ZwTree *tree, const char *name, const char *in, const char *out)
{
        ZwPolicy *p = zw_policy_new(name);

        g_ptr_array_add(p->ingress_zones, g_strdup(in));
        g_ptr_array_add(p->egress_zones, g_strdup(out));
        zw_tree_insert(tree, p);
        return p;
}

static void
test_new(void **state)
{
        g_autoptr(ZwTree) perm = zw_test_core_tree();
        g_autoptr(ZwRuntime) rt = NULL;
        g_autoptr(ZwRuntime) copy = NULL;

        assert_true(zw_conf_set(perm->conf, "DefaultZone", "work", NULL));
        assert_true(zw_conf_set(perm->conf, "LogDenied", "unicast", NULL));
        assert_true(zw_conf_set(perm->conf, "Lockdown", "yes", NULL));
        zw_tree_insert_builtin(perm, zw_zone_new("block"));
        rt = zw_runtime_new(perm);
        assert_string_equal(rt->default_zone, "work");
        assert_string_equal(rt->log_denied, "unicast");
        assert_true(rt->lockdown);
        assert_false(rt->panic);
        assert_null(zw_tree_lookup_builtin(rt->tree, ZW_KIND_ZONE, "block"));
        /* a deep copy: runtime changes do not touch the permanent tree */
        zw_tree_get_zone(rt->tree, "public")->masquerade = TRUE;
        assert_false(zw_tree_get_zone(perm, "public")->masquerade);
        rt->panic = TRUE;
        copy = zw_runtime_dup(rt);
        assert_true(copy->panic);
        assert_string_equal(copy->default_zone, "work");
        assert_true(zw_tree_get_zone(copy->tree, "public")->masquerade);
        zw_runtime_free(NULL);
}

static void
test_resolve_default(void **state)
{
        g_autoptr(ZwTree) perm = zw_test_core_tree();
        g_autoptr(ZwRuntime) rt = zw_runtime_new(perm);
        g_autoptr(GError) error = NULL;

        assert_string_equal(zw_runtime_resolve_zone(rt, "", NULL), "public");
        assert_string_equal(zw_runtime_resolve_zone(rt, NULL, NULL), "public");
        assert_string_equal(zw_runtime_resolve_zone(rt, "work", NULL), "work");
        assert_null(zw_runtime_resolve_zone(rt, "nosuchzone", &error));
        assert_error(error, ZW_ERROR_INVALID_ZONE, "nosuchzone");

        assert_false(zw_runtime_set_default_zone(rt, "public", &error));
        assert_error(error, ZW_ERROR_ZONE_ALREADY_SET, "public");
        assert_false(zw_runtime_set_default_zone(rt, "nosuchzone", &error));
        assert_error(error, ZW_ERROR_INVALID_ZONE, "nosuchzone");
        assert_false(zw_runtime_set_default_zone(rt, "", &error));
        assert_error(error, ZW_ERROR_INVALID_ZONE, NULL);
        assert_true(zw_runtime_set_default_zone(rt, "internal", NULL));
        assert_string_equal(zw_runtime_resolve_zone(rt, "", NULL), "internal");
}

static void
test_active(void **state)
{
        g_autoptr(ZwTree) perm = zw_test_core_tree();
        g_autoptr(ZwRuntime) rt = NULL;
        g_autoptr(GPtrArray) active = NULL;
        g_autoptr(GPtrArray) none = NULL;

        add_policy(perm, "allow-host-ipv6", "ANY", "HOST");
        add_policy(perm, "int-to-work", "internal", "work");
        add_policy(perm, "pub-out", "HOST", "public");
        zw_tree_insert(perm, zw_policy_new("empty"));
        rt = zw_runtime_new(perm);

        none = zw_runtime_active_zones(rt);
        assert_int_equal(none->len, 0);
        assert_true(zw_runtime_zone_is_used(rt, "public"));
        assert_false(zw_runtime_zone_is_used(rt, "work"));
        assert_false(zw_runtime_zone_is_used(rt, "nosuch"));
        assert_true(zw_runtime_policy_is_active(rt, "allow-host-ipv6"));
        assert_true(zw_runtime_policy_is_active(rt, "pub-out"));
        assert_false(zw_runtime_policy_is_active(rt, "int-to-work"));
        assert_false(zw_runtime_policy_is_active(rt, "empty"));
        assert_false(zw_runtime_policy_is_active(rt, "nosuch"));

        g_ptr_array_add(zw_tree_get_zone(rt->tree, "work")->interfaces, g_strdup("dummy0"));
        g_ptr_array_add(zw_tree_get_zone(rt->tree, "internal")->sources, g_strdup("10.99.9.0/24"));
        active = zw_runtime_active_zones(rt);
        assert_int_equal(active->len, 2);
        assert_string_equal(g_ptr_array_index(active, 0), "internal");
        assert_string_equal(g_ptr_array_index(active, 1), "work");
        assert_true(zw_runtime_zone_is_used(rt, "work"));
        assert_true(zw_runtime_policy_is_active(rt, "int-to-work"));
}

static void
test_combined_zones(void **state)
{
        g_autoptr(ZwTree) perm = zw_test_core_tree();
        g_autoptr(ZwRuntime) rt = NULL;
        ZwZone *a = zw_test_add_zone(perm, "lab/a");
        ZwZone *b = zw_test_add_zone(perm, "lab/b");
        const ZwZone *lab;

        g_ptr_array_add(a->services, g_strdup("ssh"));
        g_ptr_array_add(b->services, g_strdup("http"));
        g_ptr_array_add(b->interfaces, g_strdup("eth3"));
        rt = zw_runtime_new(perm);
        lab = zw_tree_get_zone(rt->tree, "lab");
        assert_non_null(lab);
        assert_null(zw_tree_get_zone(rt->tree, "lab/a"));
        assert_null(zw_tree_get_zone(rt->tree, "lab/b"));
        assert_int_equal(lab->services->len, 2);
        assert_string_equal(zw_tree_zone_of_interface(rt->tree, "eth3"), "lab");
        /* the permanent tree keeps the files */
        assert_non_null(zw_tree_get_zone(perm, "lab/a"));
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_new),
                cmocka_unit_test(test_resolve_default),
                cmocka_unit_test(test_active),
                cmocka_unit_test(test_combined_zones),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
