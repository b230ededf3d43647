/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cli/zonewall.c: the operator's tool: check-config, explain, dump, counters,
 * reload/apply --confirm, confirm */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "core/error.h"
#include "insight/dump.h"
#include "insight/explain.h"
#include "insight/service.h"
#include "xml/load.h"

/* exit codes besides firewalld's error numbers */
#define EXIT_USAGE 2
#define EXIT_TRACE_DISAGREES 3 /* explain --trace: the real packet went elsewhere */
#define EXIT_TRACE_NO_PACKET 4 /* explain --trace: no matching packet within --wait */

typedef struct {
        char *builtin_dir;
        char *stock_dir;
        char *config;
        gboolean no_defaults;
} TreeOpts;

/* "CODE: detail" on stderr, firewalld's numeric code as the exit status */
static int
fail_with(const GError *error)
{
        if (error->domain == ZW_ERROR) {
                g_autofree char *wire = zw_error_to_wire(error);

                g_printerr("%s\n", wire);
                return error->code;
        }
        if (g_dbus_error_is_remote_error(error)) {
                g_autofree char *remote = g_dbus_error_get_remote_error(error);
                g_autoptr(GError) copy = g_error_copy(error);
                int code = ZW_ERROR_UNKNOWN_ERROR;

                g_dbus_error_strip_remote_error(copy);
                g_printerr("%s\n", copy->message);
                /* "org.fedoraproject.FirewallD1.Exception" carries "CODE: detail" */
                {
                        g_autofree char *name = g_strdup(copy->message);
                        char *colon = strchr(name, ':');

                        if (colon != NULL)
                                *colon = '\0';
                        if (!zw_error_code_from_name(name, &code))
                                code = ZW_ERROR_UNKNOWN_ERROR;
                }
                return code;
        }
        g_printerr("%s\n", error->message);
        if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
            error->domain == G_DBUS_ERROR)
                return ZW_ERROR_NOT_RUNNING;
        return ZW_ERROR_UNKNOWN_ERROR;
}

static const char *
dir_if_exists(const char *dir)
{
        return dir != NULL && g_file_test(dir, G_FILE_TEST_IS_DIR) ? dir : NULL;
}

static void
print_warnings(GPtrArray *warnings)
{
        for (guint i = 0; i < warnings->len; i++)
                g_printerr("warning: %s\n", (const char *)g_ptr_array_index(warnings, i));
}

/* the permanent tree as the daemon would load it from `admin` */
static ZwTree *
load_tree(const TreeOpts *t, const char *admin, GPtrArray *warnings, GError **error)
{
        const char *builtin = t->builtin_dir != NULL ? t->builtin_dir
                              : t->no_defaults       ? NULL
                                                     : dir_if_exists(ZW_BUILTIN_DIR);
        const char *stock = t->stock_dir != NULL ? t->stock_dir
                            : t->no_defaults     ? NULL
                                                 : dir_if_exists(ZW_PKGDATADIR "/stock");

        return zw_load_tree(stock, builtin, admin, warnings, error);
}

static void
tree_options(GOptionContext *octx, TreeOpts *t)
{
        const GOptionEntry entries[] = {
                { "builtin", 0, 0, G_OPTION_ARG_FILENAME, &t->builtin_dir,
                  "Builtin tree (default " ZW_BUILTIN_DIR " if present)", "DIR" },
                { "stock", 0, 0, G_OPTION_ARG_FILENAME, &t->stock_dir,
                  "zonewall's stock tree (default " ZW_PKGDATADIR "/stock if present)", "DIR" },
                { "no-defaults", 0, 0, G_OPTION_ARG_NONE, &t->no_defaults,
                  "Use neither default builtin nor stock tree", NULL },
                { NULL },
        };

        g_option_context_add_main_entries(octx, entries, NULL);
}

static void
tree_opts_clear(TreeOpts *t)
{
        g_free(t->builtin_dir);
        g_free(t->stock_dir);
        g_free(t->config);
}

/* ---- check-config ---- */

static int
cmd_check_config(int argc, char **argv)
{
        TreeOpts t = { 0 };
        g_autoptr(GOptionContext) octx = g_option_context_new("[DIR|FILE] - check a configuration");
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
        const char *path;
        gboolean ok;
        int rc;

        tree_options(octx, &t);
        g_option_context_set_summary(
                octx, "Validate a whole admin tree (with the builtin and stock trees below it) "
                      "or one file, offline. Prints firewalld's \"CODE: detail\" and exits with "
                      "its numeric code; 0 when the configuration is valid.");
        if (!g_option_context_parse(octx, &argc, &argv, &error)) {
                g_printerr("%s\n", error->message);
                tree_opts_clear(&t);
                return EXIT_USAGE;
        }
        if (argc > 2) {
                g_printerr("check-config takes one DIR or FILE\n");
                tree_opts_clear(&t);
                return EXIT_USAGE;
        }
        path = argc == 2 ? argv[1] : ZW_ADMIN_DIR;
        if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
                g_autoptr(ZwTree) tree = load_tree(&t, path, warnings, &error);

                ok = tree != NULL;
        } else if (g_file_test(path, G_FILE_TEST_EXISTS)) {
                ok = zw_load_check_file(path, warnings, &error);
        } else {
                g_set_error(&error, ZW_ERROR, ZW_ERROR_INVALID_FILENAME, "'%s' does not exist",
                            path);
                ok = FALSE;
        }
        print_warnings(warnings);
        tree_opts_clear(&t);
        if (!ok) {
                rc = fail_with(error);
                return rc != 0 ? rc : ZW_ERROR_UNKNOWN_ERROR;
        }
        g_print("success\n");
        return 0;
}

/* ---- talking to the daemon ---- */

static GDBusConnection *
daemon_bus(const char *address, GError **error)
{
        if (address != NULL)
                return g_dbus_connection_new_for_address_sync(
                        address,
                        G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                        NULL, NULL, error);
        return g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, error);
}

static GVariant *
daemon_call(const char *address, const char *method, GVariant *args, const char *reply_type,
            GError **error)
{
        g_autoptr(GDBusConnection) bus = daemon_bus(address, error);

        if (bus == NULL) {
                if (args != NULL)
                        g_variant_unref(g_variant_ref_sink(args));
                return NULL;
        }
        return g_dbus_connection_call_sync(bus, ZW_INSIGHT_BUS_NAME, ZW_INSIGHT_PATH,
                                           ZW_INSIGHT_INTERFACE, method, args,
                                           G_VARIANT_TYPE(reply_type),
                                           G_DBUS_CALL_FLAGS_NONE, 30000, NULL, error);
}

/* ---- explain ---- */

/* explain --trace: the daemon arms the trace and answers when the packet came or --wait
 * passed; the exit code says whether the real packet agreed with the model */
static int
explain_trace(const char *address, GVariant *packet, guint wait, gboolean json)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(GDBusConnection) bus = daemon_bus(address, &error);
        g_autoptr(GVariant) reply = NULL;
        const char *outcome, *text, *js;
        guint seconds = wait != 0 ? wait : ZW_INSIGHT_TRACE_SECONDS;

        if (bus == NULL) {
                g_variant_unref(g_variant_ref_sink(packet));
                return fail_with(error);
        }
        if (!json)
                g_printerr("tracing: send the packet within %u s\n", seconds);
        reply = g_dbus_connection_call_sync(bus, ZW_INSIGHT_BUS_NAME, ZW_INSIGHT_PATH,
                                            ZW_INSIGHT_INTERFACE, "Trace",
                                            g_variant_new("(@a{sv}u)", packet, seconds),
                                            G_VARIANT_TYPE("(sss)"), G_DBUS_CALL_FLAGS_NONE,
                                            (int)(seconds + 30) * 1000, NULL, &error);
        if (reply == NULL)
                return fail_with(error);
        g_variant_get(reply, "(&s&s&s)", &outcome, &text, &js);
        if (json)
                g_print("%s\n", js);
        else
                g_print("%s", text);
        if (strcmp(outcome, "agrees") == 0)
                return 0;
        return strcmp(outcome, "no-packet") == 0 ? EXIT_TRACE_NO_PACKET : EXIT_TRACE_DISAGREES;
}

static int
cmd_explain(int argc, char **argv)
{
        TreeOpts t = { 0 };
        ZwPacket pkt = { 0 };
        g_autofree char *in = NULL, *src = NULL, *dst = NULL, *mac = NULL, *proto = NULL,
                        *icmp = NULL, *address = NULL;
        int dport = 0, sport = 0, wait = 0;
        gboolean json = FALSE, trace = FALSE;
        g_autoptr(GOptionContext) octx = g_option_context_new("- explain a packet's fate");
        g_autoptr(GError) error = NULL;
        const GOptionEntry entries[] = {
                { "in", 'i', 0, G_OPTION_ARG_STRING, &in, "Ingress interface", "IFACE" },
                { "src", 's', 0, G_OPTION_ARG_STRING, &src, "Source address", "ADDR" },
                { "dst", 'd', 0, G_OPTION_ARG_STRING, &dst, "Destination address", "ADDR" },
                { "mac", 0, 0, G_OPTION_ARG_STRING, &mac, "Source MAC address", "MAC" },
                { "proto", 'p', 0, G_OPTION_ARG_STRING, &proto,
                  "tcp, udp, sctp, dccp, icmp, ipv6-icmp or a protocol", "PROTO" },
                { "dport", 0, 0, G_OPTION_ARG_INT, &dport, "Destination port", "N" },
                { "sport", 0, 0, G_OPTION_ARG_INT, &sport, "Source port", "N" },
                { "icmp-type", 0, 0, G_OPTION_ARG_STRING, &icmp,
                  "ICMP type by firewalld name (default echo-request)", "NAME" },
                { "config", 'c', 0, G_OPTION_ARG_FILENAME, &t.config,
                  "Offline: explain against the permanent config of this admin tree", "DIR" },
                { "bus-address", 0, 0, G_OPTION_ARG_STRING, &address,
                  "Ask the daemon on this bus instead of the system bus", "ADDRESS" },
                { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the explanation as JSON",
                  NULL },
                { "trace", 0, 0, G_OPTION_ARG_NONE, &trace,
                  "Confirm with an nft trace of the next such packet (root)", NULL },
                { "wait", 'w', 0, G_OPTION_ARG_INT, &wait,
                  "With --trace: seconds to wait for the packet (default 10)", "SECONDS" },
                { NULL },
        };

        g_option_context_add_main_entries(octx, entries, NULL);
        tree_options(octx, &t);
        g_option_context_set_summary(
                octx, "Which zone and which rule decide a new connection to this host, and "
                      "why. Asks the running daemon (its runtime configuration) unless --config "
                      "is given.");
        if (!g_option_context_parse(octx, &argc, &argv, &error) || argc != 1) {
                g_printerr("%s\n", error != NULL ? error->message : "unexpected arguments");
                tree_opts_clear(&t);
                return EXIT_USAGE;
        }
        if (proto == NULL)
                proto = g_strdup(dport != 0 ? "tcp" : "icmp");
        if (dport < 0 || sport < 0) {
                g_printerr("INVALID_PORT: %d\n", dport < 0 ? dport : sport);
                tree_opts_clear(&t);
                return ZW_ERROR_INVALID_PORT;
        }
        if (wait < 0 || (wait != 0 && !trace) || (trace && t.config != NULL)) {
                g_printerr("--wait needs --trace, which needs the daemon (no --config)\n");
                tree_opts_clear(&t);
                return EXIT_USAGE;
        }
        pkt = (ZwPacket){ in, src, dst, mac, proto, (guint)dport, (guint)sport, icmp };
        if (t.config != NULL) {
                g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
                g_autoptr(ZwTree) tree = load_tree(&t, t.config, warnings, &error);
                g_autoptr(ZwRuntime) rt = NULL;
                g_autoptr(ZwExplanation) ex = NULL;
                g_autofree char *out = NULL;

                tree_opts_clear(&t);
                if (tree == NULL)
                        return fail_with(error);
                rt = zw_runtime_new(tree);
                ex = zw_explain(rt, &pkt, &error);
                if (ex == NULL)
                        return fail_with(error);
                out = json ? zw_explanation_to_json(ex) : zw_explanation_to_string(ex);
                g_print("%s%s", out, json ? "\n" : "");
                return 0;
        }
        tree_opts_clear(&t);
        {
                g_autoptr(GVariant) reply = NULL;
                g_autoptr(GVariant) args = NULL;
                const char *text, *js;
                GVariantBuilder b;

                g_variant_builder_init(&b, G_VARIANT_TYPE("a{sv}"));
                if (in != NULL)
                        g_variant_builder_add(&b, "{sv}", "in", g_variant_new_string(in));
                if (src != NULL)
                        g_variant_builder_add(&b, "{sv}", "src", g_variant_new_string(src));
                if (dst != NULL)
                        g_variant_builder_add(&b, "{sv}", "dst", g_variant_new_string(dst));
                if (mac != NULL)
                        g_variant_builder_add(&b, "{sv}", "mac", g_variant_new_string(mac));
                g_variant_builder_add(&b, "{sv}", "proto", g_variant_new_string(proto));
                if (dport != 0)
                        g_variant_builder_add(&b, "{sv}", "dport", g_variant_new_uint32(dport));
                if (sport != 0)
                        g_variant_builder_add(&b, "{sv}", "sport", g_variant_new_uint32(sport));
                if (icmp != NULL)
                        g_variant_builder_add(&b, "{sv}", "icmp-type",
                                              g_variant_new_string(icmp));
                if (trace)
                        return explain_trace(address, g_variant_builder_end(&b), (guint)wait,
                                             json);
                args = g_variant_ref_sink(g_variant_new("(a{sv})", &b));
                reply = daemon_call(address, "Explain", g_variant_ref(args), "(ss)", &error);
                if (reply == NULL)
                        return fail_with(error);
                g_variant_get(reply, "(&s&s)", &text, &js);
                if (json)
                        g_print("%s\n", js);
                else
                        g_print("%s", text);
                return 0;
        }
}

/* ---- dump ---- */

static int
cmd_dump(int argc, char **argv)
{
        TreeOpts t = { 0 };
        gboolean json = FALSE, compact = FALSE;
        g_autofree char *address = NULL;
        g_autoptr(GOptionContext) octx = g_option_context_new("--json - the whole state");
        g_autoptr(GError) error = NULL;
        const GOptionEntry entries[] = {
                { "json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON output (the only format)",
                  NULL },
                { "compact", 0, 0, G_OPTION_ARG_NONE, &compact, "One line, no indentation",
                  NULL },
                { "config", 'c', 0, G_OPTION_ARG_FILENAME, &t.config,
                  "Offline: this admin tree (runtime = a fresh start from it)", "DIR" },
                { "bus-address", 0, 0, G_OPTION_ARG_STRING, &address,
                  "Ask the daemon on this bus instead of the system bus", "ADDRESS" },
                { NULL },
        };

        g_option_context_add_main_entries(octx, entries, NULL);
        tree_options(octx, &t);
        g_option_context_set_summary(octx, "Runtime and permanent configuration as one JSON "
                                           "document (see zonewall-dump.schema.json).");
        if (!g_option_context_parse(octx, &argc, &argv, &error) || argc != 1 || !json) {
                g_printerr("%s\n", error != NULL ? error->message : "usage: zonewall dump --json");
                tree_opts_clear(&t);
                return EXIT_USAGE;
        }
        if (t.config != NULL) {
                g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
                g_autoptr(ZwTree) tree = load_tree(&t, t.config, warnings, &error);
                g_autoptr(ZwRuntime) rt = NULL;
                g_autofree char *out = NULL;

                tree_opts_clear(&t);
                if (tree == NULL)
                        return fail_with(error);
                rt = zw_runtime_new(tree);
                out = zw_dump_to_string(rt, tree, NULL, !compact);
                g_print("%s\n", out);
                return 0;
        }
        tree_opts_clear(&t);
        {
                g_autoptr(GVariant) reply = daemon_call(address, "Dump", NULL, "(s)", &error);
                const char *js;

                if (reply == NULL)
                        return fail_with(error);
                g_variant_get(reply, "(&s)", &js);
                if (compact) {
                        g_autoptr(JsonNode) node = json_from_string(js, NULL);

                        if (node != NULL) {
                                g_autofree char *c = json_to_string(node, FALSE);

                                g_print("%s\n", c);
                                return 0;
                        }
                }
                g_print("%s\n", js);
                return 0;
        }
}

/* ---- counters ---- */

static int watch_seconds; /* 0: one sample */

static gboolean
watch_cb(const char *option, const char *value, gpointer data, GError **error)
{
        gint64 n = 1;

        if (value != NULL && !g_ascii_string_to_signed(value, 10, 1, 86400, &n, NULL)) {
                g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                            "--watch: '%s' is not a number of seconds (1..86400)", value);
                return FALSE;
        }
        watch_seconds = (int)n;
        return TRUE;
}

static char *
row_key(const char *owner_type, const char *owner, const char *kind, const char *item)
{
        return g_strdup_printf("%s\x1f%s\x1f%s\x1f%s", owner_type, owner, kind, item);
}

/* one sample: a table (or JSON); `prev` (key -> guint64[2]) gives the "+N" columns and is
 * updated to this sample */
static void
print_counters(GVariant *rows, GHashTable *prev, gboolean json, gboolean tty, int seconds)
{
        gboolean deltas = prev != NULL;
        GVariantIter it;
        const char *ot, *owner, *kind, *item;
        guint64 pk, by;
        g_autoptr(JsonBuilder) jb = json_builder_new();

        if (json) {
                json_builder_begin_array(jb);
        } else {
                if (deltas && tty)
                        g_print("\033[H\033[2J");
                if (deltas) {
                        g_autoptr(GDateTime) now = g_date_time_new_now_local();
                        g_autofree char *ts = g_date_time_format(now, "%F %T");

                        g_print("Every %ds: zonewall counters    %s\n\n", seconds, ts);
                        g_print("%12s %8s %14s %10s  %-26s %-8s %s\n", "PACKETS", "+PKTS",
                                "BYTES", "+BYTES", "ZONE/POLICY", "KIND", "ITEM");
                } else {
                        g_print("%12s %14s  %-26s %-8s %s\n", "PACKETS", "BYTES", "ZONE/POLICY",
                                "KIND", "ITEM");
                }
        }
        g_variant_iter_init(&it, rows);
        while (g_variant_iter_next(&it, "(&s&s&s&stt)", &ot, &owner, &kind, &item, &pk, &by)) {
                g_autofree char *key = row_key(ot, owner, kind, item);
                g_autofree char *who = g_strdup_printf("%s %s", ot, owner);
                guint64 *old = deltas ? g_hash_table_lookup(prev, key) : NULL;
                guint64 dp = old != NULL && pk >= old[0] ? pk - old[0] : 0;
                guint64 db = old != NULL && by >= old[1] ? by - old[1] : 0;

                if (json) {
                        json_builder_begin_object(jb);
                        json_builder_set_member_name(jb, "owner_type");
                        json_builder_add_string_value(jb, ot);
                        json_builder_set_member_name(jb, "owner");
                        json_builder_add_string_value(jb, owner);
                        json_builder_set_member_name(jb, "kind");
                        json_builder_add_string_value(jb, kind);
                        json_builder_set_member_name(jb, "item");
                        json_builder_add_string_value(jb, item);
                        json_builder_set_member_name(jb, "packets");
                        json_builder_add_int_value(jb, (gint64)pk);
                        json_builder_set_member_name(jb, "bytes");
                        json_builder_add_int_value(jb, (gint64)by);
                        if (deltas) {
                                json_builder_set_member_name(jb, "delta_packets");
                                json_builder_add_int_value(jb, (gint64)dp);
                                json_builder_set_member_name(jb, "delta_bytes");
                                json_builder_add_int_value(jb, (gint64)db);
                        }
                        json_builder_end_object(jb);
                } else if (deltas) {
                        g_autofree char *p = g_strdup_printf("+%" G_GUINT64_FORMAT, dp);
                        g_autofree char *b = g_strdup_printf("+%" G_GUINT64_FORMAT, db);
                        /* like watch -d: what moved since the last sample stands out */
                        gboolean hl = tty && dp != 0;

                        g_print("%s%12" G_GUINT64_FORMAT " %8s %14" G_GUINT64_FORMAT
                                " %10s  %-26s %-8s %s%s\n",
                                hl ? "\033[7m" : "", pk, p, by, b, who, kind, item,
                                hl ? "\033[0m" : "");
                } else {
                        g_print("%12" G_GUINT64_FORMAT " %14" G_GUINT64_FORMAT "  %-26s %-8s %s\n",
                                pk, by, who, kind, item);
                }
                if (deltas) {
                        guint64 *now = g_new(guint64, 2);

                        now[0] = pk;
                        now[1] = by;
                        g_hash_table_replace(prev, g_steal_pointer(&key), now);
                }
        }
        if (json) {
                g_autoptr(JsonNode) root = NULL;
                g_autofree char *out = NULL;

                json_builder_end_array(jb);
                root = json_builder_get_root(jb);
                out = json_to_string(root, !deltas); /* watch: one document per line */
                g_print("%s\n", out);
        }
}

static int
cmd_counters(int argc, char **argv)
{
        g_autofree char *zone = NULL, *address = NULL;
        gboolean json = FALSE;
        g_autoptr(GOptionContext) octx =
                g_option_context_new("- packets and bytes per zone, service, port, rule, policy");
        g_autoptr(GError) error = NULL;
        g_autoptr(GHashTable) prev = NULL;
        const GOptionEntry entries[] = {
                { "zone", 'z', 0, G_OPTION_ARG_STRING, &zone, "Only this zone", "ZONE" },
                { "watch", 'w', G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK,
                  (gpointer)watch_cb,
                  "Sample every SECONDS (default 1) and show what changed, until Ctrl-C",
                  "SECONDS" },
                { "json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON output", NULL },
                { "bus-address", 0, 0, G_OPTION_ARG_STRING, &address,
                  "Ask the daemon on this bus instead of the system bus", "ADDRESS" },
                { NULL },
        };

        g_option_context_add_main_entries(octx, entries, NULL);
        g_option_context_set_summary(
                octx, "The counters zonewalld's ruleset keeps: new packets entering each zone "
                      "and policy, those ending at its target, per service and port, per rich "
                      "rule. See zonewall(1) for what each counts.");
        if (!g_option_context_parse(octx, &argc, &argv, &error) || argc != 1) {
                g_printerr("%s\n", error != NULL ? error->message : "unexpected arguments");
                return EXIT_USAGE;
        }
        if (watch_seconds > 0)
                prev = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        for (;;) {
                g_autoptr(GVariant) reply =
                        daemon_call(address, "Counters",
                                    g_variant_new("(s)", zone != NULL ? zone : ""),
                                    "(a(sssstt))", &error);
                g_autoptr(GVariant) rows = NULL;

                if (reply == NULL)
                        return fail_with(error);
                rows = g_variant_get_child_value(reply, 0);
                print_counters(rows, prev, json, isatty(STDOUT_FILENO), watch_seconds);
                if (watch_seconds == 0)
                        return 0;
                fflush(stdout);
                g_usleep((gulong)watch_seconds * G_USEC_PER_SEC);
        }
}

/* ---- reload --confirm / confirm ---- */

/* the options reload and apply share: --confirm SECONDS (required) and --bus-address;
 * FALSE after printing USAGE. COMMAND: stop at the first non-option (apply's command). */
static gboolean
parse_confirm(int *argc, char ***argv, const char *params, const char *summary,
              const char *usage, gboolean command, int *out_seconds, char **out_address)
{
        g_autoptr(GOptionContext) octx = g_option_context_new(params);
        g_autoptr(GError) error = NULL;
        const GOptionEntry entries[] = {
                { "confirm", 0, 0, G_OPTION_ARG_INT, out_seconds,
                  "Revert to the previous runtime unless `zonewall confirm` comes in time",
                  "SECONDS" },
                { "bus-address", 0, 0, G_OPTION_ARG_STRING, out_address,
                  "Ask the daemon on this bus instead of the system bus", "ADDRESS" },
                { NULL },
        };

        g_option_context_add_main_entries(octx, entries, NULL);
        /* apply's options end at COMMAND: its own options are its own */
        g_option_context_set_strict_posix(octx, command);
        g_option_context_set_summary(octx, summary);
        if (!g_option_context_parse(octx, argc, argv, &error) || *out_seconds <= 0 ||
            (!command && *argc != 1)) {
                g_printerr("%s\n", error != NULL ? error->message : usage);
                return FALSE;
        }
        return TRUE;
}

static int
cmd_reload(int argc, char **argv)
{
        int seconds = 0;
        g_autofree char *address = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(GVariant) reply = NULL;

        if (!parse_confirm(&argc, &argv, "--confirm SECONDS - reload safely",
                           "Reload the permanent configuration into the runtime; with --confirm "
                           "the daemon keeps a snapshot and goes back to it after SECONDS unless "
                           "`zonewall confirm` arrives.",
                           "usage: zonewall reload --confirm SECONDS", FALSE, &seconds,
                           &address))
                return EXIT_USAGE;
        reply = daemon_call(address, "ReloadConfirm", g_variant_new("(u)", (guint32)seconds),
                            "()", &error);
        if (reply == NULL)
                return fail_with(error);
        g_print("reloaded; run `zonewall confirm` within %d seconds or the previous runtime "
                "comes back\n", seconds);
        return 0;
}

static int
cmd_apply(int argc, char **argv)
{
        int seconds = 0;
        g_autofree char *address = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(GVariant) reply = NULL;
        char **command;
        int status = 0;

        if (!parse_confirm(&argc, &argv, "--confirm SECONDS [-- COMMAND [ARG...]] - change safely",
                           "Snapshot the runtime, then run COMMAND (e.g. firewall-cmd --add-...) "
                           "or let you make changes any way you like; after SECONDS the snapshot "
                           "comes back unless `zonewall confirm` arrives. Permanent files are not "
                           "reverted.",
                           "usage: zonewall apply --confirm SECONDS [-- COMMAND]", TRUE, &seconds,
                           &address))
                return EXIT_USAGE;
        /* what is left after the options (GOption keeps a "--" before the command) */
        command = argv + 1;
        if (command[0] != NULL && g_str_equal(command[0], "--"))
                command++;
        reply = daemon_call(address, "ApplyConfirm", g_variant_new("(u)", (guint32)seconds),
                            "()", &error);
        if (reply == NULL)
                return fail_with(error);
        if (command[0] != NULL &&
            !g_spawn_sync(NULL, command, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_CHILD_INHERITS_STDIN,
                          NULL, NULL, NULL, NULL, &status, &error)) {
                g_printerr("%s\n", error->message);
                status = 127 << 8;
        }
        g_print("run `zonewall confirm` within %d seconds or the runtime of before comes back\n",
                seconds);
        if (command[0] == NULL)
                return 0;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int
cmd_confirm(int argc, char **argv)
{
        g_autofree char *address = NULL;
        g_autoptr(GOptionContext) octx = g_option_context_new("- keep the pending change");
        g_autoptr(GError) error = NULL;
        g_autoptr(GVariant) reply = NULL;
        const GOptionEntry entries[] = {
                { "bus-address", 0, 0, G_OPTION_ARG_STRING, &address,
                  "Ask the daemon on this bus instead of the system bus", "ADDRESS" },
                { NULL },
        };

        g_option_context_add_main_entries(octx, entries, NULL);
        if (!g_option_context_parse(octx, &argc, &argv, &error) || argc != 1) {
                g_printerr("%s\n", error != NULL ? error->message : "usage: zonewall confirm");
                return EXIT_USAGE;
        }
        reply = daemon_call(address, "Confirm", NULL, "()", &error);
        if (reply == NULL)
                return fail_with(error);
        g_print("confirmed\n");
        return 0;
}

static void
usage(void)
{
        g_printerr("usage: zonewall COMMAND [OPTIONS]\n"
                   "  check-config [DIR|FILE]   validate a config tree or one file offline\n"
                   "  explain --in IFACE --src ADDR --dst ADDR --proto P --dport N\n"
                   "                            which zone and rule decide a packet, and why;\n"
                   "                            --trace [--wait S]: confirm with a real packet\n"
                   "  dump --json               runtime and permanent state as JSON\n"
                   "  counters [--zone Z] [--watch [N]] [--json]\n"
                   "                            packets/bytes per zone, service, port, rule\n"
                   "  reload --confirm SECONDS  reload; revert unless confirmed in time\n"
                   "  apply --confirm SECONDS [-- COMMAND...]\n"
                   "                            run COMMAND (or make changes); revert unless\n"
                   "                            confirmed in time\n"
                   "  confirm                   keep the change of reload/apply --confirm\n"
                   "`zonewall COMMAND --help` for the options; zonewall(1).\n");
}

int
main(int argc, char **argv)
{
        static const struct {
                const char *name;
                int (*run)(int argc, char **argv);
        } cmds[] = {
                { "check-config", cmd_check_config },
                { "explain", cmd_explain },
                { "dump", cmd_dump },
                { "counters", cmd_counters },
                { "reload", cmd_reload },
                { "apply", cmd_apply },
                { "confirm", cmd_confirm },
        };

        setlocale(LC_ALL, "");
        if (argc < 2 || g_strcmp0(argv[1], "--help") == 0 || g_strcmp0(argv[1], "-h") == 0) {
                usage();
                return argc < 2 ? EXIT_USAGE : 0;
        }
        for (guint i = 0; i < G_N_ELEMENTS(cmds); i++) {
                if (g_strcmp0(argv[1], cmds[i].name) == 0) {
                        g_set_prgname(cmds[i].name);
                        return cmds[i].run(argc - 1, argv + 1);
                }
        }
        g_printerr("zonewall: unknown command '%s'\n", argv[1]);
        usage();
        return EXIT_USAGE;
}
