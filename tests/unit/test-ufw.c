/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-ufw.c: services turned into UFW application profiles, and the loss reports */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/error.h"
#include "ufw/advice.h"
#include "ufw/profile.h"

/* The profile code only reads a service; tests build one by hand so they depend on the model's
 * layout (core/service.h), not on its constructors. */
static void
port_free(gpointer p)
{
        ZwPort *port = p;

        g_free(port->port);
        g_free(port->protocol);
        g_free(port);
}

static ZwPort *
port_new(const char *port, const char *protocol)
{
        ZwPort *p = g_new0(ZwPort, 1);

        p->port = g_strdup(port);
        p->protocol = g_strdup(protocol);
        return p;
}

static void
svc_free(ZwService *s)
{
        g_free(s->info.name);
        g_free(s->info.short_desc);
        g_free(s->info.description);
        g_ptr_array_unref(s->ports);
        g_ptr_array_unref(s->protocols);
        g_ptr_array_unref(s->source_ports);
        g_ptr_array_unref(s->modules);
        g_ptr_array_unref(s->includes);
        g_ptr_array_unref(s->helpers);
        g_free(s->destination_ipv4);
        g_free(s->destination_ipv6);
        g_free(s);
}

typedef ZwService TestSvc;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TestSvc, svc_free)

static ZwService *
svc_new(const char *name, const char *short_desc, const char *description)
{
        ZwService *s = g_new0(ZwService, 1);

        s->info.kind = ZW_KIND_SERVICE;
        s->info.name = g_strdup(name);
        s->info.short_desc = g_strdup(short_desc);
        s->info.description = g_strdup(description);
        s->ports = g_ptr_array_new_with_free_func(port_free);
        s->protocols = g_ptr_array_new_with_free_func(g_free);
        s->source_ports = g_ptr_array_new_with_free_func(port_free);
        s->modules = g_ptr_array_new_with_free_func(g_free);
        s->includes = g_ptr_array_new_with_free_func(g_free);
        s->helpers = g_ptr_array_new_with_free_func(g_free);
        return s;
}

static void
svc_port(ZwService *s, const char *port, const char *protocol)
{
        g_ptr_array_add(s->ports, port_new(port, protocol));
}

static char *
ports_of(const ZwUfwProfile *p)
{
        g_autoptr(GString) s = g_string_new(NULL);

        for (guint i = 0; i < p->entries->len; i++)
                g_string_append_printf(s, "%s%s", i > 0 ? "|" : "",
                                       (const char *) g_ptr_array_index(p->entries, i));
        return g_string_free(g_steal_pointer(&s), FALSE);
}

static guint
count_reports(const ZwUfwProfile *p, ZwUfwLoss kind)
{
        guint n = 0;

        for (guint i = 0; i < p->reports->len; i++) {
                const ZwUfwReport *r = g_ptr_array_index(p->reports, i);

                if (r->kind == kind)
                        n++;
        }
        return n;
}

static const char *
report_text(const ZwUfwProfile *p, ZwUfwLoss kind)
{
        for (guint i = 0; i < p->reports->len; i++) {
                const ZwUfwReport *r = g_ptr_array_index(p->reports, i);

                if (r->kind == kind)
                        return r->message;
        }
        return NULL;
}

static gboolean
etc_services(const char *name, gpointer data)
{
        const char *const reserved[] = { "epmd", "nfs", "ssh", "sunrpc", NULL };

        return g_strv_contains(reserved, name);
}

static void
test_simple(void **state)
{
        g_autoptr(TestSvc) s = svc_new("leofs-storage", "LeoFS Storage",
                                         "LeoFS storage node:\n  epmd and leo_rpc.");
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwUfwProfile) p = NULL;
        g_autofree char *ports = NULL;
        g_autofree char *text = NULL;

        svc_port(s, "13077", "tcp");
        svc_port(s, "4369", "tcp");
        svc_port(s, "4010", "udp");
        svc_port(s, "4369", "tcp"); /* duplicates collapse */
        p = zw_ufw_profile_new(s, NULL, &error);
        assert_non_null(p);
        assert_null(error);
        ports = ports_of(p);
        assert_string_equal(p->name, "leofs-storage");
        assert_string_equal(p->title, "LeoFS Storage");
        assert_string_equal(ports, "4369,13077/tcp|4010/udp");
        assert_int_equal(p->reports->len, 0);
        assert_string_equal(p->description, "LeoFS storage node: epmd and leo_rpc. "
                                            "From firewalld service leofs-storage (zonewall).");
        text = zw_ufw_profile_to_text(p);
        assert_non_null(strstr(text, "\n[leofs-storage]\ntitle=LeoFS Storage\n"));
        assert_non_null(strstr(text, "\nports=4369,13077/tcp|4010/udp\n"));
        /* no inline comments, no continuation lines: every line is a comment or key=value */
        {
                g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

                for (guint i = 0; lines[i] != NULL; i++) {
                        const char *l = lines[i];

                        if (*l == '\0' || *l == '#' || *l == '[')
                                continue;
                        assert_true(g_ascii_isalpha(*l));
                        assert_non_null(strchr(l, '='));
                        assert_null(strstr(l, " #"));
                }
        }
}

static void
test_long_list_split(void **state)
{
        g_autoptr(TestSvc) s = svc_new("many", "Many", NULL);
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwUfwProfile) p = NULL;
        g_autofree char *ports = NULL;

        for (guint i = 1; i <= 20; i++) {
                g_autofree char *n = g_strdup_printf("%u", 1000 + i);

                svc_port(s, n, "tcp");
        }
        p = zw_ufw_profile_new(s, NULL, &error);
        assert_non_null(p);
        ports = ports_of(p);
        assert_int_equal(p->entries->len, 2);
        assert_string_equal(g_ptr_array_index(p->entries, 0),
                            "1001,1002,1003,1004,1005,1006,1007,1008,1009,1010,1011,1012,1013,"
                            "1014,1015/tcp");
        assert_string_equal(g_ptr_array_index(p->entries, 1), "1016,1017,1018,1019,1020/tcp");
}

static void
test_ranges(void **state)
{
        g_autoptr(TestSvc) s = svc_new("vz-vnc", "VNC", NULL);
        g_autoptr(TestSvc) r = svc_new("ranges", "Ranges", NULL);
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwUfwProfile) p = NULL;
        g_autoptr(ZwUfwProfile) q = NULL;
        g_autofree char *ports = NULL;

        svc_port(s, "5700-6900", "tcp");
        p = zw_ufw_profile_new(s, NULL, &error);
        assert_non_null(p);
        ports = ports_of(p);
        assert_string_equal(ports, "5700:6900/tcp"); /* a range always carries its protocol */

        /* a range counts as two ports: 7 ranges + 1 port fill an entry of 15 */
        for (guint i = 0; i < 8; i++) {
                g_autofree char *n = g_strdup_printf("%u-%u", 100 * (i + 1), 100 * (i + 1) + 5);

                svc_port(r, n, "udp");
        }
        svc_port(r, "50", "udp");
        q = zw_ufw_profile_new(r, NULL, &error);
        assert_non_null(q);
        assert_int_equal(q->entries->len, 2);
        assert_string_equal(g_ptr_array_index(q->entries, 0),
                            "50,100:105,200:205,300:305,400:405,500:505,600:605,700:705/udp");
        assert_string_equal(g_ptr_array_index(q->entries, 1), "800:805/udp");
}

static void
test_tcp_udp(void **state)
{
        g_autoptr(TestSvc) s = svc_new("leofs-gateway-nfs", "LeoFS Gateway (NFS)", NULL);
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwUfwProfile) p = NULL;
        g_autofree char *ports = NULL;

        svc_port(s, "111", "tcp");
        svc_port(s, "111", "udp");
        svc_port(s, "2049", "tcp");
        svc_port(s, "4000", "udp");
        svc_port(s, "9000-9010", "tcp");
        svc_port(s, "9000-9010", "udp");
        p = zw_ufw_profile_new(s, NULL, &error);
        assert_non_null(p);
        ports = ports_of(p);
        /* a single port on both protocols is ufw's bare "N"; a range needs one entry each */
        assert_string_equal(ports, "2049,9000:9010/tcp|4000,9000:9010/udp|111");
}

static void
test_etc_services(void **state)
{
        g_autoptr(TestSvc) s = svc_new("epmd", "Erlang port mapper", NULL);
        g_autoptr(TestSvc) n = svc_new("1234", "Numeric", NULL);
        g_autoptr(TestSvc) a = svc_new("all", "All", NULL);
        g_autoptr(TestSvc) l = svc_new(NULL, "Long", NULL);
        ZwUfwContext ctx = { .reserved = etc_services };
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwUfwProfile) p = NULL;
        g_autoptr(ZwUfwProfile) pn = NULL;
        g_autoptr(ZwUfwProfile) pa = NULL;
        g_autoptr(ZwUfwProfile) pl = NULL;

        l->info.name = g_strnfill(70, 'x');
        svc_port(s, "4369", "tcp");
        svc_port(n, "1234", "tcp");
        svc_port(a, "1", "tcp");
        svc_port(l, "2", "tcp");
        p = zw_ufw_profile_new(s, &ctx, &error);
        assert_non_null(p);
        assert_string_equal(p->name, "epmd" ZW_UFW_RENAME_SUFFIX);
        assert_int_equal(count_reports(p, ZW_UFW_LOSS_RENAMED), 1);
        assert_non_null(strstr(report_text(p, ZW_UFW_LOSS_RENAMED), "/etc/services"));
        assert_true(zw_ufw_name_is_valid(p->name));
        /* the description still names the firewalld service */
        assert_non_null(strstr(p->description, "firewalld service epmd"));

        pn = zw_ufw_profile_new(n, &ctx, &error);
        assert_string_equal(pn->name, "1234" ZW_UFW_RENAME_SUFFIX);
        pa = zw_ufw_profile_new(a, &ctx, &error);
        assert_string_equal(pa->name, "all" ZW_UFW_RENAME_SUFFIX);
        pl = zw_ufw_profile_new(l, &ctx, &error);
        assert_int_equal(strlen(pl->name), ZW_UFW_NAME_MAX);
        assert_int_equal(count_reports(pl, ZW_UFW_LOSS_RENAMED), 1);

        assert_false(zw_ufw_name_is_valid("all"));
        assert_false(zw_ufw_name_is_valid("1_000"));
        assert_false(zw_ufw_name_is_valid("+5"));
        assert_false(zw_ufw_name_is_valid("-x"));
        assert_false(zw_ufw_name_is_valid("a/b"));
        assert_true(zw_ufw_name_is_valid("9leading-digit"));
        assert_true(zw_ufw_name_is_valid("LeoFS Manager 1.4+"));
}

static void
test_only_helpers(void **state)
{
        g_autoptr(TestSvc) s = svc_new("ftp-client-helper", "FTP helper", NULL);
        g_autoptr(GHashTable) helpers = g_hash_table_new(g_str_hash, g_str_equal);
        ZwHelper ftp = { .module = (char *) "nf_conntrack_ftp" };
        g_autoptr(GPtrArray) hports = g_ptr_array_new_with_free_func(port_free);
        ZwUfwContext ctx = { .helpers = helpers };
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwUfwProfile) p = NULL;

        g_ptr_array_add(hports, port_new("21", "tcp"));
        ftp.ports = hports;
        g_hash_table_insert(helpers, (gpointer) "ftp", &ftp);
        g_ptr_array_add(s->helpers, g_strdup("ftp"));
        g_ptr_array_add(s->modules, g_strdup("tftp"));
        p = zw_ufw_profile_new(s, &ctx, &error);
        assert_non_null(p);
        assert_null(error);
        assert_int_equal(p->entries->len, 0);
        assert_null(zw_ufw_profile_to_text(p));
        assert_int_equal(count_reports(p, ZW_UFW_LOSS_HELPER), 1);
        assert_int_equal(count_reports(p, ZW_UFW_LOSS_MODULE), 1);
        assert_int_equal(count_reports(p, ZW_UFW_LOSS_NO_PORTS), 1);
        assert_string_equal(report_text(p, ZW_UFW_LOSS_HELPER),
                            "conntrack helper ftp (nf_conntrack_ftp on 21/tcp) is not attached by "
                            "ufw");
}

static void
test_rpc(void **state)
{
        g_autoptr(TestSvc) s = svc_new("leofs-gateway-nfs", "LeoFS NFS gateway", "NFS mode.");
        g_autoptr(GHashTable) rpc = g_hash_table_new(g_str_hash, g_str_equal);
        ZwUfwContext ctx = { .rpc = rpc };
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwUfwProfile) p = NULL;
        g_autofree char *ports = NULL;

        g_hash_table_insert(rpc, (gpointer) "leofs-gateway-nfs",
                            (gpointer) "mountd (100005), nlockmgr (100021) over tcp");
        svc_port(s, "2049", "tcp");
        svc_port(s, "22050", "tcp");
        p = zw_ufw_profile_new(s, &ctx, &error);
        assert_non_null(p);
        ports = ports_of(p);
        /* the fixed fallback ports stay; the programs are reported and described */
        assert_string_equal(ports, "2049,22050/tcp");
        assert_int_equal(count_reports(p, ZW_UFW_LOSS_RPC), 1);
        assert_non_null(strstr(p->description,
                               "NFS mode. Not in UFW: RPC programs mountd (100005), "
                               "nlockmgr (100021) over tcp: their ports come from rpcbind"));
}

static void
test_includes_and_losses(void **state)
{
        g_autoptr(TestSvc) top = svc_new("leofs-node", "LeoFS node", NULL);
        g_autoptr(TestSvc) epmd = svc_new("leofs-epmd", "epmd", NULL);
        g_autoptr(GHashTable) services = g_hash_table_new(g_str_hash, g_str_equal);
        ZwUfwContext ctx = { .services = services };
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwUfwProfile) p = NULL;
        g_autofree char *ports = NULL;

        g_hash_table_insert(services, top->info.name, top);
        g_hash_table_insert(services, epmd->info.name, epmd);
        svc_port(top, "13077", "tcp");
        svc_port(top, "9", "sctp");
        g_ptr_array_add(top->protocols, g_strdup("gre"));
        g_ptr_array_add(top->source_ports, port_new("68", "udp"));
        top->destination_ipv4 = g_strdup("10.0.0.1");
        g_ptr_array_add(top->includes, g_strdup("leofs-epmd"));
        g_ptr_array_add(top->includes, g_strdup("nosuch"));
        svc_port(epmd, "4369", "tcp");
        g_ptr_array_add(epmd->includes, g_strdup("leofs-node")); /* a cycle is followed once */
        g_ptr_array_add(epmd->helpers, g_strdup("ftp"));
        p = zw_ufw_profile_new(top, &ctx, &error);
        assert_non_null(p);
        ports = ports_of(p);
        assert_string_equal(ports, "4369,13077/tcp");
        assert_int_equal(count_reports(p, ZW_UFW_LOSS_INCLUDE), 1);
        assert_int_equal(count_reports(p, ZW_UFW_LOSS_INCLUDE_MISSING), 1);
        assert_int_equal(count_reports(p, ZW_UFW_LOSS_PROTOCOL), 2);
        assert_int_equal(count_reports(p, ZW_UFW_LOSS_SOURCE_PORT), 1);
        assert_int_equal(count_reports(p, ZW_UFW_LOSS_DESTINATION), 1);
        assert_int_equal(count_reports(p, ZW_UFW_LOSS_HELPER), 1);
        assert_string_equal(report_text(p, ZW_UFW_LOSS_HELPER),
                            "included service 'leofs-epmd': conntrack helper ftp is not attached "
                            "by ufw");
        assert_non_null(strstr(p->description, "destination 10.0.0.1"));
}

static void
test_long_description(void **state)
{
        g_autofree char *prose = g_strnfill(3000, 'a');
        g_autoptr(TestSvc) s = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwUfwProfile) p = NULL;

        for (guint i = 10; i < 3000; i += 10)
                prose[i] = ' ';
        s = svc_new("wordy", "Wordy \xe2\x80\x93 service", prose); /* en dash */
        svc_port(s, "1", "tcp");
        g_ptr_array_add(s->helpers, g_strdup("ftp"));
        p = zw_ufw_profile_new(s, NULL, &error);
        assert_non_null(p);
        assert_true(strlen(p->description) <= ZW_UFW_VALUE_MAX);
        assert_non_null(strstr(p->description, "... Not in UFW: conntrack helper ftp"));
        assert_int_equal(count_reports(p, ZW_UFW_LOSS_TRUNCATED), 1);
        assert_string_equal(p->title, "Wordy - service");
}

static void
test_bad_ports(void **state)
{
        g_autoptr(TestSvc) s = svc_new("odd", NULL, NULL);
        g_autoptr(TestSvc) big = svc_new("big", NULL, NULL);
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwUfwProfile) p = NULL;
        g_autoptr(ZwUfwProfile) q = NULL;

        svc_port(s, "0", "tcp");
        svc_port(s, "ssh", "tcp");
        svc_port(s, "7", "udp");
        p = zw_ufw_profile_new(s, NULL, &error);
        assert_non_null(p);
        assert_string_equal(p->title, "odd");
        assert_int_equal(p->entries->len, 1);
        assert_int_equal(count_reports(p, ZW_UFW_LOSS_PORT), 2);

        /* more than ufw's 1024 characters of ports= */
        for (guint i = 0; i < 800; i += 2) {
                g_autofree char *n = g_strdup_printf("%u", 10000 + i);

                svc_port(big, n, "tcp");
        }
        q = zw_ufw_profile_new(big, NULL, &error);
        assert_null(q);
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_INVALID_PORT));
}

static GPtrArray *
strv_array(const char *const *v)
{
        GPtrArray *a = g_ptr_array_new_with_free_func(g_free);

        for (; v != NULL && *v != NULL; v++)
                g_ptr_array_add(a, g_strdup(*v));
        return a;
}

static gboolean
has_line(GPtrArray *lines, const char *line)
{
        for (guint i = 0; i < lines->len; i++) {
                if (strcmp(g_ptr_array_index(lines, i), line) == 0)
                        return TRUE;
        }
        return FALSE;
}

static gboolean
has_report(GPtrArray *reports, const char *needle)
{
        for (guint i = 0; i < reports->len; i++) {
                const ZwUfwReport *r = g_ptr_array_index(reports, i);

                if (strstr(r->message, needle) != NULL)
                        return TRUE;
        }
        return FALSE;
}

static void
test_zone_advice(void **state)
{
        const char *const sources[] = { "10.99.0.0/24", "ipset:peers", "52:54:00:12:34:56",
                                        NULL };
        const char *const ifaces[] = { "eth1", NULL };
        const char *const services[] = { "leofs-storage", "ssh", NULL };
        g_autoptr(GPtrArray) src = strv_array(sources);
        g_autoptr(GPtrArray) ifs = strv_array(ifaces);
        g_autoptr(GPtrArray) svcs = strv_array(services);
        g_autoptr(GPtrArray) ports = g_ptr_array_new_with_free_func(port_free);
        g_autoptr(GPtrArray) rules = g_ptr_array_new();
        g_autoptr(GHashTable) profiles = g_hash_table_new(g_str_hash, g_str_equal);
        g_autoptr(GPtrArray) cmds = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GPtrArray) reports =
                g_ptr_array_new_with_free_func((GDestroyNotify) zw_ufw_report_free);
        ZwZone zone = { .info = { .kind = ZW_KIND_ZONE, .name = (char *) "leofs" },
                        .target = (char *) "DROP", .services = svcs, .ports = ports,
                        .rules = rules, .interfaces = ifs, .sources = src,
                        .masquerade = TRUE };

        g_ptr_array_add(ports, port_new("9100-9105", "tcp"));
        g_ptr_array_add(ports, port_new("9", "sctp"));
        g_ptr_array_add(rules, NULL);
        g_hash_table_insert(profiles, (gpointer) "leofs-storage", (gpointer) "leofs-storage");
        zw_ufw_zone_advise(&zone, profiles, NULL, cmds, reports);
        assert_true(has_line(cmds, "ufw allow from 10.99.0.0/24 to any app leofs-storage"));
        assert_true(has_line(cmds, "ufw allow from 10.99.0.0/24 to any port 9100:9105 proto tcp"));
        assert_true(has_line(cmds, "ufw allow in on eth1 to any app leofs-storage"));
        assert_true(has_line(cmds, "ufw allow in on eth1 to any port 9100:9105 proto tcp"));
        /* the catch-all of the target comes after every allow: ufw takes the first match */
        assert_string_equal(g_ptr_array_index(cmds, cmds->len - 2), "ufw deny from 10.99.0.0/24");
        assert_string_equal(g_ptr_array_index(cmds, cmds->len - 1), "ufw deny in on eth1");
        assert_int_equal(cmds->len, 6);
        assert_true(has_report(reports, "ipset:peers"));
        assert_true(has_report(reports, "52:54:00:12:34:56"));
        assert_true(has_report(reports, "service ssh has no UFW profile and is not among"));
        assert_true(has_report(reports, "port 9/sctp"));
        assert_true(has_report(reports, "masquerading"));
        assert_true(has_report(reports, "1 rich rule(s)"));

        /* no sources or interfaces: never "ufw default allow incoming" for target ACCEPT */
        g_ptr_array_set_size(src, 0);
        g_ptr_array_set_size(ifs, 0);
        g_ptr_array_set_size(cmds, 0);
        g_ptr_array_set_size(reports, 0);
        zone.target = (char *) "ACCEPT";
        zw_ufw_zone_advise(&zone, profiles, NULL, cmds, reports);
        assert_int_equal(cmds->len, 2);
        assert_string_equal(g_ptr_array_index(cmds, 0), "ufw allow leofs-storage");
        assert_string_equal(g_ptr_array_index(cmds, 1), "ufw allow 9100:9105/tcp");
        assert_true(has_report(reports, "target ACCEPT: with no sources or interfaces"));
}

static void
test_policy_advice(void **state)
{
        const char *const in[] = { "HOST", NULL };
        const char *const out[] = { "ANY", NULL };
        const char *const services[] = { "vz-dispatcher", "ftp", NULL };
        g_autoptr(TestSvc) ftp = svc_new("ftp", "FTP", NULL);
        g_autoptr(GHashTable) services_known = g_hash_table_new(g_str_hash, g_str_equal);
        g_autoptr(GPtrArray) ingress = strv_array(in);
        g_autoptr(GPtrArray) egress = strv_array(out);
        g_autoptr(GPtrArray) svcs = strv_array(services);
        g_autoptr(GPtrArray) ports = g_ptr_array_new_with_free_func(port_free);
        g_autoptr(GHashTable) profiles = g_hash_table_new(g_str_hash, g_str_equal);
        g_autoptr(GPtrArray) cmds = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GPtrArray) reports =
                g_ptr_array_new_with_free_func((GDestroyNotify) zw_ufw_report_free);
        ZwPolicy policy = { .info = { .kind = ZW_KIND_POLICY, .name = (char *) "vz-out" },
                            .target = (char *) "REJECT", .services = svcs, .ports = ports,
                            .ingress_zones = ingress, .egress_zones = egress };
        ZwPolicy fwd = { .info = { .kind = ZW_KIND_POLICY, .name = (char *) "fwd" },
                         .target = (char *) "ACCEPT", .ingress_zones = egress,
                         .egress_zones = svcs };

        g_ptr_array_add(ports, port_new("1621-1622", "tcp"));
        g_hash_table_insert(profiles, (gpointer) "vz-dispatcher", (gpointer) "vz-dispatcher");
        /* a stock service without a profile: its ports directly, its helper reported */
        svc_port(ftp, "21", "tcp");
        g_ptr_array_add(ftp->helpers, g_strdup("ftp"));
        g_hash_table_insert(services_known, (gpointer) "ftp", ftp);
        zw_ufw_policy_advise(&policy, profiles, services_known, cmds, reports);
        assert_int_equal(cmds->len, 4);
        assert_string_equal(g_ptr_array_index(cmds, 0), "ufw allow out to any app vz-dispatcher");
        assert_string_equal(g_ptr_array_index(cmds, 1), "ufw allow out 21/tcp");
        assert_string_equal(g_ptr_array_index(cmds, 2), "ufw allow out 1621:1622/tcp");
        assert_string_equal(g_ptr_array_index(cmds, 3), "ufw default reject outgoing");
        assert_true(has_report(reports, "ufw default deny outgoing"));
        assert_true(has_report(reports, "service ftp: conntrack helper ftp is not attached"));

        g_ptr_array_set_size(cmds, 0);
        g_ptr_array_set_size(reports, 0);
        zw_ufw_policy_advise(&fwd, profiles, NULL, cmds, reports);
        assert_int_equal(cmds->len, 0);
        assert_true(has_report(reports, "forwarded traffic ANY -> vz-dispatcher"));
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_simple),
                cmocka_unit_test(test_long_list_split),
                cmocka_unit_test(test_ranges),
                cmocka_unit_test(test_tcp_udp),
                cmocka_unit_test(test_etc_services),
                cmocka_unit_test(test_only_helpers),
                cmocka_unit_test(test_rpc),
                cmocka_unit_test(test_includes_and_losses),
                cmocka_unit_test(test_long_description),
                cmocka_unit_test(test_bad_ports),
                cmocka_unit_test(test_zone_advice),
                cmocka_unit_test(test_policy_advice),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
