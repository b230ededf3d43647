/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-port.c: port and forward-port entries */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/port.h"

static void
test_port_basic(void **state)
{
        g_autoptr(ZwPort) p = zw_port_new("80-90", "tcp");
        g_autoptr(ZwPort) d = zw_port_dup(p);
        g_autoptr(ZwPort) o = zw_port_new("80-90", "udp");

        assert_string_equal(d->port, "80-90");
        assert_string_equal(d->protocol, "tcp");
        assert_true(zw_port_equal(p, d));
        assert_false(zw_port_equal(p, o));
        zw_port_free(NULL);
}

static void
test_port_range(void **state)
{
        guint lo = 0, hi = 0;
        g_autofree char *s1 = zw_port_range_to_string(7, 7);
        g_autofree char *s2 = zw_port_range_to_string(9, 3);

        assert_true(zw_port_range("80", &lo, &hi));
        assert_int_equal(lo, 80);
        assert_int_equal(hi, 80);
        assert_true(zw_port_range("5000-5010", &lo, &hi));
        assert_int_equal(lo, 5000);
        assert_int_equal(hi, 5010);
        assert_true(zw_port_range("90-80", &lo, &hi));
        assert_int_equal(lo, 80);
        assert_int_equal(hi, 90);
        assert_true(zw_port_range("0", NULL, NULL));
        assert_true(zw_port_range("65535", NULL, NULL));
        assert_false(zw_port_range("65536", NULL, NULL));
        assert_false(zw_port_range("", NULL, NULL));
        assert_false(zw_port_range("ssh", NULL, NULL));
        assert_false(zw_port_range("1-", NULL, NULL));
        assert_false(zw_port_range("-1", NULL, NULL));
        assert_false(zw_port_range("1-2-3", NULL, NULL));
        assert_string_equal(s1, "7");
        assert_string_equal(s2, "3-9");
}

static void
test_forward_port(void **state)
{
        g_autoptr(ZwForwardPort) a = zw_forward_port_new("2222", "tcp", "22", "10.99.0.2");
        g_autoptr(ZwForwardPort) b = zw_forward_port_dup(a);
        g_autoptr(ZwForwardPort) c = zw_forward_port_new("2222", "tcp", NULL, "10.99.0.2");

        assert_true(zw_forward_port_equal(a, b));
        assert_string_equal(c->to_port, "");
        assert_false(zw_forward_port_equal(a, c));
        zw_forward_port_free(NULL);
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_port_basic),
                cmocka_unit_test(test_port_range),
                cmocka_unit_test(test_forward_port),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
