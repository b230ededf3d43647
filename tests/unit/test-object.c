/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-object.c: kinds, object header, generic dup/free/equal */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/helper.h"
#include "core/icmptype.h"
#include "core/ipset.h"
#include "core/object.h"
#include "core/policy.h"
#include "core/service.h"
#include "core/zone.h"

static void
test_kinds(void **state)
{
        ZwKind k = ZW_KIND_N;

        assert_string_equal(zw_kind_name(ZW_KIND_ZONE), "zone");
        assert_string_equal(zw_kind_name(ZW_KIND_IPSET), "ipset");
        assert_string_equal(zw_kind_dir(ZW_KIND_POLICY), "policies");
        assert_string_equal(zw_kind_dir(ZW_KIND_ICMPTYPE), "icmptypes");
        assert_string_equal(zw_kind_dir(ZW_KIND_HELPER), "helpers");
        assert_int_equal(zw_kind_invalid_code(ZW_KIND_ZONE), ZW_ERROR_INVALID_ZONE);
        assert_int_equal(zw_kind_invalid_code(ZW_KIND_SERVICE), ZW_ERROR_INVALID_SERVICE);
        assert_int_equal(zw_kind_invalid_code(ZW_KIND_POLICY), ZW_ERROR_INVALID_POLICY);
        assert_int_equal(zw_kind_invalid_code(ZW_KIND_ICMPTYPE), ZW_ERROR_INVALID_ICMPTYPE);
        assert_int_equal(zw_kind_invalid_code(ZW_KIND_HELPER), ZW_ERROR_INVALID_HELPER);
        assert_int_equal(zw_kind_invalid_code(ZW_KIND_IPSET), ZW_ERROR_INVALID_IPSET);
        assert_int_equal(zw_kind_builtin_code(ZW_KIND_ZONE), ZW_ERROR_BUILTIN_ZONE);
        assert_int_equal(zw_kind_builtin_code(ZW_KIND_SERVICE), ZW_ERROR_BUILTIN_SERVICE);
        assert_int_equal(zw_kind_builtin_code(ZW_KIND_ICMPTYPE), ZW_ERROR_BUILTIN_ICMPTYPE);
        assert_int_equal(zw_kind_builtin_code(ZW_KIND_HELPER), ZW_ERROR_BUILTIN_HELPER);
        assert_int_equal(zw_kind_builtin_code(ZW_KIND_IPSET), ZW_ERROR_BUILTIN_IPSET);
        assert_true(zw_kind_from_name("helper", &k));
        assert_int_equal(k, ZW_KIND_HELPER);
        assert_false(zw_kind_from_name("bogus", &k));
}

static void
test_info(void **state)
{
        ZwObjInfo a, b;

        zw_obj_info_init(&a, ZW_KIND_SERVICE, "ssh");
        assert_string_equal(a.filename, "ssh.xml");
        assert_true(a.is_default);
        assert_false(a.builtin);
        a.short_desc = g_strdup("SSH");
        a.path = g_strdup("/usr/lib/firewalld/services");
        a.builtin = TRUE;
        zw_obj_info_copy(&b, &a);
        assert_string_equal(b.short_desc, "SSH");
        assert_string_equal(b.path, "/usr/lib/firewalld/services");
        assert_true(b.builtin);
        assert_true(zw_obj_info_equal(&a, &b));
        g_free(b.description);
        b.description = g_strdup("x");
        assert_false(zw_obj_info_equal(&a, &b));
        zw_obj_info_set_name(&b, "ssh2");
        assert_string_equal(b.filename, "ssh2.xml");
        zw_obj_info_clear(&a);
        zw_obj_info_clear(&b);
        zw_obj_info_clear(NULL);
}

static void
check_generic(gpointer obj)
{
        gpointer dup = zw_object_dup(obj);
        ZwObjInfo *info = dup;

        assert_true(zw_object_equal(obj, dup));
        g_free(info->short_desc);
        info->short_desc = g_strdup("changed");
        assert_false(zw_object_equal(obj, dup));
        zw_object_free(dup);
        zw_object_free(obj);
}

static void
test_generic(void **state)
{
        ZwZone *z = zw_zone_new("public");
        ZwPolicy *p = zw_policy_new("pol");
        ZwService *s = zw_service_new("ssh");
        ZwHelper *h = zw_helper_new("ftp");
        ZwIpset *i = zw_ipset_new("set", "hash:ip");

        g_ptr_array_add(z->services, g_strdup("ssh"));
        g_ptr_array_add(z->rules, zw_rich_rule_parse("rule family=ipv4 source address=10.0.0.1 accept", NULL));
        g_ptr_array_add(p->ingress_zones, g_strdup("ANY"));
        g_ptr_array_add(s->ports, zw_port_new("22", "tcp"));
        g_ptr_array_add(h->ports, zw_port_new("21", "tcp"));
        assert_true(zw_ipset_add_entry(i, "10.0.0.1", NULL));
        check_generic(z);
        check_generic(p);
        check_generic(s);
        check_generic(zw_icmptype_new("echo-request"));
        check_generic(h);
        check_generic(i);
        zw_object_free(NULL);
}

static void
test_lists(void **state)
{
        g_autoptr(GPtrArray) a = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GPtrArray) b = NULL;

        g_ptr_array_add(a, g_strdup("x"));
        g_ptr_array_add(a, g_strdup("y"));
        b = zw_strv_array_dup(a);
        assert_true(zw_strv_array_equal(a, b));
        assert_true(zw_strv_array_contains(b, "y"));
        assert_false(zw_strv_array_contains(b, "z"));
        g_ptr_array_remove_index(b, 0);
        assert_false(zw_strv_array_equal(a, b));
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_kinds),
                cmocka_unit_test(test_info),
                cmocka_unit_test(test_generic),
                cmocka_unit_test(test_lists),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
