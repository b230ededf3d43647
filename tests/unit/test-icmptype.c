/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-icmptype.c: icmptypes and the built-in type/code map */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/icmptype.h"

#include "zw-test.h"

static void
test_object(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwIcmpType) t = zw_icmptype_new("echo-request");
        g_autoptr(ZwIcmpType) d = NULL;
        g_autoptr(ZwIcmpType) bad = zw_icmptype_new("bad.name");

        assert_true(t->ipv4);
        assert_true(t->ipv6);
        d = zw_icmptype_dup(t);
        assert_true(zw_icmptype_equal(t, d));
        d->ipv6 = FALSE;
        assert_false(zw_icmptype_equal(t, d));
        assert_true(zw_icmptype_check(t, NULL));
        assert_false(zw_icmptype_check(bad, &error));
        assert_error(error, ZW_ERROR_INVALID_NAME, "'.' is not allowed in 'bad.name'");
        zw_icmptype_free(NULL);
}

static void
test_lookup(void **state)
{
        const char *type = NULL;
        int code = 0;

        assert_true(zw_icmptype_lookup("echo-request", 4, &type, &code));
        assert_string_equal(type, "echo-request");
        assert_int_equal(code, -1);
        assert_true(zw_icmptype_lookup("port-unreachable", 4, &type, &code));
        assert_string_equal(type, "destination-unreachable");
        assert_int_equal(code, 3);
        assert_true(zw_icmptype_lookup("port-unreachable", 6, &type, &code));
        assert_int_equal(code, 4);
        assert_true(zw_icmptype_lookup("neighbour-advertisement", 6, &type, &code));
        assert_string_equal(type, "nd-neighbor-advert");
        assert_true(zw_icmptype_lookup("redirect", 6, &type, NULL));
        assert_string_equal(type, "nd-redirect");
        assert_true(zw_icmptype_lookup("communication-prohibited", 4, NULL, &code));
        assert_int_equal(code, 13);
        assert_true(zw_icmptype_lookup("ttl-zero-during-reassembly", 6, &type, &code));
        assert_string_equal(type, "time-exceeded");
        assert_int_equal(code, 1);
        assert_false(zw_icmptype_lookup("timestamp-request", 6, &type, &code));
        assert_false(zw_icmptype_lookup("packet-too-big", 4, &type, &code));
        assert_false(zw_icmptype_lookup("nosuchicmp", 4, &type, &code));
        assert_false(zw_icmptype_lookup(NULL, 4, &type, &code));
}

static void
test_supported(void **state)
{
        const char *const *v4 = zw_icmptype_supported(4);
        const char *const *v6 = zw_icmptype_supported(6);

        /* IPv4ICMPTypes has 34 names, IPv6ICMPTypes 23 (dbus-api.md §5.5) */
        assert_int_equal(g_strv_length((char **)v4), 34);
        assert_int_equal(g_strv_length((char **)v6), 23);
        assert_true(g_strv_contains(v4, "timestamp-request"));
        assert_false(g_strv_contains(v4, "neighbour-solicitation"));
        assert_true(g_strv_contains(v6, "neighbour-solicitation"));
        for (guint i = 0; v4[i] != NULL; i++)
                assert_true(zw_icmptype_lookup(v4[i], 4, NULL, NULL));
        for (guint i = 0; v6[i] != NULL; i++)
                assert_true(zw_icmptype_lookup(v6[i], 6, NULL, NULL));
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_object),
                cmocka_unit_test(test_lookup),
                cmocka_unit_test(test_supported),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
