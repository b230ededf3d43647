/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-zone.c: zones: defaults, dup/equal, self-check */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/zone.h"

#include "zw-test.h"

static void
test_new_dup(void **state)
{
        g_autoptr(ZwZone) z = zw_zone_new("public");
        g_autoptr(ZwZone) d = NULL;

        assert_string_equal(z->target, "default");
        assert_false(z->forward);
        g_ptr_array_add(z->services, g_strdup("ssh"));
        g_ptr_array_add(z->ports, zw_port_new("9000-9010", "tcp"));
        g_ptr_array_add(z->protocols, g_strdup("gre"));
        g_ptr_array_add(z->icmp_blocks, g_strdup("echo-request"));
        g_ptr_array_add(z->forward_ports, zw_forward_port_new("2222", "tcp", "22", "10.99.0.2"));
        g_ptr_array_add(z->source_ports, zw_port_new("68", "udp"));
        g_ptr_array_add(z->rules, zw_rich_rule_parse("rule family=\"ipv6\" source "
                                                     "address=\"fd99::/64\" port port=\"8443\" "
                                                     "protocol=\"tcp\" reject", NULL));
        g_ptr_array_add(z->interfaces, g_strdup("eth0"));
        g_ptr_array_add(z->sources, g_strdup("10.99.5.0/24"));
        z->masquerade = TRUE;
        z->forward = TRUE;
        d = zw_zone_dup(z);
        assert_true(zw_zone_equal(z, d));
        assert_int_equal(d->rules->len, 1);
        d->forward = FALSE;
        assert_false(zw_zone_equal(z, d));
        d->forward = TRUE;
        g_free(d->target);
        d->target = g_strdup("{chain}_{zone}");
        assert_true(zw_zone_equal(z, d));
        g_ptr_array_add(d->sources, g_strdup("10.99.6.0/24"));
        assert_false(zw_zone_equal(z, d));
        assert_true(zw_zone_check(z, NULL));
        zw_zone_free(NULL);
}

static void
test_target(void **state)
{
        g_autoptr(GError) error = NULL;

        assert_string_equal(zw_zone_normalize_target("{chain}_{zone}"), "default");
        assert_string_equal(zw_zone_normalize_target("DROP"), "DROP");
        assert_true(zw_zone_check_target("z", "default", NULL));
        assert_true(zw_zone_check_target("z", "ACCEPT", NULL));
        assert_true(zw_zone_check_target("z", "%%REJECT%%", NULL));
        assert_true(zw_zone_check_target("z", "DROP", NULL));
        assert_true(zw_zone_check_target("z", "{chain}_{zone}", NULL));
        assert_false(zw_zone_check_target("tz1", "FOO", &error));
        assert_error(error, ZW_ERROR_INVALID_TARGET, "Zone 'tz1': invalid target 'FOO'");
        assert_false(zw_zone_check_target("tz1", "REJECT", &error));
        assert_error(error, ZW_ERROR_INVALID_TARGET, NULL);
}

static void
test_check_errors(void **state)
{
        g_autoptr(GError) error = NULL;
        ZwZone *z;

        z = zw_zone_new("bad.name");
        assert_false(zw_zone_check(z, &error));
        assert_error(error, ZW_ERROR_INVALID_NAME, "'.' is not allowed in 'bad.name'");
        zw_zone_free(z);

        z = zw_zone_new("z");
        g_ptr_array_add(z->ports, zw_port_new("70000", "tcp"));
        assert_false(zw_zone_check(z, &error));
        assert_error(error, ZW_ERROR_INVALID_PORT, "port number in '70000' is too big");
        zw_zone_free(z);

        z = zw_zone_new("z");
        g_ptr_array_add(z->protocols, g_strdup("nosuchproto"));
        assert_false(zw_zone_check(z, &error));
        assert_error(error, ZW_ERROR_INVALID_PROTOCOL, "nosuchproto");
        zw_zone_free(z);

        z = zw_zone_new("z");
        g_ptr_array_add(z->forward_ports, zw_forward_port_new("22", "tcp", "", ""));
        assert_false(zw_zone_check(z, &error));
        assert_error(error, ZW_ERROR_INVALID_FORWARD, NULL);
        zw_zone_free(z);

        z = zw_zone_new("z");
        g_ptr_array_add(z->source_ports, zw_port_new("68", "icmp"));
        assert_false(zw_zone_check(z, &error));
        assert_error(error, ZW_ERROR_INVALID_PROTOCOL, NULL);
        zw_zone_free(z);

        z = zw_zone_new("z");
        g_ptr_array_add(z->interfaces, g_strdup("eth 0"));
        assert_false(zw_zone_check(z, &error));
        assert_error(error, ZW_ERROR_INVALID_INTERFACE, "eth 0");
        zw_zone_free(z);

        z = zw_zone_new("z");
        g_ptr_array_add(z->sources, g_strdup("10.99.1.300"));
        assert_false(zw_zone_check(z, &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, "10.99.1.300");
        zw_zone_free(z);

        z = zw_zone_new("z");
        g_free(z->target);
        z->target = g_strdup("CONTINUE");
        assert_false(zw_zone_check(z, &error));
        assert_error(error, ZW_ERROR_INVALID_TARGET, "Zone 'z': invalid target 'CONTINUE'");
        zw_zone_free(z);
}

static void
test_merge(void **state)
{
        g_autoptr(ZwZone) a = zw_zone_new("comb/a");
        g_autoptr(ZwZone) b = zw_zone_new("comb/b");
        g_autoptr(ZwZone) m = zw_zone_new("comb");

        g_ptr_array_add(a->services, g_strdup("ssh"));
        g_ptr_array_add(a->ports, zw_port_new("80", "tcp"));
        g_ptr_array_add(a->interfaces, g_strdup("eth0"));
        g_ptr_array_add(a->rules, zw_rich_rule_parse("rule family=ipv4 source "
                                                     "address=10.0.0.1 accept", NULL));
        a->masquerade = TRUE;
        g_ptr_array_add(b->services, g_strdup("ssh"));
        g_ptr_array_add(b->services, g_strdup("http"));
        g_ptr_array_add(b->ports, zw_port_new("80", "tcp"));
        g_ptr_array_add(b->forward_ports, zw_forward_port_new("1", "tcp", "2", ""));
        g_ptr_array_add(b->source_ports, zw_port_new("68", "udp"));
        g_ptr_array_add(b->rules, zw_rich_rule_parse("rule family=\"ipv4\" source "
                                                     "address=\"10.0.0.1\" accept", NULL));
        b->forward = TRUE;
        g_free(b->target);
        b->target = g_strdup("DROP");
        zw_zone_merge(m, a);
        zw_zone_merge(m, b);
        assert_int_equal(m->services->len, 2);
        assert_int_equal(m->ports->len, 1);
        assert_int_equal(m->rules->len, 1);
        assert_int_equal(m->forward_ports->len, 1);
        assert_int_equal(m->source_ports->len, 1);
        assert_int_equal(m->interfaces->len, 1);
        assert_true(m->masquerade);
        assert_true(m->forward);
        assert_false(m->icmp_block_inversion);
        assert_string_equal(m->target, "default");
        assert_string_equal(m->info.name, "comb");
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_new_dup),
                cmocka_unit_test(test_target),
                cmocka_unit_test(test_check_errors),
                cmocka_unit_test(test_merge),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
