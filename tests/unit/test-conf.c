/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-conf.c: firewalld.conf parsing, validation and comment-keeping rewrite */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/conf.h"
#include "core/error.h"

#include "zw-test.h"

static void
test_defaults(void **state)
{
        g_autoptr(ZwConf) c = zw_conf_new();
        const char *const *keys = zw_conf_keys();
        static const char *const order[] = {
                "DefaultZone",   "MinimalMark",      "CleanupOnExit",   "CleanupModulesOnExit",
                "Lockdown",      "IPv6_rpfilter",    "IndividualCalls", "LogDenied",
                "AutomaticHelpers", "FirewallBackend", "FlushAllOnReload", "RFC3964_IPv4",
                "AllowZoneDrifting", NULL,
        };

        assert_int_equal(g_strv_length((char **)keys), 13);
        for (guint i = 0; order[i] != NULL; i++)
                assert_string_equal(keys[i], order[i]);
        assert_string_equal(zw_conf_get_default_zone(c), "public");
        assert_string_equal(zw_conf_get(c, "MinimalMark"), "100");
        assert_string_equal(zw_conf_get(c, "CleanupOnExit"), "no");
        assert_string_equal(zw_conf_get(c, "CleanupModulesOnExit"), "no");
        assert_string_equal(zw_conf_get(c, "FirewallBackend"), "nftables");
        assert_string_equal(zw_conf_get_log_denied(c), "off");
        assert_string_equal(zw_conf_get(c, "AutomaticHelpers"), "no");
        assert_string_equal(zw_conf_get(c, "AllowZoneDrifting"), "no");
        assert_true(zw_conf_get_bool(c, "IPv6_rpfilter"));
        assert_true(zw_conf_get_bool(c, "FlushAllOnReload"));
        assert_true(zw_conf_get_bool(c, "RFC3964_IPv4"));
        assert_false(zw_conf_get_bool(c, "Lockdown"));
        assert_false(zw_conf_get_bool(c, "IndividualCalls"));
        assert_null(zw_conf_get(c, "Bogus"));
        assert_true(zw_conf_is_bool_key("Lockdown"));
        assert_false(zw_conf_is_bool_key("MinimalMark"));
        assert_false(zw_conf_is_bool_key("LogDenied"));
}

static void
test_parse(void **state)
{
        g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(ZwConf) c = zw_conf_parse("# comment\n"
                                            "; other comment\n"
                                            "DefaultZone = internal\n"
                                            "Lockdown=true\n"
                                            "LogDenied=bogus\n"
                                            "Unknown=1\n"
                                            "no equals sign\n"
                                            "A=b=c\n"
                                            "CleanupOnExit=\n"
                                            "DefaultZone=work\n"
                                            "FirewallBackend=iptables\n"
                                            "IPv6_rpfilter=maybe\n"
                                            "MinimalMark=x\n"
                                            "AutomaticHelpers=system\n",
                                            warnings);

        assert_string_equal(zw_conf_get_default_zone(c), "internal");
        assert_string_equal(zw_conf_get(c, "Lockdown"), "true");
        assert_true(zw_conf_get_bool(c, "Lockdown"));
        assert_string_equal(zw_conf_get_log_denied(c), "off");
        assert_string_equal(zw_conf_get(c, "CleanupOnExit"), "no");
        assert_string_equal(zw_conf_get(c, "FirewallBackend"), "iptables");
        assert_string_equal(zw_conf_get(c, "IPv6_rpfilter"), "yes");
        assert_string_equal(zw_conf_get(c, "MinimalMark"), "100");
        assert_string_equal(zw_conf_get(c, "AutomaticHelpers"), "system");
        /* bogus LogDenied, Unknown, no '=', A=b=c, empty value, duplicate, rpfilter, mark */
        assert_int_equal(warnings->len, 8);
}

static void
test_parse_no_warnings_array(void **state)
{
        g_autoptr(ZwConf) c = zw_conf_parse("garbage\nLogDenied=all\n", NULL);
        g_autoptr(ZwConf) e = zw_conf_parse(NULL, NULL);

        assert_string_equal(zw_conf_get_log_denied(c), "all");
        assert_string_equal(zw_conf_get_default_zone(e), "public");
}

static void
test_set(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwConf) c = zw_conf_new();
        g_autoptr(ZwConf) d = NULL;

        assert_true(zw_conf_set(c, "Lockdown", "yes", NULL));
        assert_true(zw_conf_set(c, "CleanupOnExit", "False", NULL));
        assert_false(zw_conf_get_bool(c, "CleanupOnExit"));
        assert_true(zw_conf_set(c, "LogDenied", "unicast", NULL));
        assert_true(zw_conf_set(c, "FirewallBackend", "iptables", NULL));
        assert_true(zw_conf_set(c, "DefaultZone", "work", NULL));
        assert_true(zw_conf_set(c, "MinimalMark", "200", NULL));
        assert_false(zw_conf_set(c, "Lockdown", "maybe", &error));
        assert_error(error, ZW_ERROR_INVALID_VALUE, "'maybe' for Lockdown");
        assert_false(zw_conf_set(c, "LogDenied", "everything", &error));
        assert_error(error, ZW_ERROR_INVALID_VALUE, "'everything' for LogDenied");
        assert_false(zw_conf_set(c, "FirewallBackend", "pf", &error));
        assert_error(error, ZW_ERROR_INVALID_VALUE, "'pf' for FirewallBackend");
        assert_false(zw_conf_set(c, "MinimalMark", "-1", &error));
        assert_error(error, ZW_ERROR_INVALID_VALUE, "'-1' for MinimalMark");
        assert_false(zw_conf_set(c, "RFC3964_IPv4", "", &error));
        assert_error(error, ZW_ERROR_INVALID_VALUE, "'' for RFC3964_IPv4");
        assert_false(zw_conf_set(c, "NoSuchKey", "yes", &error));
        assert_error(error, ZW_ERROR_INVALID_PROPERTY, "NoSuchKey");
        assert_string_equal(zw_conf_get(c, "Lockdown"), "yes");
        d = zw_conf_dup(c);
        assert_string_equal(zw_conf_get_log_denied(d), "unicast");
        assert_string_equal(zw_conf_get_default_zone(d), "work");
        zw_conf_free(NULL);
}

static const char debian_conf[] =
        "# firewalld config file\n"
        "\n"
        "# default zone\n"
        "# The default zone used if an empty zone string is used.\n"
        "# Default: public\n"
        "DefaultZone=public\n"
        "\n"
        "# Clean up on exit\n"
        "CleanupOnExit=yes\n"
        "CleanupModulesOnExit=no\n"
        "Lockdown=no\n"
        "IPv6_rpfilter=yes\n"
        "IndividualCalls=no\n"
        "LogDenied=off\n"
        "FirewallBackend=nftables\n"
        "FlushAllOnReload=yes\n"
        "RFC3964_IPv4=yes\n";

static void
test_format_roundtrip(void **state)
{
        g_autoptr(ZwConf) c = zw_conf_parse(debian_conf, NULL);
        g_autofree char *out = zw_conf_format(c);

        /* nothing changed, every key present: byte-identical */
        assert_string_equal(out, debian_conf);
}

static void
test_format_changes(void **state)
{
        g_autoptr(ZwConf) c = zw_conf_parse("# head\n"
                                            "\n"
                                            "\n"
                                            "\n"
                                            "LogDenied=off\n"
                                            "; semicolon line\n"
                                            "Custom = 1\n"
                                            "Custom=2\n"
                                            "LogDenied=all\n"
                                            "DefaultZone = public\n",
                                            NULL);
        g_autofree char *out = NULL;

        assert_true(zw_conf_set(c, "LogDenied", "unicast", NULL));
        out = zw_conf_format(c);
        assert_string_equal(out, "# head\n"
                                 "\n"
                                 "LogDenied=unicast\n"
                                 "; semicolon line\n"
                                 "Custom = 1\n"
                                 "DefaultZone = public\n"
                                 "\n"
                                 "CleanupOnExit=no\n"
                                 "CleanupModulesOnExit=no\n"
                                 "Lockdown=no\n"
                                 "IPv6_rpfilter=yes\n"
                                 "IndividualCalls=no\n"
                                 "FirewallBackend=nftables\n"
                                 "FlushAllOnReload=yes\n"
                                 "RFC3964_IPv4=yes\n");
}

static void
test_format_deprecated(void **state)
{
        g_autoptr(ZwConf) c = zw_conf_parse("MinimalMark=100\nAllowZoneDrifting=yes\n", NULL);
        g_autoptr(ZwConf) n = zw_conf_new();
        g_autofree char *out = zw_conf_format(c);
        g_autofree char *fresh = zw_conf_format(n);
        g_autoptr(ZwConf) again = zw_conf_parse(out, NULL);
        g_autofree char *out2 = zw_conf_format(again);

        /* present deprecated keys stay, absent ones are never appended */
        assert_non_null(strstr(out, "MinimalMark=100\n"));
        assert_non_null(strstr(out, "AllowZoneDrifting=yes\n"));
        assert_null(strstr(fresh, "MinimalMark"));
        assert_null(strstr(fresh, "AutomaticHelpers"));
        assert_null(strstr(fresh, "AllowZoneDrifting"));
        assert_true(g_str_has_prefix(fresh, "DefaultZone=public\n"));
        /* a second round trip is stable */
        assert_string_equal(out, out2);
}

static void
test_format_invalid_value_rewritten(void **state)
{
        g_autoptr(ZwConf) c = zw_conf_parse("# x\nLogDenied=bogus\n", NULL);
        g_autofree char *out = zw_conf_format(c);

        assert_true(g_str_has_prefix(out, "# x\nLogDenied=off\n"));
}

/* zonewall's own keys: LogDeniedLimit (firewalld#439) and ConntrackLogInvalid */
static void
test_zonewall_keys(void **state)
{
        g_autoptr(ZwConf) d = zw_conf_new();
        g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(ZwConf) c = NULL;
        g_autoptr(ZwConf) again = NULL;
        g_autofree char *fresh = zw_conf_format(d);
        g_autofree char *out = NULL;
        g_autoptr(GError) error = NULL;
        guint rate = 0, unit = 0, burst = 0;

        /* no D-Bus property, not written while at the default */
        assert_false(g_strv_contains(zw_conf_keys(), "LogDeniedLimit"));
        assert_false(g_strv_contains(zw_conf_keys(), "ConntrackLogInvalid"));
        assert_null(strstr(fresh, "LogDeniedLimit"));
        assert_null(strstr(fresh, "ConntrackLogInvalid"));
        assert_string_equal(zw_conf_get(d, "LogDeniedLimit"), "5/second burst 10");
        assert_true(zw_conf_get_log_denied_limit(d, &rate, &unit, &burst));
        assert_int_equal(rate, 5);
        assert_int_equal(unit, 1);
        assert_int_equal(burst, 10);
        assert_true(zw_conf_get_log_denied_limit(NULL, &rate, NULL, NULL));
        assert_int_equal(rate, 5);
        assert_false(zw_conf_get_bool(d, "ConntrackLogInvalid"));

        c = zw_conf_parse("# mine\nLogDeniedLimit = 3/minute\nConntrackLogInvalid=yes\n",
                          warnings);
        assert_int_equal(warnings->len, 0);
        assert_true(zw_conf_is_explicit(c, "LogDeniedLimit"));
        assert_true(zw_conf_get_log_denied_limit(c, &rate, &unit, &burst));
        assert_int_equal(rate, 3);
        assert_int_equal(unit, 60);
        assert_int_equal(burst, 0);
        assert_true(zw_conf_get_bool(c, "ConntrackLogInvalid"));
        /* a rewrite (a firewalld property changed) keeps them where they were */
        assert_true(zw_conf_set(c, "LogDenied", "all", NULL));
        out = zw_conf_format(c);
        assert_true(g_str_has_prefix(out, "# mine\nLogDeniedLimit = 3/minute\n"
                                          "ConntrackLogInvalid=yes\n"));
        again = zw_conf_parse(out, NULL);
        assert_string_equal(zw_conf_get(again, "LogDeniedLimit"), "3/minute");
        assert_string_equal(zw_conf_get_log_denied(again), "all");

        /* off / 0: unlimited; syntax errors keep the default, with a warning */
        assert_true(zw_conf_set(c, "LogDeniedLimit", "off", NULL));
        assert_false(zw_conf_get_log_denied_limit(c, NULL, NULL, NULL));
        assert_true(zw_conf_set(c, "LogDeniedLimit", "0", NULL));
        assert_false(zw_conf_get_log_denied_limit(c, NULL, NULL, NULL));
        assert_true(zw_conf_set(c, "LogDeniedLimit", "  100/day   burst 7 ", NULL));
        assert_true(zw_conf_get_log_denied_limit(c, &rate, &unit, &burst));
        assert_int_equal(rate, 100);
        assert_int_equal(unit, 86400);
        assert_int_equal(burst, 7);
        for (const char *const *bad = (const char *const[]){ "5", "5/sec", "0/second",
                                                             "x/second", "5/second burst",
                                                             "5/second burst 0",
                                                             "5/second 10", "5/second burst 1 2",
                                                             "-1/second", "5/minute/x", NULL };
             *bad != NULL; bad++) {
                assert_false(zw_conf_set(c, "LogDeniedLimit", *bad, &error));
                assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_INVALID_VALUE));
                g_clear_error(&error);
        }
        assert_false(zw_conf_set(c, "ConntrackLogInvalid", "255", NULL));
        g_clear_pointer(&c, zw_conf_free);
        c = zw_conf_parse("LogDeniedLimit=lots\n", warnings);
        assert_int_equal(warnings->len, 1);
        assert_string_equal(zw_conf_get(c, "LogDeniedLimit"), "5/second burst 10");
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_defaults),
                cmocka_unit_test(test_parse),
                cmocka_unit_test(test_parse_no_warnings_array),
                cmocka_unit_test(test_set),
                cmocka_unit_test(test_format_roundtrip),
                cmocka_unit_test(test_format_changes),
                cmocka_unit_test(test_format_deprecated),
                cmocka_unit_test(test_format_invalid_value_rewritten),
                cmocka_unit_test(test_zonewall_keys),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
