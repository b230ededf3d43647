/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-policy.c: policies: defaults, dup/equal, ingress/egress rules */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/policy.h"

#include "zw-test.h"

static ZwPolicy *
policy_with(const char *ingress, const char *egress)
{
        ZwPolicy *p = zw_policy_new("pol");

        if (ingress != NULL)
                g_ptr_array_add(p->ingress_zones, g_strdup(ingress));
        if (egress != NULL)
                g_ptr_array_add(p->egress_zones, g_strdup(egress));
        return p;
}

static void
test_new_dup(void **state)
{
        g_autoptr(ZwPolicy) p = policy_with("ANY", "HOST");
        g_autoptr(ZwPolicy) d = NULL;

        assert_string_equal(p->target, "CONTINUE");
        assert_int_equal(p->priority, -1);
        g_ptr_array_add(p->rules, zw_rich_rule_parse("rule family=\"ipv6\" icmp-type "
                                                     "name=\"neighbour-advertisement\" accept",
                                                     NULL));
        p->priority = -15000;
        d = zw_policy_dup(p);
        assert_true(zw_policy_equal(p, d));
        d->priority = 5;
        assert_false(zw_policy_equal(p, d));
        assert_true(zw_policy_check(p, NULL));
        zw_policy_free(NULL);
}

static void
test_target_priority(void **state)
{
        g_autoptr(GError) error = NULL;

        assert_true(zw_policy_check_target("p", "CONTINUE", NULL));
        assert_true(zw_policy_check_target("p", "REJECT", NULL));
        assert_true(zw_policy_check_target("p", "ACCEPT", NULL));
        assert_true(zw_policy_check_target("p", "DROP", NULL));
        assert_false(zw_policy_check_target("p", "%%REJECT%%", &error));
        assert_error(error, ZW_ERROR_INVALID_TARGET, "Policy 'p': invalid target '%%REJECT%%'");
        assert_false(zw_policy_check_target("p", "default", &error));
        assert_error(error, ZW_ERROR_INVALID_TARGET, NULL);

        assert_true(zw_policy_check_priority(-32768, NULL));
        assert_true(zw_policy_check_priority(32767, NULL));
        assert_true(zw_policy_check_priority(-1, NULL));
        assert_false(zw_policy_check_priority(0, &error));
        assert_error(error, ZW_ERROR_INVALID_PRIORITY,
                     "0 is invalid priority. Must be in range [-32768, 32767]. "
                     "The following are reserved: [0]");
        assert_false(zw_policy_check_priority(32768, &error));
        assert_error(error, ZW_ERROR_INVALID_PRIORITY, NULL);
        assert_false(zw_policy_check_priority(-32769, &error));
        assert_error(error, ZW_ERROR_INVALID_PRIORITY, NULL);
}

static void
test_zone_lists(void **state)
{
        g_autoptr(GError) error = NULL;
        ZwPolicy *p;

        p = policy_with("public", "internal");
        g_ptr_array_add(p->ingress_zones, g_strdup("work"));
        assert_true(zw_policy_check(p, NULL));
        g_ptr_array_add(p->ingress_zones, g_strdup("ANY"));
        assert_false(zw_policy_check(p, &error));
        assert_error(error, ZW_ERROR_INVALID_ZONE,
                     "'ingress_zones' may only contain one of: many regular zones, ANY, or HOST");
        zw_policy_free(p);

        p = policy_with("ANY", "HOST");
        g_ptr_array_add(p->egress_zones, g_strdup("ANY"));
        assert_false(zw_policy_check(p, &error));
        assert_error(error, ZW_ERROR_INVALID_ZONE,
                     "'egress_zones' may only contain one of: many regular zones, ANY, or HOST");
        zw_policy_free(p);

        p = policy_with("HOST", "HOST");
        assert_false(zw_policy_check(p, &error));
        assert_error(error, ZW_ERROR_INVALID_ZONE,
                     "'HOST' is invalid. Only one of 'ingress_zones' and 'egress_zones' can be "
                     "HOST.");
        zw_policy_free(p);

        p = policy_with("bad.zone", "HOST");
        assert_false(zw_policy_check(p, &error));
        assert_error(error, ZW_ERROR_INVALID_ZONE, "'bad.zone' not among existing zones");
        zw_policy_free(p);
}

static void
test_masquerade_forward(void **state)
{
        g_autoptr(GError) error = NULL;
        ZwPolicy *p;

        p = policy_with("internal", "HOST");
        p->masquerade = TRUE;
        assert_false(zw_policy_check(p, &error));
        assert_error(error, ZW_ERROR_INVALID_ZONE, "'masquerade' is invalid for egress zone 'HOST'");
        zw_policy_free(p);

        p = policy_with("HOST", "external");
        p->masquerade = TRUE;
        assert_false(zw_policy_check(p, &error));
        assert_error(error, ZW_ERROR_INVALID_ZONE,
                     "'masquerade' is invalid for ingress zone 'HOST'");
        zw_policy_free(p);

        p = policy_with("internal", "external");
        p->masquerade = TRUE;
        assert_true(zw_policy_check(p, NULL));
        zw_policy_free(p);

        p = policy_with("ANY", "HOST");
        g_ptr_array_add(p->forward_ports, zw_forward_port_new("2222", "tcp", "22", "10.0.0.2"));
        assert_false(zw_policy_check(p, &error));
        assert_error(error, ZW_ERROR_INVALID_FORWARD,
                     "A 'forward-port' with 'to-addr' is invalid for egress zone 'HOST'");
        zw_policy_free(p);

        p = policy_with("ANY", "HOST");
        g_ptr_array_add(p->forward_ports, zw_forward_port_new("2222", "tcp", "22", ""));
        assert_true(zw_policy_check(p, NULL));
        zw_policy_free(p);

        p = policy_with("internal", "ANY");
        g_ptr_array_add(p->forward_ports, zw_forward_port_new("2222", "tcp", "22", ""));
        assert_false(zw_policy_check(p, &error));
        assert_error(error, ZW_ERROR_INVALID_FORWARD,
                     "'forward-port' requires 'to-addr' if egress zone is 'ANY' or a zone");
        zw_policy_free(p);

        p = policy_with("internal", "dmz");
        g_ptr_array_add(p->rules, zw_rich_rule_parse("rule family=ipv4 forward-port port=2222 "
                                                     "protocol=tcp to-port=22", NULL));
        assert_false(zw_policy_check(p, &error));
        assert_error(error, ZW_ERROR_INVALID_FORWARD, NULL);
        zw_policy_free(p);

        p = policy_with("HOST", "dmz");
        g_ptr_array_add(p->rules, zw_rich_rule_parse("rule family=ipv4 masquerade", NULL));
        assert_false(zw_policy_check(p, &error));
        assert_error(error, ZW_ERROR_INVALID_ZONE, NULL);
        zw_policy_free(p);
}

static void
test_check_items(void **state)
{
        g_autoptr(GError) error = NULL;
        ZwPolicy *p;

        p = zw_policy_new("abcdefghijklmnopqrs");
        assert_false(zw_policy_check(p, &error));
        assert_error(error, ZW_ERROR_INVALID_NAME, NULL);
        zw_policy_free(p);

        p = zw_policy_new("p");
        p->priority = 0;
        assert_false(zw_policy_check(p, &error));
        assert_error(error, ZW_ERROR_INVALID_PRIORITY, NULL);
        zw_policy_free(p);

        p = zw_policy_new("p");
        g_ptr_array_add(p->ports, zw_port_new("x", "tcp"));
        assert_false(zw_policy_check(p, &error));
        assert_error(error, ZW_ERROR_INVALID_PORT, "'x' is invalid port range");
        zw_policy_free(p);

        p = zw_policy_new("p");
        g_ptr_array_add(p->protocols, g_strdup("999"));
        assert_false(zw_policy_check(p, &error));
        assert_error(error, ZW_ERROR_INVALID_PROTOCOL, "999");
        zw_policy_free(p);
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_new_dup),
                cmocka_unit_test(test_target_priority),
                cmocka_unit_test(test_zone_lists),
                cmocka_unit_test(test_masquerade_forward),
                cmocka_unit_test(test_check_items),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
