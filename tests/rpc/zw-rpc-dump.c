/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/rpc/zw-rpc-dump.c: print what plugin/rpc sees of the local rpcbind
 *
 * zw-rpc-dump [--socket PATH] [--no-tcp] [--timeout MS]
 *     one line per mapping: "PROGRAM VERSION PROTO FAMILY PORT"; exit 1 if rpcbind is absent
 * zw-rpc-dump --follow ZONE SPEC-FILE [--interval MS] [--socket PATH] [--no-tcp]
 *     run a ZwRpcFollower for one zone and print its differences as they come:
 *     "ZONE add tcp 34567", "ZONE del udp 45678", then the open ports and why as
 *     "# ZONE tcp 34567 mountd(100005) v3 service=SPEC", then "." (end of one change);
 *     "unreachable"/"reachable" when rpcbind goes away or comes back. Stops on SIGTERM.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>

#include "rpc/follower.h"
#include "rpc/rpcbind.h"
#include "rpc/spec.h"

typedef struct {
        ZwRpcFollower *follower;
        gboolean reachable;
} Follow;

static void
print_ports(const char *zone, const char *verb, GPtrArray *ports)
{
        for (guint i = 0; i < ports->len; i++) {
                const ZwRpcPort *p = g_ptr_array_index(ports, i);

                printf("%s %s %s %u\n", zone, verb, zw_rpc_proto_name(p->proto), (guint) p->port);
        }
}

static void
on_changed(const char *zone, GPtrArray *added, GPtrArray *removed, gpointer user_data)
{
        Follow *f = user_data;
        g_autoptr(GPtrArray) open = zw_rpc_follower_dup_open(f->follower);

        print_ports(zone, "del", removed);
        print_ports(zone, "add", added);
        for (guint i = 0; i < open->len; i++) {
                g_autofree char *line = zw_rpc_open_to_string(g_ptr_array_index(open, i));

                printf("# %s\n", line);
        }
        printf(".\n");
        fflush(stdout);
}

static gboolean
on_tick(gpointer user_data)
{
        Follow *f = user_data;
        gboolean now = zw_rpc_follower_is_reachable(f->follower);

        if (now != f->reachable) {
                printf("%s\n", now ? "reachable" : "unreachable");
                fflush(stdout);
                f->reachable = now;
        }
        return G_SOURCE_CONTINUE;
}

static gboolean
on_stop(gpointer user_data)
{
        g_main_loop_quit(user_data);
        return G_SOURCE_REMOVE;
}

static int
follow(const char *zone, const char *spec_path, const ZwRpcbindOptions *opts, guint interval)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwRpcSpec) spec = NULL;
        g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
        g_autofree char *service = NULL;
        Follow f = { .reachable = TRUE };

        if (!zw_rpc_spec_load(spec_path, &spec, &error)) {
                fprintf(stderr, "%s\n", error->message);
                return 1;
        }
        service = g_path_get_basename(spec_path);
        if (g_str_has_suffix(service, ZW_RPC_SPEC_SUFFIX))
                service[strlen(service) - strlen(ZW_RPC_SPEC_SUFFIX)] = '\0';
        f.follower = zw_rpc_follower_new(on_changed, &f);
        zw_rpc_follower_set_rpcbind(f.follower, opts);
        zw_rpc_follower_set_interval(f.follower, interval);
        zw_rpc_follower_want(f.follower, zone, service, spec);
        zw_rpc_follower_commit(f.follower);
        zw_rpc_follower_start(f.follower);
        g_timeout_add(50, on_tick, &f);
        g_unix_signal_add(SIGTERM, on_stop, loop);
        g_unix_signal_add(SIGINT, on_stop, loop);
        printf("following\n");
        fflush(stdout);
        g_main_loop_run(loop);
        zw_rpc_follower_free(f.follower);
        return 0;
}

int
main(int argc, char **argv)
{
        g_autofree char *socket_path = NULL;
        gboolean no_tcp = FALSE;
        gboolean do_follow = FALSE;
        gint timeout = ZW_RPCBIND_TIMEOUT_MS;
        gint interval = ZW_RPC_FOLLOWER_INTERVAL_MS;
        const GOptionEntry entries[] = {
                { "socket", 0, 0, G_OPTION_ARG_FILENAME, &socket_path,
                  "rpcbind socket (\"\" for none)", "PATH" },
                { "no-tcp", 0, 0, G_OPTION_ARG_NONE, &no_tcp, "no 127.0.0.1:111 fallback", NULL },
                { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "per step, ms", "MS" },
                { "follow", 0, 0, G_OPTION_ARG_NONE, &do_follow, "follow ZONE SPEC-FILE", NULL },
                { "interval", 0, 0, G_OPTION_ARG_INT, &interval, "poll interval, ms", "MS" },
                { NULL },
        };
        g_autoptr(GOptionContext) ctx = g_option_context_new("[--follow ZONE SPEC-FILE]");
        g_autoptr(GError) error = NULL;
        g_autoptr(GArray) maps = NULL;
        ZwRpcbindOptions opts;

        g_option_context_add_main_entries(ctx, entries, NULL);
        if (!g_option_context_parse(ctx, &argc, &argv, &error) || timeout <= 0 || interval <= 0) {
                fprintf(stderr, "%s\n", error != NULL ? error->message : "bad number");
                return 2;
        }
        zw_rpcbind_options_init(&opts);
        opts.socket_path = socket_path;
        opts.tcp_fallback = !no_tcp;
        opts.timeout_ms = (guint) timeout;
        if (do_follow) {
                if (argc != 3) {
                        fprintf(stderr, "--follow needs ZONE SPEC-FILE\n");
                        return 2;
                }
                return follow(argv[1], argv[2], &opts, (guint) interval);
        }
        maps = zw_rpcbind_query(&opts, &error);
        if (maps == NULL) {
                fprintf(stderr, "%s\n", error->message);
                return 1;
        }
        for (guint i = 0; i < maps->len; i++) {
                const ZwRpcMapping *m = &g_array_index(maps, ZwRpcMapping, i);

                printf("%" G_GUINT32_FORMAT " %" G_GUINT32_FORMAT " %s %u %u\n", m->program,
                       m->version, zw_rpc_proto_name(m->proto), (guint) m->family,
                       (guint) m->port);
        }
        return 0;
}
