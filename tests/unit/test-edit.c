/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-edit.c: add/remove/query with runtime and permanent semantics */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/edit.h"
#include "core/error.h"

#include "zw-test.h"

#define RT ZW_EDIT_RUNTIME
#define PERM ZW_EDIT_PERMANENT

static gboolean
add(ZwTree *t, const char *zone, ZwItemType type, const char *v, const char *proto,
    ZwEditMode mode, GError **error)
{
        ZwItem item = { .type = type, .value = v, .protocol = proto };

        return zw_edit_add(t, ZW_KIND_ZONE, zone, &item, mode, error);
}

static gboolean
rm(ZwTree *t, const char *zone, ZwItemType type, const char *v, const char *proto,
   ZwEditMode mode, GError **error)
{
        ZwItem item = { .type = type, .value = v, .protocol = proto };

        return zw_edit_remove(t, ZW_KIND_ZONE, zone, &item, mode, error);
}

static gboolean
query(ZwTree *t, const char *zone, ZwItemType type, const char *v, const char *proto)
{
        ZwItem item = { .type = type, .value = v, .protocol = proto };
        gboolean present = FALSE;

        assert_true(zw_edit_query(t, ZW_KIND_ZONE, zone, &item, &present, NULL));
        return present;
}

/* "80:tcp 90-95:tcp" */
static char *
ports_str(const ZwTree *t, const char *zone)
{
        const ZwZone *z = zw_tree_get_zone(t, zone);
        GString *s = g_string_new(NULL);

        for (guint i = 0; i < z->ports->len; i++) {
                const ZwPort *p = g_ptr_array_index(z->ports, i);
                g_string_append_printf(s, "%s%s:%s", i > 0 ? " " : "", p->port, p->protocol);
        }
        return g_string_free(s, FALSE);
}

#define assert_ports(t, zone, expected)                                                              do {                                                                                                 g_autofree char *_s = ports_str((t), (zone));                                                assert_string_equal(_s, (expected));                                                 } while (0)

static void
test_service(void **state)
{
        g_autoptr(ZwTree) t = zw_test_core_tree();
        g_autoptr(GError) error = NULL;

        assert_true(add(t, "public", ZW_ITEM_SERVICE, "http", NULL, RT, NULL));
        assert_false(add(t, "public", ZW_ITEM_SERVICE, "http", NULL, RT, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "'http' already in 'public'");
        assert_false(add(t, "public", ZW_ITEM_SERVICE, "http", NULL, PERM, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "http");
        assert_false(add(t, "public", ZW_ITEM_SERVICE, "nosuchservice", NULL, RT, &error));
        assert_error(error, ZW_ERROR_INVALID_SERVICE, "nosuchservice");
        assert_false(add(t, "tz1", ZW_ITEM_SERVICE, "http", NULL, RT, &error));
        assert_error(error, ZW_ERROR_INVALID_ZONE, "tz1");
        assert_false(add(t, "work", ZW_ITEM_SERVICE, "nosuchsvc", NULL, PERM, &error));
        assert_error(error, ZW_ERROR_INVALID_SERVICE,
                     "Zone 'work': 'nosuchsvc' not among existing services");
        assert_true(query(t, "public", ZW_ITEM_SERVICE, "http", NULL));
        assert_true(rm(t, "public", ZW_ITEM_SERVICE, "http", NULL, RT, NULL));
        assert_false(query(t, "public", ZW_ITEM_SERVICE, "http", NULL));
        assert_false(rm(t, "public", ZW_ITEM_SERVICE, "http", NULL, RT, &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED, "'http' not in 'public'");
        assert_false(rm(t, "public", ZW_ITEM_SERVICE, "http", NULL, PERM, &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED, "http");
        /* permanent remove of a vanished service is just "not enabled" */
        assert_false(rm(t, "public", ZW_ITEM_SERVICE, "gone", NULL, PERM, &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED, "gone");
}

static void
test_query_modes(void **state)
{
        g_autoptr(ZwTree) t = zw_test_core_tree();
        g_autoptr(GError) error = NULL;
        ZwItem item = { .type = ZW_ITEM_SERVICE, .value = "nosuch" };
        ZwItem bad_port = { .type = ZW_ITEM_PORT, .value = "99999", .protocol = "tcp" };
        gboolean present = TRUE;

        assert_true(zw_edit_query(t, ZW_KIND_ZONE, "public", &item, &present, NULL));
        assert_false(present);
        assert_false(zw_edit_query_mode(t, ZW_KIND_ZONE, "public", &item, RT, &present,
                                        &error));
        assert_error(error, ZW_ERROR_INVALID_SERVICE, "nosuch");
        assert_false(zw_edit_query(t, ZW_KIND_ZONE, "public", &bad_port, &present, &error));
        assert_error(error, ZW_ERROR_INVALID_PORT, NULL);
        assert_false(zw_edit_query(t, ZW_KIND_ZONE, "nosuch", &item, &present, &error));
        assert_error(error, ZW_ERROR_INVALID_ZONE, "nosuch");
}

static void
test_port_runtime(void **state)
{
        g_autoptr(ZwTree) t = zw_test_core_tree();
        g_autoptr(GError) error = NULL;

        assert_true(add(t, "apimap", ZW_ITEM_PORT, "5000-5010", "udp", RT, NULL));
        assert_false(add(t, "apimap", ZW_ITEM_PORT, "5003", "udp", RT, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "'5003:udp' already in 'apimap'");
        assert_true(add(t, "apimap", ZW_ITEM_PORT, "5003", "tcp", RT, NULL));
        /* runtime keeps overlapping ranges as added */
        assert_true(add(t, "apimap", ZW_ITEM_PORT, "5008-5020", "udp", RT, NULL));
        assert_ports(t, "apimap", "5000-5010:udp 5003:tcp 5008-5020:udp");
        assert_true(query(t, "apimap", ZW_ITEM_PORT, "5005", "udp"));
        assert_true(query(t, "apimap", ZW_ITEM_PORT, "5001-5004", "udp"));
        assert_false(query(t, "apimap", ZW_ITEM_PORT, "5021", "udp"));
        /* removing a port inside a range splits it */
        assert_true(rm(t, "apimap", ZW_ITEM_PORT, "5003", "udp", RT, NULL));
        assert_ports(t, "apimap", "5003:tcp 5008-5020:udp 5000-5002:udp 5004-5010:udp");
        assert_false(query(t, "apimap", ZW_ITEM_PORT, "5003", "udp"));
        assert_false(rm(t, "apimap", ZW_ITEM_PORT, "5003", "udp", RT, &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED, "'5003:udp' not in 'apimap'");
        assert_true(rm(t, "apimap", ZW_ITEM_PORT, "5003", "tcp", RT, NULL));
        assert_true(rm(t, "apimap", ZW_ITEM_PORT, "5000", "udp", RT, NULL));
        assert_true(rm(t, "apimap", ZW_ITEM_PORT, "5002", "udp", RT, NULL));
        assert_ports(t, "apimap", "5008-5020:udp 5004-5010:udp 5001:udp");
}

static void
test_port_permanent(void **state)
{
        g_autoptr(ZwTree) t = zw_test_core_tree();
        g_autoptr(GError) error = NULL;

        assert_true(add(t, "work", ZW_ITEM_PORT, "80", "tcp", PERM, NULL));
        /* adjacent ranges stay separate */
        assert_true(add(t, "work", ZW_ITEM_PORT, "81-85", "tcp", PERM, NULL));
        assert_ports(t, "work", "80:tcp 81-85:tcp");
        assert_false(add(t, "work", ZW_ITEM_PORT, "83", "tcp", PERM, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "83:tcp");
        /* overlapping ranges are coalesced and the result appended */
        assert_true(add(t, "work", ZW_ITEM_PORT, "84-90", "tcp", PERM, NULL));
        assert_ports(t, "work", "80:tcp 81-90:tcp");
        assert_true(add(t, "work", ZW_ITEM_PORT, "70-80", "tcp", PERM, NULL));
        assert_ports(t, "work", "81-90:tcp 70-80:tcp");
        assert_true(add(t, "work", ZW_ITEM_PORT, "75-95", "udp", PERM, NULL));
        assert_true(add(t, "work", ZW_ITEM_PORT, "60-100", "tcp", PERM, NULL));
        assert_ports(t, "work", "75-95:udp 60-100:tcp");
        assert_true(add(t, "work", ZW_ITEM_PORT, "95-90", "sctp", PERM, NULL));
        assert_ports(t, "work", "75-95:udp 60-100:tcp 90-95:sctp");
        /* permanent remove splits as well */
        assert_true(rm(t, "work", ZW_ITEM_PORT, "70-79", "tcp", PERM, NULL));
        assert_ports(t, "work", "75-95:udp 90-95:sctp 60-69:tcp 80-100:tcp");
        assert_false(rm(t, "work", ZW_ITEM_PORT, "75", "tcp", PERM, &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED, "75:tcp");
        assert_true(rm(t, "work", ZW_ITEM_PORT, "100", "tcp", PERM, NULL));
        assert_ports(t, "work", "75-95:udp 90-95:sctp 60-69:tcp 80-99:tcp");
        assert_true(rm(t, "work", ZW_ITEM_PORT, "90-95", "sctp", PERM, NULL));
        assert_ports(t, "work", "75-95:udp 60-69:tcp 80-99:tcp");
}

static void
test_port_validation(void **state)
{
        g_autoptr(ZwTree) t = zw_test_core_tree();
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwZone) before = zw_zone_dup(zw_tree_get_zone(t, "public"));

        assert_false(add(t, "public", ZW_ITEM_PORT, "99999", "tcp", RT, &error));
        assert_error(error, ZW_ERROR_INVALID_PORT, "port number in '99999' is too big");
        assert_false(add(t, "public", ZW_ITEM_PORT, "80", "foo", RT, &error));
        assert_error(error, ZW_ERROR_INVALID_PROTOCOL, "'foo' not in {'tcp'|'udp'|'sctp'|'dccp'}");
        assert_false(add(t, "public", ZW_ITEM_PORT, "80", "", RT, &error));
        assert_error(error, ZW_ERROR_MISSING_PROTOCOL, NULL);
        assert_false(add(t, "public", ZW_ITEM_SOURCE_PORT, "x", "udp", PERM, &error));
        assert_error(error, ZW_ERROR_INVALID_PORT, "'x' is invalid port range");
        assert_false(add(t, "public", ZW_ITEM_PROTOCOL, "nosuchproto", NULL, RT, &error));
        assert_error(error, ZW_ERROR_INVALID_PROTOCOL, "nosuchproto");
        /* the tree is unchanged after errors */
        assert_true(zw_zone_equal(before, zw_tree_get_zone(t, "public")));
}

static void
test_source_port_protocol(void **state)
{
        g_autoptr(ZwTree) t = zw_test_core_tree();
        g_autoptr(GError) error = NULL;

        assert_true(add(t, "public", ZW_ITEM_SOURCE_PORT, "68", "udp", RT, NULL));
        assert_false(add(t, "public", ZW_ITEM_SOURCE_PORT, "68", "udp", RT, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "'68:udp' already in 'public'");
        assert_true(query(t, "public", ZW_ITEM_SOURCE_PORT, "68", "udp"));
        assert_true(rm(t, "public", ZW_ITEM_SOURCE_PORT, "68", "udp", RT, NULL));

        assert_true(add(t, "public", ZW_ITEM_PROTOCOL, "47", NULL, PERM, NULL));
        assert_false(add(t, "public", ZW_ITEM_PROTOCOL, "47", NULL, PERM, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "47");
        assert_true(query(t, "public", ZW_ITEM_PROTOCOL, "47", NULL));
        assert_true(rm(t, "public", ZW_ITEM_PROTOCOL, "47", NULL, PERM, NULL));
        assert_false(rm(t, "public", ZW_ITEM_PROTOCOL, "47", NULL, RT, &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED, "'47' not in 'public'");
}

static void
test_icmp_block(void **state)
{
        g_autoptr(ZwTree) t = zw_test_core_tree();
        g_autoptr(GError) error = NULL;

        assert_false(add(t, "public", ZW_ITEM_ICMP_BLOCK, "nosuchicmp", NULL, RT, &error));
        assert_error(error, ZW_ERROR_INVALID_ICMPTYPE, "nosuchicmp");
        assert_false(add(t, "public", ZW_ITEM_ICMP_BLOCK, "nosuchicmp", NULL, PERM, &error));
        assert_error(error, ZW_ERROR_INVALID_ICMPTYPE,
                     "Zone 'public': 'nosuchicmp' not among existing icmp types");
        assert_true(add(t, "public", ZW_ITEM_ICMP_BLOCK, "echo-request", NULL, RT, NULL));
        assert_false(add(t, "public", ZW_ITEM_ICMP_BLOCK, "echo-request", NULL, RT, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "'echo-request' already in 'public'");
        assert_true(rm(t, "public", ZW_ITEM_ICMP_BLOCK, "echo-request", NULL, RT, NULL));
}

static void
test_flags(void **state)
{
        g_autoptr(ZwTree) t = zw_test_core_tree();
        g_autoptr(GError) error = NULL;

        assert_false(rm(t, "public", ZW_ITEM_MASQUERADE, NULL, NULL, RT, &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED, "masquerade not enabled in 'public'");
        assert_true(add(t, "public", ZW_ITEM_MASQUERADE, NULL, NULL, RT, NULL));
        assert_false(add(t, "public", ZW_ITEM_MASQUERADE, NULL, NULL, RT, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "masquerade already enabled in 'public'");
        assert_false(add(t, "public", ZW_ITEM_MASQUERADE, NULL, NULL, PERM, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "masquerade");
        assert_true(query(t, "public", ZW_ITEM_MASQUERADE, NULL, NULL));
        assert_true(rm(t, "public", ZW_ITEM_MASQUERADE, NULL, NULL, PERM, NULL));
        assert_false(rm(t, "public", ZW_ITEM_MASQUERADE, NULL, NULL, PERM, &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED, "masquerade");

        assert_true(add(t, "public", ZW_ITEM_ICMP_BLOCK_INVERSION, NULL, NULL, RT, NULL));
        assert_false(add(t, "public", ZW_ITEM_ICMP_BLOCK_INVERSION, NULL, NULL, PERM, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "icmp-block-inversion");
        assert_false(add(t, "public", ZW_ITEM_ICMP_BLOCK_INVERSION, NULL, NULL, RT, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED,
                     "icmp-block-inversion already enabled in 'public'");
        assert_true(rm(t, "public", ZW_ITEM_ICMP_BLOCK_INVERSION, NULL, NULL, RT, NULL));
        assert_false(rm(t, "public", ZW_ITEM_ICMP_BLOCK_INVERSION, NULL, NULL, PERM, &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED, "icmp-block-inversion");

        assert_true(query(t, "public", ZW_ITEM_FORWARD, NULL, NULL));
        assert_false(add(t, "public", ZW_ITEM_FORWARD, NULL, NULL, RT, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "forward already enabled in 'public'");
        assert_true(rm(t, "public", ZW_ITEM_FORWARD, NULL, NULL, PERM, NULL));
        assert_false(query(t, "public", ZW_ITEM_FORWARD, NULL, NULL));
}

static void
test_forward_port(void **state)
{
        g_autoptr(ZwTree) t = zw_test_core_tree();
        g_autoptr(GError) error = NULL;
        ZwItem fp = { .type = ZW_ITEM_FORWARD_PORT, .value = "2222", .protocol = "tcp",
                      .to_port = "22", .to_addr = "10.99.0.2" };
        ZwItem local = { .type = ZW_ITEM_FORWARD_PORT, .value = "8081", .protocol = "tcp",
                         .to_port = "80" };
        ZwItem none = { .type = ZW_ITEM_FORWARD_PORT, .value = "8081", .protocol = "tcp" };
        ZwItem badaddr = { .type = ZW_ITEM_FORWARD_PORT, .value = "1", .protocol = "tcp",
                           .to_addr = "10.99.1.300" };
        gboolean present = FALSE;
        const ZwForwardPort *stored;

        assert_true(zw_edit_add(t, ZW_KIND_ZONE, "public", &fp, RT, NULL));
        assert_false(zw_edit_add(t, ZW_KIND_ZONE, "public", &fp, RT, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "'2222:tcp:22:10.99.0.2' already in 'public'");
        assert_false(zw_edit_add(t, ZW_KIND_ZONE, "public", &fp, PERM, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "2222:tcp:22:10.99.0.2");
        assert_true(zw_edit_add(t, ZW_KIND_ZONE, "public", &local, PERM, NULL));
        stored = g_ptr_array_index(zw_tree_get_zone(t, "public")->forward_ports, 1);
        assert_string_equal(stored->to_addr, "");
        assert_false(zw_edit_add(t, ZW_KIND_ZONE, "public", &none, RT, &error));
        assert_error(error, ZW_ERROR_INVALID_FORWARD, NULL);
        assert_false(zw_edit_add(t, ZW_KIND_ZONE, "public", &badaddr, RT, &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, NULL);
        assert_true(zw_edit_query(t, ZW_KIND_ZONE, "public", &local, &present, NULL));
        assert_true(present);
        assert_true(zw_edit_remove(t, ZW_KIND_ZONE, "public", &local, RT, NULL));
        assert_false(zw_edit_remove(t, ZW_KIND_ZONE, "public", &local, RT, &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED, "'8081:tcp:80:' not in 'public'");
}

static void
test_rich_rule(void **state)
{
        g_autoptr(ZwTree) t = zw_test_core_tree();
        g_autoptr(GError) error = NULL;
        const char *canonical = "rule family=\"ipv4\" source address=\"10.99.9.9\" accept";
        const ZwZone *z = zw_tree_get_zone(t, "public");
        g_autofree char *stored = NULL;

        assert_true(add(t, "public", ZW_ITEM_RICH_RULE,
                        "rule family=ipv4 source address=10.99.9.9 accept", NULL, RT, NULL));
        stored = zw_rich_rule_to_string(g_ptr_array_index(z->rules, 0));
        assert_string_equal(stored, canonical);
        assert_true(query(t, "public", ZW_ITEM_RICH_RULE, canonical, NULL));
        assert_false(add(t, "public", ZW_ITEM_RICH_RULE, canonical, NULL, RT, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED,
                     "'rule family=\"ipv4\" source address=\"10.99.9.9\" accept' already in "
                     "'public'");
        assert_false(add(t, "public", ZW_ITEM_RICH_RULE, canonical, NULL, PERM, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, canonical);
        assert_false(add(t, "public", ZW_ITEM_RICH_RULE, "rule servicex name=ssh accept", NULL,
                         RT, &error));
        assert_error(error, ZW_ERROR_INVALID_RULE, "unknown element servicex");
        assert_false(add(t, "public", ZW_ITEM_RICH_RULE, "rule service name=nosuch accept",
                         NULL, RT, &error));
        assert_error(error, ZW_ERROR_INVALID_SERVICE, "nosuch");
        assert_false(add(t, "public", ZW_ITEM_RICH_RULE, "rule source ipset=nosuch drop", NULL,
                         RT, &error));
        assert_error(error, ZW_ERROR_INVALID_IPSET, "nosuch");
        assert_true(rm(t, "public", ZW_ITEM_RICH_RULE,
                       "rule family=\"ipv4\"   source address=10.99.9.9 accept", NULL, RT, NULL));
        assert_false(rm(t, "public", ZW_ITEM_RICH_RULE, canonical, NULL, RT, &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED,
                     "'rule family=\"ipv4\" source address=\"10.99.9.9\" accept' not in "
                     "'public'");
        assert_int_equal(z->rules->len, 0);
}

static void
test_interfaces_runtime(void **state)
{
        g_autoptr(ZwTree) t = zw_test_core_tree();
        g_autoptr(GError) error = NULL;

        assert_true(add(t, "public", ZW_ITEM_INTERFACE, "dummy0", NULL, RT, NULL));
        assert_string_equal(zw_tree_zone_of_interface(t, "dummy0"), "public");
        assert_null(zw_tree_zone_of_interface(t, "dummy9"));
        assert_false(add(t, "public", ZW_ITEM_INTERFACE, "dummy0", NULL, RT, &error));
        assert_error(error, ZW_ERROR_ZONE_ALREADY_SET, "'dummy0' already bound to 'public'");
        assert_true(add(t, "internal", ZW_ITEM_INTERFACE, "dummy1", NULL, RT, NULL));
        assert_false(add(t, "public", ZW_ITEM_INTERFACE, "dummy1", NULL, RT, &error));
        assert_error(error, ZW_ERROR_ZONE_CONFLICT, "'dummy1' already bound to 'internal'");
        assert_false(add(t, "public", ZW_ITEM_INTERFACE, "bad/if", NULL, RT, &error));
        assert_error(error, ZW_ERROR_INVALID_INTERFACE, "bad/if");
        assert_false(rm(t, "public", ZW_ITEM_INTERFACE, "nonex", NULL, RT, &error));
        assert_error(error, ZW_ERROR_UNKNOWN_INTERFACE, "'nonex' is not in any zone");
        assert_false(rm(t, "public", ZW_ITEM_INTERFACE, "dummy1", NULL, RT, &error));
        assert_error(error, ZW_ERROR_ZONE_CONFLICT, NULL);
        assert_true(query(t, "internal", ZW_ITEM_INTERFACE, "dummy1", NULL));
        assert_false(query(t, "public", ZW_ITEM_INTERFACE, "dummy1", NULL));
        assert_true(rm(t, "internal", ZW_ITEM_INTERFACE, "dummy1", NULL, RT, NULL));
        assert_null(zw_tree_zone_of_interface(t, "dummy1"));
}

static void
test_sources(void **state)
{
        g_autoptr(ZwTree) t = zw_test_core_tree();
        g_autoptr(GError) error = NULL;

        assert_true(add(t, "apimap", ZW_ITEM_SOURCE, "10.99.5.0/24", NULL, RT, NULL));
        assert_string_equal(zw_tree_zone_of_source(t, "10.99.5.0/24"), "apimap");
        assert_false(add(t, "apimap", ZW_ITEM_SOURCE, "10.99.5.0/24", NULL, RT, &error));
        assert_error(error, ZW_ERROR_ZONE_ALREADY_SET, "'10.99.5.0/24' already bound to 'apimap'");
        assert_false(add(t, "work", ZW_ITEM_SOURCE, "10.99.5.0/24", NULL, RT, &error));
        assert_error(error, ZW_ERROR_ZONE_CONFLICT, "'10.99.5.0/24' already bound to a zone");
        assert_false(add(t, "work", ZW_ITEM_SOURCE, "10.99.1.300", NULL, RT, &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR, "10.99.1.300");
        assert_true(add(t, "work", ZW_ITEM_SOURCE, "ipset:apimap-set", NULL, RT, NULL));
        assert_true(add(t, "work", ZW_ITEM_SOURCE, "00:11:22:33:44:66", NULL, RT, NULL));
        assert_true(add(t, "work", ZW_ITEM_SOURCE, "fd99:1::/64", NULL, RT, NULL));
        assert_false(add(t, "work", ZW_ITEM_SOURCE, "ipset:nosuch", NULL, RT, &error));
        assert_error(error, ZW_ERROR_INVALID_IPSET, "nosuch");
        assert_false(add(t, "work", ZW_ITEM_SOURCE, "ipset:netnet", NULL, RT, &error));
        assert_error(error, ZW_ERROR_INVALID_IPSET, NULL);
        assert_false(rm(t, "work", ZW_ITEM_SOURCE, "10.99.6.0/24", NULL, RT, &error));
        assert_error(error, ZW_ERROR_UNKNOWN_SOURCE, "'10.99.6.0/24' is not in any zone");
        assert_false(rm(t, "work", ZW_ITEM_SOURCE, "10.99.5.0/24", NULL, RT, &error));
        assert_error(error, ZW_ERROR_ZONE_CONFLICT, NULL);
        assert_true(rm(t, "apimap", ZW_ITEM_SOURCE, "10.99.5.0/24", NULL, RT, NULL));
        assert_null(zw_tree_zone_of_source(t, "10.99.5.0/24"));
}

static void
test_bindings_permanent(void **state)
{
        g_autoptr(ZwTree) t = zw_test_core_tree();
        g_autoptr(GError) error = NULL;

        assert_true(add(t, "public", ZW_ITEM_INTERFACE, "eth0", NULL, PERM, NULL));
        assert_false(add(t, "public", ZW_ITEM_INTERFACE, "eth0", NULL, PERM, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "eth0");
        assert_false(add(t, "work", ZW_ITEM_INTERFACE, "eth0", NULL, PERM, &error));
        assert_error(error, ZW_ERROR_INVALID_INTERFACE,
                     "interface 'eth0' already bound to zone 'public'");
        assert_false(rm(t, "work", ZW_ITEM_INTERFACE, "eth0", NULL, PERM, &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED, "eth0");
        assert_true(add(t, "public", ZW_ITEM_SOURCE, "10.0.0.0/8", NULL, PERM, NULL));
        assert_false(add(t, "work", ZW_ITEM_SOURCE, "10.0.0.0/8", NULL, PERM, &error));
        assert_error(error, ZW_ERROR_INVALID_ADDR,
                     "source '10.0.0.0/8' already bound to zone 'public'");
        assert_false(add(t, "public", ZW_ITEM_SOURCE, "10.0.0.0/8", NULL, PERM, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "10.0.0.0/8");
        assert_true(rm(t, "public", ZW_ITEM_SOURCE, "10.0.0.0/8", NULL, PERM, NULL));
}

static gboolean
padd(ZwTree *t, ZwItemType type, const char *v, GError **error)
{
        ZwItem item = { .type = type, .value = v, .protocol = "tcp", .to_port = "22" };

        return zw_edit_add(t, ZW_KIND_POLICY, "pol", &item, PERM, error);
}

static void
test_policy(void **state)
{
        g_autoptr(ZwTree) t = zw_test_core_tree();
        g_autoptr(GError) error = NULL;
        ZwPolicy *p = zw_policy_new("pol");
        g_autoptr(ZwPolicy) before = NULL;
        ZwItem fwd = { .type = ZW_ITEM_FORWARD_PORT, .value = "2222", .protocol = "tcp",
                       .to_port = "22", .to_addr = "10.0.0.1" };
        ZwItem iface = { .type = ZW_ITEM_INTERFACE, .value = "eth0" };

        zw_tree_insert(t, p);
        assert_true(padd(t, ZW_ITEM_INGRESS_ZONE, "internal", NULL));
        assert_true(padd(t, ZW_ITEM_INGRESS_ZONE, "work", NULL));
        assert_false(padd(t, ZW_ITEM_INGRESS_ZONE, "nosuchzone", &error));
        assert_error(error, ZW_ERROR_INVALID_ZONE, "'nosuchzone' not among existing zones");
        assert_false(padd(t, ZW_ITEM_INGRESS_ZONE, "ANY", &error));
        assert_error(error, ZW_ERROR_INVALID_ZONE,
                     "'ingress_zones' may only contain one of: many regular zones, ANY, or HOST");
        assert_true(padd(t, ZW_ITEM_EGRESS_ZONE, "HOST", NULL));
        before = zw_policy_dup(p);
        assert_false(padd(t, ZW_ITEM_MASQUERADE, NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_ZONE, "'masquerade' is invalid for egress zone 'HOST'");
        assert_false(zw_edit_add(t, ZW_KIND_POLICY, "pol", &fwd, PERM, &error));
        assert_error(error, ZW_ERROR_INVALID_FORWARD,
                     "A 'forward-port' with 'to-addr' is invalid for egress zone 'HOST'");
        assert_true(zw_policy_equal(before, p));
        assert_true(padd(t, ZW_ITEM_SERVICE, "ssh", NULL));
        assert_false(padd(t, ZW_ITEM_SERVICE, "nosuch", &error));
        assert_error(error, ZW_ERROR_INVALID_SERVICE,
                     "Policy 'pol': 'nosuch' not among existing services");
        assert_false(zw_edit_add(t, ZW_KIND_POLICY, "pol", &iface, PERM, &error));
        assert_error(error, ZW_ERROR_INVALID_SETTING, NULL);
        assert_false(padd(t, ZW_ITEM_ICMP_BLOCK_INVERSION, NULL, &error));
        assert_error(error, ZW_ERROR_INVALID_SETTING, NULL);
        {
                ZwItem rt = { .type = ZW_ITEM_SERVICE, .value = "ssh" };
                assert_false(zw_edit_add(t, ZW_KIND_POLICY, "pol", &rt, RT, &error));
                assert_error(error, ZW_ERROR_ALREADY_ENABLED, "'ssh' already in 'pol'");
        }
        assert_false(padd(t, ZW_ITEM_SERVICE, "ssh", &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "ssh");
        {
                /* HOST -> external egress with masquerade: remove first, then add */
                ZwItem host = { .type = ZW_ITEM_EGRESS_ZONE, .value = "HOST" };
                ZwItem ext = { .type = ZW_ITEM_EGRESS_ZONE, .value = "public" };
                assert_true(zw_edit_remove(t, ZW_KIND_POLICY, "pol", &host, RT, NULL));
                assert_true(padd(t, ZW_ITEM_MASQUERADE, NULL, NULL));
                assert_true(zw_edit_add(t, ZW_KIND_POLICY, "pol", &ext, RT, NULL));
                assert_false(zw_edit_add(t, ZW_KIND_POLICY, "pol", &host, RT, &error));
                assert_error(error, ZW_ERROR_INVALID_ZONE, NULL);
                assert_true(zw_tree_check_object(t, p, NULL));
        }
        {
                ZwItem item = { .type = ZW_ITEM_SERVICE, .value = "ssh" };
                assert_false(zw_edit_add(t, ZW_KIND_POLICY, "nopol", &item, PERM, &error));
                assert_error(error, ZW_ERROR_INVALID_POLICY, "nopol");
        }
}

static void
test_service_items(void **state)
{
        g_autoptr(ZwTree) t = zw_test_core_tree();
        g_autoptr(GError) error = NULL;
        ZwService *s = zw_tree_get_service(t, "ftp");
        ZwItem port = { .type = ZW_ITEM_PORT, .value = "21", .protocol = "tcp" };
        ZwItem range = { .type = ZW_ITEM_PORT, .value = "20-22", .protocol = "tcp" };
        ZwItem module = { .type = ZW_ITEM_MODULE, .value = "nf_conntrack_netbios_ns" };
        ZwItem badmod = { .type = ZW_ITEM_MODULE, .value = "x" };
        ZwItem inc = { .type = ZW_ITEM_INCLUDE, .value = "http" };
        ZwItem badinc = { .type = ZW_ITEM_INCLUDE, .value = "nosuch" };
        ZwItem helper = { .type = ZW_ITEM_HELPER, .value = "ftp" };
        ZwItem iface = { .type = ZW_ITEM_INTERFACE, .value = "eth0" };

        assert_false(zw_edit_add(t, ZW_KIND_SERVICE, "ftp", &port, PERM, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "21:tcp");
        /* services do not coalesce: entries are compared as they are */
        assert_true(zw_edit_add(t, ZW_KIND_SERVICE, "ftp", &range, PERM, NULL));
        assert_int_equal(s->ports->len, 2);
        assert_true(zw_edit_remove(t, ZW_KIND_SERVICE, "ftp", &port, PERM, NULL));
        assert_int_equal(s->ports->len, 1);
        assert_true(zw_edit_add(t, ZW_KIND_SERVICE, "ftp", &module, PERM, NULL));
        assert_string_equal(g_ptr_array_index(s->modules, 0), "netbios-ns");
        assert_false(zw_edit_add(t, ZW_KIND_SERVICE, "ftp", &module, PERM, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "netbios-ns");
        assert_false(zw_edit_add(t, ZW_KIND_SERVICE, "ftp", &badmod, PERM, &error));
        assert_error(error, ZW_ERROR_INVALID_MODULE, NULL);
        assert_true(zw_edit_add(t, ZW_KIND_SERVICE, "ftp", &inc, PERM, NULL));
        assert_false(zw_edit_add(t, ZW_KIND_SERVICE, "ftp", &badinc, PERM, &error));
        assert_error(error, ZW_ERROR_INVALID_SERVICE,
                     "Service 'ftp': Included service 'nosuch' not found.");
        assert_false(zw_edit_add(t, ZW_KIND_SERVICE, "ftp", &helper, PERM, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, "ftp");
        assert_true(zw_edit_remove(t, ZW_KIND_SERVICE, "ftp", &helper, PERM, NULL));
        assert_false(zw_edit_remove(t, ZW_KIND_SERVICE, "ftp", &helper, PERM, &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED, "ftp");
        assert_false(zw_edit_add(t, ZW_KIND_SERVICE, "ftp", &iface, PERM, &error));
        assert_error(error, ZW_ERROR_INVALID_SETTING, NULL);
        assert_false(zw_edit_add(t, ZW_KIND_ICMPTYPE, "echo-request", &iface, PERM, &error));
        assert_error(error, ZW_ERROR_INVALID_OBJECT, NULL);
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_service),
                cmocka_unit_test(test_query_modes),
                cmocka_unit_test(test_port_runtime),
                cmocka_unit_test(test_port_permanent),
                cmocka_unit_test(test_port_validation),
                cmocka_unit_test(test_source_port_protocol),
                cmocka_unit_test(test_icmp_block),
                cmocka_unit_test(test_flags),
                cmocka_unit_test(test_forward_port),
                cmocka_unit_test(test_rich_rule),
                cmocka_unit_test(test_interfaces_runtime),
                cmocka_unit_test(test_sources),
                cmocka_unit_test(test_bindings_permanent),
                cmocka_unit_test(test_policy),
                cmocka_unit_test(test_service_items),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
