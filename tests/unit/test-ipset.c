/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-ipset.c: ipsets: types, options, entry validation and index */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/ipset.h"

#include "zw-test.h"

static void
assert_entry(const char *type, const char *family, const char *entry, gboolean ok)
{
        g_autoptr(ZwIpset) s = zw_ipset_new("s", type);
        g_autoptr(GError) error = NULL;

        if (family != NULL)
                zw_ipset_set_option(s, "family", family);
        if (ok) {
                if (!zw_ipset_check_entry(s, entry, &error))
                        fail_msg("%s %s: '%s' refused: %s", type, family ? family : "", entry,
                                 error->message);
        } else {
                if (zw_ipset_check_entry(s, entry, &error))
                        fail_msg("%s %s: '%s' accepted", type, family ? family : "", entry);
                assert_error(error, ZW_ERROR_INVALID_ENTRY, NULL);
        }
}

static void
test_types(void **state)
{
        const char *const *types = zw_ipset_types();

        assert_int_equal(g_strv_length((char **)types), 11);
        assert_string_equal(types[0], "hash:ip");
        assert_string_equal(types[10], "hash:mac");
        assert_true(zw_ipset_type_is_valid("hash:net,iface"));
        assert_false(zw_ipset_type_is_valid("list:set"));
        assert_true(zw_ipset_type_usable_as_source("hash:ip"));
        assert_true(zw_ipset_type_usable_as_source("hash:mac"));
        assert_false(zw_ipset_type_usable_as_source("hash:ip,port,ip"));
        assert_false(zw_ipset_type_usable_as_source("hash:net,net"));
}

static void
test_options(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwIpset) s = zw_ipset_new("s", "hash:ip");

        assert_string_equal(zw_ipset_family(s), "inet");
        assert_int_equal(zw_ipset_timeout(s), 0);
        zw_ipset_set_option(s, "family", "inet6");
        zw_ipset_set_option(s, "timeout", "600");
        assert_string_equal(zw_ipset_family(s), "inet6");
        assert_int_equal(zw_ipset_timeout(s), 600);
        assert_string_equal(zw_ipset_get_option(s, "timeout"), "600");
        zw_ipset_set_option(s, "timeout", "0");
        assert_int_equal(s->options->len, 2);
        assert_true(zw_ipset_remove_option(s, "timeout"));
        assert_false(zw_ipset_remove_option(s, "timeout"));
        assert_null(zw_ipset_get_option(s, "timeout"));

        assert_true(zw_ipset_check_option("hash:ip", "family", "inet", NULL));
        assert_true(zw_ipset_check_option("hash:ip", "maxelem", "65536", NULL));
        assert_true(zw_ipset_check_option("hash:ip", "hashsize", "0", NULL));
        assert_false(zw_ipset_check_option("hash:ip", "family", "ipv4", &error));
        assert_error(error, ZW_ERROR_INVALID_FAMILY, "ipv4");
        assert_false(zw_ipset_check_option("hash:mac", "family", "inet", &error));
        assert_error(error, ZW_ERROR_INVALID_OPTION, NULL);
        assert_false(zw_ipset_check_option("hash:ip", "timeout", "-1", &error));
        assert_error(error, ZW_ERROR_INVALID_VALUE, NULL);
        assert_false(zw_ipset_check_option("hash:ip", "maxelem", "x", &error));
        assert_error(error, ZW_ERROR_INVALID_VALUE, "Option 'maxelem': Value 'x' is not an integer");
        assert_false(zw_ipset_check_option("hash:ip", "hashsize", "", &error));
        assert_error(error, ZW_ERROR_INVALID_VALUE, NULL);
        assert_false(zw_ipset_check_option("hash:ip", "bogus", "1", &error));
        assert_error(error, ZW_ERROR_INVALID_OPTION, "Unknown option 'bogus'");
}

static void
test_entries_valid(void **state)
{
        assert_entry("hash:ip", NULL, "10.0.0.1", TRUE);
        assert_entry("hash:ip", NULL, "10.0.0.0/24", TRUE);
        assert_entry("hash:ip", NULL, "10.0.0.1-10.0.0.9", TRUE);
        assert_entry("hash:ip", "inet6", "fd99::1", TRUE);
        assert_entry("hash:ip", "inet6", "fd99::/64", TRUE);
        assert_entry("hash:net", NULL, "10.0.0.0/8", TRUE);
        assert_entry("hash:net", NULL, "10.0.0.0-10.0.0.255", TRUE);
        assert_entry("hash:net", "inet6", "fd99::/64", TRUE);
        assert_entry("hash:ip,port", NULL, "10.0.0.1,tcp:80", TRUE);
        assert_entry("hash:ip,port", NULL, "10.0.0.1,80", TRUE);
        assert_entry("hash:ip,port", NULL, "10.0.0.1,udplite:80-90", TRUE);
        assert_entry("hash:ip,port", NULL, "10.0.0.1,icmp:echo-request", TRUE);
        assert_entry("hash:ip,port", NULL, "10.0.0.1,icmp:8/0", TRUE);
        assert_entry("hash:ip,port", "inet6", "fd99::1,icmpv6:echo-request", TRUE);
        assert_entry("hash:ip,port,ip", NULL, "10.0.0.1,tcp:80,10.0.0.2", TRUE);
        assert_entry("hash:ip,port,net", NULL, "10.0.0.1,tcp:80,10.1.0.0/16", TRUE);
        assert_entry("hash:ip,mark", NULL, "10.0.0.1,0x10", TRUE);
        assert_entry("hash:ip,mark", NULL, "10.0.0.1,4294967295", TRUE);
        assert_entry("hash:net,net", NULL, "10.0.0.0/8,192.168.0.0/16", TRUE);
        assert_entry("hash:net,port", NULL, "10.0.0.0/8,sctp:9", TRUE);
        assert_entry("hash:net,port,net", NULL, "10.0.0.0/8,22,10.1.0.0/16", TRUE);
        assert_entry("hash:net,iface", NULL, "10.0.0.0/8,eth0", TRUE);
        assert_entry("hash:mac", NULL, "00:11:22:33:44:55", TRUE);
}

static void
test_entries_invalid(void **state)
{
        assert_entry("hash:ip", NULL, "10.0.0.300", FALSE);
        assert_entry("hash:ip", NULL, "0.0.0.0", FALSE);
        assert_entry("hash:ip", NULL, "fd99::1", FALSE);
        assert_entry("hash:ip", NULL, "10.0.0.1-10.0.0.2-10.0.0.3", FALSE);
        assert_entry("hash:ip", "inet6", "10.0.0.1", FALSE);
        assert_entry("hash:ip", NULL, "", FALSE);
        assert_entry("hash:ip", NULL, "10.0.0.1,80", FALSE);
        assert_entry("hash:net", NULL, "0.0.0.0/0", FALSE);
        assert_entry("hash:net", "inet6", "::/0", FALSE);
        assert_entry("hash:net", NULL, "10.0.0.0/33", FALSE);
        assert_entry("hash:ip,port", NULL, "10.0.0.1,foo:80", FALSE);
        assert_entry("hash:ip,port", NULL, "10.0.0.1,tcp:70000", FALSE);
        assert_entry("hash:ip,port", NULL, "10.0.0.1,tcp:80:1", FALSE);
        assert_entry("hash:ip,port", NULL, "10.0.0.1,icmpv6:echo-request", FALSE);
        assert_entry("hash:ip,port", "inet6", "fd99::1,icmp:echo-request", FALSE);
        assert_entry("hash:ip,port", NULL, "10.0.0.1,icmp:nosuch", FALSE);
        assert_entry("hash:ip,port,ip", NULL, "10.0.0.1,80,10.0.0.0/8", FALSE);
        assert_entry("hash:ip,mark", NULL, "10.0.0.1,4294967296", FALSE);
        assert_entry("hash:ip,mark", NULL, "10.0.0.1,0xzz", FALSE);
        assert_entry("hash:net,iface", NULL, "10.0.0.0/8,abcdefghijklmnop", FALSE);
        assert_entry("hash:mac", NULL, "00:00:00:00:00:00", FALSE);
        assert_entry("hash:mac", NULL, "00:11:22:33:44", FALSE);
}

static void
test_entry_messages(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwIpset) s = zw_ipset_new("s", "hash:ip,port");

        assert_false(zw_ipset_check_entry(s, "10.0.0.1", &error));
        assert_error(error, ZW_ERROR_INVALID_ENTRY,
                     "entry '10.0.0.1' does not match ipset type 'hash:ip,port'");
        assert_false(zw_ipset_check_entry(s, "10.0.0.300,80", &error));
        assert_error(error, ZW_ERROR_INVALID_ENTRY,
                     "invalid address '10.0.0.300' in '10.0.0.300,80' for hash:ip,port (ipv4)");
}

static void
test_add_remove(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwIpset) s = zw_ipset_new("apimap-set", "hash:ip");
        g_autoptr(ZwIpset) d = NULL;
        g_autoptr(ZwIpset) t = zw_ipset_new("timed", "hash:ip");

        assert_true(zw_ipset_add_entry(s, "10.99.3.3", NULL));
        assert_true(zw_ipset_add_entry(s, "10.99.3.4", NULL));
        assert_true(zw_ipset_has_entry(s, "10.99.3.3"));
        assert_false(zw_ipset_has_entry(s, "10.99.3.5"));
        assert_false(zw_ipset_add_entry(s, "10.99.3.3", &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "'10.99.3.3' already is in 'apimap-set'");
        assert_false(zw_ipset_add_entry(s, "bogus", &error));
        assert_error(error, ZW_ERROR_INVALID_ENTRY, NULL);
        d = zw_ipset_dup(s);
        assert_true(zw_ipset_equal(s, d));
        assert_true(zw_ipset_has_entry(d, "10.99.3.4"));
        assert_true(zw_ipset_remove_entry(s, "10.99.3.3", NULL));
        assert_false(zw_ipset_has_entry(s, "10.99.3.3"));
        assert_int_equal(s->entries->len, 1);
        assert_false(zw_ipset_equal(s, d));
        assert_false(zw_ipset_remove_entry(s, "10.99.3.3", &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED, "'10.99.3.3' not in 'apimap-set'");
        zw_ipset_clear_entries(d);
        assert_int_equal(d->entries->len, 0);
        assert_false(zw_ipset_has_entry(d, "10.99.3.4"));

        zw_ipset_set_option(t, "timeout", "60");
        assert_false(zw_ipset_add_entry(t, "10.0.0.1", &error));
        assert_error(error, ZW_ERROR_IPSET_WITH_TIMEOUT, "timed");
        assert_false(zw_ipset_remove_entry(t, "10.0.0.1", &error));
        assert_error(error, ZW_ERROR_IPSET_WITH_TIMEOUT, "timed");
        zw_ipset_free(NULL);
}

static void
test_check(void **state)
{
        g_autoptr(GError) error = NULL;
        ZwIpset *s;

        s = zw_ipset_new("ok", "hash:net");
        zw_ipset_set_option(s, "maxelem", "100");
        assert_true(zw_ipset_add_entry(s, "10.0.0.0/8", NULL));
        assert_true(zw_ipset_check(s, NULL));
        zw_ipset_free(s);

        s = zw_ipset_new("s", "hash:foo");
        assert_false(zw_ipset_check(s, &error));
        assert_error(error, ZW_ERROR_INVALID_TYPE, "'hash:foo' is not valid ipset type");
        zw_ipset_free(s);

        s = zw_ipset_new("s", "hash:ip");
        zw_ipset_set_option(s, "family", "inet7");
        assert_false(zw_ipset_check(s, &error));
        assert_error(error, ZW_ERROR_INVALID_FAMILY, NULL);
        zw_ipset_free(s);

        s = zw_ipset_new("s", "hash:ip");
        assert_true(zw_ipset_add_entry(s, "10.0.0.1", NULL));
        zw_ipset_set_option(s, "timeout", "5");
        assert_false(zw_ipset_check(s, &error));
        assert_error(error, ZW_ERROR_IPSET_WITH_TIMEOUT, NULL);
        zw_ipset_free(s);

        s = zw_ipset_new("abcdefghijklmnopqrstuvwxyz0123456", "hash:ip");
        assert_false(zw_ipset_check(s, &error));
        assert_error(error, ZW_ERROR_INVALID_NAME, NULL);
        zw_ipset_free(s);
}

static void
test_many_entries(void **state)
{
        g_autoptr(ZwIpset) s = zw_ipset_new("big", "hash:ip");

        /* the index keeps add/query constant-time for large sets */
        for (guint i = 0; i < 20000; i++) {
                g_autofree char *e = g_strdup_printf("10.%u.%u.%u", i >> 16, (i >> 8) & 255,
                                                     (i & 255) + 0);
                if (g_str_has_suffix(e, ".0.0.0"))
                        continue;
                assert_true(zw_ipset_add_entry(s, e, NULL));
        }
        assert_true(zw_ipset_has_entry(s, "10.0.78.31"));
        assert_int_equal(g_hash_table_size(s->entry_index), s->entries->len);
}

static void
test_normalize_overlap(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwIpset) s = zw_ipset_new("n", "hash:net");
        g_autoptr(ZwIpset) s6 = zw_ipset_new("n6", "hash:net");
        g_autoptr(ZwIpset) pairs = zw_ipset_new("p", "hash:net,net");
        g_autofree char *a = zw_ipset_normalize_entry("10.1.2.3/24");
        g_autofree char *b = zw_ipset_normalize_entry("10.1.2.3/255.255.0.0,fd99::1/64");
        g_autofree char *c = zw_ipset_normalize_entry("10.1.2.3");
        g_autofree char *d = zw_ipset_normalize_entry("10.1.2.3/255.0.255.0");

        assert_string_equal(a, "10.1.2.0/24");
        assert_string_equal(b, "10.1.0.0/16,fd99::/64");
        assert_string_equal(c, "10.1.2.3");
        assert_string_equal(d, "10.1.2.3/255.0.255.0");

        assert_true(zw_ipset_add_entry(s, "10.99.0.7/16", NULL));
        assert_string_equal(g_ptr_array_index(s->entries, 0), "10.99.0.0/16");
        assert_true(zw_ipset_has_entry(s, "10.99.1.1/16"));
        assert_false(zw_ipset_add_entry(s, "10.99.5.5/16", &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "'10.99.0.0/16' already is in 'n'");
        assert_false(zw_ipset_add_entry(s, "10.99.3.0/24", &error));
        assert_error(error, ZW_ERROR_INVALID_ENTRY,
                     "Entry '10.99.3.0/24' overlaps with existing entry '10.99.0.0/16'");
        assert_false(zw_ipset_add_entry(s, "10.98.0.0/15", &error));
        assert_error(error, ZW_ERROR_INVALID_ENTRY, NULL);
        assert_true(zw_ipset_add_entry(s, "10.100.0.0/16", NULL));
        assert_true(zw_ipset_remove_entry(s, "10.99.7.7/16", NULL));
        assert_true(zw_ipset_add_entry(s, "10.99.3.0/24", NULL));

        zw_ipset_set_option(s6, "family", "inet6");
        assert_true(zw_ipset_add_entry(s6, "fd99::/64", NULL));
        assert_true(zw_ipset_add_entry(s6, "fd98::/64", NULL));
        assert_false(zw_ipset_add_entry(s6, "fd99::1:0/112", &error));
        assert_error(error, ZW_ERROR_INVALID_ENTRY, NULL);

        /* multi-part entries are not compared */
        assert_true(zw_ipset_add_entry(pairs, "10.0.0.0/8,10.1.0.0/16", NULL));
        assert_true(zw_ipset_add_entry(pairs, "10.2.0.0/16,10.1.0.0/16", NULL));
}

static void
test_host_overlap(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwIpset) s = zw_ipset_new("h", "hash:ip");

        assert_true(zw_ipset_add_entry(s, "10.99.3.0/24", NULL));
        assert_false(zw_ipset_add_entry(s, "10.99.3.4", &error));
        assert_error(error, ZW_ERROR_INVALID_ENTRY,
                     "Entry '10.99.3.4' overlaps with existing entry '10.99.3.0/24'");
        assert_true(zw_ipset_add_entry(s, "10.99.4.4", NULL));
        assert_true(zw_ipset_add_entry(s, "10.99.4.0/30", NULL));
        assert_false(zw_ipset_add_entry(s, "10.99.4.0/29", &error));
        assert_error(error, ZW_ERROR_INVALID_ENTRY,
                     "Entry '10.99.4.0/29' overlaps with existing entry '10.99.4.4'");
        assert_true(zw_ipset_add_entry(s, "10.99.5.1-10.99.5.9", NULL));
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_types),
                cmocka_unit_test(test_options),
                cmocka_unit_test(test_entries_valid),
                cmocka_unit_test(test_entries_invalid),
                cmocka_unit_test(test_entry_messages),
                cmocka_unit_test(test_add_remove),
                cmocka_unit_test(test_check),
                cmocka_unit_test(test_many_entries),
                cmocka_unit_test(test_normalize_overlap),
                cmocka_unit_test(test_host_overlap),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
