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

static char *
list_str(const GPtrArray *ports)
{
        GString *s = g_string_new(NULL);

        for (guint i = 0; i < ports->len; i++) {
                const ZwPort *p = g_ptr_array_index(ports, i);
                g_string_append_printf(s, "%s%s/%s", i > 0 ? " " : "", p->port, p->protocol);
        }
        return g_string_free(s, FALSE);
}

#define assert_list(ports, expected)                                                         \
        do {                                                                                 \
                g_autofree char *_s = list_str(ports);                                       \
                assert_string_equal(_s, (expected));                                         \
        } while (0)

static void
test_port_lists(void **state)
{
        g_autoptr(GPtrArray) ports = g_ptr_array_new_with_free_func((GDestroyNotify)zw_port_free);

        zw_ports_add_coalesced(ports, "80", "tcp");
        zw_ports_add_coalesced(ports, "81-85", "tcp");
        zw_ports_add_coalesced(ports, "83", "udp");
        assert_list(ports, "80/tcp 81-85/tcp 83/udp");
        assert_int_equal(zw_ports_find_containing(ports, "82-84", "tcp"), 1);
        assert_int_equal(zw_ports_find_containing(ports, "80", "tcp"), 0);
        assert_int_equal(zw_ports_find_containing(ports, "80-81", "tcp"), -1);
        assert_int_equal(zw_ports_find_containing(ports, "83", "sctp"), -1);
        assert_int_equal(zw_ports_find_containing(ports, "bogus", "tcp"), -1);
        zw_ports_add_coalesced(ports, "79-81", "tcp");
        assert_list(ports, "83/udp 79-85/tcp");
        zw_ports_add_coalesced(ports, "85", "udp");
        zw_ports_add_coalesced(ports, "84-84", "udp");
        assert_list(ports, "83/udp 79-85/tcp 85/udp 84/udp");
        zw_ports_remove_range(ports, "80-84", "tcp");
        assert_list(ports, "83/udp 85/udp 84/udp 79/tcp 85/tcp");
        zw_ports_remove_range(ports, "83-85", "udp");
        assert_list(ports, "79/tcp 85/tcp");
        zw_ports_remove_range(ports, "1-100", "sctp");
        zw_ports_remove_range(ports, NULL, "tcp");
        zw_ports_add_coalesced(ports, "x", "tcp");
        assert_list(ports, "79/tcp 85/tcp");
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_port_basic),
                cmocka_unit_test(test_port_range),
                cmocka_unit_test(test_forward_port),
                cmocka_unit_test(test_port_lists),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
