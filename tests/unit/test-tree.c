/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-tree.c: config trees: lookup, deep copy, firewalld's full check */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/tree.h"

#include "zw-test.h"

static void
test_lookup_insert(void **state)
{
        g_autoptr(ZwTree) tree = zw_test_core_tree();
        g_autoptr(GPtrArray) names = zw_tree_names(tree, ZW_KIND_ZONE);
        ZwZone *replacement;

        assert_int_equal(names->len, 4);
        assert_string_equal(g_ptr_array_index(names, 0), "apimap");
        assert_string_equal(g_ptr_array_index(names, 3), "work");
        assert_non_null(zw_tree_get_zone(tree, "public"));
        assert_non_null(zw_tree_get_service(tree, "ftp"));
        assert_non_null(zw_tree_get_icmptype(tree, "echo-request"));
        assert_non_null(zw_tree_get_ipset(tree, "apimap-set"));
        assert_null(zw_tree_get_policy(tree, "nosuch"));
        assert_null(zw_tree_get_helper(tree, "ftp"));
        assert_null(zw_tree_lookup(tree, ZW_KIND_ZONE, NULL));
        zw_tree_insert(tree, zw_helper_new("ftp"));
        assert_non_null(zw_tree_get_helper(tree, "ftp"));

        /* same name replaces the object */
        replacement = zw_zone_new("public");
        replacement->masquerade = TRUE;
        zw_tree_insert(tree, replacement);
        assert_ptr_equal(zw_tree_get_zone(tree, "public"), replacement);
        zw_tree_insert(tree, replacement);
        assert_true(zw_tree_get_zone(tree, "public")->masquerade);
        assert_true(zw_tree_remove(tree, ZW_KIND_ZONE, "public"));
        assert_false(zw_tree_remove(tree, ZW_KIND_ZONE, "public"));
        assert_null(zw_tree_get_zone(tree, "public"));

        zw_tree_insert_builtin(tree, zw_zone_new("block"));
        assert_non_null(zw_tree_lookup_builtin(tree, ZW_KIND_ZONE, "block"));
        assert_null(zw_tree_get_zone(tree, "block"));
        zw_tree_free(NULL);
}

static void
test_dup(void **state)
{
        g_autoptr(ZwTree) tree = zw_test_core_tree();
        g_autoptr(ZwTree) copy = NULL;
        const char *args[] = { "-j", "ACCEPT", NULL };

        zw_tree_insert_builtin(tree, zw_zone_new("block"));
        assert_true(zw_conf_set(tree->conf, "LogDenied", "all", NULL));
        assert_true(zw_direct_add_rule(tree->direct, "ipv4", "filter", "INPUT", 0, args, NULL));
        assert_true(zw_lockdown_add_uid(tree->lockdown, 0, NULL));
        copy = zw_tree_dup(tree);
        assert_true(zw_object_equal(zw_tree_get_zone(tree, "public"),
                                    zw_tree_get_zone(copy, "public")));
        assert_ptr_not_equal(zw_tree_get_zone(tree, "public"), zw_tree_get_zone(copy, "public"));
        assert_non_null(zw_tree_lookup_builtin(copy, ZW_KIND_ZONE, "block"));
        assert_string_equal(zw_conf_get_log_denied(copy->conf), "all");
        assert_int_equal(copy->direct->rules->len, 1);
        assert_true(zw_lockdown_has_uid(copy->lockdown, 0));
        zw_tree_get_zone(copy, "public")->masquerade = TRUE;
        assert_false(zw_tree_get_zone(tree, "public")->masquerade);
}

static void
test_check_ok(void **state)
{
        g_autoptr(ZwTree) tree = zw_test_core_tree();
        g_autoptr(GError) error = NULL;
        ZwZone *apimap = zw_tree_get_zone(tree, "apimap");
        ZwPolicy *pol = zw_policy_new("allow-host-ipv6");
        ZwService *inc = zw_service_new("web");

        g_ptr_array_add(apimap->interfaces, g_strdup("dummy0"));
        g_ptr_array_add(apimap->sources, g_strdup("10.99.5.0/24"));
        g_ptr_array_add(apimap->sources, g_strdup("ipset:apimap-set"));
        g_ptr_array_add(apimap->icmp_blocks, g_strdup("timestamp-request"));
        g_ptr_array_add(apimap->rules, zw_rich_rule_parse("rule family=ipv4 source "
                                                          "ipset=apimap-set drop", NULL));
        g_ptr_array_add(apimap->rules, zw_rich_rule_parse("rule service name=ftp accept", NULL));
        g_ptr_array_add(pol->ingress_zones, g_strdup("ANY"));
        g_ptr_array_add(pol->egress_zones, g_strdup("HOST"));
        pol->priority = -15000;
        g_ptr_array_add(pol->rules, zw_rich_rule_parse("rule family=\"ipv6\" icmp-type "
                                                       "name=\"echo-request\" accept", NULL));
        zw_tree_insert(tree, pol);
        g_ptr_array_add(inc->includes, g_strdup("http"));
        g_ptr_array_add(inc->includes, g_strdup("https"));
        zw_tree_insert(tree, inc);
        zw_tree_insert(tree, zw_helper_new("ftp"));
        g_free(zw_tree_get_helper(tree, "ftp")->module);
        zw_tree_get_helper(tree, "ftp")->module = g_strdup("nf_conntrack_ftp");
        if (!zw_tree_check(tree, &error))
                fail_msg("%s", error->message);
}

/* each case makes the fixture invalid in one way */
static void
check_fails(void (*spoil)(ZwTree *), int code, const char *msg)
{
        g_autoptr(ZwTree) tree = zw_test_core_tree();
        g_autoptr(GError) error = NULL;

        assert_true(zw_tree_check(tree, NULL));
        spoil(tree);
        assert_false(zw_tree_check(tree, &error));
        assert_error(error, code, msg);
}

static void
spoil_service(ZwTree *tree)
{
        ZwZone *z = zw_test_add_zone(tree, "badsvc");
        g_ptr_array_add(z->services, g_strdup("nosuchsvc"));
}

static void
spoil_include(ZwTree *tree)
{
        g_ptr_array_add(zw_tree_get_service(tree, "http")->includes, g_strdup("nosuch"));
}

static void
spoil_icmp(ZwTree *tree)
{
        g_ptr_array_add(zw_tree_get_zone(tree, "work")->icmp_blocks, g_strdup("nosuchicmp"));
}

static void
spoil_ipset_missing(ZwTree *tree)
{
        g_ptr_array_add(zw_tree_get_zone(tree, "work")->sources, g_strdup("ipset:nosuchset"));
}

static void
spoil_ipset_type(ZwTree *tree)
{
        g_ptr_array_add(zw_tree_get_zone(tree, "work")->sources, g_strdup("ipset:netnet"));
}

static void
spoil_interface_twice(ZwTree *tree)
{
        g_ptr_array_add(zw_tree_get_zone(tree, "work")->interfaces, g_strdup("eth0"));
        g_ptr_array_add(zw_tree_get_zone(tree, "internal")->interfaces, g_strdup("eth0"));
}

static void
spoil_source_twice(ZwTree *tree)
{
        g_ptr_array_add(zw_tree_get_zone(tree, "public")->sources, g_strdup("10.99.5.0/24"));
        g_ptr_array_add(zw_tree_get_zone(tree, "internal")->sources, g_strdup("10.99.5.0/24"));
}

static void
spoil_name_conflict(ZwTree *tree)
{
        ZwPolicy *p = zw_policy_new("work");
        zw_tree_insert(tree, p);
}

static void
spoil_target(ZwTree *tree)
{
        ZwZone *z = zw_tree_get_zone(tree, "work");
        g_free(z->target);
        z->target = g_strdup("FOO");
}

static void
spoil_policy_priority(ZwTree *tree)
{
        ZwPolicy *p = zw_policy_new("p");
        p->priority = 0;
        zw_tree_insert(tree, p);
}

static void
spoil_policy_zone(ZwTree *tree)
{
        ZwPolicy *p = zw_policy_new("p");
        g_ptr_array_add(p->ingress_zones, g_strdup("nosuchzone"));
        g_ptr_array_add(p->egress_zones, g_strdup("HOST"));
        zw_tree_insert(tree, p);
}

static void
spoil_policy_fwd_iface(ZwTree *tree)
{
        ZwPolicy *p = zw_policy_new("p");
        g_ptr_array_add(p->ingress_zones, g_strdup("internal"));
        g_ptr_array_add(p->egress_zones, g_strdup("work"));
        g_ptr_array_add(p->forward_ports, zw_forward_port_new("80", "tcp", "", "10.0.0.1"));
        g_ptr_array_add(zw_tree_get_zone(tree, "work")->interfaces, g_strdup("eth1"));
        zw_tree_insert(tree, p);
}

static void
spoil_policy_mark_iface(ZwTree *tree)
{
        ZwPolicy *p = zw_policy_new("p");
        g_ptr_array_add(p->ingress_zones, g_strdup("internal"));
        g_ptr_array_add(p->egress_zones, g_strdup("work"));
        g_ptr_array_add(p->rules, zw_rich_rule_parse("rule family=ipv4 source "
                                                     "address=10.0.0.1 mark set=1", NULL));
        g_ptr_array_add(zw_tree_get_zone(tree, "work")->interfaces, g_strdup("eth1"));
        zw_tree_insert(tree, p);
}

static void
spoil_policy_service(ZwTree *tree)
{
        ZwPolicy *p = zw_policy_new("p");
        g_ptr_array_add(p->services, g_strdup("nosuchsvc"));
        zw_tree_insert(tree, p);
}

static void
spoil_rule_service(ZwTree *tree)
{
        g_ptr_array_add(zw_tree_get_zone(tree, "work")->rules,
                        zw_rich_rule_parse("rule service name=nosuchsvc accept", NULL));
}

static void
spoil_rule_icmp_family(ZwTree *tree)
{
        g_ptr_array_add(zw_tree_get_zone(tree, "work")->rules,
                        zw_rich_rule_parse("rule family=ipv6 icmp-block "
                                           "name=timestamp-request", NULL));
}

static void
spoil_rule_ipset(ZwTree *tree)
{
        g_ptr_array_add(zw_tree_get_zone(tree, "work")->rules,
                        zw_rich_rule_parse("rule source ipset=nosuchset accept", NULL));
}

static void
spoil_helper(ZwTree *tree)
{
        ZwHelper *h = zw_helper_new("ftp");
        zw_tree_insert(tree, h); /* module "" */
}

static void
spoil_ipset_entry(ZwTree *tree)
{
        ZwIpset *s = zw_tree_get_ipset(tree, "apimap-set");
        char *e = g_strdup("bogus");
        g_ptr_array_add(s->entries, e);
        g_hash_table_add(s->entry_index, e);
}

static void
spoil_zone_port(ZwTree *tree)
{
        g_ptr_array_add(zw_tree_get_zone(tree, "work")->ports, zw_port_new("70000", "tcp"));
}

static void
spoil_icmptype_name(ZwTree *tree)
{
        zw_tree_insert(tree, zw_icmptype_new("bad.name"));
}

static void
test_check_errors(void **state)
{
        check_fails(spoil_service, ZW_ERROR_INVALID_SERVICE,
                    "Zone 'badsvc': 'nosuchsvc' not among existing services");
        check_fails(spoil_include, ZW_ERROR_INVALID_SERVICE,
                    "Service 'http': Included service 'nosuch' not found.");
        check_fails(spoil_icmp, ZW_ERROR_INVALID_ICMPTYPE,
                    "Zone 'work': 'nosuchicmp' not among existing icmp types");
        check_fails(spoil_ipset_missing, ZW_ERROR_INVALID_IPSET, "nosuchset");
        check_fails(spoil_ipset_type, ZW_ERROR_INVALID_IPSET,
                    "ipset 'netnet' with type 'hash:net,net' not usable as source");
        check_fails(spoil_interface_twice, ZW_ERROR_INVALID_INTERFACE, NULL);
        check_fails(spoil_source_twice, ZW_ERROR_INVALID_ADDR, NULL);
        check_fails(spoil_name_conflict, ZW_ERROR_NAME_CONFLICT, NULL);
        check_fails(spoil_target, ZW_ERROR_INVALID_TARGET, "Zone 'work': invalid target 'FOO'");
        check_fails(spoil_policy_priority, ZW_ERROR_INVALID_PRIORITY,
                    "0 is invalid priority. Must be in range [-32768, 32767]. "
                    "The following are reserved: [0]");
        check_fails(spoil_policy_zone, ZW_ERROR_INVALID_ZONE,
                    "'nosuchzone' not among existing zones");
        check_fails(spoil_policy_fwd_iface, ZW_ERROR_INVALID_ZONE,
                    "'forward-port' cannot be used in a policy if an egress zone has assigned "
                    "interfaces");
        check_fails(spoil_policy_mark_iface, ZW_ERROR_INVALID_ZONE,
                    "'mark' action cannot be used in a policy if an egress zone has assigned "
                    "interfaces");
        check_fails(spoil_policy_service, ZW_ERROR_INVALID_SERVICE,
                    "Policy 'p': 'nosuchsvc' not among existing services");
        check_fails(spoil_rule_service, ZW_ERROR_INVALID_SERVICE, "nosuchsvc");
        check_fails(spoil_rule_icmp_family, ZW_ERROR_INVALID_ICMPTYPE,
                    "rich rule family 'ipv6' conflicts with icmp type 'timestamp-request'");
        check_fails(spoil_rule_ipset, ZW_ERROR_INVALID_IPSET, "nosuchset");
        check_fails(spoil_helper, ZW_ERROR_INVALID_MODULE, NULL);
        check_fails(spoil_ipset_entry, ZW_ERROR_INVALID_ENTRY, NULL);
        check_fails(spoil_zone_port, ZW_ERROR_INVALID_PORT, "port number in '70000' is too big");
        check_fails(spoil_icmptype_name, ZW_ERROR_INVALID_NAME, NULL);
}

static void
test_check_object(void **state)
{
        g_autoptr(ZwTree) tree = zw_test_core_tree();
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwZone) z = zw_zone_new("newzone");

        g_ptr_array_add(z->services, g_strdup("http"));
        assert_true(zw_tree_check_object(tree, z, NULL));
        g_ptr_array_add(z->services, g_strdup("nosuch"));
        assert_false(zw_tree_check_object(tree, z, &error));
        assert_error(error, ZW_ERROR_INVALID_SERVICE,
                     "Zone 'newzone': 'nosuch' not among existing services");
        assert_true(zw_tree_check_ipset_source(tree, "10.0.0.1", NULL));
        assert_true(zw_tree_check_ipset_source(tree, "ipset:apimap-set", NULL));
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_lookup_insert),
                cmocka_unit_test(test_dup),
                cmocka_unit_test(test_check_ok),
                cmocka_unit_test(test_check_errors),
                cmocka_unit_test(test_check_object),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
