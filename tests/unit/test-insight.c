/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-insight.c: explain a packet, the JSON dump, confirm-or-revert */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <json-glib/json-glib.h>

#include "core/conf.h"
#include "core/error.h"
#include "insight/dump.h"
#include "insight/explain.h"
#include "insight/service.h"

/* ---- fixture: a tree exercising every dispatch and decision path ---- */

static ZwService *
add_service(ZwTree *tree, const char *name, const char *port, const char *proto)
{
        ZwService *s = zw_service_new(name);

        if (port != NULL)
                g_ptr_array_add(s->ports, zw_port_new(port, proto));
        zw_tree_insert(tree, s);
        return s;
}

static void
add_rule(GPtrArray *rules, const char *text)
{
        g_autoptr(GError) error = NULL;
        ZwRichRule *r = zw_rich_rule_parse(text, &error);

        assert_non_null(r);
        g_ptr_array_add(rules, r);
}

static ZwZone *
add_zone(ZwTree *tree, const char *name, const char *target)
{
        ZwZone *z = zw_zone_new(name);

        g_free(z->target);
        z->target = g_strdup(target);
        zw_tree_insert(tree, z);
        return z;
}

static ZwTree *
fixture(void)
{
        ZwTree *tree = zw_tree_new();
        ZwService *dns = add_service(tree, "dns", "53", "tcp");
        ZwService *web = add_service(tree, "web", "443", "tcp");
        ZwService *v4 = add_service(tree, "v4only", "8443", "tcp");
        ZwIpset *blocked = zw_ipset_new("blocked", "hash:ip");
        ZwZone *z;
        ZwPolicy *p;

        add_service(tree, "ssh", "22", "tcp");
        add_service(tree, "http", "80", "tcp");
        g_ptr_array_add(dns->ports, zw_port_new("53", "udp"));
        g_ptr_array_add(web->includes, g_strdup("http"));
        v4->destination_ipv4 = g_strdup("10.99.0.1");
        zw_tree_insert(tree, zw_icmptype_new("echo-request"));
        zw_tree_insert(tree, zw_icmptype_new("timestamp-request"));
        assert_true(zw_ipset_add_entry(blocked, "10.201.7.7", NULL));
        zw_tree_insert(tree, blocked);

        z = add_zone(tree, "public", "default");
        g_ptr_array_add(z->interfaces, g_strdup("eth0"));
        g_ptr_array_add(z->services, g_strdup("ssh"));
        g_ptr_array_add(z->services, g_strdup("dns"));
        g_ptr_array_add(z->services, g_strdup("v4only"));
        g_ptr_array_add(z->ports, zw_port_new("8080", "tcp"));
        g_ptr_array_add(z->ports, zw_port_new("9000-9010", "udp"));
        g_ptr_array_add(z->protocols, g_strdup("gre"));
        g_ptr_array_add(z->icmp_blocks, g_strdup("timestamp-request"));
        add_rule(z->rules, "rule priority=\"-10\" family=\"ipv4\" source address=\"10.200.9.0/24\" "
                           "service name=\"ssh\" reject");
        add_rule(z->rules, "rule family=\"ipv4\" source address=\"10.200.3.3\" "
                           "port port=\"5000\" protocol=\"tcp\" accept");
        add_rule(z->rules, "rule family=\"ipv4\" source address=\"10.200.3.0/24\" "
                           "port port=\"5000\" protocol=\"tcp\" drop");
        add_rule(z->rules, "rule priority=\"5\" port port=\"6000\" protocol=\"tcp\" accept");
        add_rule(z->rules, "rule family=\"ipv4\" source address=\"10.200.4.0/24\" "
                           "service name=\"ssh\" log prefix=\"sshlog\"");
        add_rule(z->rules, "rule port port=\"4000\" protocol=\"tcp\" accept limit value=\"1/m\"");
        add_rule(z->rules, "rule family=\"ipv4\" source NOT address=\"10.200.0.0/16\" "
                           "port port=\"4500\" protocol=\"tcp\" accept");

        z = add_zone(tree, "internal", "default");
        g_ptr_array_add(z->sources, g_strdup("10.99.0.0/16"));
        g_ptr_array_add(z->services, g_strdup("ssh"));
        g_ptr_array_add(z->services, g_strdup("http"));

        z = add_zone(tree, "trusted", "ACCEPT");
        g_ptr_array_add(z->sources, g_strdup("10.99.1.0/24"));

        z = add_zone(tree, "drop", "DROP");
        g_ptr_array_add(z->sources, g_strdup("10.99.2.0/24"));
        g_ptr_array_add(z->interfaces, g_strdup("eth2"));

        z = add_zone(tree, "block", "%%REJECT%%");
        g_ptr_array_add(z->sources, g_strdup("ipset:blocked"));

        z = add_zone(tree, "dmz", "default");
        g_ptr_array_add(z->interfaces, g_strdup("vpn+"));
        g_ptr_array_add(z->services, g_strdup("web"));
        g_ptr_array_add(z->icmp_blocks, g_strdup("echo-request"));
        z->icmp_block_inversion = TRUE;

        z = add_zone(tree, "work", "default");
        g_ptr_array_add(z->sources, g_strdup("52:54:00:AA:BB:CC"));
        g_ptr_array_add(z->ports, zw_port_new("7000", "tcp"));

        z = add_zone(tree, "v6z", "default");
        g_ptr_array_add(z->sources, g_strdup("fd99::/64"));
        g_ptr_array_add(z->services, g_strdup("ssh"));

        p = zw_policy_new("host-guard");
        p->priority = -100;
        g_ptr_array_add(p->ingress_zones, g_strdup("public"));
        g_ptr_array_add(p->egress_zones, g_strdup("HOST"));
        add_rule(p->rules, "rule family=\"ipv4\" source address=\"10.200.5.5\" drop");
        zw_tree_insert(tree, p);

        p = zw_policy_new("late");
        p->priority = 100;
        g_ptr_array_add(p->ingress_zones, g_strdup("ANY"));
        g_ptr_array_add(p->egress_zones, g_strdup("HOST"));
        g_ptr_array_add(p->ports, zw_port_new("7777", "tcp"));
        zw_tree_insert(tree, p);

        p = zw_policy_new("strict");
        p->priority = -50;
        g_free(p->target);
        p->target = g_strdup("REJECT");
        g_ptr_array_add(p->ingress_zones, g_strdup("v6z"));
        g_ptr_array_add(p->egress_zones, g_strdup("HOST"));
        g_ptr_array_add(p->services, g_strdup("ssh"));
        zw_tree_insert(tree, p);
        return tree;
}

static int
setup(void **state)
{
        g_autoptr(ZwTree) tree = fixture();
        g_autoptr(GError) error = NULL;

        assert_true(zw_tree_check(tree, &error));
        *state = zw_runtime_new(tree);
        return 0;
}

static int
teardown(void **state)
{
        zw_runtime_free(*state);
        return 0;
}

/* ---- explain: the table ---- */

typedef struct {
        const char *iface, *src, *dst, *mac, *proto;
        guint dport;
        const char *icmp;
        ZwVerdict verdict;
        const char *zone;    /* NULL: none */
        const char *by;      /* substring of decided_by */
        const char *policy;  /* NULL: the zone decided */
        const char *reason;  /* substring of some reason, NULL: not checked */
} Case;

#define V_A ZW_VERDICT_ACCEPT
#define V_R ZW_VERDICT_REJECT
#define V_D ZW_VERDICT_DROP

static const Case cases[] = {
        /* interface binding, services, ports, protocols, target */
        { "eth0", "10.200.0.1", NULL, NULL, "tcp", 22, NULL, V_A, "public", "service 'ssh'" },
        { "eth0", "10.200.0.1", NULL, NULL, "tcp", 23, NULL, V_R, "public", "target default" },
        { "eth0", "10.200.0.1", NULL, NULL, "udp", 53, NULL, V_A, "public", "service 'dns'" },
        { "eth0", "10.200.0.1", NULL, NULL, "udp", 22, NULL, V_R, "public", "target default" },
        { "eth0", "10.200.0.1", NULL, NULL, "tcp", 8080, NULL, V_A, "public", "port 8080/tcp" },
        { "eth0", "10.200.0.1", NULL, NULL, "udp", 9005, NULL, V_A, "public", "9000-9010/udp" },
        { "eth0", "10.200.0.1", NULL, NULL, "udp", 9011, NULL, V_R, "public", "target" },
        { "eth0", "10.200.0.1", NULL, NULL, "gre", 0, NULL, V_A, "public", "protocol gre" },
        /* rich rules: priority, pre/log/deny/allow/post */
        { "eth0", "10.200.9.5", NULL, NULL, "tcp", 22, NULL, V_R, "public", "priority=\"-10\"",
          NULL, "pre sub-chain" },
        { "eth0", "10.200.3.3", NULL, NULL, "tcp", 5000, NULL, V_D, "public", "drop", NULL,
          "deny sub-chain" },
        { "eth0", "10.200.3.4", NULL, NULL, "tcp", 5000, NULL, V_D, "public", "drop" },
        { "eth0", "10.200.4.4", NULL, NULL, "tcp", 5000, NULL, V_R, "public", "target" },
        { "eth0", "10.200.0.1", NULL, NULL, "tcp", 6000, NULL, V_A, "public", "priority=\"5\"",
          NULL, "post sub-chain" },
        { "eth0", "10.200.4.4", NULL, NULL, "tcp", 22, NULL, V_A, "public", "service 'ssh'" },
        { "eth0", "10.200.0.1", NULL, NULL, "tcp", 4000, NULL, V_A, "public", "limit" },
        { "eth0", "10.200.0.1", NULL, NULL, "tcp", 4500, NULL, V_R, "public", "target" },
        { "eth0", "10.202.0.1", NULL, NULL, "tcp", 4500, NULL, V_A, "public", "NOT address" },
        /* service destinations */
        { "eth0", "10.200.0.1", "10.99.0.1", NULL, "tcp", 8443, NULL, V_A, "public",
          "service 'v4only'" },
        { "eth0", "10.200.0.1", "10.99.0.2", NULL, "tcp", 8443, NULL, V_R, "public", "target" },
        /* policies */
        { "eth0", "10.200.5.5", NULL, NULL, "tcp", 22, NULL, V_D, "public", "rich rule",
          "host-guard" },
        { "eth0", "10.200.0.1", NULL, NULL, "tcp", 7777, NULL, V_A, "public", "port 7777/tcp",
          "late" },
        { NULL, "fd99::5", NULL, NULL, "tcp", 23, NULL, V_R, "v6z", "policy 'strict' target",
          "strict" },
        { NULL, "fd99::5", NULL, NULL, "tcp", 22, NULL, V_A, "v6z", "service 'ssh'", "strict" },
        /* ICMP, blocks and inversion */
        { "eth0", "10.200.0.1", NULL, NULL, "icmp", 0, NULL, V_A, "public", "(ICMP)" },
        { "eth0", "10.200.0.1", NULL, NULL, "icmp", 0, "timestamp-request", V_R, "public",
          "icmp-block" },
        { "vpn0", "10.200.0.1", NULL, NULL, "icmp", 0, "echo-request", V_A, "dmz",
          "icmp-block-inversion" },
        { "vpn0", "10.200.0.1", NULL, NULL, "icmp", 0, "timestamp-request", V_R, "dmz",
          "icmp-block-inversion" },
        /* default zone, wildcard interfaces, included services */
        { "eth1", "10.200.0.1", NULL, NULL, "tcp", 22, NULL, V_A, "public", "service 'ssh'",
          NULL, "default zone" },
        { "vpn0", "10.200.0.1", NULL, NULL, "tcp", 443, NULL, V_A, "dmz", "service 'web'",
          NULL, "wildcard vpn+" },
        { "vpn3", "10.200.0.1", NULL, NULL, "tcp", 80, NULL, V_A, "dmz", "included service" },
        /* sources beat interfaces, most specific source first */
        { "eth0", "10.99.1.5", NULL, NULL, "tcp", 9999, NULL, V_A, "trusted", "target ACCEPT",
          NULL, "most specific" },
        { "eth0", "10.99.200.5", NULL, NULL, "tcp", 80, NULL, V_A, "internal", "service 'http'",
          NULL, "before interfaces" },
        { "eth0", "10.99.200.5", NULL, NULL, "tcp", 8080, NULL, V_R, "internal", "target" },
        { "eth2", "10.200.0.1", NULL, NULL, "tcp", 22, NULL, V_D, "drop", "target DROP" },
        { "eth0", "10.99.2.9", NULL, NULL, "tcp", 22, NULL, V_D, "drop", "target DROP" },
        /* IP sources before ipset sources before MAC sources before interfaces */
        { "eth0", "10.99.7.7", NULL, NULL, "tcp", 22, NULL, V_A, "internal", "service 'ssh'" },
        { "eth0", "10.201.7.7", NULL, NULL, "tcp", 22, NULL, V_R, "block", "%%REJECT%%", NULL,
          "ipset:blocked" },
        { "eth0", "10.200.0.1", NULL, "52:54:00:aa:bb:cc", "tcp", 7000, NULL, V_A, "work",
          "port 7000/tcp", NULL, "MAC" },
        { "eth0", "10.200.0.1", NULL, "52:54:00:aa:bb:cd", "tcp", 7000, NULL, V_R, "public",
          "target" },
        /* IPv6 */
        { "eth0", "2001:db8::1", NULL, NULL, "tcp", 22, NULL, V_A, "public", "service 'ssh'" },
        { "eth0", "2001:db8::1", NULL, NULL, "icmp", 0, NULL, V_A, "public", "(ICMP)" },
        /* loopback */
        { "lo", "127.0.0.1", NULL, NULL, "tcp", 9, NULL, V_A, NULL, "iifname lo" },
};

static void
check_case(const ZwRuntime *rt, const Case *c)
{
        ZwPacket pkt = { c->iface, c->src, c->dst, c->mac, c->proto, c->dport, 0, c->icmp };
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwExplanation) ex = zw_explain(rt, &pkt, &error);
        g_autofree char *text = NULL;

        assert_non_null(ex);
        text = zw_explanation_to_string(ex);
        if (ex->verdict != c->verdict || g_strcmp0(ex->zone, c->zone) != 0 ||
            strstr(ex->decided_by, c->by) == NULL || g_strcmp0(ex->policy, c->policy) != 0)
                fail_msg("%s %s %s %u: got\n%s", c->iface, c->src, c->proto, c->dport, text);
        if (c->reason != NULL && strstr(text, c->reason) == NULL)
                fail_msg("no '%s' in\n%s", c->reason, text);
}

static void
test_explain_table(void **state)
{
        for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
                check_case(*state, &cases[i]);
}

static void
test_explain_logs(void **state)
{
        ZwPacket pkt = { "eth0", "10.200.4.4", NULL, NULL, "tcp", 22, 0, NULL };
        g_autoptr(ZwExplanation) ex = zw_explain(*state, &pkt, NULL);

        assert_non_null(ex);
        assert_int_equal(ex->logs->len, 1);
        assert_non_null(strstr(g_ptr_array_index(ex->logs, 0), "sshlog"));
        assert_string_equal(ex->chain, "filter_IN_public_allow");
}

static void
test_explain_limited(void **state)
{
        ZwPacket pkt = { "eth0", "10.200.0.1", NULL, NULL, "tcp", 4000, 0, NULL };
        g_autoptr(ZwExplanation) ex = zw_explain(*state, &pkt, NULL);

        assert_non_null(ex);
        assert_true(ex->limited);
}

/* generated: every port 1..1024 and a few high ones, tcp and udp, from the public zone; the
 * expectation is computed independently from the fixture's open ports */
static void
test_explain_generated_ports(void **state)
{
        static const guint extra[] = { 4000, 4500, 5000, 6000, 7000, 7777, 8080, 8443,
                                       9000, 9005, 9010, 9011, 65535 };
        guint n = 0;

        for (int proto = 0; proto < 2; proto++) {
                for (guint i = 0; i < 1024 + G_N_ELEMENTS(extra); i++) {
                        guint port = i < 1024 ? i + 1 : extra[i - 1024];
                        gboolean tcp = proto == 0;
                        gboolean open = tcp ? (port == 22 || port == 53 || port == 8080 ||
                                               port == 6000 || port == 7777 || port == 4000)
                                            : (port == 53 || (port >= 9000 && port <= 9010));
                        ZwPacket pkt = { "eth0", "10.200.0.1", "10.99.0.2", NULL,
                                         tcp ? "tcp" : "udp", port, 0, NULL };
                        g_autoptr(ZwExplanation) ex = zw_explain(*state, &pkt, NULL);

                        assert_non_null(ex);
                        assert_string_equal(ex->zone, "public");
                        assert_int_equal(ex->verdict, open ? V_A : V_R);
                        n++;
                }
        }
        assert_true(n >= 30);
}

/* generated: every source address of a /24 walk lands in the zone dispatch says */
static void
test_explain_generated_sources(void **state)
{
        for (guint third = 0; third < 4; third++) {
                for (guint last = 1; last < 255; last += 7) {
                        g_autofree char *src = g_strdup_printf("10.99.%u.%u", third, last);
                        const char *want = third == 1 ? "trusted" : third == 2 ? "drop"
                                                                               : "internal";
                        ZwPacket pkt = { "eth0", src, NULL, NULL, "tcp", 80, 0, NULL };
                        g_autoptr(ZwExplanation) ex = zw_explain(*state, &pkt, NULL);

                        assert_non_null(ex);
                        assert_string_equal(ex->zone, want);
                }
        }
}

static void
test_explain_panic_and_default_zone(void **state)
{
        g_autoptr(ZwRuntime) rt = zw_runtime_dup(*state);
        ZwPacket pkt = { "eth9", "10.200.0.1", NULL, NULL, "tcp", 80, 0, NULL };
        g_autoptr(ZwExplanation) ex = NULL;
        g_autoptr(ZwExplanation) ex2 = NULL;

        assert_true(zw_runtime_set_default_zone(rt, "internal", NULL));
        ex = zw_explain(rt, &pkt, NULL);
        assert_string_equal(ex->zone, "internal");
        assert_int_equal(ex->verdict, V_A);
        rt->panic = TRUE;
        ex2 = zw_explain(rt, &pkt, NULL);
        assert_int_equal(ex2->verdict, V_D);
        assert_null(ex2->zone);
        assert_string_equal(ex2->decided_by, "panic mode");
}

static void
test_explain_log_denied(void **state)
{
        g_autoptr(ZwRuntime) rt = zw_runtime_dup(*state);
        ZwPacket pkt = { "eth0", "10.200.0.1", NULL, NULL, "tcp", 23, 0, NULL };
        g_autoptr(ZwExplanation) ex = NULL;

        g_free(rt->log_denied);
        rt->log_denied = g_strdup("all");
        ex = zw_explain(rt, &pkt, NULL);
        assert_int_equal(ex->logs->len, 1);
        assert_non_null(strstr(g_ptr_array_index(ex->logs, 0), "filter_IN_public_REJECT"));
        /* rate limited as the compiler does it (LogDeniedLimit, default 5/second burst 10) */
        assert_non_null(strstr(g_ptr_array_index(ex->logs, 0), ", at most 5/second burst 10"));
        g_clear_pointer(&ex, zw_explanation_free);
        zw_conf_free(rt->tree->conf);
        rt->tree->conf = zw_conf_parse("LogDeniedLimit=off\n", NULL);
        ex = zw_explain(rt, &pkt, NULL);
        assert_true(g_str_has_suffix(g_ptr_array_index(ex->logs, 0), "_REJECT: \""));
}

static void
test_explain_errors(void **state)
{
        static const struct {
                ZwPacket pkt;
                int code;
        } bad[] = {
                { { "eth0", "10.200.0.300", NULL, NULL, "tcp", 22, 0, NULL },
                  ZW_ERROR_INVALID_ADDR },
                { { "eth0", "10.200.0.1", "fd00::1", NULL, "tcp", 22, 0, NULL },
                  ZW_ERROR_INVALID_ADDR },
                { { "eth0", "10.200.0.1", NULL, "nomac", "tcp", 22, 0, NULL },
                  ZW_ERROR_INVALID_MAC },
                { { "eth0", "10.200.0.1", NULL, NULL, "tcp", 70000, 0, NULL },
                  ZW_ERROR_INVALID_PORT },
                { { "eth0", "10.200.0.1", NULL, NULL, "t c p", 22, 0, NULL },
                  ZW_ERROR_INVALID_PROTOCOL },
                { { "eth0", "10.200.0.1", NULL, NULL, "300", 22, 0, NULL },
                  ZW_ERROR_INVALID_PROTOCOL },
                { { "eth0", "10.200.0.1", NULL, NULL, NULL, 22, 0, NULL },
                  ZW_ERROR_MISSING_PROTOCOL },
                { { "eth0", "10.200.0.1", NULL, NULL, "icmp", 0, 0, "nosuchtype" },
                  ZW_ERROR_INVALID_ICMPTYPE },
                { { "eth0", "10.200.0.1", NULL, NULL, "ipv6-icmp", 0, 0, NULL },
                  ZW_ERROR_INVALID_PROTOCOL },
        };

        for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
                g_autoptr(GError) error = NULL;

                assert_null(zw_explain(*state, &bad[i].pkt, &error));
                assert_true(g_error_matches(error, ZW_ERROR, bad[i].code));
        }
}

static void
test_explain_numeric_proto(void **state)
{
        ZwPacket pkt = { "eth0", "10.200.0.1", NULL, NULL, "6", 22, 0, NULL };
        g_autoptr(ZwExplanation) ex = zw_explain(*state, &pkt, NULL);

        assert_non_null(ex);
        assert_int_equal(ex->verdict, V_A);
}

static void
test_explain_json(void **state)
{
        ZwPacket pkt = { "eth0", "10.200.5.5", NULL, NULL, "tcp", 22, 0, NULL };
        g_autoptr(ZwExplanation) ex = zw_explain(*state, &pkt, NULL);
        g_autofree char *js = zw_explanation_to_json(ex);
        g_autoptr(JsonNode) root = json_from_string(js, NULL);
        JsonObject *o;

        assert_non_null(root);
        o = json_node_get_object(root);
        assert_string_equal(json_object_get_string_member(o, "verdict"), "drop");
        assert_string_equal(json_object_get_string_member(o, "policy"), "host-guard");
        assert_true(json_array_get_length(json_object_get_array_member(o, "reasons")) >= 2);
}

/* ---- dump ---- */

static JsonObject *
find_named(JsonArray *a, const char *name)
{
        for (guint i = 0; i < json_array_get_length(a); i++) {
                JsonObject *o = json_array_get_object_element(a, i);

                if (g_strcmp0(json_object_get_string_member(o, "name"), name) == 0)
                        return o;
        }
        return NULL;
}

static void
test_dump(void **state)
{
        const ZwRuntime *rt = *state;
        g_autoptr(GHashTable) rpc =
                g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify)g_ptr_array_unref);
        GPtrArray *ports = g_ptr_array_new_with_free_func(g_free);
        g_autofree char *js = NULL;
        g_autoptr(JsonNode) root = NULL;
        JsonObject *o, *r, *p, *z;

        g_ptr_array_add(ports, g_strdup("tcp:2049"));
        g_hash_table_insert(rpc, (gpointer) "internal", ports);
        js = zw_dump_to_string(rt, rt->tree, rpc, TRUE);
        root = json_from_string(js, NULL);
        assert_non_null(root);
        o = json_node_get_object(root);
        assert_string_equal(json_object_get_string_member(o, "format"), "zonewall-dump");
        assert_int_equal(json_object_get_int_member(o, "version"), ZW_DUMP_FORMAT_VERSION);
        r = json_object_get_object_member(o, "runtime");
        assert_string_equal(json_object_get_string_member(r, "default_zone"), "public");
        assert_false(json_object_get_boolean_member(r, "panic"));
        assert_true(json_object_has_member(json_object_get_object_member(r, "active_zones"),
                                           "trusted"));
        z = find_named(json_object_get_array_member(r, "zones"), "public");
        assert_non_null(z);
        assert_string_equal(
                json_array_get_string_element(json_object_get_array_member(z, "interfaces"), 0),
                "eth0");
        assert_int_equal(json_array_get_length(json_object_get_array_member(z, "rules")), 7);
        assert_string_equal(json_object_get_string_member(
                                    json_array_get_object_element(
                                            json_object_get_array_member(z, "ports"), 1),
                                    "port"),
                            "9000-9010");
        assert_non_null(find_named(json_object_get_array_member(r, "ipsets"), "blocked"));
        assert_non_null(find_named(json_object_get_array_member(r, "policies"), "late"));
        p = json_object_get_object_member(o, "permanent");
        assert_string_equal(json_object_get_string_member(p, "default_zone"), "public");
        assert_string_equal(json_object_get_string_member(
                                    json_object_get_object_member(p, "conf"), "DefaultZone"),
                            "public");
        assert_string_equal(
                json_array_get_string_element(
                        json_object_get_array_member(
                                json_object_get_object_member(o, "rpc_ports"), "internal"),
                        0),
                "tcp:2049");
}

static void
test_dump_offline(void **state)
{
        const ZwRuntime *rt = *state;
        g_autofree char *js = zw_dump_to_string(NULL, rt->tree, NULL, FALSE);
        g_autoptr(JsonNode) root = json_from_string(js, NULL);
        JsonObject *o = json_node_get_object(root);

        assert_true(json_object_get_null_member(o, "runtime"));
        assert_true(json_object_get_null_member(o, "rpc_ports"));
        assert_null(strchr(js, '\n'));
}

/* ---- confirm or revert, without D-Bus ---- */

typedef struct {
        ZwRuntime *rt;
        guint reloads;
        guint restores;
        GMainLoop *loop;
} Fake;

static const ZwRuntime *
fake_get_runtime(gpointer data)
{
        return ((Fake *)data)->rt;
}

static const ZwTree *
fake_get_permanent(gpointer data)
{
        return ((Fake *)data)->rt->tree;
}

static gboolean
fake_reload(gpointer data, GError **error)
{
        Fake *f = data;

        f->reloads++;
        g_free(f->rt->default_zone);
        f->rt->default_zone = g_strdup("internal");
        return TRUE;
}

static gboolean
fake_restore(gpointer data, const ZwRuntime *rt, GError **error)
{
        Fake *f = data;

        f->restores++;
        zw_runtime_free(f->rt);
        f->rt = zw_runtime_dup(rt);
        if (f->loop != NULL)
                g_main_loop_quit(f->loop);
        return TRUE;
}

static const ZwInsightBackend fake_backend = {
        fake_get_runtime, fake_get_permanent, NULL, fake_reload, fake_restore,
};

static void
test_confirm(void **state)
{
        Fake f = { zw_runtime_dup(*state), 0, 0, NULL };
        g_autoptr(ZwInsight) in = zw_insight_register(NULL, &fake_backend, &f, NULL);
        g_autoptr(GError) error = NULL;

        assert_non_null(in);
        assert_false(zw_insight_confirm(in, &error));
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_NOT_APPLIED));
        g_clear_error(&error);
        assert_true(zw_insight_reload_confirm(in, 60, &error));
        assert_true(zw_insight_confirm_pending(in));
        assert_false(zw_insight_reload_confirm(in, 60, &error));
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_ALREADY_ENABLED));
        g_clear_error(&error);
        assert_true(zw_insight_confirm(in, NULL));
        assert_false(zw_insight_confirm_pending(in));
        assert_int_equal(f.reloads, 1);
        assert_int_equal(f.restores, 0);
        assert_string_equal(f.rt->default_zone, "internal");
        zw_runtime_free(f.rt);
}

static void
test_confirm_timeout_reverts(void **state)
{
        Fake f = { zw_runtime_dup(*state), 0, 0, g_main_loop_new(NULL, FALSE) };
        g_autoptr(ZwInsight) in = zw_insight_register(NULL, &fake_backend, &f, NULL);

        assert_true(zw_insight_reload_confirm(in, 1, NULL));
        assert_string_equal(f.rt->default_zone, "internal");
        g_main_loop_run(f.loop);
        assert_int_equal(f.restores, 1);
        assert_int_equal(zw_insight_reverts(in), 1);
        assert_false(zw_insight_confirm_pending(in));
        assert_string_equal(f.rt->default_zone, "public");
        g_main_loop_unref(f.loop);
        zw_runtime_free(f.rt);
}

static void
test_confirm_needs_restore(void **state)
{
        static const ZwInsightBackend no_restore = { fake_get_runtime, fake_get_permanent, NULL,
                                                     fake_reload, NULL };
        Fake f = { zw_runtime_dup(*state), 0, 0, NULL };
        g_autoptr(ZwInsight) in = zw_insight_register(NULL, &no_restore, &f, NULL);
        g_autoptr(GError) error = NULL;

        assert_false(zw_insight_reload_confirm(in, 5, &error));
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_NOT_APPLIED));
        assert_int_equal(f.reloads, 0);
        zw_runtime_free(f.rt);
}

static void
test_introspection_parses(void **state)
{
        g_autoptr(GDBusNodeInfo) node =
                g_dbus_node_info_new_for_xml(zw_insight_introspection_xml, NULL);

        assert_non_null(node);
        assert_string_equal(node->interfaces[0]->name, ZW_INSIGHT_INTERFACE);
        assert_non_null(g_dbus_interface_info_lookup_method(node->interfaces[0], "Explain"));
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_explain_table, setup, teardown),
                cmocka_unit_test_setup_teardown(test_explain_logs, setup, teardown),
                cmocka_unit_test_setup_teardown(test_explain_limited, setup, teardown),
                cmocka_unit_test_setup_teardown(test_explain_generated_ports, setup, teardown),
                cmocka_unit_test_setup_teardown(test_explain_generated_sources, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(test_explain_panic_and_default_zone, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(test_explain_log_denied, setup, teardown),
                cmocka_unit_test_setup_teardown(test_explain_errors, setup, teardown),
                cmocka_unit_test_setup_teardown(test_explain_numeric_proto, setup, teardown),
                cmocka_unit_test_setup_teardown(test_explain_json, setup, teardown),
                cmocka_unit_test_setup_teardown(test_dump, setup, teardown),
                cmocka_unit_test_setup_teardown(test_dump_offline, setup, teardown),
                cmocka_unit_test_setup_teardown(test_confirm, setup, teardown),
                cmocka_unit_test_setup_teardown(test_confirm_timeout_reverts, setup, teardown),
                cmocka_unit_test_setup_teardown(test_confirm_needs_restore, setup, teardown),
                cmocka_unit_test_setup_teardown(test_introspection_parses, setup, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
