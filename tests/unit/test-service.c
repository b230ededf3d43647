/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-service.c: services: dup/equal, modules, destinations, self-check */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/service.h"

#include "zw-test.h"

static void
test_new_dup(void **state)
{
        g_autoptr(ZwService) s = zw_service_new("ftp");
        g_autoptr(ZwService) d = NULL;

        g_ptr_array_add(s->ports, zw_port_new("21", "tcp"));
        g_ptr_array_add(s->protocols, g_strdup("gre"));
        g_ptr_array_add(s->source_ports, zw_port_new("20", "tcp"));
        g_ptr_array_add(s->modules, g_strdup("ftp"));
        g_ptr_array_add(s->includes, g_strdup("ssh"));
        g_ptr_array_add(s->helpers, g_strdup("ftp"));
        s->destination_ipv4 = g_strdup("10.0.0.0/8");
        d = zw_service_dup(s);
        assert_true(zw_service_equal(s, d));
        g_free(d->destination_ipv4);
        d->destination_ipv4 = NULL;
        assert_false(zw_service_equal(s, d));
        assert_true(zw_service_check(s, NULL));
        zw_service_free(NULL);
}

static void
test_modules(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autofree char *a = zw_service_normalize_module("nf_conntrack_ftp");
        g_autofree char *b = zw_service_normalize_module("nf_conntrack_netbios_ns");
        g_autofree char *c = zw_service_normalize_module("ftp");

        assert_string_equal(a, "ftp");
        assert_string_equal(b, "netbios-ns");
        assert_string_equal(c, "ftp");
        assert_true(zw_service_check_module("nf_conntrack_ftp", NULL));
        assert_false(zw_service_check_module("nf_conntrack_x", &error));
        assert_error(error, ZW_ERROR_INVALID_MODULE, "x");
        assert_false(zw_service_check_module("", &error));
        assert_error(error, ZW_ERROR_INVALID_MODULE, NULL);
}

static void
test_destination(void **state)
{
        g_autoptr(GError) error = NULL;

        assert_true(zw_service_check_destination("ipv4", "224.0.0.251", NULL));
        assert_true(zw_service_check_destination("ipv6", "fe80::/64", NULL));
        assert_false(zw_service_check_destination("ipv4", "fe80::/64", &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, "fe80::/64");
        assert_false(zw_service_check_destination("ipv6", "10.0.0.1", &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, NULL);
        assert_false(zw_service_check_destination("eb", "10.0.0.1", &error));
        assert_error(error, ZW_ERROR_INVALID_DESTINATION, NULL);
}

static void
test_check_errors(void **state)
{
        g_autoptr(GError) error = NULL;
        ZwService *s;

        s = zw_service_new("a/b");
        assert_false(zw_service_check(s, &error));
        assert_error(error, ZW_ERROR_INVALID_NAME, "'/' is not allowed in 'a/b'");
        zw_service_free(s);

        s = zw_service_new("s");
        g_ptr_array_add(s->ports, zw_port_new("70000", "tcp"));
        assert_false(zw_service_check(s, &error));
        assert_error(error, ZW_ERROR_INVALID_PORT, "port number in '70000' is too big");
        zw_service_free(s);

        s = zw_service_new("s");
        g_ptr_array_add(s->protocols, g_strdup("nosuch"));
        assert_false(zw_service_check(s, &error));
        assert_error(error, ZW_ERROR_INVALID_PROTOCOL, "nosuch");
        zw_service_free(s);

        s = zw_service_new("s");
        g_ptr_array_add(s->source_ports, zw_port_new("1", "foo"));
        assert_false(zw_service_check(s, &error));
        assert_error(error, ZW_ERROR_INVALID_PROTOCOL, NULL);
        zw_service_free(s);

        s = zw_service_new("s");
        g_ptr_array_add(s->modules, g_strdup("x"));
        assert_false(zw_service_check(s, &error));
        assert_error(error, ZW_ERROR_INVALID_MODULE, NULL);
        zw_service_free(s);

        s = zw_service_new("s");
        s->destination_ipv6 = g_strdup("10.0.0.1");
        assert_false(zw_service_check(s, &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, NULL);
        zw_service_free(s);
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_new_dup),
                cmocka_unit_test(test_modules),
                cmocka_unit_test(test_destination),
                cmocka_unit_test(test_check_errors),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
