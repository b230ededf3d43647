/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench/zwb-gio.c: the memory reference: a minimal GIO process that owns a bus name */
/*
 *   zwb-gio NAME READY_FILE
 *
 * Connects to the system bus named by DBUS_SYSTEM_BUS_ADDRESS (the bench's private bus), owns
 * NAME, writes "ready" to READY_FILE and idles in a GMainLoop until SIGTERM: what every GDBus
 * service costs in memory before it does any work of its own (libc, GLib, GObject, GIO, the
 * GDBus worker thread). bench/run reads its /proc/PID/smaps_rollup next to zonewalld's.
 */
#define _GNU_SOURCE
#include <gio/gio.h>
#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>

static gboolean
on_term(gpointer data)
{
        g_main_loop_quit(data);
        return G_SOURCE_REMOVE;
}

static void
on_acquired(GDBusConnection *c, const char *name, gpointer data)
{
        FILE *f = fopen(data, "w");

        if (f != NULL) {
                fputs("ready\n", f);
                fclose(f);
        }
}

static void
on_lost(GDBusConnection *c, const char *name, gpointer data)
{
        fprintf(stderr, "zwb-gio: name %s lost or not acquired\n", name);
        exit(1);
}

int
main(int argc, char **argv)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(GDBusConnection) c = NULL;
        GMainLoop *loop;
        guint id;

        if (argc != 3) {
                fprintf(stderr, "usage: zwb-gio NAME READY_FILE\n");
                return 2;
        }
        c = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, &error);
        if (c == NULL) {
                fprintf(stderr, "zwb-gio: %s\n", error->message);
                return 1;
        }
        loop = g_main_loop_new(NULL, FALSE);
        g_unix_signal_add(SIGTERM, on_term, loop);
        id = g_bus_own_name_on_connection(c, argv[1], G_BUS_NAME_OWNER_FLAGS_NONE, on_acquired,
                                          on_lost, argv[2], NULL);
        g_main_loop_run(loop);
        g_bus_unown_name(id);
        g_main_loop_unref(loop);
        return 0;
}
