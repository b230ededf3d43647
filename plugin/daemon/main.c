/* SPDX-License-Identifier: GPL-2.0-or-later */
/* daemon/main.c: zonewalld: options, logging, start order, signals */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "daemon/firewall.h"
#include "dbus/server.h"
#include "daemon/insight-trace.h"
#include "insight/server-backend.h"
#include "nft/counters.h"

#define PID_FILE "/run/zonewalld.pid"
#define BUS_NAME "org.fedoraproject.FirewallD1"

typedef enum { TARGET_CONSOLE, TARGET_SYSLOG, TARGET_FILE, TARGET_MIXED } LogTarget;

static struct {
        gboolean nofork;
        gboolean nopid;
        int debug;
        char *log_target;
        char *log_file;
        char *admin_dir;
        char *builtin_dir;
        char *stock_dir;
        char *table;
        int rpc_interval;
        char *rpcbind;
        gboolean version;
} opt = { .debug = 0, .rpc_interval = ZW_RPC_FOLLOWER_INTERVAL_MS };

static LogTarget log_target = TARGET_CONSOLE;
static FILE *log_fp;

typedef struct {
        GMainLoop *loop;
        ZwFirewall *fw;
        ZwDbusServer *server;
        ZwInsight *insight;
        GDBusConnection *connection;
        guint owner_id;
        int exit_code;
        gboolean keep_ruleset; /* bus lost: leave the firewall up whatever CleanupOnExit says */
} Daemon;

/* ------------------------------------------------------------------ logging */

static const char *
level_name(GLogLevelFlags level)
{
        if (level & G_LOG_LEVEL_ERROR)
                return "FATAL ERROR";
        if (level & G_LOG_LEVEL_CRITICAL)
                return "ERROR";
        if (level & G_LOG_LEVEL_WARNING)
                return "WARNING";
        if (level & G_LOG_LEVEL_DEBUG)
                return "DEBUG1";
        return "INFO";
}

static int
syslog_priority(GLogLevelFlags level)
{
        if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
                return LOG_ERR;
        if (level & G_LOG_LEVEL_WARNING)
                return LOG_WARNING;
        if (level & G_LOG_LEVEL_DEBUG)
                return LOG_DEBUG;
        return LOG_INFO;
}

static GLogWriterOutput
log_writer(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
        const char *message = NULL;

        if ((level & G_LOG_LEVEL_DEBUG) && opt.debug <= 0)
                return G_LOG_WRITER_HANDLED;
        for (gsize i = 0; i < n_fields; i++)
                if (strcmp(fields[i].key, "MESSAGE") == 0)
                        message = fields[i].value;
        if (message == NULL)
                return G_LOG_WRITER_UNHANDLED;
        if (log_target == TARGET_SYSLOG || log_target == TARGET_MIXED)
                syslog(syslog_priority(level), "%s", message);
        if (log_target == TARGET_CONSOLE || log_target == TARGET_MIXED)
                fprintf(stderr, "%s: %s\n", level_name(level), message);
        if (log_target == TARGET_FILE && log_fp != NULL) {
                g_autoptr(GDateTime) now = g_date_time_new_now_local();
                g_autofree char *stamp = g_date_time_format(now, "%F %T");
                fprintf(log_fp, "%s %s: %s\n", stamp, level_name(level), message);
                fflush(log_fp);
        }
        return G_LOG_WRITER_HANDLED;
}

static gboolean
setup_logging(GError **error)
{
        if (opt.log_target == NULL || strcmp(opt.log_target, "mixed") == 0)
                log_target = opt.log_target == NULL ? TARGET_CONSOLE : TARGET_MIXED;
        else if (strcmp(opt.log_target, "console") == 0)
                log_target = TARGET_CONSOLE;
        else if (strcmp(opt.log_target, "syslog") == 0)
                log_target = TARGET_SYSLOG;
        else if (strcmp(opt.log_target, "file") == 0)
                log_target = TARGET_FILE;
        else {
                g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                            _("invalid log target '%s' (console, syslog, file or mixed)"),
                            opt.log_target);
                return FALSE;
        }
        if (log_target == TARGET_SYSLOG || log_target == TARGET_MIXED)
                openlog("zonewalld", LOG_PID, LOG_DAEMON);
        if (log_target == TARGET_FILE) {
                log_fp = fopen(opt.log_file, "ae");
                if (log_fp == NULL) {
                        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
                                    _("cannot open log file '%s': %s"), opt.log_file,
                                    g_strerror(errno));
                        return FALSE;
                }
        }
        g_log_set_writer_func(log_writer, NULL, NULL);
        return TRUE;
}

static gboolean
parse_debug(const char *name, const char *value, gpointer data, GError **error)
{
        char *end = NULL;
        long level;

        if (value == NULL) {
                opt.debug = 1;
                return TRUE;
        }
        level = strtol(value, &end, 10);
        if (end == value || *end != '\0' || level < 0 || level > 10) {
                g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                            _("invalid debug level '%s' (0-10)"), value);
                return FALSE;
        }
        opt.debug = (int)level;
        return TRUE;
}

/* ------------------------------------------------------------------ bus */

static void
name_acquired(GDBusConnection *connection, const char *name, gpointer data)
{
        g_message(_("zonewalld is running, %s acquired"), name);
}

static void
name_lost(GDBusConnection *connection, const char *name, gpointer data)
{
        Daemon *d = data;

        g_warning(_("cannot own %s (another firewall daemon running?), exiting"), name);
        d->exit_code = 1;
        g_main_loop_quit(d->loop);
}

static void
bus_closed(GDBusConnection *connection, gboolean remote_peer_vanished, GError *error,
           gpointer data)
{
        Daemon *d = data;

        /* never open the node because the bus went away: exit with the ruleset in place and
         * let the service manager restart us */
        g_warning(_("lost the system bus (%s), exiting with the ruleset in place"),
                  error != NULL ? error->message : "closed");
        d->exit_code = 1;
        d->keep_ruleset = TRUE;
        g_main_loop_quit(d->loop);
}

static gboolean
on_quit(gpointer data)
{
        Daemon *d = data;

        g_message(_("stopping"));
        g_main_loop_quit(d->loop);
        return G_SOURCE_CONTINUE;
}

static gboolean
on_reload(gpointer data)
{
        Daemon *d = data;
        g_autoptr(GError) error = NULL;

        g_message(_("reloading (SIGHUP)"));
        if (!zw_dbus_server_reload(d->server, &error))
                g_warning(_("reload failed, old configuration kept: %s"), error->message);
        return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------ insight */

/* The insight object's hooks: the server's, plus the RPC ports from the follower */
static const ZwRuntime *
insight_get_runtime(gpointer data)
{
        return zw_insight_server_backend.get_runtime(((Daemon *)data)->server);
}

static const ZwTree *
insight_get_permanent(gpointer data)
{
        return zw_insight_server_backend.get_permanent(((Daemon *)data)->server);
}

static GHashTable *
insight_dup_rpc_ports(gpointer data)
{
        return zw_rpc_follower_dup_port_table(zw_firewall_get_rpc(((Daemon *)data)->fw));
}

static gboolean
insight_reload(gpointer data, GError **error)
{
        return zw_insight_server_backend.reload(((Daemon *)data)->server, error);
}

static gboolean
insight_restore(gpointer data, const ZwRuntime *rt, GError **error)
{
        return zw_insight_server_backend.restore(((Daemon *)data)->server, rt, error);
}

static gboolean
insight_trace(gpointer data, const ZwPacket *pkt, guint seconds, ZwInsightTraceDone done,
              gpointer user_data, GError **error)
{
        return zw_daemon_trace_start(((Daemon *)data)->fw, pkt, seconds, done, user_data, error);
}

static void
insight_trace_cancel(gpointer data)
{
        zw_daemon_trace_cancel();
}

/* counters of our table, read in the daemon's network namespace */
static GHashTable *
insight_read_counters(gpointer data, GError **error)
{
        return zw_nft_counters_read(((Daemon *)data)->fw->table, error);
}

static const ZwInsightBackend insight_backend = {
        .get_runtime = insight_get_runtime,
        .get_permanent = insight_get_permanent,
        .dup_rpc_ports = insight_dup_rpc_ports,
        .reload = insight_reload,
        .restore = insight_restore,
        .trace = insight_trace,
        .trace_cancel = insight_trace_cancel,
        .read_counters = insight_read_counters,
};

/* ------------------------------------------------------------------ start */

/* Load, compile, apply. A broken admin tree falls back to the builtin trees with state FAILED,
 * as firewalld does: the node is never left without a ruleset. */
static gboolean
start_firewall(Daemon *d, ZwTree **out_tree, ZwRuntime **out_rt, const char **out_state,
               GError **error)
{
        g_autoptr(GError) local = NULL;
        g_autoptr(ZwTree) tree = NULL;
        g_autoptr(ZwRuntime) rt = NULL;

        tree = zw_firewall_load(d->fw, TRUE, &local);
        if (tree != NULL) {
                rt = zw_runtime_new(tree);
                if (zw_firewall_apply(d->fw, rt, &local)) {
                        *out_state = "RUNNING";
                        *out_tree = g_steal_pointer(&tree);
                        *out_rt = g_steal_pointer(&rt);
                        return TRUE;
                }
        }
        g_warning(_("configuration in %s failed: %s; falling back to the builtin configuration"),
                  d->fw->admin_dir, local->message);
        g_clear_pointer(&rt, zw_runtime_free);
        g_clear_pointer(&tree, zw_tree_free);
        tree = zw_firewall_load(d->fw, FALSE, error);
        if (tree == NULL)
                return FALSE;
        rt = zw_runtime_new(tree);
        if (!zw_firewall_apply(d->fw, rt, error))
                return FALSE;
        *out_state = "FAILED";
        *out_tree = g_steal_pointer(&tree);
        *out_rt = g_steal_pointer(&rt);
        return TRUE;
}

static gboolean
write_pid_file(GError **error)
{
        g_autofree char *pid = g_strdup_printf("%d\n", (int)getpid());

        return g_file_set_contents(PID_FILE, pid, -1, error);
}

int
main(int argc, char **argv)
{
        const GOptionEntry entries[] = {
                { "nofork", 0, 0, G_OPTION_ARG_NONE, &opt.nofork,
                  N_("Do not fork into the background"), NULL },
                { "nopid", 0, 0, G_OPTION_ARG_NONE, &opt.nopid, N_("Do not write a pid file"),
                  NULL },
                { "debug", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK,
                  (gpointer)parse_debug, N_("Debug output, optionally with a level 1-10"),
                  N_("LEVEL") },
                { "log-target", 0, 0, G_OPTION_ARG_STRING, &opt.log_target,
                  N_("Where to log: console, syslog, file or mixed"), N_("TARGET") },
                { "log-file", 0, 0, G_OPTION_ARG_FILENAME, &opt.log_file,
                  N_("Log file for --log-target=file"), N_("FILE") },
                { "system-config", 0, 0, G_OPTION_ARG_FILENAME, &opt.admin_dir,
                  N_("Admin configuration directory (default " ZW_ADMIN_DIR ")"), N_("DIR") },
                { "default-config", 0, 0, G_OPTION_ARG_FILENAME, &opt.builtin_dir,
                  N_("Builtin configuration directory (default " ZW_BUILTIN_DIR ")"), N_("DIR") },
                { "stock-config", 0, 0, G_OPTION_ARG_FILENAME, &opt.stock_dir,
                  N_("zonewall's stock definitions (default " ZW_PKGDATADIR "/stock)"),
                  N_("DIR") },
                { "table", 0, 0, G_OPTION_ARG_STRING, &opt.table,
                  N_("Name of the nftables table (default zonewall)"), N_("NAME") },
                { "rpc-interval", 0, 0, G_OPTION_ARG_INT, &opt.rpc_interval,
                  N_("How often rpcbind is asked for RPC ports, in ms (default 1000)"),
                  N_("MS") },
                { "rpcbind", 0, 0, G_OPTION_ARG_FILENAME, &opt.rpcbind,
                  N_("rpcbind's local socket (default /run/rpcbind.sock; \"\": TCP "
                     "127.0.0.1:111 only)"),
                  N_("PATH") },
                { "version", 0, 0, G_OPTION_ARG_NONE, &opt.version, N_("Print the version"),
                  NULL },
                { NULL },
        };
        g_autoptr(GOptionContext) context = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwTree) tree = NULL;
        g_autoptr(ZwRuntime) rt = NULL;
        const char *state = NULL;
        Daemon d = { 0 };

        setlocale(LC_ALL, "");
        bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
        bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
        textdomain(GETTEXT_PACKAGE);

        context = g_option_context_new(NULL);
        g_option_context_set_summary(context, _("firewalld-compatible firewall daemon"));
        g_option_context_add_main_entries(context, entries, GETTEXT_PACKAGE);
        if (!g_option_context_parse(context, &argc, &argv, &error)) {
                fprintf(stderr, "zonewalld: %s\n", error->message);
                return 2;
        }
        if (opt.version) {
                printf("zonewalld %s\n", PACKAGE_VERSION);
                return 0;
        }
        if (opt.rpc_interval < 10 || opt.rpc_interval > 3600000) {
                fprintf(stderr, "zonewalld: %s\n", _("--rpc-interval must be 10-3600000 ms"));
                return 2;
        }
        if (opt.log_file == NULL)
                opt.log_file = g_strdup("/var/log/zonewalld.log");
        if (!setup_logging(&error)) {
                fprintf(stderr, "zonewalld: %s\n", error->message);
                return 2;
        }
        if (!opt.nofork && daemon(0, 0) != 0) {
                g_critical(_("cannot fork: %s"), g_strerror(errno));
                return 1;
        }
        if (!opt.nopid && !write_pid_file(&error))
                g_warning(_("cannot write %s: %s"), PID_FILE, error->message);
        g_clear_error(&error);

        d.fw = zw_firewall_new(opt.admin_dir != NULL ? opt.admin_dir : ZW_ADMIN_DIR,
                               opt.builtin_dir != NULL ? opt.builtin_dir : ZW_BUILTIN_DIR,
                               opt.stock_dir != NULL ? opt.stock_dir : ZW_PKGDATADIR "/stock",
                               opt.table != NULL ? opt.table : "zonewall");
        zw_rpc_follower_set_interval(zw_firewall_get_rpc(d.fw), (guint)opt.rpc_interval);
        if (opt.rpcbind != NULL) {
                ZwRpcbindOptions rpcbind;

                zw_rpcbind_options_init(&rpcbind);
                rpcbind.socket_path = opt.rpcbind;
                zw_rpc_follower_set_rpcbind(zw_firewall_get_rpc(d.fw), &rpcbind);
        }
        /* 1. config, 2. compile, 3. kernel, and only then 4. the bus name */
        if (!start_firewall(&d, &tree, &rt, &state, &error)) {
                g_critical(_("cannot start: %s"), error->message);
                zw_firewall_free(d.fw);
                return 1;
        }
        d.connection = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, &error);
        if (d.connection == NULL) {
                g_critical(_("cannot connect to the system bus: %s"), error->message);
                zw_firewall_free(d.fw);
                return 1;
        }
        g_dbus_connection_set_exit_on_close(d.connection, FALSE);
        d.server = zw_dbus_server_new(d.connection, g_steal_pointer(&tree), g_steal_pointer(&rt),
                                      state, &zw_firewall_backend, d.fw, &error);
        if (d.server == NULL) {
                g_critical(_("cannot export the D-Bus objects: %s"), error->message);
                zw_firewall_free(d.fw);
                return 1;
        }
        /* operator insight (org.zonewall.Zonewall1); the firewall works without it */
        d.insight = zw_insight_register(d.connection, &insight_backend, &d, &error);
        if (d.insight == NULL) {
                g_warning(_("cannot export the insight object: %s"), error->message);
                g_clear_error(&error);
        }
        /* RPC ports follow rpcbind from now on; the wants were set by the first apply */
        zw_firewall_start_rpc(d.fw);
        d.loop = g_main_loop_new(NULL, FALSE);
        g_signal_connect(d.connection, "closed", G_CALLBACK(bus_closed), &d);
        d.owner_id = g_bus_own_name_on_connection(d.connection, BUS_NAME,
                                                  G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                                  name_acquired, name_lost, &d, NULL);
        g_unix_signal_add(SIGTERM, on_quit, &d);
        g_unix_signal_add(SIGINT, on_quit, &d);
        g_unix_signal_add(SIGHUP, on_reload, &d);

        g_main_loop_run(d.loop);

        g_bus_unown_name(d.owner_id);
        if (d.keep_ruleset) {
                /* logged in bus_closed() */
        } else if (zw_firewall_cleanup_on_exit(d.fw)) {
                if (!zw_firewall_cleanup(d.fw, &error))
                        g_warning(_("cleanup failed: %s"), error->message);
        } else {
                /* unlike firewalld, a missing CleanupOnExit key keeps the ruleset too */
                g_message(_("CleanupOnExit not set to yes: leaving the ruleset in place"));
        }
        zw_rpc_follower_stop(zw_firewall_get_rpc(d.fw));
        zw_insight_free(d.insight);
        zw_dbus_server_free(d.server);
        g_object_unref(d.connection);
        g_main_loop_unref(d.loop);
        zw_firewall_free(d.fw);
        if (!opt.nopid)
                g_unlink(PID_FILE);
        g_free(opt.log_target);
        g_free(opt.log_file);
        g_free(opt.admin_dir);
        g_free(opt.builtin_dir);
        g_free(opt.stock_dir);
        g_free(opt.table);
        g_free(opt.rpcbind);
        if (log_fp != NULL)
                fclose(log_fp);
        return d.exit_code;
}
