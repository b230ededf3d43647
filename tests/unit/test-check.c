/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-check.c: validators give firewalld's codes and texts */
#include "config.h"

#include <netdb.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/check.h"
#include "core/error.h"
#include "core/port.h"

#include "zw-test.h"

static void
assert_port(const char *in, const char *normalized)
{
        g_autoptr(GError) error = NULL;
        g_autofree char *out = NULL;

        assert_true(zw_check_port(in, &out, &error));
        assert_null(error);
        assert_string_equal(out, normalized);
}

static void
test_port_valid(void **state)
{
        assert_port("80", "80");
        assert_port("0", "0");
        assert_port("65535", "65535");
        assert_port("5000-5010", "5000-5010");
        assert_port("90-80", "80-90");
        assert_port("80-80", "80");
        /* firewalld's getPortRange() quirk: an empty second half is ignored */
        assert_port("80-", "80");
        assert_true(zw_check_port("1", NULL, NULL));
        /* names from /etc/services, if the system has them */
        if (getservbyname("ssh", NULL) != NULL) {
                assert_port("ssh", "22");
                assert_port("ssh-80", "22-80");
        }
        if (getservbyname("http-alt", NULL) != NULL)
                assert_port("http-alt", "8080");
}

static void
test_port_invalid(void **state)
{
        g_autoptr(GError) error = NULL;

        assert_false(zw_check_port("70000", NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_PORT, "port number in '70000' is too big");
        assert_false(zw_check_port("99999", NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_PORT, "port number in '99999' is too big");
        assert_false(zw_check_port("x", NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_PORT, "'x' is invalid port range");
        assert_false(zw_check_port("", NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_PORT, "'' is invalid port range");
        assert_false(zw_check_port("1-70000", NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_PORT, "'1-70000' is invalid port range");
        assert_false(zw_check_port("-5", NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_PORT, "'-5' is invalid port range");
        assert_false(zw_check_port("1-2-3", NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_PORT, "'1-2-3' is invalid port range");
        assert_false(zw_check_port(NULL, NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_PORT, NULL);
}

static void
test_port_service_split(void **state)
{
        g_autoptr(GError) error = NULL;

        /* "a-b-c" is ambiguous only when "a-b"+"c" and "a"+"b-c" are all service names, which
         * Debian's /etc/services does not offer; check that a unique split is found */
        if (getservbyname("http-alt", NULL) == NULL || getservbyname("http", NULL) == NULL ||
            getservbyname("alt", NULL) != NULL) {
                skip();
        }
        /* "http-alt-http": "http-alt"+"http" only ("alt-http" is not a service): unique */
        assert_true(zw_check_port("http-alt-http", NULL, &error));
        assert_null(error);
}

static void
test_port_protocol(void **state)
{
        g_autoptr(GError) error = NULL;

        assert_true(zw_check_port_protocol("tcp", NULL));
        assert_true(zw_check_port_protocol("udp", NULL));
        assert_true(zw_check_port_protocol("sctp", NULL));
        assert_true(zw_check_port_protocol("dccp", NULL));
        assert_false(zw_check_port_protocol("foo", &error));
        assert_error(error, ZW_ERROR_INVALID_PROTOCOL, "'foo' not in {'tcp'|'udp'|'sctp'|'dccp'}");
        assert_false(zw_check_port_protocol("TCP", &error));
        assert_error(error, ZW_ERROR_INVALID_PROTOCOL, NULL);
        assert_false(zw_check_port_protocol("", &error));
        assert_error(error, ZW_ERROR_MISSING_PROTOCOL, NULL);
        assert_false(zw_check_port_protocol(NULL, &error));
        assert_error(error, ZW_ERROR_MISSING_PROTOCOL, NULL);
}

static void
test_protocol(void **state)
{
        g_autoptr(GError) error = NULL;

        assert_true(zw_check_protocol("0", NULL));
        assert_true(zw_check_protocol("47", NULL));
        assert_true(zw_check_protocol("255", NULL));
        if (getprotobyname("gre") != NULL)
                assert_true(zw_check_protocol("gre", NULL));
        if (getprotobyname("igmp") != NULL)
                assert_true(zw_check_protocol("igmp", NULL));
        assert_false(zw_check_protocol("256", &error));
        assert_error(error, ZW_ERROR_INVALID_PROTOCOL, "256");
        assert_false(zw_check_protocol("-1", &error));
        assert_error(error, ZW_ERROR_INVALID_PROTOCOL, "-1");
        assert_false(zw_check_protocol("nosuchproto", &error));
        assert_error(error, ZW_ERROR_INVALID_PROTOCOL, "nosuchproto");
        assert_false(zw_check_protocol("", &error));
        assert_error(error, ZW_ERROR_INVALID_PROTOCOL, "");
}

static void
test_address(void **state)
{
        g_autoptr(GError) error = NULL;
        ZwFamily f = ZW_FAMILY_ANY;

        assert_true(zw_check_address(ZW_FAMILY_ANY, "10.0.0.1", &f, NULL));
        assert_int_equal(f, ZW_FAMILY_IPV4);
        assert_true(zw_check_address(ZW_FAMILY_ANY, "10.0.0.0/8", &f, NULL));
        assert_true(zw_check_address(ZW_FAMILY_IPV4, "10.0.0.0/255.0.0.0", &f, NULL));
        assert_true(zw_check_address(ZW_FAMILY_IPV4, "0.0.0.0/0", NULL, NULL));
        assert_true(zw_check_address(ZW_FAMILY_ANY, "fd99::/64", &f, NULL));
        assert_int_equal(f, ZW_FAMILY_IPV6);
        assert_true(zw_check_address(ZW_FAMILY_IPV6, "::1", NULL, NULL));
        assert_true(zw_check_address(ZW_FAMILY_IPV6, "::/0", NULL, NULL));
        assert_true(zw_check_address(ZW_FAMILY_IPV6, "fe80::/128", NULL, NULL));

        assert_false(zw_check_address(ZW_FAMILY_ANY, "10.99.1.300", NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, "10.99.1.300");
        assert_false(zw_check_address(ZW_FAMILY_IPV4, "10.0.0.0/33", NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, "10.0.0.0/33");
        assert_false(zw_check_address(ZW_FAMILY_IPV4, "fd99::1", NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, NULL);
        assert_false(zw_check_address(ZW_FAMILY_IPV6, "10.0.0.1", NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, NULL);
        assert_false(zw_check_address(ZW_FAMILY_IPV6, "fd99::/129", NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, NULL);
        assert_false(zw_check_address(ZW_FAMILY_IPV6, "fd99::/", NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, NULL);
        assert_false(zw_check_address(ZW_FAMILY_ANY, "/24", NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, NULL);
        assert_false(zw_check_address(ZW_FAMILY_IPV4, "10.0.0.0/255.0.0.256", NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, NULL);
        assert_false(zw_check_address(ZW_FAMILY_ANY, "", NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, "");

        assert_true(zw_check_host_address(ZW_FAMILY_ANY, "10.99.0.2", &f, NULL));
        assert_int_equal(f, ZW_FAMILY_IPV4);
        assert_true(zw_check_host_address(ZW_FAMILY_ANY, "fd99::53", &f, NULL));
        assert_int_equal(f, ZW_FAMILY_IPV6);
        assert_false(zw_check_host_address(ZW_FAMILY_ANY, "10.0.0.0/8", NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, "10.0.0.0/8");
        assert_false(zw_check_host_address(ZW_FAMILY_IPV4, "fd99::53", NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, NULL);
}

static void
test_mac_interface_source(void **state)
{
        g_autoptr(GError) error = NULL;

        assert_true(zw_check_mac("00:11:22:33:44:55", NULL));
        assert_true(zw_check_mac("aa:BB:cc:DD:ee:FF", NULL));
        assert_false(zw_check_mac("00:11:22:33:44", &error));
        assert_error(error, ZW_ERROR_INVALID_MAC, "00:11:22:33:44");
        assert_false(zw_check_mac("00-11-22-33-44-55", &error));
        assert_error(error, ZW_ERROR_INVALID_MAC, NULL);
        assert_false(zw_check_mac("0g:11:22:33:44:55", &error));
        assert_error(error, ZW_ERROR_INVALID_MAC, NULL);

        assert_true(zw_check_interface("eth0", NULL));
        assert_true(zw_check_interface("eth+", NULL));
        assert_true(zw_check_interface("abcdefghijklmnop", NULL));
        assert_false(zw_check_interface("abcdefghijklmnopq", &error));
        assert_error(error, ZW_ERROR_INVALID_INTERFACE, "abcdefghijklmnopq");
        assert_false(zw_check_interface("", &error));
        assert_error(error, ZW_ERROR_INVALID_INTERFACE, "");
        assert_false(zw_check_interface("eth 0", &error));
        assert_error(error, ZW_ERROR_INVALID_INTERFACE, NULL);
        assert_false(zw_check_interface("a/b", &error));
        assert_error(error, ZW_ERROR_INVALID_INTERFACE, NULL);
        assert_false(zw_check_interface("!eth0", &error));
        assert_error(error, ZW_ERROR_INVALID_INTERFACE, NULL);
        assert_false(zw_check_interface("eth*", &error));
        assert_error(error, ZW_ERROR_INVALID_INTERFACE, NULL);

        assert_true(zw_check_source("10.99.5.0/24", NULL));
        assert_true(zw_check_source("fd99:1::/64", NULL));
        assert_true(zw_check_source("00:11:22:33:44:66", NULL));
        assert_true(zw_check_source("ipset:apimap-set", NULL));
        assert_false(zw_check_source("ipset:", &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, "ipset:");
        assert_false(zw_check_source("10.99.1.300", &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, "10.99.1.300");
}

static void
test_forward_port(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autofree char *port = NULL;
        g_autofree char *to_port = NULL;

        assert_true(zw_check_forward_port("90-80", "tcp", "", "10.99.0.2", &port, &to_port,
                                          NULL));
        assert_string_equal(port, "80-90");
        assert_string_equal(to_port, "");
        assert_true(zw_check_forward_port("2222", "tcp", "22", NULL, NULL, NULL, NULL));
        assert_true(zw_check_forward_port("5353", "udp", "53", "fd99::53", NULL, NULL, NULL));
        assert_false(zw_check_forward_port("2222", "tcp", "", "", NULL, NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_FORWARD, NULL);
        assert_false(zw_check_forward_port("2222", "tcp", NULL, NULL, NULL, NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_FORWARD, NULL);
        assert_false(zw_check_forward_port("70000", "tcp", "22", NULL, NULL, NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_PORT, "port number in '70000' is too big");
        assert_false(zw_check_forward_port("22", "icmp", "22", NULL, NULL, NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_PROTOCOL, NULL);
        assert_false(zw_check_forward_port("22", "tcp", "x", NULL, NULL, NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_PORT, "'x' is invalid port range");
        assert_false(zw_check_forward_port("22", "tcp", "", "10.0.0.0/8", NULL, NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, "to-addr '10.0.0.0/8' is not a valid address");
}

static void
test_port_lists(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) ports = g_ptr_array_new_with_free_func((GDestroyNotify)zw_port_free);
        g_autoptr(GPtrArray) fwd =
                g_ptr_array_new_with_free_func((GDestroyNotify)zw_forward_port_free);

        g_ptr_array_add(ports, zw_port_new("80", "tcp"));
        g_ptr_array_add(fwd, zw_forward_port_new("80", "tcp", "8080", ""));
        assert_true(zw_check_ports(ports, NULL));
        assert_true(zw_check_forward_ports(fwd, NULL));
        g_ptr_array_add(ports, zw_port_new("80", "foo"));
        g_ptr_array_add(fwd, zw_forward_port_new("80", "tcp", "", ""));
        assert_false(zw_check_ports(ports, &error));
        assert_error(error, ZW_ERROR_INVALID_PROTOCOL, NULL);
        assert_false(zw_check_forward_ports(fwd, &error));
        assert_error(error, ZW_ERROR_INVALID_FORWARD, NULL);
}

static void
test_names(void **state)
{
        g_autoptr(GError) error = NULL;

        assert_true(zw_check_name(ZW_KIND_ZONE, "public", NULL));
        assert_true(zw_check_name(ZW_KIND_ZONE, "my_zone-1", NULL));
        assert_true(zw_check_name(ZW_KIND_ZONE, "bad/name", NULL));
        assert_true(zw_check_name(ZW_KIND_ZONE, "abcdefghijklmnopq", NULL));
        assert_true(zw_check_name(ZW_KIND_ZONE, "abcdefghijklmnopq/rstuvwxyz0123", NULL));
        assert_true(zw_check_name(ZW_KIND_POLICY, "abcdefghijklmnopqr", NULL));
        assert_true(zw_check_name(ZW_KIND_HELPER, "Q.931", NULL));
        assert_true(zw_check_name(ZW_KIND_IPSET, "a:b.c_d-e", NULL));
        assert_true(zw_check_name(ZW_KIND_SERVICE, "leofs-manager-master", NULL));

        assert_false(zw_check_name(ZW_KIND_ZONE, "bad.name", &error));
        assert_error(error, ZW_ERROR_INVALID_NAME, "'.' is not allowed in 'bad.name'");
        assert_false(zw_check_name(ZW_KIND_ZONE, "abcdefghijklmnopqrstu", &error));
        assert_error(error, ZW_ERROR_INVALID_NAME,
                     "Zone 'abcdefghijklmnopqrstu': name has 21 chars, max is 17");
        assert_false(zw_check_name(ZW_KIND_POLICY, "abcdefghijklmnopqrs", &error));
        assert_error(error, ZW_ERROR_INVALID_NAME,
                     "Policy 'abcdefghijklmnopqrs': name has 19 chars, max is 18");
        assert_false(zw_check_name(ZW_KIND_ZONE, "/abc", &error));
        assert_error(error, ZW_ERROR_INVALID_NAME, "'/abc' can't start with '/'");
        assert_false(zw_check_name(ZW_KIND_ZONE, "abc/", &error));
        assert_error(error, ZW_ERROR_INVALID_NAME, "'abc/' can't end with '/'");
        assert_false(zw_check_name(ZW_KIND_ZONE, "a/b/c", &error));
        assert_error(error, ZW_ERROR_INVALID_NAME, "more than one '/' in 'a/b/c'");
        assert_false(zw_check_name(ZW_KIND_SERVICE, "a/b", &error));
        assert_error(error, ZW_ERROR_INVALID_NAME, "'/' is not allowed in 'a/b'");
        assert_false(zw_check_name(ZW_KIND_SERVICE, "a.b", &error));
        assert_error(error, ZW_ERROR_INVALID_NAME, "'.' is not allowed in 'a.b'");
        assert_false(zw_check_name(ZW_KIND_ICMPTYPE, "a b", &error));
        assert_error(error, ZW_ERROR_INVALID_NAME, "' ' is not allowed in 'a b'");
        assert_false(zw_check_name(ZW_KIND_HELPER, "a_b", &error));
        assert_error(error, ZW_ERROR_INVALID_NAME, "'_' is not allowed in 'a_b'");
        assert_false(zw_check_name(ZW_KIND_IPSET, "abcdefghijklmnopqrstuvwxyz0123456", &error));
        assert_error(error, ZW_ERROR_INVALID_NAME, NULL);
        assert_false(zw_check_name(ZW_KIND_ZONE, "", &error));
        assert_error(error, ZW_ERROR_INVALID_NAME, "name can't be empty");
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_port_valid),
                cmocka_unit_test(test_port_invalid),
                cmocka_unit_test(test_port_service_split),
                cmocka_unit_test(test_port_protocol),
                cmocka_unit_test(test_protocol),
                cmocka_unit_test(test_address),
                cmocka_unit_test(test_mac_interface_source),
                cmocka_unit_test(test_forward_port),
                cmocka_unit_test(test_port_lists),
                cmocka_unit_test(test_names),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
