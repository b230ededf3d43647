/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-nft.c: compiler + render golden tests, plan values, errors */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/conf.h"
#include "core/error.h"
#include "core/runtime.h"
#include "nft/plan.h"

#include "model.h"

/* stock definitions used by several cases */
static void
stock(Model *m)
{
        ZwService *s;

        service(m, "ssh", "22/tcp");
        s = service(m, "dhcpv6-client", "546/udp");
        s->destination_ipv6 = keep("fe80::/64");
        service(m, "http", "80/tcp");
        service(m, "https", "443/tcp");
        service(m, "dns", "53/tcp 53/udp");
        s = service(m, "ftp", "21/tcp");
        g_ptr_array_add(s->helpers, keep("ftp"));
        s = service(m, "tftp", "69/udp");
        g_ptr_array_add(s->helpers, keep("tftp"));
        service(m, "mysql", "3306/tcp");
        helper(m, "ftp", "nf_conntrack_ftp", "", "21/tcp");
        helper(m, "tftp", "nf_conntrack_tftp", "", "69/udp");
        helper(m, "irc", "nf_conntrack_irc", "ipv4", "194/tcp");
}

static ZwZone *
stock_public(Model *m)
{
        ZwZone *z = zone(m, "public");

        g_ptr_array_add(z->services, keep("ssh"));
        g_ptr_array_add(z->services, keep("dhcpv6-client"));
        return z;
}

/* plans of all cases, for the pairwise diff test (only with ZW_TEST_NFT_APPLY=1) */
static GPtrArray *kernel_plans;
static GPtrArray *kernel_names;

static char *
kernel_ruleset(void)
{
        const char *argv[] = { "nft", "list", "ruleset", NULL };
        g_autoptr(GError) error = NULL;
        char *out = NULL;

        if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                          NULL, NULL, &error))
                fail_msg("nft list ruleset: %s", error->message);
        return out;
}

static gint
str_ptr_cmp(gconstpointer a, gconstpointer b)
{
        return g_strcmp0(*(const char *const *)a, *(const char *const *)b);
}

/* `nft list ruleset` with each table's top-level blocks (sets, maps, chains, ct helpers)
 * sorted: a table built by a diff lists kept objects before new ones */
static char *
normalize_ruleset(const char *text)
{
        g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
        g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func(g_free);
        GString *out = g_string_new(NULL);
        GString *cur = NULL;

        for (guint i = 0; lines[i] != NULL; i++) {
                const char *l = lines[i];

                if (g_str_has_prefix(l, "\t") && !g_str_has_prefix(l, "\t\t") &&
                    g_str_has_suffix(l, "{")) {
                        cur = g_string_new(NULL);
                } else if (g_str_equal(l, "}")) {
                        g_ptr_array_sort(blocks, str_ptr_cmp);
                        for (guint b = 0; b < blocks->len; b++)
                                g_string_append(out, g_ptr_array_index(blocks, b));
                        g_ptr_array_set_size(blocks, 0);
                }
                if (cur != NULL) {
                        if (*l != '\0')
                                g_string_append_printf(cur, "%s\n", l);
                        if (g_str_equal(l, "\t}")) {
                                g_ptr_array_add(blocks, g_string_free(cur, FALSE));
                                cur = NULL;
                        }
                } else if (*l != '\0') {
                        g_string_append_printf(out, "%s\n", l);
                }
        }
        return g_string_free(out, FALSE);
}

/* Root tests run this binary inside a private netns with ZW_TEST_NFT_APPLY=1: every case's
 * plan then also goes through the netlink applier into the real kernel (and out again). */
static void
kernel_check(const char *name, const ZwNftPlan *plan)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwNftApplier) ap = NULL;

        if (g_strcmp0(g_getenv("ZW_TEST_NFT_APPLY"), "1") != 0)
                return;
        g_ptr_array_add(kernel_plans, zw_nft_plan_dup(plan));
        g_ptr_array_add(kernel_names, g_strdup(name));
        ap = zw_nft_applier_new("zonewall", &error);
        if (ap == NULL || !zw_nft_apply_full(ap, plan, &error))
                fail_msg("kernel apply %s: %s", name, error->message);
        if (g_getenv("ZW_TEST_NFT_DUMP") != NULL) {
                /* what the kernel decoded, compared with `nft -f` of the golden by the caller */
                const char *argv[] = { "nft", "list", "ruleset", NULL };
                g_autofree char *out = NULL;
                g_autofree char *path = g_strdup_printf("%s/%s.kernel",
                                                        g_getenv("ZW_TEST_NFT_DUMP"), name);

                if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                  &out, NULL, NULL, &error) ||
                    !g_file_set_contents(path, out, -1, &error))
                        fail_msg("dump %s: %s", name, error->message);
        }
        if (!zw_nft_apply_full(ap, plan, &error) || !zw_nft_remove_all(ap, &error))
                fail_msg("kernel re-apply/remove %s: %s", name, error->message);
}

static void
check_golden(const char *name, const ZwRuntime *rt, const ZwNftOptions *opts)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwNftPlan) plan = zw_nft_compile(rt, opts, &error);
        g_autofree char *text = NULL;
        g_autofree char *path = NULL;
        g_autofree char *expected = NULL;
        const char *top = g_getenv("ZW_TOP_SRCDIR");

        if (plan == NULL)
                fail_msg("compile %s: %s", name, error->message);
        kernel_check(name, plan);
        text = zw_nft_plan_render(plan);
        path = g_strdup_printf("%s/tests/unit/golden/%s.nft", top ? top : ".", name);
        if (g_strcmp0(g_getenv("ZW_TEST_REGENERATE"), "1") == 0) {
                g_assert_true(g_file_set_contents(path, text, -1, NULL));
                return;
        }
        if (!g_file_get_contents(path, &expected, NULL, NULL))
                fail_msg("missing golden %s (run with ZW_TEST_REGENERATE=1)", path);
        if (g_strcmp0(text, expected) != 0) {
                g_printerr("---- %s: got\n%s", name, text);
                fail_msg("golden %s differs", path);
        }
}

static void
test_public(void **state)
{
        Model *m = model_new("public");
        ZwZone *z;

        stock(m);
        z = stock_public(m);
        g_ptr_array_add(z->interfaces, keep("eth0"));
        zone(m, "trusted")->target = keep("ACCEPT");
        check_golden("public", &m->rt, NULL);
}

static void
test_leofs_source(void **state)
{
        Model *m = model_new("public");
        ZwZone *z;
        ZwNftOptions opts;
        g_autoptr(GHashTable) rpc = g_hash_table_new(g_str_hash, g_str_equal);

        stock(m);
        stock_public(m);
        service(m, "leofs-storage", "4369/tcp 9100-9105/tcp 13077/tcp 4010-4014/udp");
        z = zone(m, "leofs");
        g_ptr_array_add(z->services, keep("leofs-storage"));
        g_ptr_array_add(z->services, keep("ssh"));
        g_ptr_array_add(z->sources, keep("10.99.1.0/24"));
        g_ptr_array_add(z->sources, keep("fd99:1::/64"));
        /* a more specific source bound to another zone wins inside 10.99.1.0/24 */
        z = zone(m, "drop");
        z->target = keep("DROP");
        g_ptr_array_add(z->sources, keep("10.99.1.128/25"));
        g_ptr_array_add(z->sources, keep("00:11:22:33:44:55"));
        g_ptr_array_add(z->interfaces, keep("bad+"));
        z = zone(m, "internal");
        g_ptr_array_add(z->interfaces, keep("eth1"));
        g_ptr_array_add(z->interfaces, keep("eth2"));
        g_ptr_array_add(z->ports, port("2049", "tcp"));
        zw_nft_options_init(&opts);
        opts.rpc_ports = rpc;
        g_hash_table_insert(rpc, (gpointer) "leofs", strv("tcp:111", "udp:111", "tcp . 22050",
                                                            NULL));
        check_golden("leofs-source", &m->rt, &opts);
}

static void
test_helpers(void **state)
{
        Model *m = model_new("public");
        ZwZone *z;
        ZwService *s;
        ZwPolicy *p;

        stock(m);
        z = stock_public(m);
        g_ptr_array_add(z->services, keep("ftp"));
        s = service(m, "apimap-svc", "7000-7002/tcp");
        s->destination_ipv4 = keep("10.99.0.0/16");
        g_ptr_array_add(s->includes, keep("tftp"));
        g_ptr_array_add(s->protocols, keep("sctp"));
        g_ptr_array_add(s->source_ports, port("1000", "udp"));
        s = service(m, "irc", "6667/tcp");
        g_ptr_array_add(s->modules, keep("irc"));
        g_ptr_array_add(z->services, keep("apimap-svc"));
        g_ptr_array_add(z->services, keep("irc"));
        /* outbound: the host as FTP client needs the helper on its own connections */
        p = policy(m, "host-ftp", "CONTINUE", -1);
        g_ptr_array_add(p->ingress_zones, keep("HOST"));
        g_ptr_array_add(p->egress_zones, keep("ANY"));
        g_ptr_array_add(p->services, keep("ftp"));
        check_golden("helpers", &m->rt, NULL);
}

static void
test_rich(void **state)
{
        Model *m = model_new("public");
        ZwZone *z;
        ZwRichRule *r;
        ZwIpset *set;

        stock(m);
        z = stock_public(m);
        g_ptr_array_add(z->interfaces, keep("eth0"));
        set = ipset(m, "blocked", "hash:ip");
        g_ptr_array_add(set->entries, keep("10.99.66.1"));
        g_ptr_array_add(set->entries, keep("10.99.66.2"));

        r = rich(z->rules, "ipv4", 0); /* log + accept a service */
        r->source = raddr("10.99.7.0/24", NULL, NULL, FALSE);
        r->element.type = ZW_RICH_ELEMENT_SERVICE;
        r->element.name = keep("mysql");
        r->log.type = ZW_RICH_LOG_LOG;
        r->log.prefix = keep("mysql ");
        r->log.level = keep("info");
        r->log.limit = keep("3/m");
        r->action.type = ZW_RICH_ACTION_ACCEPT;
        r = rich(z->rules, "ipv6", 0); /* reject with type */
        r->source = raddr("fd99::/64", NULL, NULL, FALSE);
        r->element.type = ZW_RICH_ELEMENT_PORT;
        r->element.port = keep("8443");
        r->element.protocol = keep("tcp");
        r->action.type = ZW_RICH_ACTION_REJECT;
        r->action.reject_type = keep("icmp6-adm-prohibited");
        r = rich(z->rules, NULL, -10); /* ipset source, priority < 0 */
        r->source = raddr(NULL, NULL, "blocked", FALSE);
        r->action.type = ZW_RICH_ACTION_DROP;
        r = rich(z->rules, "ipv4", 0); /* NOT source */
        r->source = raddr("10.99.8.0/24", NULL, NULL, TRUE);
        r->element.type = ZW_RICH_ELEMENT_PORT;
        r->element.port = keep("9090");
        r->element.protocol = keep("tcp");
        r->action.type = ZW_RICH_ACTION_DROP;
        r = rich(z->rules, "ipv4", 0); /* tcp reset */
        r->source = raddr("10.99.3.4", NULL, NULL, FALSE);
        r->action.type = ZW_RICH_ACTION_REJECT;
        r->action.reject_type = keep("tcp-reset");
        r = rich(z->rules, NULL, 0); /* nflog + audit, no action */
        r->element.type = ZW_RICH_ELEMENT_PORT;
        r->element.port = keep("9000-9010");
        r->element.protocol = keep("udp");
        r->log.type = ZW_RICH_LOG_NFLOG;
        r->log.prefix = keep("nfl ");
        r->log.group = keep("5");
        r->log.queue_size = keep("10");
        r->audit.enabled = TRUE;
        r = rich(z->rules, "ipv4", 0); /* mark */
        r->source = raddr("10.99.3.3", NULL, NULL, FALSE);
        r->action.type = ZW_RICH_ACTION_MARK;
        r->action.mark_set = keep("0x10/0xff");
        r = rich(z->rules, "ipv4", 0); /* masquerade by source */
        r->source = raddr("10.99.1.0/24", NULL, NULL, FALSE);
        r->element.type = ZW_RICH_ELEMENT_MASQUERADE;
        r = rich(z->rules, "ipv4", 0); /* forward port */
        r->source = raddr("10.99.1.0/24", NULL, NULL, FALSE);
        r->element.type = ZW_RICH_ELEMENT_FORWARD_PORT;
        r->element.port = keep("4443");
        r->element.protocol = keep("tcp");
        r->element.to_port = keep("443");
        r->element.to_addr = keep("10.99.2.2");
        r = rich(z->rules, NULL, 0); /* mss clamp */
        r->element.type = ZW_RICH_ELEMENT_TCP_MSS_CLAMP;
        r = rich(z->rules, "ipv4", 0); /* mac source */
        r->source = raddr(NULL, "00:11:22:33:44:55", NULL, FALSE);
        r->action.type = ZW_RICH_ACTION_ACCEPT;
        r = rich(z->rules, NULL, 0); /* protocol */
        r->element.type = ZW_RICH_ELEMENT_PROTOCOL;
        r->element.name = keep("igmp");
        r->action.type = ZW_RICH_ACTION_ACCEPT;
        r = rich(z->rules, NULL, 0); /* icmp-type with limit */
        r->element.type = ZW_RICH_ELEMENT_ICMP_TYPE;
        r->element.name = keep("echo-request");
        r->action.type = ZW_RICH_ACTION_ACCEPT;
        r->action.limit = keep("10/s");
        r = rich(z->rules, "ipv4", 0); /* icmp-block in a rule */
        r->element.type = ZW_RICH_ELEMENT_ICMP_BLOCK;
        r->element.name = keep("timestamp-request");
        r = rich(z->rules, "ipv4", -20); /* added later, runs before priority -10 */
        r->source = raddr("10.99.66.9", NULL, NULL, FALSE);
        r->action.type = ZW_RICH_ACTION_ACCEPT;
        r = rich(z->rules, "ipv6", 5); /* priority > 0, destination */
        r->destination = raddr("fd99::1", NULL, NULL, FALSE);
        r->element.type = ZW_RICH_ELEMENT_SOURCE_PORT;
        r->element.port = keep("53");
        r->element.protocol = keep("udp");
        r->action.type = ZW_RICH_ACTION_REJECT;
        check_golden("rich", &m->rt, NULL);
}

static void
test_policies(void **state)
{
        Model *m = model_new("public");
        ZwZone *z;
        ZwPolicy *p;
        ZwRichRule *r;
        static const char *const v6[] = { "neighbour-advertisement", "neighbour-solicitation",
                                          "router-advertisement", "redirect" };

        stock(m);
        z = stock_public(m);
        g_ptr_array_add(z->interfaces, keep("eth0"));
        z = zone(m, "internal");
        g_ptr_array_add(z->interfaces, keep("eth1"));
        g_ptr_array_add(z->sources, keep("10.99.5.0/24"));
        zone(m, "dmz"); /* unused: its policy is inactive */
        p = policy(m, "allow-host-ipv6", "CONTINUE", -15000);
        g_ptr_array_add(p->ingress_zones, keep("ANY"));
        g_ptr_array_add(p->egress_zones, keep("HOST"));
        for (guint i = 0; i < G_N_ELEMENTS(v6); i++) {
                r = rich(p->rules, "ipv6", 0);
                r->element.type = ZW_RICH_ELEMENT_ICMP_TYPE;
                r->element.name = keep(v6[i]);
                r->action.type = ZW_RICH_ACTION_ACCEPT;
        }
        p = policy(m, "int-to-pub", "REJECT", -100);
        g_ptr_array_add(p->ingress_zones, keep("internal"));
        g_ptr_array_add(p->egress_zones, keep("public"));
        g_ptr_array_add(p->services, keep("dns"));
        g_ptr_array_add(p->services, keep("https"));
        p->masquerade = TRUE;
        p = policy(m, "int-to-any", "ACCEPT", 100);
        g_ptr_array_add(p->ingress_zones, keep("internal"));
        g_ptr_array_add(p->egress_zones, keep("ANY"));
        p = policy(m, "host-out", "DROP", -5);
        g_ptr_array_add(p->ingress_zones, keep("HOST"));
        g_ptr_array_add(p->egress_zones, keep("public"));
        g_ptr_array_add(p->ports, port("25", "tcp"));
        p->target = keep("CONTINUE");
        p = policy(m, "dmz-in", "DROP", -1);
        g_ptr_array_add(p->ingress_zones, keep("dmz"));
        g_ptr_array_add(p->egress_zones, keep("HOST"));
        check_golden("policies", &m->rt, NULL);
}

static void
test_ipsets(void **state)
{
        Model *m = model_new("public");
        ZwZone *z;
        ZwIpset *s;

        stock(m);
        stock_public(m);
        s = ipset(m, "nodes4", "hash:ip");
        for (int i = 1; i <= 5; i++) {
                g_autofree char *e = g_strdup_printf("10.99.9.%d", i);

                g_ptr_array_add(s->entries, keep(e));
        }
        g_ptr_array_add(s->entries, keep("10.99.10.0/24"));
        s = ipset(m, "nets6", "hash:net");
        ipset_option(s, "family", "inet6");
        g_ptr_array_add(s->entries, keep("fd99:2::/64"));
        s = ipset(m, "macs", "hash:mac");
        g_ptr_array_add(s->entries, keep("00:11:22:33:44:66"));
        s = ipset(m, "temp", "hash:ip");
        ipset_option(s, "timeout", "600");
        ipset_option(s, "maxelem", "65536");
        g_ptr_array_add(s->entries, keep("10.99.9.200")); /* ignored with a timeout */
        s = ipset(m, "svc", "hash:ip,port");
        g_ptr_array_add(s->entries, keep("10.99.9.1,tcp:80"));
        g_ptr_array_add(s->entries, keep("10.99.9.2,udp:53"));
        z = zone(m, "cluster");
        g_ptr_array_add(z->sources, keep("ipset:nodes4"));
        g_ptr_array_add(z->sources, keep("ipset:nets6"));
        g_ptr_array_add(z->sources, keep("ipset:macs"));
        g_ptr_array_add(z->ports, port("7000-7100", "tcp"));
        check_golden("ipsets", &m->rt, NULL);
}

static void
test_nat(void **state)
{
        Model *m = model_new("public");
        ZwZone *z;

        stock(m);
        z = stock_public(m);
        g_ptr_array_add(z->interfaces, keep("veth-out"));
        z->masquerade = TRUE;
        g_ptr_array_add(z->forward_ports, fwd_port("2222", "tcp", "22", "10.99.0.2"));
        g_ptr_array_add(z->forward_ports, fwd_port("8081", "tcp", "80", ""));
        g_ptr_array_add(z->forward_ports, fwd_port("5353", "udp", "53", "fd99::53"));
        g_ptr_array_add(z->icmp_blocks, keep("timestamp-request"));
        g_ptr_array_add(z->icmp_blocks, keep("echo-request"));
        z = zone(m, "internal");
        g_ptr_array_add(z->interfaces, keep("veth-in"));
        z->icmp_block_inversion = TRUE;
        g_ptr_array_add(z->icmp_blocks, keep("echo-request"));
        g_ptr_array_add(z->protocols, keep("gre"));
        g_ptr_array_add(z->source_ports, port("68", "udp"));
        check_golden("nat", &m->rt, NULL);
}

static void
test_log_denied(void **state)
{
        Model *m = model_new("block");
        ZwZone *z;
        ZwNftOptions opts;

        stock(m);
        z = zone(m, "block");
        z->target = keep("%%REJECT%%");
        z = zone(m, "drop");
        z->target = keep("DROP");
        g_ptr_array_add(z->interfaces, keep("eth9"));
        z = stock_public(m);
        g_ptr_array_add(z->interfaces, keep("eth0"));
        g_ptr_array_add(z->icmp_blocks, keep("echo-request"));
        m->rt.log_denied = keep("unicast");
        zw_nft_options_init(&opts);
        opts.ipv6_rpfilter = FALSE;
        opts.rfc3964_ipv4 = TRUE;
        check_golden("log-denied", &m->rt, &opts);
}

/* firewalld#439 and the seed's nf_conntrack_log_invalid: LogDenied off, but
 * ConntrackLogInvalid=yes logs every invalid packet, at a LogDeniedLimit of our choosing */
static void
test_log_invalid(void **state)
{
        Model *m = model_new("public");
        g_autoptr(ZwConf) conf =
                zw_conf_parse("ConntrackLogInvalid=yes\nLogDeniedLimit=20/minute burst 3\n", NULL);
        ZwZone *z;

        stock(m);
        z = stock_public(m);
        g_ptr_array_add(z->interfaces, keep("eth0"));
        m->rt.log_denied = keep("off");
        m->tree.conf = conf;
        check_golden("log-invalid", &m->rt, NULL);
        m->tree.conf = NULL;
}

/* LogDeniedLimit=off: firewalld's unlimited log rules */
static void
test_log_denied_unlimited(void **state)
{
        Model *m = model_new("drop");
        g_autoptr(ZwConf) conf = zw_conf_parse("LogDeniedLimit=off\n", NULL);
        g_autoptr(ZwNftPlan) plan = NULL;
        g_autofree char *text = NULL;
        ZwZone *z;

        stock(m);
        z = zone(m, "drop");
        z->target = keep("DROP");
        m->rt.log_denied = keep("all");
        m->tree.conf = conf;
        plan = zw_nft_compile(&m->rt, NULL, NULL);
        m->tree.conf = NULL;
        assert_non_null(plan);
        text = zw_nft_plan_render(plan);
        assert_non_null(strstr(text, "\t\tlog prefix \"filter_IN_drop_DROP: \"\n"));
        assert_null(strstr(text, "limit rate"));
}

static void
test_panic(void **state)
{
        g_autoptr(ZwNftPlan) plan = zw_nft_panic_plan("zonewall");
        g_autofree char *text = zw_nft_plan_render(plan);
        g_autofree char *path = NULL;
        g_autofree char *expected = NULL;
        const char *top = g_getenv("ZW_TOP_SRCDIR");

        kernel_check("panic", plan);
        path = g_strdup_printf("%s/tests/unit/golden/panic.nft", top ? top : ".");
        if (g_strcmp0(g_getenv("ZW_TEST_REGENERATE"), "1") == 0) {
                g_assert_true(g_file_set_contents(path, text, -1, NULL));
                return;
        }
        assert_true(g_file_get_contents(path, &expected, NULL, NULL));
        assert_string_equal(text, expected);
}

static void
test_errors(void **state)
{
        Model *m = model_new("public");
        ZwZone *z;
        ZwService *s;
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwNftPlan) plan = NULL;

        z = zone(m, "public");
        s = service(m, "nohelper", "99/tcp");
        g_ptr_array_add(s->helpers, keep("missing"));
        g_ptr_array_add(z->services, keep("nohelper"));
        plan = zw_nft_compile(&m->rt, NULL, &error);
        assert_null(plan);
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_INVALID_HELPER));
        g_clear_error(&error);

        m->rt.default_zone = keep("nosuch");
        plan = zw_nft_compile(&m->rt, NULL, &error);
        assert_null(plan);
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_INVALID_ZONE));
}

static void
test_values(void **state)
{
        ZwNftValue v;
        g_autofree char *a = NULL;
        g_autofree char *b = NULL;
        g_autofree char *c = NULL;
        g_autofree char *d = NULL;

        assert_true(zw_nft_value_parse(ZW_NFT_T_IPV4, "10.1.2.3/255.255.0.0", &v));
        a = zw_nft_value_to_string(&v);
        assert_string_equal(a, "10.1.0.0/16");
        assert_true(zw_nft_value_parse(ZW_NFT_T_IPV6, "fd99::1/64", &v));
        b = zw_nft_value_to_string(&v);
        assert_string_equal(b, "fd99::/64");
        assert_true(zw_nft_value_parse(ZW_NFT_T_SERVICE, "5000-5010", &v));
        c = zw_nft_value_to_string(&v);
        assert_string_equal(c, "5000-5010");
        assert_true(zw_nft_value_parse(ZW_NFT_T_IFNAME, "eth+", &v));
        d = zw_nft_value_to_string(&v);
        assert_string_equal(d, "\"eth*\"");
        assert_false(zw_nft_value_parse(ZW_NFT_T_SERVICE, "70000", &v));
        assert_true(zw_nft_value_parse(ZW_NFT_T_SERVICE, "90-80", &v));
        assert_int_equal(v.lo[1], 80);
        assert_int_equal(v.hi[1], 90);
        assert_false(zw_nft_value_parse(ZW_NFT_T_IPV4, "10.0.0.0/33", &v));
        assert_false(zw_nft_value_parse(ZW_NFT_T_IFNAME, "a-very-long-interface", &v));
}

/* O(1) data plane: opening more ports adds set elements, never rules */
static void
test_ports_are_elements(void **state)
{
        Model *m = model_new("public");
        ZwZone *z;
        g_autoptr(ZwNftPlan) few = NULL;
        g_autoptr(ZwNftPlan) many = NULL;
        guint rules_few = 0, rules_many = 0;
        ZwNftTable *t;

        z = zone(m, "public");
        g_ptr_array_add(z->ports, port("22", "tcp"));
        few = zw_nft_compile(&m->rt, NULL, NULL);
        for (guint i = 0; i < 1000; i++) {
                g_autofree char *p = g_strdup_printf("%u", 10000 + i * 2);

                g_ptr_array_add(z->ports, port(p, i % 2 ? "udp" : "tcp"));
        }
        many = zw_nft_compile(&m->rt, NULL, NULL);
        assert_non_null(few);
        assert_non_null(many);
        t = g_ptr_array_index(few->tables, 0);
        for (guint i = 0; i < t->chains->len; i++)
                rules_few += ((ZwNftChain *)g_ptr_array_index(t->chains, i))->rules->len;
        t = g_ptr_array_index(many->tables, 0);
        for (guint i = 0; i < t->chains->len; i++)
                rules_many += ((ZwNftChain *)g_ptr_array_index(t->chains, i))->rules->len;
        assert_int_equal(rules_few, rules_many);
        assert_int_equal(zw_nft_table_get_set(t, "zone_public_ports")->elems->len, 1001);
}

/* the same compiler on a model built with core's own constructors and rich-rule parser */
static void
test_core_model(void **state)
{
        g_autoptr(ZwTree) tree = zw_tree_new();
        g_autoptr(ZwRuntime) rt = NULL;
        g_autoptr(ZwNftPlan) plan = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *text = NULL;
        ZwZone *z = zw_zone_new("public");
        ZwService *svc = zw_service_new("ssh");
        ZwRichRule *rule;

        g_ptr_array_add(svc->ports, zw_port_new("22", "tcp"));
        zw_tree_insert(tree, svc);
        g_ptr_array_add(z->services, g_strdup("ssh"));
        g_ptr_array_add(z->ports, zw_port_new("9000-9002", "udp"));
        g_ptr_array_add(z->interfaces, g_strdup("eth0"));
        rule = zw_rich_rule_parse("rule family=\"ipv4\" source address=\"10.99.0.0/16\" "
                                  "port port=\"8443\" protocol=\"tcp\" reject "
                                  "type=\"tcp-reset\"",
                                  &error);
        assert_non_null(rule);
        g_ptr_array_add(z->rules, rule);
        zw_tree_insert(tree, z);
        rt = zw_runtime_new(tree);
        plan = zw_nft_compile(rt, NULL, &error);
        assert_non_null(plan);
        text = zw_nft_plan_render(plan);
        assert_non_null(strstr(text, "elements = { tcp . 22,\n\t\t\t     udp . 9000,"));
        assert_non_null(strstr(text, "meta l4proto tcp ip saddr 10.99.0.0/16 tcp dport 8443 "
                                     "counter name \"zone.public.rule."));
        assert_non_null(strstr(text, "\" reject with tcp reset"));
        assert_non_null(strstr(text, "\"eth0\" : goto filter_IN_public"));
}

/* Every pair of case plans A -> B: a diff from A leaves the kernel exactly as a fresh full
 * apply of B does (runs last; needs the plans collected by kernel_check). */
static void
test_kernel_diffs(void **state)
{
        if (g_strcmp0(g_getenv("ZW_TEST_NFT_APPLY"), "1") != 0 ||
            g_getenv("ZW_TEST_NFT_DUMP") != NULL)
                return;
        for (guint i = 0; i < kernel_plans->len; i++) {
                for (guint j = 0; j < kernel_plans->len; j++) {
                        const ZwNftPlan *a = g_ptr_array_index(kernel_plans, i);
                        const ZwNftPlan *b = g_ptr_array_index(kernel_plans, j);
                        g_autoptr(GError) error = NULL;
                        g_autoptr(ZwNftApplier) ap = zw_nft_applier_new("zonewall", &error);
                        g_autoptr(ZwNftApplier) fresh = zw_nft_applier_new("zonewall", &error);
                        g_autofree char *via_diff = NULL;
                        g_autofree char *via_full = NULL;
                        guint64 before;

                        assert_non_null(ap);
                        assert_non_null(fresh);
                        if (!zw_nft_apply_full(ap, a, &error))
                                fail_msg("full %s: %s", (char *)g_ptr_array_index(kernel_names, i),
                                         error->message);
                        before = zw_nft_applier_transactions(ap);
                        if (!zw_nft_apply_diff(ap, a, b, &error))
                                fail_msg("diff %s -> %s: %s",
                                         (char *)g_ptr_array_index(kernel_names, i),
                                         (char *)g_ptr_array_index(kernel_names, j),
                                         error->message);
                        assert_true(zw_nft_applier_transactions(ap) - before <= 1);
                        {
                                g_autofree char *raw = kernel_ruleset();

                                via_diff = normalize_ruleset(raw);
                        }
                        assert_true(zw_nft_remove_all(ap, &error));
                        assert_true(zw_nft_apply_full(fresh, b, &error));
                        {
                                g_autofree char *raw = kernel_ruleset();

                                via_full = normalize_ruleset(raw);
                        }
                        assert_true(zw_nft_remove_all(fresh, &error));
                        if (g_strcmp0(via_diff, via_full) != 0) {
                                g_printerr("---- diff %s -> %s gave\n%s\n---- full gave\n%s",
                                           (char *)g_ptr_array_index(kernel_names, i),
                                           (char *)g_ptr_array_index(kernel_names, j), via_diff,
                                           via_full);
                                fail_msg("diff and full apply differ");
                        }
                }
        }
}

static int
setup(void **state)
{
        model_begin();
        return 0;
}

static int
teardown(void **state)
{
        model_end();
        return 0;
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_values, setup, teardown),
                cmocka_unit_test_setup_teardown(test_public, setup, teardown),
                cmocka_unit_test_setup_teardown(test_leofs_source, setup, teardown),
                cmocka_unit_test_setup_teardown(test_helpers, setup, teardown),
                cmocka_unit_test_setup_teardown(test_rich, setup, teardown),
                cmocka_unit_test_setup_teardown(test_policies, setup, teardown),
                cmocka_unit_test_setup_teardown(test_ipsets, setup, teardown),
                cmocka_unit_test_setup_teardown(test_nat, setup, teardown),
                cmocka_unit_test_setup_teardown(test_log_denied, setup, teardown),
                cmocka_unit_test_setup_teardown(test_log_invalid, setup, teardown),
                cmocka_unit_test_setup_teardown(test_log_denied_unlimited, setup, teardown),
                cmocka_unit_test_setup_teardown(test_panic, setup, teardown),
                cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
                cmocka_unit_test_setup_teardown(test_ports_are_elements, setup, teardown),
                cmocka_unit_test_setup_teardown(test_core_model, setup, teardown),
                cmocka_unit_test(test_kernel_diffs),
        };

        int rc;

        kernel_plans = g_ptr_array_new_with_free_func((GDestroyNotify)zw_nft_plan_free);
        kernel_names = g_ptr_array_new_with_free_func(g_free);
        rc = cmocka_run_group_tests(tests, NULL, NULL);
        g_ptr_array_unref(kernel_plans);
        g_ptr_array_unref(kernel_names);
        return rc;
}
