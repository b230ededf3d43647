/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-helper.c: conntrack helpers */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/helper.h"

#include "zw-test.h"

static void
test_object(void **state)
{
        g_autoptr(ZwHelper) h = zw_helper_new("netbios-ns");
        g_autoptr(ZwHelper) d = NULL;
        g_autofree char *type = NULL;

        g_free(h->module);
        h->module = g_strdup("nf_conntrack_netbios_ns");
        g_free(h->family);
        h->family = g_strdup("ipv4");
        g_ptr_array_add(h->ports, zw_port_new("137", "udp"));
        type = zw_helper_type_name(h);
        assert_string_equal(type, "netbios-ns");
        d = zw_helper_dup(h);
        assert_true(zw_helper_equal(h, d));
        g_free(d->family);
        d->family = g_strdup("");
        assert_false(zw_helper_equal(h, d));
        assert_true(zw_helper_check(h, NULL));
        assert_true(zw_helper_check(d, NULL));
        zw_helper_free(NULL);
}

static void
test_check(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwHelper) h = zw_helper_new("Q.931");

        assert_false(zw_helper_check_module("ftp", &error));
        assert_error(error, ZW_ERROR_INVALID_MODULE, "'ftp' does not start with 'nf_conntrack_'");
        assert_false(zw_helper_check_module("nf_conntrack_", &error));
        assert_error(error, ZW_ERROR_INVALID_MODULE, "Module name 'nf_conntrack_' too short");
        assert_true(zw_helper_check_module("nf_conntrack_h323", NULL));
        assert_true(zw_helper_check_family("", NULL));
        assert_true(zw_helper_check_family("ipv6", NULL));
        assert_false(zw_helper_check_family("eb", &error));
        assert_error(error, ZW_ERROR_INVALID_IPV, NULL);

        assert_false(zw_helper_check(h, &error)); /* module "" */
        assert_error(error, ZW_ERROR_INVALID_MODULE, NULL);
        g_free(h->module);
        h->module = g_strdup("nf_conntrack_h323");
        assert_true(zw_helper_check(h, NULL));
        g_ptr_array_add(h->ports, zw_port_new("1720", "icmp"));
        assert_false(zw_helper_check(h, &error));
        assert_error(error, ZW_ERROR_INVALID_PROTOCOL, NULL);
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_object),
                cmocka_unit_test(test_check),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
