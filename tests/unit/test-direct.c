/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-direct.c: direct chains, rules, passthroughs */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/direct.h"
#include "core/error.h"

#include "zw-test.h"

static void
test_tables(void **state)
{
        g_autoptr(GError) error = NULL;

        assert_true(zw_direct_check_table("ipv4", "filter", NULL));
        assert_true(zw_direct_check_table("ipv6", "security", NULL));
        assert_true(zw_direct_check_table("eb", "broute", NULL));
        assert_false(zw_direct_check_table("eb", "mangle", &error));
        assert_error(error, ZW_ERROR_INVALID_TABLE, NULL);
        assert_false(zw_direct_check_table("ipv4", "broute", &error));
        assert_error(error, ZW_ERROR_INVALID_TABLE, NULL);
        assert_false(zw_direct_check_table("ipv5", "filter", &error));
        assert_error(error, ZW_ERROR_INVALID_IPV, NULL);
        assert_false(zw_direct_check_ipv(NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_IPV, NULL);
}

static void
test_edit(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwDirect) d = zw_direct_new();
        g_autoptr(ZwDirect) copy = NULL;
        const char *args[] = { "-p", "tcp", "--dport", "9999", "-j", "ACCEPT", NULL };
        const char *args2[] = { "-A", "INPUT", "-j", "ACCEPT", NULL };

        assert_true(zw_direct_add_chain(d, "ipv4", "filter", "mychain", NULL));
        assert_false(zw_direct_add_chain(d, "ipv4", "filter", "mychain", &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, NULL);
        assert_false(zw_direct_add_chain(d, "ipv4", "bogus", "c", &error));
        assert_error(error, ZW_ERROR_INVALID_TABLE, NULL);
        assert_true(zw_direct_query_chain(d, "ipv4", "filter", "mychain"));
        assert_false(zw_direct_query_chain(d, "ipv6", "filter", "mychain"));

        assert_true(zw_direct_add_rule(d, "ipv4", "filter", "INPUT", 0, args, NULL));
        assert_false(zw_direct_add_rule(d, "ipv4", "filter", "INPUT", 0, args, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, NULL);
        assert_true(zw_direct_add_rule(d, "ipv4", "filter", "INPUT", 1, args, NULL));
        assert_true(zw_direct_query_rule(d, "ipv4", "filter", "INPUT", 1, args));
        assert_false(zw_direct_query_rule(d, "ipv4", "filter", "INPUT", 2, args));

        assert_true(zw_direct_add_passthrough(d, "ipv4", args2, NULL));
        assert_false(zw_direct_add_passthrough(d, "ipv4", args2, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, NULL);
        assert_false(zw_direct_add_passthrough(d, "ipx", args2, &error));
        assert_error(error, ZW_ERROR_INVALID_IPV, NULL);
        assert_true(zw_direct_query_passthrough(d, "ipv4", args2));

        copy = zw_direct_dup(d);
        assert_int_equal(copy->chains->len, 1);
        assert_int_equal(copy->rules->len, 2);
        assert_int_equal(copy->passthroughs->len, 1);

        assert_true(zw_direct_remove_chain(d, "ipv4", "filter", "mychain", NULL));
        assert_false(zw_direct_remove_chain(d, "ipv4", "filter", "mychain", &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED, NULL);
        assert_true(zw_direct_remove_rule(d, "ipv4", "filter", "INPUT", 0, args, NULL));
        assert_false(zw_direct_remove_rule(d, "ipv4", "filter", "INPUT", 0, args, &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED, NULL);
        assert_true(zw_direct_remove_passthrough(d, "ipv4", args2, NULL));
        assert_false(zw_direct_remove_passthrough(d, "ipv4", args2, &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED, NULL);
        assert_true(zw_direct_query_chain(copy, "ipv4", "filter", "mychain"));
        zw_direct_free(NULL);
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_tables),
                cmocka_unit_test(test_edit),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
