/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rpc/follower.c: keep each zone's RPC port set equal to what rpcbind currently hands out */
#include "config.h"

#include <gio/gio.h>

#include "rpc/follower.h"

/* A port as a set key: proto bit in the high half, so tcp sorts before udp, then by port */
#define PORT_KEY(proto, port) GUINT_TO_POINTER(((guint) (proto) << 16) | (guint) (port))
#define KEY_PROTO(key) ((ZwRpcProto) (GPOINTER_TO_UINT(key) >> 16))
#define KEY_PORT(key) ((guint16) (GPOINTER_TO_UINT(key) & 0xffff))

typedef struct {
        char *zone;
        char *service;
        ZwRpcSpec *spec;
} Want;

struct _ZwRpcFollower {
        ZwRpcChangedFunc changed;
        gpointer user_data;
        GMainContext *context;
        guint interval_ms;
        char *socket_path;     /* rpcbind options, owned */
        gboolean tcp_fallback;
        guint timeout_ms;
        ZwRpcQueryFunc query_func; /* NULL: the real rpcbind */
        gpointer query_data;
        GPtrArray *pending;    /* Want *: as set by want()/clear() */
        GPtrArray *active;     /* Want *: as of the last commit */
        GArray *mappings;      /* ZwRpcMapping: the last good poll, sorted */
        GHashTable *open;      /* zone -> GHashTable of port keys: what changed() reported */
        GSource *timer;
        GCancellable *cancellable;
        gboolean started;
        gboolean in_flight;
        gboolean reachable;
        gboolean warned;       /* an outage was logged and has not ended yet */
        guint64 polls;
};

static void
want_free(gpointer p)
{
        Want *w = p;

        g_free(w->zone);
        g_free(w->service);
        zw_rpc_spec_free(w->spec);
        g_free(w);
}

static Want *
want_new(const char *zone, const char *service, const ZwRpcSpec *spec)
{
        Want *w = g_new0(Want, 1);

        w->zone = g_strdup(zone);
        w->service = g_strdup(service);
        w->spec = zw_rpc_spec_dup(spec);
        return w;
}

static GPtrArray *
wants_dup(const GPtrArray *wants)
{
        GPtrArray *out = g_ptr_array_new_with_free_func(want_free);

        for (guint i = 0; i < wants->len; i++) {
                const Want *w = g_ptr_array_index(wants, i);

                g_ptr_array_add(out, want_new(w->zone, w->service, w->spec));
        }
        return out;
}

ZwRpcPort *
zw_rpc_port_new(ZwRpcProto proto, guint16 port)
{
        ZwRpcPort *p = g_new0(ZwRpcPort, 1);

        p->proto = proto;
        p->port = port;
        return p;
}

void
zw_rpc_port_free(ZwRpcPort *port)
{
        g_free(port);
}

char *
zw_rpc_port_to_string(const ZwRpcPort *port)
{
        g_return_val_if_fail(port != NULL, NULL);
        return g_strdup_printf("%s:%u", zw_rpc_proto_name(port->proto), (guint) port->port);
}

void
zw_rpc_open_free(ZwRpcOpen *open)
{
        if (open == NULL)
                return;
        g_free(open->zone);
        g_free(open->service);
        g_free(open->program_name);
        g_free(open);
}

char *
zw_rpc_open_to_string(const ZwRpcOpen *open)
{
        g_autofree char *number = NULL;

        g_return_val_if_fail(open != NULL, NULL);
        number = g_strdup_printf("%" G_GUINT32_FORMAT, open->program);
        /* a program without a name is shown by its number alone */
        if (open->program_name == NULL || *open->program_name == '\0' ||
            g_strcmp0(open->program_name, number) == 0)
                return g_strdup_printf("%s %s %u %s v%" G_GUINT32_FORMAT " service=%s",
                                       open->zone, zw_rpc_proto_name(open->proto),
                                       (guint) open->port, number, open->version,
                                       open->service);
        return g_strdup_printf("%s %s %u %s(%s) v%" G_GUINT32_FORMAT " service=%s", open->zone,
                               zw_rpc_proto_name(open->proto), (guint) open->port,
                               open->program_name, number, open->version, open->service);
}

ZwRpcFollower *
zw_rpc_follower_new(ZwRpcChangedFunc changed, gpointer user_data)
{
        ZwRpcFollower *f = g_new0(ZwRpcFollower, 1);
        ZwRpcbindOptions opts;

        zw_rpcbind_options_init(&opts);
        f->changed = changed;
        f->user_data = user_data;
        f->context = g_main_context_ref_thread_default();
        f->interval_ms = ZW_RPC_FOLLOWER_INTERVAL_MS;
        f->socket_path = g_strdup(opts.socket_path);
        f->tcp_fallback = opts.tcp_fallback;
        f->timeout_ms = opts.timeout_ms;
        f->pending = g_ptr_array_new_with_free_func(want_free);
        f->active = g_ptr_array_new_with_free_func(want_free);
        f->mappings = g_array_new(FALSE, FALSE, sizeof(ZwRpcMapping));
        f->open = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_hash_table_unref);
        f->cancellable = g_cancellable_new();
        f->reachable = TRUE;
        return f;
}

static void
timer_stop(ZwRpcFollower *f)
{
        if (f->timer == NULL)
                return;
        g_source_destroy(f->timer);
        g_source_unref(f->timer);
        f->timer = NULL;
}

void
zw_rpc_follower_free(ZwRpcFollower *follower)
{
        if (follower == NULL)
                return;
        timer_stop(follower);
        /* a query still running in its thread finds the cancellable set and drops its result */
        g_cancellable_cancel(follower->cancellable);
        g_object_unref(follower->cancellable);
        g_ptr_array_unref(follower->pending);
        g_ptr_array_unref(follower->active);
        g_array_unref(follower->mappings);
        g_hash_table_unref(follower->open);
        g_free(follower->socket_path);
        g_main_context_unref(follower->context);
        g_free(follower);
}

void
zw_rpc_follower_set_rpcbind(ZwRpcFollower *follower, const ZwRpcbindOptions *opts)
{
        ZwRpcbindOptions defaults;

        g_return_if_fail(follower != NULL);
        if (opts == NULL) {
                zw_rpcbind_options_init(&defaults);
                opts = &defaults;
        }
        g_free(follower->socket_path);
        follower->socket_path = g_strdup(opts->socket_path);
        follower->tcp_fallback = opts->tcp_fallback;
        follower->timeout_ms = opts->timeout_ms;
}

void
zw_rpc_follower_set_query_func(ZwRpcFollower *follower, ZwRpcQueryFunc func,
                               gpointer query_data)
{
        g_return_if_fail(follower != NULL);
        follower->query_func = func;
        follower->query_data = query_data;
}

void
zw_rpc_follower_want(ZwRpcFollower *follower, const char *zone, const char *service,
                     const ZwRpcSpec *spec)
{
        g_return_if_fail(follower != NULL);
        g_return_if_fail(zone != NULL && service != NULL && spec != NULL);
        for (guint i = 0; i < follower->pending->len; i++) {
                Want *w = g_ptr_array_index(follower->pending, i);

                if (g_strcmp0(w->zone, zone) == 0 && g_strcmp0(w->service, service) == 0) {
                        zw_rpc_spec_free(w->spec);
                        w->spec = zw_rpc_spec_dup(spec);
                        return;
                }
        }
        g_ptr_array_add(follower->pending, want_new(zone, service, spec));
}

void
zw_rpc_follower_clear(ZwRpcFollower *follower)
{
        g_return_if_fail(follower != NULL);
        g_ptr_array_set_size(follower->pending, 0);
}

void
zw_rpc_follower_clear_zone(ZwRpcFollower *follower, const char *zone)
{
        g_return_if_fail(follower != NULL && zone != NULL);
        for (guint i = follower->pending->len; i-- > 0;) {
                const Want *w = g_ptr_array_index(follower->pending, i);

                if (g_strcmp0(w->zone, zone) == 0)
                        g_ptr_array_remove_index(follower->pending, i);
        }
}

static GHashTable *
port_set_new(void)
{
        return g_hash_table_new(g_direct_hash, g_direct_equal);
}

/* zone -> set of port keys wanted by ACTIVE given MAPPINGS; zones with wants but no
 * registered program get an empty set */
static GHashTable *
compute_open(const GPtrArray *active, const GArray *mappings)
{
        GHashTable *out = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) g_hash_table_unref);

        for (guint i = 0; i < active->len; i++) {
                const Want *w = g_ptr_array_index(active, i);
                GHashTable *set = g_hash_table_lookup(out, w->zone);

                if (set == NULL) {
                        set = port_set_new();
                        g_hash_table_insert(out, g_strdup(w->zone), set);
                }
                for (guint k = 0; k < mappings->len; k++) {
                        const ZwRpcMapping *m = &g_array_index(mappings, ZwRpcMapping, k);

                        if (zw_rpc_spec_matches(w->spec, m->program, m->proto))
                                g_hash_table_add(set, PORT_KEY(m->proto, m->port));
                }
        }
        return out;
}

static gint
key_compare(gconstpointer a, gconstpointer b)
{
        guint x = GPOINTER_TO_UINT(*(gconstpointer const *) a);
        guint y = GPOINTER_TO_UINT(*(gconstpointer const *) b);

        return x < y ? -1 : (x > y ? 1 : 0);
}

/* sorted ZwRpcPort * of the keys in A but not in B (B may be NULL) */
static GPtrArray *
set_minus(GHashTable *a, GHashTable *b)
{
        GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify) zw_rpc_port_free);
        g_autoptr(GPtrArray) keys = g_ptr_array_new();
        GHashTableIter iter;
        gpointer key;

        if (a != NULL) {
                g_hash_table_iter_init(&iter, a);
                while (g_hash_table_iter_next(&iter, &key, NULL)) {
                        if (b == NULL || !g_hash_table_contains(b, key))
                                g_ptr_array_add(keys, key);
                }
        }
        g_ptr_array_sort(keys, key_compare);
        for (guint i = 0; i < keys->len; i++) {
                gpointer k = g_ptr_array_index(keys, i);

                g_ptr_array_add(out, zw_rpc_port_new(KEY_PROTO(k), KEY_PORT(k)));
        }
        return out;
}

typedef struct {
        char *zone;
        GPtrArray *added;
        GPtrArray *removed;
} Diff;

static void
diff_free(gpointer p)
{
        Diff *d = p;

        g_free(d->zone);
        g_ptr_array_unref(d->added);
        g_ptr_array_unref(d->removed);
        g_free(d);
}

static gint
diff_compare(gconstpointer a, gconstpointer b)
{
        const Diff *x = *(const Diff *const *) a;
        const Diff *y = *(const Diff *const *) b;

        return g_strcmp0(x->zone, y->zone);
}

/* Recompute from active wants and known mappings; report differences to changed() */
static void
update(ZwRpcFollower *f)
{
        g_autoptr(GHashTable) now = compute_open(f->active, f->mappings);
        g_autoptr(GPtrArray) diffs = g_ptr_array_new_with_free_func(diff_free);
        g_autoptr(GHashTable) zones = g_hash_table_new(g_str_hash, g_str_equal);
        GHashTableIter iter;
        gpointer zone;

        g_hash_table_iter_init(&iter, f->open);
        while (g_hash_table_iter_next(&iter, &zone, NULL))
                g_hash_table_add(zones, zone);
        g_hash_table_iter_init(&iter, now);
        while (g_hash_table_iter_next(&iter, &zone, NULL))
                g_hash_table_add(zones, zone);

        g_hash_table_iter_init(&iter, zones);
        while (g_hash_table_iter_next(&iter, &zone, NULL)) {
                GHashTable *before = g_hash_table_lookup(f->open, zone);
                GHashTable *after = g_hash_table_lookup(now, zone);
                Diff *d = g_new0(Diff, 1);

                d->zone = g_strdup(zone);
                d->added = set_minus(after, before);
                d->removed = set_minus(before, after);
                if (d->added->len == 0 && d->removed->len == 0) {
                        diff_free(d);
                        continue;
                }
                g_ptr_array_add(diffs, d);
        }
        g_ptr_array_sort(diffs, diff_compare);
        g_clear_pointer(&zones, g_hash_table_unref);

        /* state first, callbacks after: a callback may call back into the follower */
        g_hash_table_unref(f->open);
        f->open = g_steal_pointer(&now);
        for (guint i = 0; i < diffs->len; i++) {
                Diff *d = g_ptr_array_index(diffs, i);

                if (f->changed != NULL)
                        f->changed(d->zone, d->added, d->removed, f->user_data);
        }
}

void
zw_rpc_follower_commit(ZwRpcFollower *follower)
{
        g_return_if_fail(follower != NULL);
        g_ptr_array_unref(follower->active);
        follower->active = wants_dup(follower->pending);
        update(follower);
}

static guint
open_count(const ZwRpcFollower *f)
{
        GHashTableIter iter;
        gpointer set;
        guint n = 0;

        g_hash_table_iter_init(&iter, f->open);
        while (g_hash_table_iter_next(&iter, NULL, &set))
                n += g_hash_table_size(set);
        return n;
}

static gboolean
mappings_equal(const GArray *a, const GArray *b)
{
        if (a->len != b->len)
                return FALSE;
        for (guint i = 0; i < a->len; i++) {
                if (zw_rpc_mapping_compare(&g_array_index(a, ZwRpcMapping, i),
                                           &g_array_index(b, ZwRpcMapping, i)) != 0)
                        return FALSE;
        }
        return TRUE;
}

void
zw_rpc_follower_feed(ZwRpcFollower *follower, const GArray *mappings, const GError *error)
{
        g_autoptr(GArray) copy = NULL;

        g_return_if_fail(follower != NULL);
        follower->polls++;
        if (mappings == NULL) {
                /* keep the last known ports: a restarting rpcbind must not close NFS */
                if (!follower->warned)
                        g_warning("rpcbind not reachable, keeping the %u RPC port(s) last seen "
                                  "and retrying: %s",
                                  open_count(follower),
                                  error != NULL ? error->message : "unknown error");
                follower->warned = TRUE;
                follower->reachable = FALSE;
                return;
        }
        if (follower->warned)
                g_message("rpcbind reachable again, following its %u mapping(s)",
                          mappings->len);
        follower->warned = FALSE;
        follower->reachable = TRUE;
        copy = g_array_sized_new(FALSE, FALSE, sizeof(ZwRpcMapping), mappings->len);
        g_array_append_vals(copy, mappings->data, mappings->len);
        g_array_sort(copy, zw_rpc_mapping_compare);
        if (mappings_equal(copy, follower->mappings))
                return;
        g_array_unref(follower->mappings);
        follower->mappings = g_steal_pointer(&copy);
        update(follower);
}

typedef struct {
        ZwRpcQueryFunc func;
        gpointer data;
        ZwRpcbindOptions opts;
        char *socket_path;
} Query;

static void
query_free(gpointer p)
{
        Query *q = p;

        g_free(q->socket_path);
        g_free(q);
}

static void
query_thread(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
        Query *q = task_data;
        GError *error = NULL;
        GArray *out;

        if (q->func != NULL)
                out = q->func(q->data, &error);
        else
                out = zw_rpcbind_query(&q->opts, &error);
        if (out == NULL) {
                if (error == NULL)
                        error = g_error_new_literal(G_IO_ERROR, G_IO_ERROR_FAILED,
                                                    "query failed");
                g_task_return_error(task, error);
                return;
        }
        g_task_return_pointer(task, out, (GDestroyNotify) g_array_unref);
}

static void
poll_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(GArray) mappings = g_task_propagate_pointer(G_TASK(result), &error);
        ZwRpcFollower *f = user_data;

        /* cancelled only by zw_rpc_follower_free(): F is gone */
        if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                return;
        f->in_flight = FALSE;
        zw_rpc_follower_feed(f, mappings, error);
}

void
zw_rpc_follower_poll_now(ZwRpcFollower *follower)
{
        g_autoptr(GTask) task = NULL;
        Query *q;

        g_return_if_fail(follower != NULL);
        if (follower->in_flight)
                return;
        follower->in_flight = TRUE;
        q = g_new0(Query, 1);
        q->func = follower->query_func;
        q->data = follower->query_data;
        q->socket_path = g_strdup(follower->socket_path);
        q->opts.socket_path = q->socket_path;
        q->opts.tcp_fallback = follower->tcp_fallback;
        q->opts.timeout_ms = follower->timeout_ms;
        g_main_context_push_thread_default(follower->context);
        task = g_task_new(NULL, follower->cancellable, poll_done, follower);
        g_main_context_pop_thread_default(follower->context);
        g_task_set_source_tag(task, zw_rpc_follower_poll_now);
        g_task_set_task_data(task, q, query_free);
        g_task_run_in_thread(task, query_thread);
}

static gboolean
tick(gpointer user_data)
{
        ZwRpcFollower *f = user_data;

        /* nobody wants RPC ports: leave rpcbind alone */
        if (f->active->len > 0)
                zw_rpc_follower_poll_now(f);
        return G_SOURCE_CONTINUE;
}

static void
timer_start(ZwRpcFollower *f)
{
        timer_stop(f);
        f->timer = g_timeout_source_new(f->interval_ms);
        g_source_set_callback(f->timer, tick, f, NULL);
        g_source_set_static_name(f->timer, "zonewall rpc follower");
        g_source_attach(f->timer, f->context);
}

void
zw_rpc_follower_set_interval(ZwRpcFollower *follower, guint interval_ms)
{
        g_return_if_fail(follower != NULL);
        follower->interval_ms = interval_ms > 0 ? interval_ms : ZW_RPC_FOLLOWER_INTERVAL_MS;
        if (follower->started)
                timer_start(follower);
}

void
zw_rpc_follower_start(ZwRpcFollower *follower)
{
        g_return_if_fail(follower != NULL);
        if (follower->started)
                return;
        follower->started = TRUE;
        timer_start(follower);
        tick(follower);
}

void
zw_rpc_follower_stop(ZwRpcFollower *follower)
{
        g_return_if_fail(follower != NULL);
        follower->started = FALSE;
        timer_stop(follower);
}

gboolean
zw_rpc_follower_is_reachable(const ZwRpcFollower *follower)
{
        g_return_val_if_fail(follower != NULL, FALSE);
        return follower->reachable;
}

guint64
zw_rpc_follower_polls(const ZwRpcFollower *follower)
{
        g_return_val_if_fail(follower != NULL, 0);
        return follower->polls;
}

GHashTable *
zw_rpc_follower_dup_port_table(const ZwRpcFollower *follower)
{
        GHashTable *out;
        GHashTableIter iter;
        gpointer zone;
        gpointer set;

        g_return_val_if_fail(follower != NULL, NULL);
        out = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) g_ptr_array_unref);
        g_hash_table_iter_init(&iter, follower->open);
        while (g_hash_table_iter_next(&iter, &zone, &set)) {
                g_autoptr(GPtrArray) ports = set_minus(set, NULL);
                GPtrArray *strs = g_ptr_array_new_with_free_func(g_free);

                for (guint i = 0; i < ports->len; i++)
                        g_ptr_array_add(strs, zw_rpc_port_to_string(g_ptr_array_index(ports, i)));
                g_hash_table_insert(out, g_strdup(zone), strs);
        }
        return out;
}

static gint
open_compare(gconstpointer a, gconstpointer b)
{
        const ZwRpcOpen *x = *(const ZwRpcOpen *const *) a;
        const ZwRpcOpen *y = *(const ZwRpcOpen *const *) b;
        gint c;

        if ((c = g_strcmp0(x->zone, y->zone)) != 0)
                return c;
        if (x->proto != y->proto)
                return x->proto < y->proto ? -1 : 1;
        if (x->port != y->port)
                return x->port < y->port ? -1 : 1;
        if ((c = g_strcmp0(x->service, y->service)) != 0)
                return c;
        if (x->program != y->program)
                return x->program < y->program ? -1 : 1;
        if (x->version != y->version)
                return x->version < y->version ? -1 : 1;
        return 0;
}

GPtrArray *
zw_rpc_follower_dup_open(const ZwRpcFollower *follower)
{
        GPtrArray *out;

        g_return_val_if_fail(follower != NULL, NULL);
        out = g_ptr_array_new_with_free_func((GDestroyNotify) zw_rpc_open_free);
        for (guint i = 0; i < follower->active->len; i++) {
                const Want *w = g_ptr_array_index(follower->active, i);
                GHashTable *set = g_hash_table_lookup(follower->open, w->zone);

                for (guint k = 0; set != NULL && k < follower->mappings->len; k++) {
                        const ZwRpcMapping *m =
                                &g_array_index(follower->mappings, ZwRpcMapping, k);
                        ZwRpcOpen *o;

                        if (!zw_rpc_spec_matches(w->spec, m->program, m->proto))
                                continue;
                        if (!g_hash_table_contains(set, PORT_KEY(m->proto, m->port)))
                                continue;
                        o = g_new0(ZwRpcOpen, 1);
                        o->zone = g_strdup(w->zone);
                        o->proto = m->proto;
                        o->port = m->port;
                        o->service = g_strdup(w->service);
                        o->program = m->program;
                        o->program_name = g_strdup(zw_rpc_spec_program_name(w->spec, m->program));
                        o->version = m->version;
                        g_ptr_array_add(out, o);
                }
        }
        g_ptr_array_sort(out, open_compare);
        /* the same port over IPv4 and IPv6 is one row */
        for (guint i = 1; i < out->len;) {
                if (open_compare(&out->pdata[i - 1], &out->pdata[i]) == 0)
                        g_ptr_array_remove_index(out, i);
                else
                        i++;
        }
        return out;
}
