/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench/zwb-dbus.c: D-Bus side of the benchmark: readiness, reload, op latency, ipset load */
/*
 * One persistent connection to the system bus named by DBUS_SYSTEM_BUS_ADDRESS (the bench's
 * private bus). Every subcommand prints "key=value" lines for bench/run to collect; times are
 * CLOCK_MONOTONIC except "ready", which compares against the realtime stamp the driver took
 * just before it forked the daemon.
 *
 *   zwb-dbus ready T0_EPOCH_S PID NETNS FAMILY TABLE [TIMEOUT_S]
 *   zwb-dbus reload
 *   zwb-dbus lat N CAP_S ZONE
 *   zwb-dbus addports ZONE FIRST COUNT CAP_S
 *   zwb-dbus ipset NAME COUNT CAP_S
 */
#define _GNU_SOURCE
#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BUS_NAME "org.fedoraproject.FirewallD1"
#define PATH "/org/fedoraproject/FirewallD1"
#define IFACE_MAIN "org.fedoraproject.FirewallD1"
#define IFACE_ZONE "org.fedoraproject.FirewallD1.zone"
#define IFACE_IPSET "org.fedoraproject.FirewallD1.ipset"
#define LONG_TIMEOUT_MS (600 * 1000)

static double
now_s(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
epoch_s(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_REALTIME, &ts);
        return ts.tv_sec + ts.tv_nsec / 1e9;
}

static GDBusConnection *
connect_bus(void)
{
        g_autoptr(GError) error = NULL;
        GDBusConnection *c = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, &error);

        if (c == NULL) {
                printf("error=%s\n", error->message);
                exit(1);
        }
        return c;
}

/* call: one synchronous call; NULL + "error=" line on failure */
static GVariant *
call(GDBusConnection *c, const char *iface, const char *method, GVariant *args, int timeout_ms,
     gboolean quiet)
{
        g_autoptr(GError) error = NULL;
        GVariant *r = g_dbus_connection_call_sync(c, BUS_NAME, PATH, iface, method, args, NULL,
                                                  G_DBUS_CALL_FLAGS_NONE, timeout_ms, NULL,
                                                  &error);

        if (r == NULL && !quiet)
                printf("error=%s.%s: %s\n", iface, method, error->message);
        return r;
}

static long
clock_ticks(void)
{
        long t = sysconf(_SC_CLK_TCK);

        return t > 0 ? t : 100;
}

/* cpu_ms: user+system time of PID and of its reaped children, from /proc/PID/stat */
static double
cpu_ms(int pid)
{
        char path[64], buf[4096];
        unsigned long long ut = 0, st = 0;
        long long cut = 0, cst = 0;
        FILE *f;
        char *p;
        size_t n;

        snprintf(path, sizeof(path), "/proc/%d/stat", pid);
        f = fopen(path, "r");
        if (f == NULL)
                return -1;
        n = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
        buf[n] = '\0';
        /* the command name may hold spaces: fields count from the last ')' */
        p = strrchr(buf, ')');
        if (p == NULL)
                return -1;
        if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %lld %lld", &ut,
                   &st, &cut, &cst) != 4)
                return -1;
        return (double)(ut + st + cut + cst) * 1000.0 / clock_ticks();
}

static gboolean
state_running(GDBusConnection *c, gboolean *out_failed)
{
        g_autoptr(GVariant) r = NULL;
        g_autoptr(GVariant) v = NULL;
        const char *s;

        r = call(c, "org.freedesktop.DBus.Properties", "Get",
                 g_variant_new("(ss)", IFACE_MAIN, "state"), 2000, TRUE);
        if (r == NULL)
                return FALSE;
        g_variant_get(r, "(v)", &v);
        if (!g_variant_is_of_type(v, G_VARIANT_TYPE_STRING))
                return FALSE;
        s = g_variant_get_string(v, NULL);
        *out_failed = g_strcmp0(s, "FAILED") == 0;
        return g_strcmp0(s, "RUNNING") == 0;
}

/* `nft list tables` (names only: listing a 20,000-line table would add its own cost to the
 * figure) shows FAMILY TABLE in NETNS */
static gboolean
table_present(const char *netns, const char *family, const char *table)
{
        const char *argv[] = { "ip", "netns", "exec", netns, "nft", "list", "tables", NULL };
        g_autofree char *out = NULL;
        g_autofree char *line = g_strdup_printf("table %s %s\n", family, table);
        int status = 0;

        if (!g_spawn_sync(NULL, (char **)argv, NULL,
                          G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                          NULL, &status, NULL) ||
            !g_spawn_check_wait_status(status, NULL))
                return FALSE;
        return out != NULL && strstr(out, line) != NULL;
}

/* ready: from the fork (T0) to state RUNNING and the table in the kernel */
static int
cmd_ready(int argc, char **argv)
{
        double t0, deadline, running = -1, ready, cpu;
        const char *netns, *family, *table;
        GDBusConnection *c = NULL;
        gboolean failed = FALSE;
        int pid;

        if (argc < 6)
                return 2;
        t0 = g_ascii_strtod(argv[1], NULL);
        pid = atoi(argv[2]);
        netns = argv[3];
        family = argv[4];
        table = argv[5];
        deadline = epoch_s() + (argc > 6 ? atof(argv[6]) : 300);
        while (epoch_s() < deadline) {
                if (c == NULL) {
                        c = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, NULL);
                        if (c == NULL) {
                                g_usleep(2000);
                                continue;
                        }
                }
                if (state_running(c, &failed)) {
                        running = epoch_s() - t0;
                        break;
                }
                if (failed) {
                        printf("error=daemon state FAILED\n");
                        return 1;
                }
                if (kill(pid, 0) != 0) {
                        printf("error=daemon exited\n");
                        return 1;
                }
                g_usleep(2000);
        }
        if (running < 0) {
                printf("error=not RUNNING in time\n");
                return 1;
        }
        /* Both daemons put their table in before they say RUNNING: if the first look after
         * RUNNING finds it, ready is the moment of RUNNING (the look itself, which lists the
         * whole ruleset in nft's cache, takes 100+ ms on a large table); if not, ready is
         * when a later look has found it. */
        cpu = cpu_ms(pid);
        ready = running;
        while (!table_present(netns, family, table)) {
                if (epoch_s() > deadline) {
                        printf("error=no table %s %s\n", family, table);
                        return 1;
                }
                g_usleep(2000);
                ready = -1;
        }
        if (ready < 0) {
                ready = epoch_s() - t0;
                cpu = cpu_ms(pid);
        }
        printf("running_ms=%.1f\n", running * 1000);
        printf("ready_ms=%.1f\n", ready * 1000);
        printf("cpu_ms=%.0f\n", cpu);
        return 0;
}

static volatile gint reloaded_seen;
static double reloaded_at;

/* runs in GDBus's worker thread, on arrival, so a blocked main thread does not delay it */
static GDBusMessage *
filter(GDBusConnection *c, GDBusMessage *msg, gboolean incoming, gpointer data)
{
        if (incoming && g_dbus_message_get_message_type(msg) == G_DBUS_MESSAGE_TYPE_SIGNAL &&
            g_strcmp0(g_dbus_message_get_member(msg), "Reloaded") == 0 &&
            g_strcmp0(g_dbus_message_get_interface(msg), IFACE_MAIN) == 0 &&
            !g_atomic_int_get(&reloaded_seen)) {
                reloaded_at = now_s();
                g_atomic_int_set(&reloaded_seen, 1);
        }
        return msg;
}

static void
ignore_signal(GDBusConnection *c, const char *sender, const char *path, const char *iface,
              const char *member, GVariant *params, gpointer data)
{
}

static int
cmd_reload(GDBusConnection *c)
{
        g_autoptr(GVariant) r = NULL;
        double t0, reply, deadline;

        g_dbus_connection_add_filter(c, filter, NULL, NULL);
        /* AddMatch, so the bus routes the broadcast to us */
        g_dbus_connection_signal_subscribe(c, NULL, IFACE_MAIN, "Reloaded", PATH, NULL,
                                           G_DBUS_SIGNAL_FLAGS_NONE, ignore_signal, NULL, NULL);
        /* a round trip makes sure the match is in place before the reload starts */
        g_autoptr(GVariant) ping = g_dbus_connection_call_sync(
                c, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                "GetId", NULL, NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
        t0 = now_s();
        r = call(c, IFACE_MAIN, "reload", NULL, LONG_TIMEOUT_MS, FALSE);
        reply = now_s();
        if (r == NULL)
                return 1;
        printf("reply_ms=%.2f\n", (reply - t0) * 1000);
        deadline = now_s() + 120;
        while (!g_atomic_int_get(&reloaded_seen) && now_s() < deadline)
                g_usleep(200);
        if (g_atomic_int_get(&reloaded_seen))
                printf("signal_ms=%.2f\n", (reloaded_at - t0) * 1000);
        else
                printf("error=no Reloaded signal\n");
        return 0;
}

static int
cmp_double(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;

        return (x > y) - (x < y);
}

/* report: "op=NAME n=N p50_us=... p99_us=... mean_us=..." */
static void
report(const char *op, double *d, int n, const char *err)
{
        double sum = 0;

        if (n == 0) {
                printf("op=%s n=0 error=%s\n", op, err != NULL ? err : "no call succeeded");
                return;
        }
        qsort(d, n, sizeof(double), cmp_double);
        for (int i = 0; i < n; i++)
                sum += d[i];
        printf("op=%s n=%d p50_us=%.0f p99_us=%.0f mean_us=%.0f\n", op, n, d[n / 2] * 1e6,
               d[(int)((n - 1) * 0.99)] * 1e6, sum / n * 1e6);
}

typedef GVariant *(*ArgsFunc)(int i, const char *zone);

static GVariant *
args_query_service(int i, const char *zone)
{
        return g_variant_new("(ss)", "", "ssh");
}

static GVariant *
args_get_zone_settings2(int i, const char *zone)
{
        return g_variant_new("(s)", "public");
}

static GVariant *
args_add_port(int i, const char *zone)
{
        g_autofree char *port = g_strdup_printf("%d", 20000 + i);

        return g_variant_new("(sssi)", zone, port, "tcp", 0);
}

static GVariant *
args_add_rich_rule(int i, const char *zone)
{
        g_autofree char *rule = g_strdup_printf(
                "rule family=\"ipv4\" source address=\"10.95.%d.%d\" port port=\"%d\" "
                "protocol=\"tcp\" accept",
                i / 250, i % 250 + 1, 30000 + i);

        return g_variant_new("(ssi)", zone, rule, 0);
}

/* N calls of METHOD (ARGS NULL: no arguments) on DEST, as many as fit in CAP seconds */
static void
time_call(GDBusConnection *c, const char *op, const char *dest, const char *path,
          const char *iface, const char *method, ArgsFunc args, int n, double cap,
          const char *zone)
{
        g_autofree double *d = g_new0(double, n);
        g_autofree char *err = NULL;
        double stop = now_s() + cap;
        int done = 0;

        for (int i = 0; i < n && now_s() < stop; i++) {
                g_autoptr(GError) error = NULL;
                g_autoptr(GVariant) r = NULL;
                double t0 = now_s();

                r = g_dbus_connection_call_sync(c, dest, path, iface, method,
                                                args != NULL ? args(i, zone) : NULL, NULL,
                                                G_DBUS_CALL_FLAGS_NONE, LONG_TIMEOUT_MS, NULL,
                                                &error);
                if (r == NULL) {
                        err = g_strdup(error->message);
                        break;
                }
                d[done++] = now_s() - t0;
        }
        report(op, d, done, err);
}

static void
time_op(GDBusConnection *c, const char *op, ArgsFunc args, int n, double cap, const char *zone)
{
        time_call(c, op, BUS_NAME, PATH, IFACE_ZONE, op, args, n, cap, zone);
}

static int
cmd_lat(GDBusConnection *c, int argc, char **argv)
{
        int n;
        double cap;

        if (argc < 4)
                return 2;
        n = atoi(argv[1]);
        cap = atof(argv[2]);
        /* the floor of any call: methods no daemon code answers (the bus's GetId, and
         * Peer.Ping, which GDBus and libdbus answer without reaching the main loop) */
        time_call(c, "busGetId", "org.freedesktop.DBus", "/org/freedesktop/DBus",
                  "org.freedesktop.DBus", "GetId", NULL, n, cap, NULL);
        time_call(c, "peerPing", BUS_NAME, PATH, "org.freedesktop.DBus.Peer", "Ping", NULL, n,
                  cap, NULL);
        time_op(c, "queryService", args_query_service, n, cap, argv[3]);
        time_op(c, "getZoneSettings2", args_get_zone_settings2, n, cap, argv[3]);
        time_op(c, "addPort", args_add_port, n, cap, argv[3]);
        time_op(c, "addRichRule", args_add_rich_rule, n, cap, argv[3]);
        return 0;
}

/* addports: COUNT sequential addPort calls, stopping after CAP_S seconds */
static int
cmd_addports(GDBusConnection *c, int argc, char **argv)
{
        int first, count, done = 0;
        double cap, t0, el;

        if (argc < 5)
                return 2;
        first = atoi(argv[2]);
        count = atoi(argv[3]);
        cap = atof(argv[4]);
        t0 = now_s();
        for (int i = 0; i < count && now_s() - t0 < cap; i++) {
                g_autofree char *port = g_strdup_printf("%d", first + i);
                g_autoptr(GVariant) r = call(c, IFACE_ZONE, "addPort",
                                             g_variant_new("(sssi)", argv[1], port, "tcp", 0),
                                             LONG_TIMEOUT_MS, FALSE);
                if (r == NULL)
                        break;
                done++;
        }
        el = now_s() - t0;
        printf("done=%d\nrequested=%d\nelapsed_s=%.3f\nper_s=%.1f\n", done, count, el,
               done > 0 ? done / el : 0.0);
        return done == count ? 0 : 1;
}

static char *
entry(int i)
{
        return g_strdup_printf("10.94.%d.%d", i / 250, i % 250 + 1);
}

/* ipset: one setEntries of COUNT entries, then empty, then addEntry one by one (capped) */
static int
cmd_ipset(GDBusConnection *c, int argc, char **argv)
{
        g_autoptr(GVariantBuilder) b = g_variant_builder_new(G_VARIANT_TYPE("as"));
        g_autoptr(GVariant) r = NULL;
        g_autoptr(GVariant) r2 = NULL;
        const char *name;
        int count, done = 0;
        double cap, t0, el;

        if (argc < 4)
                return 2;
        name = argv[1];
        count = atoi(argv[2]);
        cap = atof(argv[3]);
        for (int i = 0; i < count; i++) {
                g_autofree char *e = entry(i);
                g_variant_builder_add(b, "s", e);
        }
        t0 = now_s();
        r = call(c, IFACE_IPSET, "setEntries", g_variant_new("(sas)", name, b),
                 LONG_TIMEOUT_MS, FALSE);
        if (r != NULL)
                printf("set_entries_ms=%.1f\n", (now_s() - t0) * 1000);
        r2 = call(c, IFACE_IPSET, "setEntries", g_variant_new("(s@as)", name,
                                                              g_variant_new_strv(NULL, 0)),
                  LONG_TIMEOUT_MS, FALSE);
        if (r2 == NULL)
                return 1;
        t0 = now_s();
        for (int i = 0; i < count && now_s() - t0 < cap; i++) {
                g_autofree char *e = entry(i);
                g_autoptr(GVariant) r3 = call(c, IFACE_IPSET, "addEntry",
                                              g_variant_new("(ss)", name, e), LONG_TIMEOUT_MS,
                                              FALSE);
                if (r3 == NULL)
                        break;
                done++;
        }
        el = now_s() - t0;
        printf("add_done=%d\nadd_elapsed_s=%.3f\n", done, el);
        if (done > 0)
                printf("add_total_s=%.3f\n", el / done * count);
        return 0;
}

int
main(int argc, char **argv)
{
        g_autoptr(GDBusConnection) c = NULL;

        setvbuf(stdout, NULL, _IOLBF, 0);
        if (argc < 2) {
                fprintf(stderr, "usage: zwb-dbus ready|reload|lat|addports|ipset ...\n");
                return 2;
        }
        if (strcmp(argv[1], "ready") == 0)
                return cmd_ready(argc - 1, argv + 1);
        c = connect_bus();
        if (strcmp(argv[1], "reload") == 0)
                return cmd_reload(c);
        if (strcmp(argv[1], "lat") == 0)
                return cmd_lat(c, argc - 1, argv + 1);
        if (strcmp(argv[1], "addports") == 0)
                return cmd_addports(c, argc - 1, argv + 1);
        if (strcmp(argv[1], "ipset") == 0)
                return cmd_ipset(c, argc - 1, argv + 1);
        fprintf(stderr, "zwb-dbus: unknown command %s\n", argv[1]);
        return 2;
}
