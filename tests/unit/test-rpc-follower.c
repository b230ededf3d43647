/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-rpc-follower.c: the follower's per-zone diffs, outage handling and polling */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/error.h"
#include "rpc/follower.h"

#define TCP ZW_RPC_PROTO_TCP
#define UDP ZW_RPC_PROTO_UDP

static guint warnings;

static void
count_log(const char *domain, GLogLevelFlags level, const char *message, gpointer user_data)
{
        if ((level & G_LOG_LEVEL_WARNING) != 0)
                warnings++;
}

/* every changed() call as one line: "zone +tcp:1 +udp:2 -tcp:3" */
typedef struct {
        GPtrArray *calls;
        GMainLoop *loop; /* quit on a call when set */
} Record;

static void
on_changed(const char *zone, GPtrArray *added, GPtrArray *removed, gpointer user_data)
{
        Record *r = user_data;
        GString *s = g_string_new(zone);

        assert_true(added->len > 0 || removed->len > 0);
        for (guint i = 0; i < added->len; i++) {
                g_autofree char *p = zw_rpc_port_to_string(g_ptr_array_index(added, i));

                g_string_append_printf(s, " +%s", p);
        }
        for (guint i = 0; i < removed->len; i++) {
                g_autofree char *p = zw_rpc_port_to_string(g_ptr_array_index(removed, i));

                g_string_append_printf(s, " -%s", p);
        }
        g_ptr_array_add(r->calls, g_string_free(s, FALSE));
        if (r->loop != NULL)
                g_main_loop_quit(r->loop);
}

static Record *
record_new(void)
{
        Record *r = g_new0(Record, 1);

        r->calls = g_ptr_array_new_with_free_func(g_free);
        return r;
}

static void
record_free(Record *r)
{
        g_ptr_array_unref(r->calls);
        g_free(r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Record, record_free)

/* the calls so far joined by " | ", then forgotten */
static char *
take_calls(Record *r)
{
        g_autoptr(GString) s = g_string_new(NULL);

        for (guint i = 0; i < r->calls->len; i++) {
                if (i > 0)
                        g_string_append(s, " | ");
                g_string_append(s, g_ptr_array_index(r->calls, i));
        }
        g_ptr_array_set_size(r->calls, 0);
        return g_strdup(s->str);
}

#define assert_calls(r, expected)                                                            \
        do {                                                                                 \
                g_autofree char *got_ = take_calls(r);                                       \
                assert_string_equal(got_, expected);                                         \
        } while (0)

static ZwRpcSpec *
spec_of(const char *text)
{
        g_autoptr(GError) error = NULL;
        ZwRpcSpec *spec = NULL;

        if (!zw_rpc_spec_load_data(text, -1, &spec, &error))
                fail_msg("%s", error->message);
        return spec;
}

static void
add_map(GArray *maps, guint32 prog, guint32 vers, ZwRpcProto proto, guint8 family, guint16 port)
{
        ZwRpcMapping m = { .program = prog, .version = vers, .proto = proto, .family = family,
                           .port = port };

        g_array_append_val(maps, m);
}

static GArray *
maps_new(void)
{
        return g_array_new(FALSE, FALSE, sizeof(ZwRpcMapping));
}

/* a typical NFSv3 server's rpcbind (rpcinfo -p style) */
static GArray *
nfs_server_maps(guint16 mountd_port)
{
        GArray *maps = maps_new();

        add_map(maps, 100000, 4, TCP, 6, 111);
        add_map(maps, 100000, 2, TCP, 4, 111);
        add_map(maps, 100000, 2, UDP, 4, 111);
        add_map(maps, 100005, 3, TCP, 4, mountd_port);
        add_map(maps, 100005, 3, TCP, 6, mountd_port);
        add_map(maps, 100005, 1, TCP, 4, mountd_port);
        add_map(maps, 100005, 3, UDP, 4, mountd_port);
        add_map(maps, 100021, 4, TCP, 4, 40000);
        add_map(maps, 100021, 4, UDP, 4, 40001);
        add_map(maps, 100024, 1, TCP, 4, 50000);
        add_map(maps, 100003, 3, TCP, 4, 2049);
        return maps;
}

static void
test_diffs(void **state)
{
        g_autoptr(Record) rec = record_new();
        g_autoptr(ZwRpcFollower) f = zw_rpc_follower_new(on_changed, rec);
        g_autoptr(ZwRpcSpec) nfs3 = spec_of("[rpc]\nprograms=mountd;nlockmgr\n");
        g_autoptr(GArray) m1 = nfs_server_maps(20048);
        g_autoptr(GArray) m2 = nfs_server_maps(20049);
        g_autoptr(GArray) empty = maps_new();

        zw_rpc_follower_want(f, "public", "rpc-nfs3", nfs3);
        zw_rpc_follower_commit(f);
        assert_calls(rec, ""); /* nothing known yet */

        zw_rpc_follower_feed(f, m1, NULL);
        assert_calls(rec, "public +tcp:20048 +tcp:40000 +udp:20048 +udp:40001");
        /* the same answer again: nothing to do */
        zw_rpc_follower_feed(f, m1, NULL);
        assert_calls(rec, "");
        assert_int_equal(zw_rpc_follower_polls(f), 2);

        /* mountd restarted on another port */
        zw_rpc_follower_feed(f, m2, NULL);
        assert_calls(rec, "public +tcp:20049 +udp:20049 -tcp:20048 -udp:20048");

        /* rpcbind restarted without its registrations (no warm start) */
        zw_rpc_follower_feed(f, empty, NULL);
        assert_calls(rec, "public -tcp:20049 -tcp:40000 -udp:20049 -udp:40001");
        zw_rpc_follower_feed(f, m2, NULL);
        assert_calls(rec, "public +tcp:20049 +tcp:40000 +udp:20049 +udp:40001");

        /* the service leaves the zone */
        zw_rpc_follower_clear(f);
        assert_calls(rec, ""); /* only at commit */
        zw_rpc_follower_commit(f);
        assert_calls(rec, "public -tcp:20049 -tcp:40000 -udp:20049 -udp:40001");
        zw_rpc_follower_commit(f);
        assert_calls(rec, "");
}

static void
test_zones_and_services(void **state)
{
        g_autoptr(Record) rec = record_new();
        g_autoptr(ZwRpcFollower) f = zw_rpc_follower_new(on_changed, rec);
        g_autoptr(ZwRpcSpec) nfs3 = spec_of("[rpc]\nprograms=mountd;nlockmgr\n");
        g_autoptr(ZwRpcSpec) gw = spec_of("[rpc]\nprograms=mountd;nfs\ntransports=tcp\n");
        g_autoptr(ZwRpcSpec) statd = spec_of("[rpc]\nprograms=status\n");
        g_autoptr(GArray) m = nfs_server_maps(20048);
        g_autoptr(GHashTable) table = NULL;
        GPtrArray *ports;

        zw_rpc_follower_feed(f, m, NULL);
        assert_calls(rec, "");

        /* wants take effect at commit, from the mappings already known */
        zw_rpc_follower_want(f, "work", "rpc-nfs3", nfs3);
        zw_rpc_follower_want(f, "internal", "leofs-gateway-nfs", gw);
        zw_rpc_follower_want(f, "internal", "statd", statd);
        zw_rpc_follower_commit(f);
        assert_calls(rec, "internal +tcp:2049 +tcp:20048 +tcp:50000"
                          " | work +tcp:20048 +tcp:40000 +udp:20048 +udp:40001");

        table = zw_rpc_follower_dup_port_table(f);
        assert_int_equal(g_hash_table_size(table), 2);
        ports = g_hash_table_lookup(table, "internal");
        assert_int_equal(ports->len, 3);
        assert_string_equal(g_ptr_array_index(ports, 0), "tcp:2049");
        assert_string_equal(g_ptr_array_index(ports, 2), "tcp:50000");

        /* a port two services want stays while one of them does */
        zw_rpc_follower_clear(f);
        zw_rpc_follower_want(f, "work", "rpc-nfs3", nfs3);
        zw_rpc_follower_want(f, "work", "leofs-gateway-nfs", gw);
        zw_rpc_follower_commit(f);
        assert_calls(rec, "internal -tcp:2049 -tcp:20048 -tcp:50000 | work +tcp:2049");
        zw_rpc_follower_clear(f);
        zw_rpc_follower_want(f, "work", "leofs-gateway-nfs", gw);
        zw_rpc_follower_commit(f);
        assert_calls(rec, "work -tcp:40000 -udp:20048 -udp:40001");

        /* want() for the same zone and service replaces its spec */
        zw_rpc_follower_want(f, "work", "leofs-gateway-nfs", statd);
        zw_rpc_follower_commit(f);
        assert_calls(rec, "work +tcp:50000 -tcp:2049 -tcp:20048");
}

static void
test_open_reasons(void **state)
{
        g_autoptr(Record) rec = record_new();
        g_autoptr(ZwRpcFollower) f = zw_rpc_follower_new(on_changed, rec);
        g_autoptr(ZwRpcSpec) spec = spec_of("[rpc]\nprograms=100005;nlockmgr\ntransports=tcp\n");
        g_autoptr(GArray) m = nfs_server_maps(20048);
        g_autoptr(GPtrArray) open = NULL;
        const char *expected[] = {
                "public tcp 20048 mountd(100005) v1 service=nfs",
                "public tcp 20048 mountd(100005) v3 service=nfs",
                "public tcp 40000 nlockmgr(100021) v4 service=nfs",
        };

        zw_rpc_follower_want(f, "public", "nfs", spec);
        zw_rpc_follower_commit(f);
        zw_rpc_follower_feed(f, m, NULL);
        assert_calls(rec, "public +tcp:20048 +tcp:40000");
        open = zw_rpc_follower_dup_open(f);
        /* mountd v3 over tcp and tcp6 is one row */
        assert_int_equal(open->len, G_N_ELEMENTS(expected));
        for (guint i = 0; i < open->len; i++) {
                g_autofree char *line = zw_rpc_open_to_string(g_ptr_array_index(open, i));

                assert_string_equal(line, expected[i]);
        }
        {
                ZwRpcOpen o = { .zone = (char *) "dmz", .proto = UDP, .port = 700,
                                .service = (char *) "x", .program = 536870913,
                                .program_name = (char *) "536870913", .version = 2 };
                g_autofree char *line = zw_rpc_open_to_string(&o);

                /* no name: the number once */
                assert_string_equal(line, "dmz udp 700 536870913 v2 service=x");
        }
}

static void
test_outage(void **state)
{
        g_autoptr(Record) rec = record_new();
        g_autoptr(ZwRpcFollower) f = zw_rpc_follower_new(on_changed, rec);
        g_autoptr(ZwRpcSpec) spec = spec_of("[rpc]\nprograms=mountd\ntransports=udp\n");
        g_autoptr(ZwRpcSpec) lock = spec_of("[rpc]\nprograms=nlockmgr\ntransports=udp\n");
        g_autoptr(GArray) m1 = nfs_server_maps(20048);
        g_autoptr(GArray) m2 = nfs_server_maps(20050);
        g_autoptr(GError) refused = g_error_new_literal(ZW_ERROR, ZW_ERROR_COMMAND_FAILED,
                                                        "Connection refused");
        g_autoptr(GHashTable) table = NULL;

        warnings = 0;
        zw_rpc_follower_want(f, "public", "m", spec);
        zw_rpc_follower_commit(f);
        zw_rpc_follower_feed(f, m1, NULL);
        assert_calls(rec, "public +udp:20048");
        assert_true(zw_rpc_follower_is_reachable(f));

        /* rpcbind goes away: ports stay, one warning however many polls fail */
        for (guint i = 0; i < 5; i++)
                zw_rpc_follower_feed(f, NULL, refused);
        assert_calls(rec, "");
        assert_int_equal(warnings, 1);
        assert_false(zw_rpc_follower_is_reachable(f));
        table = zw_rpc_follower_dup_port_table(f);
        assert_int_equal(((GPtrArray *) g_hash_table_lookup(table, "public"))->len, 1);

        /* wants changed during the outage: computed from the last known mappings */
        zw_rpc_follower_want(f, "public", "l", lock);
        zw_rpc_follower_commit(f);
        assert_calls(rec, "public +udp:40001");

        /* back, with mountd moved */
        zw_rpc_follower_feed(f, m2, NULL);
        assert_calls(rec, "public +udp:20050 -udp:20048");
        assert_true(zw_rpc_follower_is_reachable(f));

        /* a second outage warns again, once */
        zw_rpc_follower_feed(f, NULL, refused);
        zw_rpc_follower_feed(f, NULL, NULL);
        assert_int_equal(warnings, 2);
        assert_int_equal(zw_rpc_follower_polls(f), 9);
}

/* polling through the main loop with an injected query */
typedef struct {
        GMutex lock;
        GArray *answer; /* NULL: fail */
        guint calls;
        gboolean block;   /* hold the worker until released */
        GCond cond;
} Fake;

static GArray *
fake_query(gpointer data, GError **error)
{
        Fake *fk = data;
        GArray *out = NULL;

        g_mutex_lock(&fk->lock);
        fk->calls++;
        while (fk->block)
                g_cond_wait(&fk->cond, &fk->lock);
        if (fk->answer != NULL) {
                out = maps_new();
                g_array_append_vals(out, fk->answer->data, fk->answer->len);
        } else {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "refused");
        }
        g_mutex_unlock(&fk->lock);
        return out;
}

static void
fake_set(Fake *fk, GArray *answer)
{
        g_mutex_lock(&fk->lock);
        g_clear_pointer(&fk->answer, g_array_unref);
        fk->answer = answer;
        g_mutex_unlock(&fk->lock);
}

static gboolean
guard_timeout(gpointer user_data)
{
        fail_msg("no change within the guard time");
        return G_SOURCE_REMOVE;
}

static gboolean
quit_after_polls(gpointer user_data)
{
        void **args = user_data;
        ZwRpcFollower *f = args[0];
        guint64 *until = args[1];

        if (zw_rpc_follower_polls(f) >= *until)
                g_main_loop_quit(args[2]);
        return G_SOURCE_CONTINUE;
}

static void
test_polling(void **state)
{
        static Fake fk; /* outlives the follower's worker threads */
        g_autoptr(Record) rec = record_new();
        g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
        g_autoptr(ZwRpcFollower) f = zw_rpc_follower_new(on_changed, rec);
        g_autoptr(ZwRpcSpec) spec = spec_of("[rpc]\nprograms=mountd\ntransports=tcp\n");
        guint guard = g_timeout_add_seconds(20, guard_timeout, NULL);
        guint64 until;
        void *args[3];
        guint watch;

        g_mutex_init(&fk.lock);
        g_cond_init(&fk.cond);
        fake_set(&fk, nfs_server_maps(20048));
        rec->loop = loop;
        zw_rpc_follower_set_query_func(f, fake_query, &fk);
        zw_rpc_follower_set_interval(f, 10);
        zw_rpc_follower_want(f, "public", "m", spec);
        zw_rpc_follower_commit(f);
        zw_rpc_follower_start(f);
        g_main_loop_run(loop);
        assert_calls(rec, "public +tcp:20048");

        fake_set(&fk, nfs_server_maps(30000));
        g_main_loop_run(loop);
        assert_calls(rec, "public +tcp:30000 -tcp:20048");

        /* failures keep the port; wait for a few failed polls */
        warnings = 0;
        fake_set(&fk, NULL);
        until = zw_rpc_follower_polls(f) + 3;
        args[0] = f;
        args[1] = &until;
        args[2] = loop;
        watch = g_timeout_add(5, quit_after_polls, args);
        g_main_loop_run(loop);
        g_source_remove(watch);
        assert_calls(rec, "");
        assert_false(zw_rpc_follower_is_reachable(f));
        assert_int_equal(warnings, 1);

        fake_set(&fk, nfs_server_maps(30001));
        g_main_loop_run(loop);
        assert_calls(rec, "public +tcp:30001 -tcp:30000");
        zw_rpc_follower_stop(f);

        /* freed while a query is running: its late result is dropped */
        g_mutex_lock(&fk.lock);
        fk.block = TRUE;
        fk.calls = 0;
        g_mutex_unlock(&fk.lock);
        zw_rpc_follower_poll_now(f);
        for (guint i = 0; i < 1000; i++) {
                guint calls;

                g_mutex_lock(&fk.lock);
                calls = fk.calls;
                g_mutex_unlock(&fk.lock);
                if (calls > 0)
                        break;
                g_usleep(1000);
        }
        g_clear_pointer(&f, zw_rpc_follower_free);
        g_mutex_lock(&fk.lock);
        fk.block = FALSE;
        g_cond_broadcast(&fk.cond);
        g_mutex_unlock(&fk.lock);
        for (guint i = 0; i < 100; i++) {
                g_main_context_iteration(NULL, FALSE);
                g_usleep(1000);
        }
        assert_calls(rec, "");
        g_source_remove(guard);
        fake_set(&fk, NULL);
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_diffs),
                cmocka_unit_test(test_zones_and_services),
                cmocka_unit_test(test_open_reasons),
                cmocka_unit_test(test_outage),
                cmocka_unit_test(test_polling),
        };

        g_log_set_handler("zonewall-rpc", G_LOG_LEVEL_MASK, count_log, NULL);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
