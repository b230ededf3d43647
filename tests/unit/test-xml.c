/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-xml.c: firewalld XML read, write, atomic files and tree loading */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/tree.h"
#include "xml/load.h"
#include "xml/read.h"
#include "xml/write.h"

#define STOCK_DIR "/usr/lib/firewalld"

/* ---- helpers ------------------------------------------------------------------------------ */

static char *
data_path(const char *name)
{
        const char *top = g_getenv("ZW_TOP_SRCDIR");

        return g_build_filename(top != NULL ? top : ".", "tests", "unit", "data", "xml", name,
                                NULL);
}

static char *
data_contents(const char *name)
{
        g_autofree char *path = data_path(name);
        g_autoptr(GError) error = NULL;
        char *contents = NULL;

        if (!g_file_get_contents(path, &contents, NULL, &error))
                fail_msg("%s", error->message);
        return contents;
}

static void
rm_rf(const char *path)
{
        GDir *d = g_dir_open(path, 0, NULL);
        const char *e;

        if (d != NULL) {
                while ((e = g_dir_read_name(d)) != NULL) {
                        g_autofree char *p = g_build_filename(path, e, NULL);
                        rm_rf(p);
                }
                g_dir_close(d);
                g_rmdir(path);
        } else {
                g_unlink(path);
        }
}

static char *
make_tmpdir(void)
{
        g_autoptr(GError) error = NULL;
        char *dir = g_dir_make_tmp("zw-test-xml-XXXXXX", &error);

        assert_non_null(dir);
        return dir;
}

static void
put(const char *top, const char *rel, const char *contents)
{
        g_autofree char *path = g_build_filename(top, rel, NULL);
        g_autofree char *dir = g_path_get_dirname(path);

        assert_int_equal(g_mkdir_with_parents(dir, 0755), 0);
        assert_true(g_file_set_contents(path, contents, -1, NULL));
}

static gpointer
parse(ZwKind kind, const char *name, const char *xml, GPtrArray *warnings, GError **error)
{
        return zw_xml_parse_object(kind, name, xml, strlen(xml), warnings, error);
}

static GPtrArray *
warnings_new(void)
{
        return g_ptr_array_new_with_free_func(g_free);
}

/* parse must fail with this code and, if given, exactly this message */
static void
expect_error(ZwKind kind, const char *name, const char *xml, int code, const char *message)
{
        g_autoptr(GError) error = NULL;
        gpointer obj = parse(kind, name, xml, NULL, &error);

        if (obj != NULL) {
                zw_object_free(obj);
                fail_msg("'%s' parsed but should fail with %s", xml, zw_error_code_name(code));
        }
        assert_non_null(error);
        if (!g_error_matches(error, ZW_ERROR, code))
                fail_msg("got %s: %s, want %s", zw_error_code_name(error->code), error->message,
                         zw_error_code_name(code));
        if (message != NULL)
                assert_string_equal(error->message, message);
}

#define ZONE(body) "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<zone>\n" body "</zone>\n"

/* ---- canonical files: read -> format gives the same bytes --------------------------------- */

static void
canonical(ZwKind kind, const char *file, const char *name)
{
        g_autofree char *xml = data_contents(file);
        g_autoptr(GPtrArray) warnings = warnings_new();
        g_autoptr(GError) error = NULL;
        gpointer obj = parse(kind, name, xml, warnings, &error);
        gpointer again;
        g_autofree char *out = NULL;
        g_autofree char *out2 = NULL;

        if (obj == NULL)
                fail_msg("%s: %s", file, error->message);
        for (guint i = 0; i < warnings->len; i++)
                print_message("warning: %s\n", (char *)g_ptr_array_index(warnings, i));
        assert_int_equal(warnings->len, 0);
        out = zw_xml_format_object(obj);
        assert_string_equal(out, xml);
        again = parse(kind, name, out, NULL, &error);
        assert_non_null(again);
        assert_true(zw_object_equal(obj, again));
        out2 = zw_xml_format_object(again);
        assert_string_equal(out2, out);
        zw_object_free(obj);
        zw_object_free(again);
}

static void
test_canonical_zone(void **state)
{
        g_autofree char *xml = data_contents("canonical/zone.xml");
        g_autoptr(GError) error = NULL;
        ZwZone *z = parse(ZW_KIND_ZONE, "full", xml, NULL, &error);

        assert_non_null(z);
        assert_string_equal(z->info.short_desc, "Full & complete");
        assert_string_equal(z->info.version, "1.0");
        assert_string_equal(z->target, "DROP");
        assert_int_equal(z->services->len, 2);
        assert_int_equal(z->ports->len, 2);
        assert_int_equal(z->rules->len, 13);
        assert_int_equal(z->interfaces->len, 2);
        assert_int_equal(z->sources->len, 3);
        assert_string_equal(g_ptr_array_index(z->sources, 2), "ipset:blocklist");
        assert_true(z->masquerade && z->forward && z->icmp_block_inversion);
        zw_zone_free(z);
        canonical(ZW_KIND_ZONE, "canonical/zone.xml", "full");
}

static void
test_canonical_others(void **state)
{
        canonical(ZW_KIND_POLICY, "canonical/policy.xml", "out");
        canonical(ZW_KIND_SERVICE, "canonical/service.xml", "everything");
        canonical(ZW_KIND_ICMPTYPE, "canonical/icmptype.xml", "v4only");
        canonical(ZW_KIND_HELPER, "canonical/helper.xml", "irc");
        canonical(ZW_KIND_IPSET, "canonical/ipset.xml", "blocked");
}

static void
test_canonical_direct_lockdown(void **state)
{
        g_autofree char *dx = data_contents("canonical/direct.xml");
        g_autofree char *lx = data_contents("canonical/lockdown-whitelist.xml");
        g_autoptr(GPtrArray) warnings = warnings_new();
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwDirect) direct = zw_xml_parse_direct(dx, strlen(dx), warnings, &error);
        g_autoptr(ZwLockdown) ld = NULL;
        g_autofree char *dout = NULL;
        g_autofree char *lout = NULL;

        assert_non_null(direct);
        assert_int_equal(direct->chains->len, 3);
        assert_int_equal(direct->rules->len, 2);
        assert_int_equal(direct->passthroughs->len, 1);
        {
                const ZwDirectRule *r = g_ptr_array_index(direct->rules, 1);
                assert_string_equal(r->args[3], "a b & c");
                assert_int_equal(r->priority, 1);
        }
        dout = zw_xml_format_direct(direct);
        assert_string_equal(dout, dx);

        ld = zw_xml_parse_lockdown(lx, strlen(lx), warnings, &error);
        assert_non_null(ld);
        assert_int_equal(ld->commands->len, 2);
        assert_int_equal(ld->contexts->len, 2);
        assert_int_equal(ld->users->len, 1);
        assert_int_equal(ld->uids->len, 1);
        lout = zw_xml_format_lockdown(ld);
        assert_string_equal(lout, lx);
        assert_int_equal(warnings->len, 0);
}

/* the example the daemon writes (config-formats.md §4) */
static void
test_zone_written_like_firewalld(void **state)
{
        static const char *const in =
                "<zone target=\"default\"><forward/><rule family=\"ipv6\"><reject/>"
                "<port protocol=\"tcp\" port=\"8443\"/><source address=\"fd99::/64\"/></rule>"
                "<forward-port to-addr=\"10.99.0.2\" to-port=\"22\" protocol=\"tcp\" "
                "port=\"2222\"/>"
                "<port port=\"9010-9000\" protocol=\"tcp\"/><service name=\"ssh\"/>"
                "<description>For\nuse</description><service name=\"dhcpv6-client\"/>"
                "<short>Public</short></zone>";
        static const char *const want =
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                "<zone>\n"
                "  <short>Public</short>\n"
                "  <description>For use</description>\n"
                "  <service name=\"ssh\"/>\n"
                "  <service name=\"dhcpv6-client\"/>\n"
                "  <port port=\"9000-9010\" protocol=\"tcp\"/>\n"
                "  <forward-port port=\"2222\" protocol=\"tcp\" to-port=\"22\" "
                "to-addr=\"10.99.0.2\"/>\n"
                "  <rule family=\"ipv6\">\n"
                "    <source address=\"fd99::/64\"/>\n"
                "    <port port=\"8443\" protocol=\"tcp\"/>\n"
                "    <reject/>\n"
                "  </rule>\n"
                "  <forward/>\n"
                "</zone>\n";
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwZone) z = parse(ZW_KIND_ZONE, "public", in, NULL, &error);
        g_autofree char *out = NULL;

        assert_non_null(z);
        assert_string_equal(z->target, "default");
        out = zw_xml_format_object(z);
        assert_string_equal(out, want);
}

static void
test_attribute_quoting(void **state)
{
        g_autoptr(ZwService) s = zw_service_new("q");
        g_autofree char *out = NULL;

        s->info.short_desc = g_strdup("a<b>&c");
        g_ptr_array_add(s->includes, g_strdup("x\"y"));
        g_ptr_array_add(s->includes, g_strdup("x\"y'z"));
        g_ptr_array_add(s->helpers, g_strdup("t\tn\n"));
        out = zw_xml_format_object(s);
        assert_non_null(strstr(out, "<short>a&lt;b&gt;&amp;c</short>"));
        assert_non_null(strstr(out, "<include service='x\"y'/>"));
        assert_non_null(strstr(out, "<include service=\"x&quot;y'z\"/>"));
        assert_non_null(strstr(out, "<helper name=\"t&#9;n&#10;\"/>"));
}

/* ---- the parser tables and their errors ----------------------------------------------------- */

static void
test_unexpected_element(void **state)
{
        expect_error(ZW_KIND_ZONE, "z", ZONE("<bogus/>"), ZW_ERROR_PARSE_ERROR,
                     "Unexpected element bogus");
        expect_error(ZW_KIND_POLICY, "p", "<policy target=\"ACCEPT\"><interface name=\"a\"/>"
                                     "</policy>",
                     ZW_ERROR_PARSE_ERROR, "Unexpected element interface");
        expect_error(ZW_KIND_SERVICE, "s", "<service><zone/></service>", ZW_ERROR_PARSE_ERROR,
                     "Unexpected element zone");
        expect_error(ZW_KIND_ICMPTYPE, "i", "<icmptype><port port=\"1\"/></icmptype>",
                     ZW_ERROR_PARSE_ERROR, "Unexpected element port");
        expect_error(ZW_KIND_HELPER, "h", "<helper module=\"nf_conntrack_ftp\"><entry/></helper>",
                     ZW_ERROR_PARSE_ERROR, "Unexpected element entry");
        expect_error(ZW_KIND_IPSET, "s", "<ipset type=\"hash:ip\"><port/></ipset>",
                     ZW_ERROR_PARSE_ERROR, "Unexpected element port");
        /* an ipset file read as a zone: its root is not in the zone table */
        expect_error(ZW_KIND_ZONE, "z", "<ipset type=\"hash:ip\"/>", ZW_ERROR_PARSE_ERROR,
                     "Unexpected element ipset");
        /* <service> is in the zone table, so a service file read as a zone fails on name */
        expect_error(ZW_KIND_ZONE, "z", "<service/>", ZW_ERROR_PARSE_ERROR,
                     "Missing attribute name for service");
}

static void
test_unexpected_attribute(void **state)
{
        expect_error(ZW_KIND_ZONE, "z", ZONE("<service name=\"ssh\" foo=\"1\"/>"),
                     ZW_ERROR_PARSE_ERROR, "service: Unexpected attribute foo");
        expect_error(ZW_KIND_ZONE, "z", "<zone bar=\"x\"/>", ZW_ERROR_PARSE_ERROR,
                     "zone: Unexpected attribute bar");
        expect_error(ZW_KIND_POLICY, "p", "<policy target=\"DROP\" name=\"x\"/>",
                     ZW_ERROR_PARSE_ERROR, "policy: Unexpected attribute name");
        expect_error(ZW_KIND_SERVICE, "s", "<service><port port=\"1\" protocol=\"tcp\" x=\"\"/>"
                                      "</service>",
                     ZW_ERROR_PARSE_ERROR, "port: Unexpected attribute x");
        expect_error(ZW_KIND_ICMPTYPE, "i", "<icmptype><destination ipv5=\"yes\"/></icmptype>",
                     ZW_ERROR_PARSE_ERROR, "destination: Unexpected attribute ipv5");
        expect_error(ZW_KIND_HELPER, "h", "<helper module=\"nf_conntrack_ftp\" target=\"x\"/>",
                     ZW_ERROR_PARSE_ERROR, "helper: Unexpected attribute target");
        expect_error(ZW_KIND_IPSET, "s", "<ipset type=\"hash:ip\"><entry a=\"b\"/></ipset>",
                     ZW_ERROR_PARSE_ERROR, "entry: Unexpected attribute a");
}

static void
test_missing_attribute(void **state)
{
        expect_error(ZW_KIND_ZONE, "z", ZONE("<port port=\"80\"/>"), ZW_ERROR_PARSE_ERROR,
                     "Missing attribute protocol for port");
        expect_error(ZW_KIND_ZONE, "z", ZONE("<rule><mark/></rule>"), ZW_ERROR_PARSE_ERROR,
                     "Missing attribute set for mark");
        expect_error(ZW_KIND_POLICY, "p", "<policy/>", ZW_ERROR_PARSE_ERROR,
                     "Missing attribute target for policy");
        expect_error(ZW_KIND_HELPER, "h", "<helper/>", ZW_ERROR_PARSE_ERROR,
                     "Missing attribute module for helper");
        expect_error(ZW_KIND_IPSET, "s", "<ipset/>", ZW_ERROR_PARSE_ERROR,
                     "Missing attribute type for ipset");
        expect_error(ZW_KIND_IPSET, "s", "<ipset type=\"hash:ip\"><option value=\"1\"/></ipset>",
                     ZW_ERROR_PARSE_ERROR, "Missing attribute name for option");
        expect_error(ZW_KIND_SERVICE, "s", "<service><port protocol=\"tcp\"/></service>",
                     ZW_ERROR_PARSE_ERROR, "Missing attribute port for port");
}

static void
test_malformed(void **state)
{
        static const struct {
                ZwKind kind;
                int code;
                const char *prefix;
        } cases[] = {
                { ZW_KIND_ZONE, ZW_ERROR_INVALID_ZONE, "not a valid zone file: " },
                { ZW_KIND_SERVICE, ZW_ERROR_INVALID_SERVICE, "not a valid service file: " },
                { ZW_KIND_POLICY, ZW_ERROR_INVALID_POLICY, "not a valid policy file: " },
                { ZW_KIND_ICMPTYPE, ZW_ERROR_INVALID_ICMPTYPE, "not a valid icmptype file: " },
                { ZW_KIND_HELPER, ZW_ERROR_INVALID_HELPER, "not a valid helper file: " },
                { ZW_KIND_IPSET, ZW_ERROR_INVALID_IPSET, "not a valid ipset file: " },
        };

        for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
                static const char *const bad[] = { "<zone><short>x</zone>", "", "<a", "x" };
                for (guint j = 0; j < G_N_ELEMENTS(bad); j++) {
                        g_autoptr(GError) error = NULL;
                        gpointer obj = parse(cases[i].kind, "x", bad[j], NULL, &error);

                        assert_null(obj);
                        assert_true(g_error_matches(error, ZW_ERROR, cases[i].code));
                        assert_true(g_str_has_prefix(error->message, cases[i].prefix));
                        assert_non_null(strstr(error->message, "line "));
                }
        }
        {
                g_autoptr(GError) error = NULL;
                assert_null(zw_xml_parse_direct("<direct>", 8, NULL, &error));
                assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_INVALID_TYPE));
                assert_true(g_str_has_prefix(error->message, "Not a valid file: "));
        }
        {
                g_autoptr(GError) error = NULL;
                assert_null(zw_xml_parse_lockdown("<whitelist", 10, NULL, &error));
                assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_INVALID_TYPE));
        }
}

static void
test_bad_values(void **state)
{
        expect_error(ZW_KIND_ZONE, "z", ZONE("<port port=\"70000\" protocol=\"tcp\"/>"),
                     ZW_ERROR_INVALID_PORT, "port number in '70000' is too big");
        expect_error(ZW_KIND_ZONE, "z", ZONE("<port port=\"x\" protocol=\"tcp\"/>"),
                     ZW_ERROR_INVALID_PORT, NULL);
        expect_error(ZW_KIND_ZONE, "z", ZONE("<port port=\"80\" protocol=\"foo\"/>"),
                     ZW_ERROR_INVALID_PROTOCOL, "'foo' not from {'tcp'|'udp'|'sctp'|'dccp'}");
        expect_error(ZW_KIND_ZONE, "z", ZONE("<protocol value=\"nosuchproto\"/>"),
                     ZW_ERROR_INVALID_PROTOCOL, "nosuchproto");
        expect_error(ZW_KIND_ZONE, "z", "<zone target=\"REJECT\"/>", ZW_ERROR_INVALID_TARGET,
                     "REJECT");
        expect_error(ZW_KIND_ZONE, "z", ZONE("<source address=\"10.0.0.300\"/>"),
                     ZW_ERROR_INVALID_ADDR, "10.0.0.300");
        expect_error(ZW_KIND_ZONE, "z",
                     ZONE("<forward-port port=\"80\" protocol=\"tcp\" to-addr=\"nohost\"/>"),
                     ZW_ERROR_INVALID_ADDR, "to-addr 'nohost' is not a valid address");
        expect_error(ZW_KIND_ZONE, "z",
                     ZONE("<forward-port port=\"80\" protocol=\"tcp\" to-port=\"99999\"/>"),
                     ZW_ERROR_INVALID_PORT, NULL);
        expect_error(ZW_KIND_ZONE, "z", ZONE("<interface name=\"a b\"/>"),
                     ZW_ERROR_INVALID_INTERFACE, NULL);
        expect_error(ZW_KIND_ZONE, "z", ZONE("<rule><source/><accept/></rule>"),
                     ZW_ERROR_INVALID_RULE, "no address, mac and ipset");
        expect_error(ZW_KIND_POLICY, "p", "<policy target=\"CONTINUE\" priority=\"0\"/>",
                     ZW_ERROR_INVALID_PRIORITY, NULL);
        expect_error(ZW_KIND_POLICY, "p", "<policy target=\"CONTINUE\" priority=\"x\"/>",
                     ZW_ERROR_INVALID_PRIORITY, NULL);
        expect_error(ZW_KIND_POLICY, "p", "<policy target=\"%%REJECT%%\"/>",
                     ZW_ERROR_INVALID_TARGET, NULL);
        expect_error(ZW_KIND_SERVICE, "s",
                     "<service><destination ipv4=\"fd00::/8\"/></service>", ZW_ERROR_INVALID_ADDR,
                     "'fd00::/8' is not valid ipv4 address");
        expect_error(ZW_KIND_SERVICE, "s", "<service><source-port port=\"1-2-3\" "
                                      "protocol=\"udp\"/></service>",
                     ZW_ERROR_INVALID_PORT, NULL);
        expect_error(ZW_KIND_HELPER, "h", "<helper module=\"ftp\"/>", ZW_ERROR_INVALID_MODULE,
                     "'ftp' does not start with 'nf_conntrack_'");
        expect_error(ZW_KIND_HELPER, "h", "<helper module=\"nf_conntrack_\"/>",
                     ZW_ERROR_INVALID_MODULE, "Module name 'nf_conntrack_' too short");
        expect_error(ZW_KIND_HELPER, "h", "<helper module=\"nf_conntrack_ftp\" family=\"ipv5\"/>",
                     ZW_ERROR_INVALID_IPV, NULL);
        expect_error(ZW_KIND_IPSET, "s", "<ipset type=\"hash:foo\"/>", ZW_ERROR_INVALID_TYPE,
                     "hash:foo");
        expect_error(ZW_KIND_IPSET, "s",
                     "<ipset type=\"hash:ip\"><option name=\"bogus\" value=\"1\"/></ipset>",
                     ZW_ERROR_INVALID_OPTION, "Unknown option 'bogus'");
        expect_error(ZW_KIND_IPSET, "s",
                     "<ipset type=\"hash:ip\"><option name=\"timeout\" value=\"x\"/></ipset>",
                     ZW_ERROR_INVALID_VALUE, "Option 'timeout': Value 'x' is not an integer");
        expect_error(ZW_KIND_IPSET, "s",
                     "<ipset type=\"hash:ip\"><option name=\"family\" value=\"inet5\"/></ipset>",
                     ZW_ERROR_INVALID_FAMILY, "inet5");
}

static void
test_bad_name(void **state)
{
        expect_error(ZW_KIND_ZONE, "bad.name", "<zone/>", ZW_ERROR_INVALID_NAME,
                     "'.' is not allowed in 'bad.name'");
        expect_error(ZW_KIND_ZONE, "abcdefghijklmnopqrstu", "<zone/>", ZW_ERROR_INVALID_NAME,
                     "Zone 'abcdefghijklmnopqrstu': name has 21 chars, max is 17");
        expect_error(ZW_KIND_SERVICE, "a/b", "<service/>", ZW_ERROR_INVALID_NAME, NULL);
        expect_error(ZW_KIND_ICMPTYPE, "a.b", "<icmptype/>", ZW_ERROR_INVALID_NAME, NULL);
        expect_error(ZW_KIND_HELPER, "a_b", "<helper module=\"nf_conntrack_ftp\"/>",
                     ZW_ERROR_INVALID_NAME, NULL);
        expect_error(ZW_KIND_IPSET, "a/b", "<ipset type=\"hash:ip\"/>", ZW_ERROR_INVALID_NAME,
                     NULL);
}

/* ---- leniency: what firewalld only logs ------------------------------------------------------ */

static void
test_invalid_rule_skipped(void **state)
{
        g_autoptr(GPtrArray) warnings = warnings_new();
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwZone) z = parse(
                ZW_KIND_ZONE, "z",
                ZONE("<rule family=\"ipv4\"><source address=\"fd00::1\"/><accept/></rule>"
                     "<rule family=\"ipv5\"><bogus/><accept/></rule>"
                     "<rule><service name=\"ssh\"/><port port=\"1\" protocol=\"tcp\"/><accept/>"
                     "</rule>"
                     "<rule><service name=\"ssh\"/><log level=\"loud\"/><accept/></rule>"
                     "<rule><service name=\"ssh\"/><accept/><drop/></rule>"
                     "<rule><service name=\"ssh\"/><accept><limit value=\"1/d\"/></accept></rule>"
                     "<rule family=\"ipv4\"><source address=\"10.0.0.1\"/><accept/></rule>"
                     "<service name=\"http\"/>"),
                warnings, &error);

        assert_non_null(z);
        assert_int_equal(z->rules->len, 1);
        assert_int_equal(z->services->len, 1);
        assert_int_equal(warnings->len, 6);
        {
                g_autofree char *s = zw_rich_rule_to_string(g_ptr_array_index(z->rules, 0));
                assert_string_equal(s, "rule family=\"ipv4\" source address=\"10.0.0.1\" accept");
        }
        assert_true(g_str_has_prefix(g_ptr_array_index(warnings, 0), "INVALID_ADDR"));
}

static void
test_nested_rule(void **state)
{
        g_autoptr(GPtrArray) warnings = warnings_new();
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwZone) z = parse(ZW_KIND_ZONE, "z",
                                    ZONE("<rule><service name=\"a\"/><accept>"
                                         "<rule><service name=\"b\"/><limit value=\"1/s\"/>"
                                         "<drop/></rule></accept></rule>"),
                                    warnings, &error);

        /* the inner rule replaced the outer one; its limit has no action to attach to */
        assert_non_null(z);
        assert_int_equal(z->rules->len, 0);
        assert_int_equal(warnings->len, 1);
}

static void
test_duplicates_dropped(void **state)
{
        g_autoptr(GPtrArray) warnings = warnings_new();
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwZone) z = parse(
                ZW_KIND_ZONE, "z",
                ZONE("<service name=\"ssh\"/><service name=\"ssh\"/>"
                     "<interface name=\"eth0\"/><interface name=\"eth0\"/>"
                     "<source address=\"10.0.0.0/8\"/><source address=\"10.0.0.0/8\"/>"
                     "<forward/><forward/><masquerade/><masquerade enabled=\"yes\"/>"
                     "<rule><service name=\"ssh\"/><accept/></rule>"
                     "<rule><service name=\"ssh\"/><accept/></rule>"
                     "<zone name=\"old\"/>"),
                warnings, &error);

        assert_non_null(z);
        assert_int_equal(z->services->len, 1);
        assert_int_equal(z->interfaces->len, 1);
        assert_int_equal(z->sources->len, 1);
        assert_int_equal(z->rules->len, 1);
        assert_int_equal(warnings->len, 7);
}

static void
test_port_coalescing(void **state)
{
        g_autoptr(GPtrArray) warnings = warnings_new();
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwZone) z = parse(ZW_KIND_ZONE, "z",
                                    ZONE("<port port=\"80\" protocol=\"tcp\"/>"
                                         "<port port=\"100-200\" protocol=\"tcp\"/>"
                                         "<port port=\"150\" protocol=\"tcp\"/>"
                                         "<port port=\"80\" protocol=\"udp\"/>"
                                         "<port port=\"70-120\" protocol=\"tcp\"/>"
                                         "<port port=\"ssh\" protocol=\"tcp\"/>"),
                                    warnings, &error);
        const char *want[][2] = { { "80", "udp" }, { "70-200", "tcp" }, { "22", "tcp" } };

        assert_non_null(z);
        assert_int_equal(z->ports->len, G_N_ELEMENTS(want));
        for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
                const ZwPort *p = g_ptr_array_index(z->ports, i);
                assert_string_equal(p->port, want[i][0]);
                assert_string_equal(p->protocol, want[i][1]);
        }
        assert_int_equal(warnings->len, 1);
        assert_string_equal(g_ptr_array_index(warnings, 0),
                            "ALREADY_ENABLED: '150:tcp' already in 'z'");
}

static void
test_service_details(void **state)
{
        g_autoptr(GPtrArray) warnings = warnings_new();
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwService) s = parse(
                ZW_KIND_SERVICE, "svc",
                "<service name=\"old\"><port port=\"\" protocol=\"gre\"/>"
                "<module name=\"nf_conntrack_netbios_ns\"/><port port=\"21\" protocol=\"tcp\"/>"
                "<port port=\"21\" protocol=\"tcp\"/><protocol value=\"gre\"/></service>",
                warnings, &error);

        assert_non_null(s);
        assert_int_equal(s->protocols->len, 1);
        assert_string_equal(g_ptr_array_index(s->modules, 0), "netbios-ns");
        assert_int_equal(s->ports->len, 1);
        /* name= deprecated, duplicate port, duplicate protocol */
        assert_int_equal(warnings->len, 3);
}

static void
test_text_and_entities(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwService) a = parse(ZW_KIND_SERVICE, "a",
                                       "<service><short/><description>one\ntwo &amp; "
                                       "<![CDATA[<three>]]></description></service>",
                                       NULL, &error);
        /* no DTD is loaded and no entity is expanded */
        g_autoptr(ZwService) b = parse(ZW_KIND_SERVICE, "b",
                                       "<!DOCTYPE service [<!ENTITY x \"abc\">"
                                       "<!ENTITY y SYSTEM \"file:///etc/passwd\">]>"
                                       "<service><short>&x;</short><description>&y;</description>"
                                       "<include service=\"a&x;b&amp;\"/></service>",
                                       NULL, &error);
        g_autofree char *out = NULL;

        /* an entity expansion bomb is neither expanded nor a crash */
        GString *bomb = g_string_new("<!DOCTYPE zone [<!ENTITY a0 \"xxxxxxxxxx\">");
        g_autoptr(GError) berror = NULL;
        gpointer bz;

        for (guint i = 1; i < 12; i++)
                g_string_append_printf(bomb, "<!ENTITY a%u "
                                             "\"&a%u;&a%u;&a%u;&a%u;&a%u;&a%u;&a%u;&a%u;\">",
                                       i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
        g_string_append(bomb, "]><zone><short>&a11;</short><service name=\"&a11;\"/></zone>");
        bz = parse(ZW_KIND_ZONE, "z", bomb->str, NULL, &berror);
        if (bz != NULL) {
                const ZwZone *zz = bz;
                assert_null(zz->info.short_desc);
                zw_object_free(bz);
        }
        g_string_free(bomb, TRUE);

        assert_non_null(a);
        assert_null(a->info.short_desc);
        assert_string_equal(a->info.description, "one two & <three>");
        out = zw_xml_format_object(a);
        assert_non_null(strstr(out, "<description>one two &amp; &lt;three&gt;</description>"));
        assert_null(strstr(out, "<short"));
        assert_non_null(b);
        assert_null(b->info.short_desc);
        assert_null(b->info.description);
        assert_string_equal(g_ptr_array_index(b->includes, 0), "ab&");
}

static void
test_icmptype_destination(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwIcmpType) both = parse(ZW_KIND_ICMPTYPE, "a", "<icmptype/>", NULL, &error);
        g_autoptr(ZwIcmpType) v6 = parse(ZW_KIND_ICMPTYPE, "b",
                                         "<icmptype><destination ipv4=\"no\" ipv6=\"True\"/>"
                                         "</icmptype>",
                                         NULL, &error);
        g_autofree char *out = NULL;

        assert_true(both->ipv4 && both->ipv6);
        assert_false(v6->ipv4);
        assert_true(v6->ipv6);
        out = zw_xml_format_object(both);
        assert_null(strstr(out, "destination"));
}

static void
test_ipset_entries(void **state)
{
        g_autoptr(GPtrArray) warnings = warnings_new();
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwIpset) s = parse(ZW_KIND_IPSET, "s",
                                     "<ipset type=\"hash:ip\"><entry>10.0.0.1</entry>"
                                     "<entry>10.0.0.1</entry><entry>nonsense</entry>"
                                     "<entry>10.0.0.2</entry></ipset>",
                                     warnings, &error);
        g_autoptr(ZwIpset) t = NULL;

        assert_non_null(s);
        assert_int_equal(s->entries->len, 2);
        assert_int_equal(warnings->len, 2);
        g_ptr_array_set_size(warnings, 0);
        t = parse(ZW_KIND_IPSET, "t",
                  "<ipset type=\"hash:ip\"><option name=\"timeout\" value=\"60\"/>"
                  "<entry>10.0.0.1</entry></ipset>",
                  warnings, &error);
        assert_non_null(t);
        assert_int_equal(t->entries->len, 0);
        assert_int_equal(warnings->len, 1);
}

static void
test_direct_lockdown_errors(void **state)
{
        g_autoptr(GPtrArray) warnings = warnings_new();
        g_autoptr(GError) e1 = NULL;
        g_autoptr(GError) e2 = NULL;
        g_autoptr(GError) e3 = NULL;
        g_autoptr(GError) e4 = NULL;
        static const char *const bad_ipv = "<direct><chain ipv=\"ipv5\" table=\"filter\" "
                                           "chain=\"c\"/></direct>";
        static const char *const bad_table = "<direct><chain ipv=\"ipv4\" table=\"nope\" "
                                             "chain=\"c\"/></direct>";
        static const char *const two = "<direct><direct/></direct>";
        static const char *const dup = "<whitelist><user id=\"0\"/><user id=\"0\"/></whitelist>";
        static const char *const missing = "<direct><rule ipv=\"ipv4\" table=\"filter\">x</rule>"
                                           "</direct>";
        g_autoptr(GError) e5 = NULL;

        assert_null(zw_xml_parse_direct(bad_ipv, strlen(bad_ipv), warnings, &e1));
        assert_true(g_error_matches(e1, ZW_ERROR, ZW_ERROR_INVALID_IPV));
        assert_null(zw_xml_parse_direct(bad_table, strlen(bad_table), warnings, &e2));
        assert_true(g_error_matches(e2, ZW_ERROR, ZW_ERROR_INVALID_TABLE));
        assert_null(zw_xml_parse_direct(two, strlen(two), warnings, &e3));
        assert_true(g_error_matches(e3, ZW_ERROR, ZW_ERROR_PARSE_ERROR));
        assert_null(zw_xml_parse_lockdown(dup, strlen(dup), warnings, &e4));
        assert_true(g_error_matches(e4, ZW_ERROR, ZW_ERROR_ALREADY_ENABLED));
        {
                static const char *const bad[][2] = {
                        { "<whitelist><command name=\"relative\"/></whitelist>"
                          "", "INVALID_COMMAND" },
                        { "<whitelist><selinux context=\"c\"/></whitelist>", "INVALID_CONTEXT" },
                        { "<whitelist><user name=\"a b\"/></whitelist>", "INVALID_USER" },
                        { "<whitelist><user id=\"-1\"/></whitelist>", "INVALID_UID" },
                };
                for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
                        g_autoptr(GError) e = NULL;
                        g_autofree char *wire = NULL;
                        assert_null(zw_xml_parse_lockdown(bad[i][0], strlen(bad[i][0]), NULL, &e));
                        wire = zw_error_to_wire(e);
                        assert_true(g_str_has_prefix(wire, bad[i][1]));
                }
        }
        assert_null(zw_xml_parse_direct(missing, strlen(missing), warnings, &e5));
        assert_string_equal(e5->message, "Missing attribute chain for rule");
}

/* damaged files end in an error or an object, never in a crash or a critical (ASan/UBSan and
 * G_DEBUG=fatal-criticals watch); deterministic, so a failure reproduces */
static void
test_mutations(void **state)
{
        static const struct {
                ZwKind kind;
                const char *file;
        } files[] = {
                { ZW_KIND_ZONE, "canonical/zone.xml" },
                { ZW_KIND_POLICY, "canonical/policy.xml" },
                { ZW_KIND_SERVICE, "canonical/service.xml" },
                { ZW_KIND_IPSET, "canonical/ipset.xml" },
        };
        static const char pool[] = "<>/\"'=& \n!-?[]x0:.rule";
        GRand *rand = g_rand_new_with_seed(20261125);

        for (guint f = 0; f < G_N_ELEMENTS(files); f++) {
                g_autofree char *orig = data_contents(files[f].file);
                gsize len = strlen(orig);

                for (guint round = 0; round < 1500; round++) {
                        g_autofree char *buf = g_strdup(orig);
                        guint edits = g_rand_int_range(rand, 1, 6);
                        g_autoptr(GPtrArray) warnings = warnings_new();
                        g_autoptr(GError) error = NULL;
                        gpointer obj;

                        for (guint e = 0; e < edits; e++)
                                buf[g_rand_int_range(rand, 0, (gint32)len)] =
                                        pool[g_rand_int_range(rand, 0, sizeof(pool) - 1)];
                        obj = parse(files[f].kind, "m", buf, warnings, &error);
                        if (obj != NULL) {
                                g_autofree char *out = zw_xml_format_object(obj);
                                gpointer again = parse(files[f].kind, "m", out, NULL, &error);
                                /* what we write we read back */
                                if (again == NULL)
                                        fail_msg("rewrite of a mutant fails: %s\n%s",
                                                 error->message, out);
                                if (!zw_object_equal(obj, again))
                                        fail_msg("mutant changed by a rewrite:\n%s\n%s", buf,
                                                 out);
                                zw_object_free(again);
                                zw_object_free(obj);
                        } else {
                                assert_non_null(error);
                        }
                }
        }
        g_rand_free(rand);
}

/* ---------------------------------------------------------------------------------------------- */

static void
test_atomic_write(void **state)
{
        g_autofree char *top = make_tmpdir();
        g_autofree char *path = g_build_filename(top, "zones", "x.xml", NULL);
        g_autofree char *old = g_strconcat(path, ".old", NULL);
        g_autofree char *zdir = g_build_filename(top, "zones", NULL);
        g_autofree char *contents = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwZone) z = zw_zone_new("x");
        struct stat st;

        assert_true(zw_xml_write_object(z, top, &error));
        assert_int_equal(stat(zdir, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0750);
        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0644);
        assert_false(g_file_test(old, G_FILE_TEST_EXISTS));
        assert_int_equal(chmod(path, 0640), 0);

        z->info.short_desc = g_strdup("second");
        assert_true(zw_xml_write_object(z, top, &error));
        assert_true(g_file_get_contents(old, &contents, NULL, NULL));
        assert_string_equal(contents,
                            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<zone>\n</zone>\n");
        g_clear_pointer(&contents, g_free);
        assert_true(g_file_get_contents(path, &contents, NULL, NULL));
        assert_non_null(strstr(contents, "<short>second</short>"));
        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0640);
        assert_int_equal(stat(old, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0640);

        /* no temp files left behind */
        {
                GDir *d = g_dir_open(zdir, 0, NULL);
                const char *e;
                guint n = 0;
                while ((e = g_dir_read_name(d)) != NULL)
                        n++;
                g_dir_close(d);
                assert_int_equal(n, 2);
        }

        /* removing a user object renames it to .old */
        assert_true(zw_xml_remove_object(ZW_KIND_ZONE, "x", top, &error));
        assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
        g_clear_pointer(&contents, g_free);
        assert_true(g_file_get_contents(old, &contents, NULL, NULL));
        assert_non_null(strstr(contents, "second"));
        assert_false(zw_xml_remove_object(ZW_KIND_ZONE, "x", top, &error));
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_INVALID_ZONE));
        rm_rf(top);
}

static void
test_write_combined_and_special(void **state)
{
        g_autofree char *top = make_tmpdir();
        g_autofree char *zpath = g_build_filename(top, "zones", "grp", "a.xml", NULL);
        g_autofree char *dpath = g_build_filename(top, "direct.xml", NULL);
        g_autofree char *lpath = g_build_filename(top, "lockdown-whitelist.xml", NULL);
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwZone) z = zw_zone_new("grp/a");
        g_autoptr(ZwDirect) d = zw_direct_new();
        g_autoptr(ZwLockdown) l = zw_lockdown_new();
        g_autoptr(ZwDirect) d2 = NULL;
        g_autoptr(ZwLockdown) l2 = NULL;
        const char *const args[] = { "-j", "ACCEPT", NULL };

        assert_true(zw_xml_write_object(z, top, &error));
        assert_true(g_file_test(zpath, G_FILE_TEST_IS_REGULAR));
        assert_true(zw_direct_add_rule(d, "ipv4", "filter", "INPUT", 3, args, &error));
        assert_true(zw_xml_write_direct(d, dpath, &error));
        d2 = zw_xml_read_direct(dpath, NULL, &error);
        assert_non_null(d2);
        assert_int_equal(d2->rules->len, 1);
        assert_true(zw_lockdown_add_uid(l, 0, &error));
        assert_true(zw_xml_write_lockdown(l, lpath, &error));
        l2 = zw_xml_read_lockdown(lpath, NULL, &error);
        assert_non_null(l2);
        assert_true(zw_lockdown_has_uid(l2, 0));
        rm_rf(top);
}

static void
test_write_conf(void **state)
{
        g_autofree char *top = make_tmpdir();
        g_autofree char *path = g_build_filename(top, "firewalld.conf", NULL);
        g_autofree char *old = g_strconcat(path, ".old", NULL);
        g_autoptr(ZwConf) conf = zw_conf_parse("# comment\nDefaultZone=public\n", NULL);
        g_autoptr(GError) error = NULL;
        g_autofree char *contents = NULL;
        gboolean written = TRUE;
        struct stat st;

        assert_true(g_file_set_contents(path, "# comment\nDefaultZone=public\n", -1, NULL));
        assert_true(zw_xml_write_conf(conf, path, &written, &error));
        assert_false(written);
        assert_false(g_file_test(old, G_FILE_TEST_EXISTS));

        assert_true(zw_conf_set(conf, "DefaultZone", "work", &error));
        assert_true(zw_xml_write_conf(conf, path, &written, &error));
        assert_true(written);
        assert_true(g_file_get_contents(path, &contents, NULL, NULL));
        assert_non_null(strstr(contents, "# comment"));
        assert_non_null(strstr(contents, "DefaultZone=work"));
        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0600);
        g_clear_pointer(&contents, g_free);
        assert_true(g_file_get_contents(old, &contents, NULL, NULL));
        assert_string_equal(contents, "# comment\nDefaultZone=public\n");
        rm_rf(top);
}

/* ---------------------------------------------------------------------------------------------- */

static void
make_small_tree(const char *top)
{
        put(top, "builtin/zones/public.xml",
            "<zone><short>Public</short><service name=\"ssh\"/><forward/></zone>");
        put(top, "builtin/zones/README", "not xml");
        put(top, "builtin/services/ssh.xml", "<service><port port=\"22\" protocol=\"tcp\"/>"
                 "</service>");
        put(top, "builtin/services/http.xml", "<service><port port=\"80\" protocol=\"tcp\"/>"
                 "</service>");
        put(top, "stock/services/http.xml", "<service><port port=\"8080\" protocol=\"tcp\"/>"
                 "</service>");
        put(top, "stock/services/leofs.xml", "<service><port port=\"4369\" protocol=\"tcp\"/>"
                 "</service>");
        put(top, "builtin/icmptypes/echo-request.xml", "<icmptype/>");
        put(top, "admin/services/http.xml", "<service><port port=\"81\" protocol=\"tcp\"/>"
                 "</service>");
        put(top, "admin/services/mine.xml", "<service><port port=\"9\" protocol=\"udp\"/>"
                 "</service>");
        put(top, "admin/services/mine.xml.old", "garbage");
        put(top, "admin/zones/grp/a.xml", "<zone><interface name=\"eth1\"/></zone>");
        put(top, "admin/zones/grp/b.xml", "<zone><service name=\"http\"/></zone>");
        put(top, "admin/policies/p.xml",
            "<policy target=\"ACCEPT\"><ingress-zone name=\"public\"/><egress-zone "
            "name=\"HOST\"/></policy>");
        put(top, "admin/firewalld.conf", "DefaultZone=grp/a\nBogusKey=1\n");
        put(top, "admin/direct.xml", "<direct><passthrough ipv=\"ipv4\">-L</passthrough></direct>");
        put(top, "admin/lockdown-whitelist.xml", "<whitelist><user id=\"0\"/></whitelist>");
}

static void
test_load_tree(void **state)
{
        g_autofree char *top = make_tmpdir();
        g_autofree char *stock = g_build_filename(top, "stock", NULL);
        g_autofree char *builtin = g_build_filename(top, "builtin", NULL);
        g_autofree char *admin = g_build_filename(top, "admin", NULL);
        g_autoptr(GPtrArray) warnings = warnings_new();
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwTree) tree = NULL;
        const ZwService *s;
        const ZwZone *z;

        make_small_tree(top);
        tree = zw_load_tree(stock, builtin, admin, warnings, &error);
        if (tree == NULL)
                fail_msg("%s", error->message);

        /* stock object, overridden by the builtin tree, overridden by the admin tree */
        s = zw_tree_get_service(tree, "http");
        assert_string_equal(((ZwPort *)g_ptr_array_index(s->ports, 0))->port, "81");
        assert_false(s->info.builtin);
        assert_false(s->info.is_default);
        s = zw_tree_lookup_builtin(tree, ZW_KIND_SERVICE, "http");
        assert_string_equal(((ZwPort *)g_ptr_array_index(s->ports, 0))->port, "80");
        assert_true(s->info.builtin && s->info.is_default);
        s = zw_tree_get_service(tree, "leofs");
        assert_true(s->info.builtin && s->info.is_default);
        assert_string_equal(s->info.filename, "leofs.xml");
        s = zw_tree_get_service(tree, "mine");
        assert_false(s->info.builtin);
        assert_true(s->info.is_default);
        assert_null(zw_tree_lookup_builtin(tree, ZW_KIND_SERVICE, "mine"));

        z = zw_tree_get_zone(tree, "grp/a");
        assert_non_null(z);
        assert_string_equal(z->info.filename, "a.xml");
        assert_non_null(zw_tree_get_zone(tree, "grp/b"));
        assert_non_null(zw_tree_get_policy(tree, "p"));
        assert_string_equal(zw_conf_get_default_zone(tree->conf), "grp/a");
        assert_int_equal(tree->direct->passthroughs->len, 1);
        assert_true(zw_lockdown_has_uid(tree->lockdown, 0));
        /* the unknown key in firewalld.conf */
        assert_true(warnings->len >= 1);

        /* failsafe: without the admin tree */
        {
                g_autoptr(ZwTree) t2 = zw_load_tree(stock, builtin, NULL, NULL, &error);
                assert_non_null(t2);
                assert_null(zw_tree_get_service(t2, "mine"));
                assert_string_equal(zw_conf_get_default_zone(t2->conf), "public");
        }
        assert_true(zw_load_check_tree(stock, builtin, admin, NULL, &error));
        rm_rf(top);
}

static void
test_load_errors_name_the_file(void **state)
{
        g_autofree char *top = make_tmpdir();
        g_autofree char *builtin = g_build_filename(top, "builtin", NULL);
        g_autofree char *admin = g_build_filename(top, "admin", NULL);
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwTree) tree = NULL;
        g_autofree char *bad = g_build_filename(admin, "zones", "bad.xml", NULL);

        make_small_tree(top);
        put(top, "admin/zones/bad.xml", "<zone><bogus/></zone>");
        tree = zw_load_tree(NULL, builtin, admin, NULL, &error);
        assert_null(tree);
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_PARSE_ERROR));
        assert_true(g_str_has_prefix(error->message, bad));
        assert_true(g_str_has_suffix(error->message, ": Unexpected element bogus"));
        g_clear_error(&error);

        /* a reference to a missing service: firewalld's message names the zone */
        put(top, "admin/zones/bad.xml", "<zone><service name=\"nosuchsvc\"/></zone>");
        assert_false(zw_load_check_tree(NULL, builtin, admin, NULL, &error));
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_INVALID_SERVICE));
        assert_string_equal(error->message, "Zone 'bad': 'nosuchsvc' not among existing services");
        g_clear_error(&error);

        put(top, "admin/zones/bad.xml", "<zone><port port=\"70000\" protocol=\"tcp\"/></zone>");
        assert_false(zw_load_check_tree(NULL, builtin, admin, NULL, &error));
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_INVALID_PORT));
        assert_true(g_str_has_prefix(error->message, bad));
        g_clear_error(&error);
        g_unlink(bad);

        put(top, "admin/zones/b@d.xml", "<zone/>");
        assert_false(zw_load_check_tree(NULL, builtin, admin, NULL, &error));
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_INVALID_NAME));
        g_clear_error(&error);
        {
                g_autofree char *p = g_build_filename(admin, "zones", "b@d.xml", NULL);
                g_unlink(p);
        }

        put(top, "admin/direct.xml", "<direct><chain ipv=\"x\" table=\"filter\" chain=\"c\"/>"
                 "</direct>");
        assert_false(zw_load_check_tree(NULL, builtin, admin, NULL, &error));
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_INVALID_IPV));
        assert_non_null(strstr(error->message, "direct.xml"));
        rm_rf(top);
}

static void
test_check_file(void **state)
{
        g_autofree char *zone = data_path("canonical/zone.xml");
        g_autofree char *direct = data_path("canonical/direct.xml");
        g_autofree char *top = make_tmpdir();
        g_autofree char *bad = g_build_filename(top, "zones", "bad.xml", NULL);
        g_autofree char *svc = g_build_filename(top, "svc.xml", NULL);
        g_autoptr(GError) error = NULL;

        assert_true(zw_load_check_file(zone, NULL, &error));
        assert_true(zw_load_check_file(direct, NULL, &error));
        put(top, "zones/bad.xml", "<zone><short>x</zone>");
        assert_false(zw_load_check_file(bad, NULL, &error));
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_INVALID_ZONE));
        assert_true(g_str_has_prefix(error->message, bad));
        g_clear_error(&error);
        /* kind from the root element */
        put(top, "svc.xml", "<service><port port=\"1\" protocol=\"tcp\"/></service>");
        assert_true(zw_load_check_file(svc, NULL, &error));
        {
                ZwKind kind = ZW_KIND_N;
                assert_true(zw_xml_detect_kind("<policy target=\"DROP\"/>", 23, &kind));
                assert_int_equal(kind, ZW_KIND_POLICY);
                assert_false(zw_xml_detect_kind("<direct/>", 9, &kind));
                assert_false(zw_xml_detect_kind("<zone>", 6, &kind));
        }
        /* a combined zone: zones/<dir>/<file>.xml */
        {
                g_autofree char *comb = g_build_filename(top, "zones", "grp", "a.xml", NULL);
                put(top, "zones/grp/a.xml", "<zone><bogus/></zone>");
                assert_false(zw_load_check_file(comb, NULL, &error));
                assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_PARSE_ERROR));
                g_clear_error(&error);
                put(top, "zones/grp/a.xml", "<zone><interface name=\"eth9\"/></zone>");
                assert_true(zw_load_check_file(comb, NULL, &error));
        }
        rm_rf(top);
}

/* ---------------------------------------------------------------------------------------------- */

static void
test_stock_tree(void **state)
{
        static const guint want[ZW_KIND_N] = {
                [ZW_KIND_ZONE] = 9,     [ZW_KIND_SERVICE] = 221, [ZW_KIND_POLICY] = 1,
                [ZW_KIND_ICMPTYPE] = 45, [ZW_KIND_HELPER] = 13,  [ZW_KIND_IPSET] = 0,
        };
        g_autoptr(GPtrArray) warnings = warnings_new();
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwTree) tree = NULL;

        if (!g_file_test(STOCK_DIR "/zones", G_FILE_TEST_IS_DIR)) {
                print_message("skipped: %s not installed (package firewalld)\n", STOCK_DIR);
                skip();
        }
        tree = zw_load_tree(NULL, STOCK_DIR, NULL, warnings, &error);
        if (tree == NULL)
                fail_msg("%s", error->message);
        for (guint i = 0; i < warnings->len; i++)
                print_message("warning: %s\n", (char *)g_ptr_array_index(warnings, i));
        assert_int_equal(warnings->len, 0);
        for (guint k = 0; k < ZW_KIND_N; k++)
                assert_int_equal(g_hash_table_size(tree->objects[k]), want[k]);

        /* every stock object: format -> parse gives the same object and the same text */
        for (guint k = 0; k < ZW_KIND_N; k++) {
                g_autoptr(GPtrArray) names = zw_tree_names(tree, (ZwKind)k);
                for (guint i = 0; i < names->len; i++) {
                        const char *name = g_ptr_array_index(names, i);
                        gconstpointer obj = zw_tree_lookup(tree, (ZwKind)k, name);
                        g_autofree char *out = zw_xml_format_object(obj);
                        gpointer again = parse((ZwKind)k, name, out, warnings, &error);
                        g_autofree char *out2 = NULL;

                        if (again == NULL)
                                fail_msg("%s: %s", name, error->message);
                        if (!zw_object_equal(obj, again))
                                fail_msg("%s %s differs after a round trip:\n%s",
                                         zw_kind_name((ZwKind)k), name, out);
                        out2 = zw_xml_format_object(again);
                        assert_string_equal(out, out2);
                        zw_object_free(again);
                }
        }
        assert_int_equal(warnings->len, 0);
        {
                const ZwPolicy *p = zw_tree_get_policy(tree, "allow-host-ipv6");
                g_autofree char *out = zw_xml_format_object(p);
                assert_int_equal(p->priority, -15000);
                assert_non_null(strstr(out, "<policy priority=\"-15000\" target=\"CONTINUE\">"));
        }
        {
                const ZwZone *z = zw_tree_get_zone(tree, "block");
                assert_string_equal(z->target, "%%REJECT%%");
                assert_true(z->forward);
        }
}

/* the same files straight from disk, one by one, as check-config of single files does */
static void
test_stock_files_check(void **state)
{
        guint n = 0;

        if (!g_file_test(STOCK_DIR "/zones", G_FILE_TEST_IS_DIR))
                skip();
        for (guint k = 0; k < ZW_KIND_N; k++) {
                g_autofree char *dir = g_build_filename(STOCK_DIR, zw_kind_dir((ZwKind)k), NULL);
                GDir *d = g_dir_open(dir, 0, NULL);
                const char *e;

                if (d == NULL)
                        continue;
                while ((e = g_dir_read_name(d)) != NULL) {
                        g_autofree char *p = g_build_filename(dir, e, NULL);
                        g_autoptr(GPtrArray) warnings = warnings_new();
                        g_autoptr(GError) error = NULL;

                        if (!g_str_has_suffix(e, ".xml"))
                                continue;
                        if (!zw_load_check_file(p, warnings, &error))
                                fail_msg("%s", error->message);
                        assert_int_equal(warnings->len, 0);
                        n++;
                }
                g_dir_close(d);
        }
        assert_int_equal(n, 9 + 221 + 1 + 45 + 13);
}

/* zonewall's own definitions (services/, zones/, policies/, helpers/ of the source tree) on top
 * of the stock tree, as zonewalld loads them: no error, no warning */
static void
test_own_definitions(void **state)
{
        const char *top = g_getenv("ZW_TOP_SRCDIR");
        g_autoptr(GPtrArray) warnings = warnings_new();
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwTree) tree = NULL;
        g_autofree char *services = NULL;

        if (top == NULL || !g_file_test(STOCK_DIR "/zones", G_FILE_TEST_IS_DIR)) {
                print_message("skipped: needs ZW_TOP_SRCDIR and %s\n", STOCK_DIR);
                skip();
        }
        services = g_build_filename(top, "services", NULL);
        if (!g_file_test(services, G_FILE_TEST_IS_DIR))
                skip();
        tree = zw_load_tree(top, STOCK_DIR, NULL, warnings, &error);
        if (tree == NULL)
                fail_msg("%s", error->message);
        for (guint i = 0; i < warnings->len; i++)
                print_message("warning: %s\n", (char *)g_ptr_array_index(warnings, i));
        assert_int_equal(warnings->len, 0);
        assert_true(g_hash_table_size(tree->objects[ZW_KIND_SERVICE]) > 221);
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_canonical_zone),
                cmocka_unit_test(test_canonical_others),
                cmocka_unit_test(test_canonical_direct_lockdown),
                cmocka_unit_test(test_zone_written_like_firewalld),
                cmocka_unit_test(test_attribute_quoting),
                cmocka_unit_test(test_unexpected_element),
                cmocka_unit_test(test_unexpected_attribute),
                cmocka_unit_test(test_missing_attribute),
                cmocka_unit_test(test_malformed),
                cmocka_unit_test(test_bad_values),
                cmocka_unit_test(test_bad_name),
                cmocka_unit_test(test_invalid_rule_skipped),
                cmocka_unit_test(test_nested_rule),
                cmocka_unit_test(test_duplicates_dropped),
                cmocka_unit_test(test_port_coalescing),
                cmocka_unit_test(test_service_details),
                cmocka_unit_test(test_text_and_entities),
                cmocka_unit_test(test_icmptype_destination),
                cmocka_unit_test(test_ipset_entries),
                cmocka_unit_test(test_direct_lockdown_errors),
                cmocka_unit_test(test_mutations),
                cmocka_unit_test(test_atomic_write),
                cmocka_unit_test(test_write_combined_and_special),
                cmocka_unit_test(test_write_conf),
                cmocka_unit_test(test_load_tree),
                cmocka_unit_test(test_load_errors_name_the_file),
                cmocka_unit_test(test_check_file),
                cmocka_unit_test(test_stock_tree),
                cmocka_unit_test(test_stock_files_check),
                cmocka_unit_test(test_own_definitions),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
