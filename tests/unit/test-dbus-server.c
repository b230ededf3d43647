/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-dbus-server.c: the server over a peer-to-peer D-Bus connection (no bus, no
 * kernel): replies, errors, signals and their order, commit/rollback through the backend */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <sys/socket.h>

#include "core/conf.h"
#include "core/error.h"
#include "core/service.h"
#include "core/zone.h"
#include "dbus/server.h"

#define PATH "/org/fedoraproject/FirewallD1"
#define IFACE "org.fedoraproject.FirewallD1"

typedef struct {
        guint applies;
        guint conf_writes;
        guint object_writes;
        guint object_removes;
        guint lockdown_writes;
        gboolean fail_apply;
        gboolean panic;
        GDBusConnection *server_conn;
        GDBusConnection *client;
        ZwDbusServer *server;
        GPtrArray *signals; /* "Member(args)" */
        guint sub_id;
} Fixture;

static gboolean
fake_apply(gpointer data, const ZwRuntime *rt, GError **error)
{
        Fixture *f = data;

        if (f->fail_apply) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "kernel said no");
                return FALSE;
        }
        f->applies++;
        return TRUE;
}

static gboolean
fake_panic(gpointer data, gboolean enable, GError **error)
{
        ((Fixture *)data)->panic = enable;
        return TRUE;
}

static ZwTree *
make_tree(void)
{
        ZwTree *tree = zw_tree_new();
        ZwZone *pub = zw_zone_new("public");
        ZwZone *work = zw_zone_new("work");
        ZwService *http = zw_service_new("http");
        ZwService *ssh = zw_service_new("ssh");

        g_ptr_array_add(pub->services, g_strdup("ssh"));
        g_ptr_array_add(http->ports, zw_port_new("80", "tcp"));
        g_ptr_array_add(ssh->ports, zw_port_new("22", "tcp"));
        zw_tree_insert(tree, pub);
        zw_tree_insert(tree, work);
        zw_tree_insert(tree, http);
        zw_tree_insert(tree, ssh);
        return tree;
}

static ZwTree *
fake_load(gpointer data, GError **error)
{
        return make_tree();
}

static gboolean
fake_write_conf(gpointer data, const ZwConf *conf, GError **error)
{
        ((Fixture *)data)->conf_writes++;
        return TRUE;
}

static gboolean
fake_write_object(gpointer data, gpointer object, GError **error)
{
        ZwObjInfo *info = object;

        ((Fixture *)data)->object_writes++;
        g_free(info->path);
        info->path = g_strdup("/etc/firewalld/zones");
        return TRUE;
}

static gboolean
fake_remove_object(gpointer data, ZwKind kind, const char *name, GError **error)
{
        ((Fixture *)data)->object_removes++;
        return TRUE;
}

static gboolean
fake_write_lockdown(gpointer data, const ZwLockdown *lockdown, GError **error)
{
        ((Fixture *)data)->lockdown_writes++;
        return TRUE;
}

static const ZwDbusBackend backend = {
        .apply = fake_apply,
        .set_panic = fake_panic,
        .load = fake_load,
        .write_conf = fake_write_conf,
        .write_object = fake_write_object,
        .remove_object = fake_remove_object,
        .write_lockdown = fake_write_lockdown,
};

static void
got_connection(GObject *source, GAsyncResult *res, gpointer data)
{
        GDBusConnection **out = data;
        g_autoptr(GError) error = NULL;

        *out = g_dbus_connection_new_finish(res, &error);
        assert_non_null(*out);
}

static void
on_signal(GDBusConnection *c, const char *sender, const char *path, const char *iface,
          const char *member, GVariant *params, gpointer data)
{
        Fixture *f = data;
        g_autofree char *args = g_variant_print(params, FALSE);

        g_ptr_array_add(f->signals, g_strdup_printf("%s%s", member, args));
}

static int
setup(void **state)
{
        Fixture *f = g_new0(Fixture, 1);
        g_autoptr(GError) error = NULL;
        g_autofree char *guid = g_dbus_generate_guid();
        g_autoptr(ZwTree) tree = make_tree();
        g_autoptr(GSocket) s0 = NULL, s1 = NULL;
        g_autoptr(GSocketConnection) c0 = NULL, c1 = NULL;
        int fds[2];

        assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
        s0 = g_socket_new_from_fd(fds[0], &error);
        s1 = g_socket_new_from_fd(fds[1], &error);
        c0 = g_socket_connection_factory_create_connection(s0);
        c1 = g_socket_connection_factory_create_connection(s1);
        g_dbus_connection_new(G_IO_STREAM(c0), guid,
                              G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_SERVER |
                                      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_ALLOW_ANONYMOUS,
                              NULL, NULL, got_connection, &f->server_conn);
        g_dbus_connection_new(G_IO_STREAM(c1), NULL,
                              G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT, NULL, NULL,
                              got_connection, &f->client);
        while (f->server_conn == NULL || f->client == NULL)
                g_main_context_iteration(NULL, TRUE);
        f->server = zw_dbus_server_new(f->server_conn, zw_tree_dup(tree), zw_runtime_new(tree),
                                       "RUNNING", &backend, f, &error);
        assert_non_null(f->server);
        f->signals = g_ptr_array_new_with_free_func(g_free);
        f->sub_id = g_dbus_connection_signal_subscribe(f->client, NULL, NULL, NULL, NULL, NULL,
                                                       G_DBUS_SIGNAL_FLAGS_NONE, on_signal, f,
                                                       NULL);
        *state = f;
        return 0;
}

static int
teardown(void **state)
{
        Fixture *f = *state;

        g_dbus_connection_signal_unsubscribe(f->client, f->sub_id);
        zw_dbus_server_free(f->server);
        g_dbus_connection_close_sync(f->client, NULL, NULL);
        g_object_unref(f->client);
        g_object_unref(f->server_conn);
        g_ptr_array_unref(f->signals);
        while (g_main_context_iteration(NULL, FALSE))
                ;
        g_free(f);
        return 0;
}

typedef struct {
        gboolean done;
        GVariant *reply;
        GError *error;
} Reply;

static void
call_done(GObject *source, GAsyncResult *res, gpointer data)
{
        Reply *r = data;

        r->reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), res, &r->error);
        r->done = TRUE;
}

/* call and wait; on error out_error gets "Name: message" */
static GVariant *
call(Fixture *f, const char *path, const char *iface, const char *method, GVariant *params,
     char **out_error)
{
        Reply r = { 0 };

        g_dbus_connection_call(f->client, NULL, path, iface, method, params, NULL,
                               G_DBUS_CALL_FLAGS_NONE, 5000, NULL, call_done, &r);
        while (!r.done)
                g_main_context_iteration(NULL, TRUE);
        /* let signals emitted before the reply arrive too */
        while (g_main_context_iteration(NULL, FALSE))
                ;
        if (r.error != NULL) {
                g_autofree char *name = g_dbus_error_get_remote_error(r.error);
                g_dbus_error_strip_remote_error(r.error);
                if (out_error != NULL)
                        *out_error = g_strdup_printf("%s: %s", name, r.error->message);
                g_error_free(r.error);
                return NULL;
        }
        return r.reply;
}

static char *
call_str(Fixture *f, const char *iface, const char *method, GVariant *params)
{
        g_autoptr(GVariant) v = call(f, PATH, iface, method, params, NULL);
        const char *s;

        assert_non_null(v);
        g_variant_get(v, "(&s)", &s);
        return g_strdup(s);
}

static gboolean
call_bool(Fixture *f, const char *iface, const char *method, GVariant *params)
{
        g_autoptr(GVariant) v = call(f, PATH, iface, method, params, NULL);
        gboolean b;

        assert_non_null(v);
        g_variant_get(v, "(b)", &b);
        return b;
}

static char *
call_err(Fixture *f, const char *iface, const char *method, GVariant *params)
{
        char *err = NULL;
        g_autoptr(GVariant) v = call(f, PATH, iface, method, params, &err);

        assert_null(v);
        return err;
}

static void
test_add_service(void **state)
{
        Fixture *f = *state;
        g_autofree char *zone = call_str(f, IFACE ".zone", "addService",
                                         g_variant_new("(ssi)", "", "http", 0));
        g_autofree char *err = NULL;

        assert_string_equal(zone, "public");
        assert_int_equal(f->applies, 1);
        assert_int_equal(f->signals->len, 1);
        assert_string_equal(g_ptr_array_index(f->signals, 0),
                            "ServiceAdded('public', 'http', 0)");
        assert_true(call_bool(f, IFACE ".zone", "queryService",
                              g_variant_new("(ss)", "public", "http")));
        err = call_err(f, IFACE ".zone", "addService", g_variant_new("(ssi)", "", "http", 0));
        assert_string_equal(err, "org.fedoraproject.FirewallD1.Exception: "
                                 "ALREADY_ENABLED: 'http' already in 'public'");
        assert_int_equal(f->applies, 1);
        g_free(err);
        err = call_err(f, IFACE ".zone", "addService",
                       g_variant_new("(ssi)", "nosuchzone", "ssh", 0));
        assert_string_equal(err,
                            "org.fedoraproject.FirewallD1.Exception: INVALID_ZONE: nosuchzone");
        g_free(err);
        err = call_err(f, IFACE ".zone", "addService",
                       g_variant_new("(ssi)", "", "nosuchservice", 0));
        assert_string_equal(err, "org.fedoraproject.FirewallD1.Exception: "
                                 "INVALID_SERVICE: nosuchservice");
}

/* the kernel refuses: error to the caller, runtime as before, no signal */
static void
test_apply_failure_rolls_back(void **state)
{
        Fixture *f = *state;
        g_autofree char *err = NULL;

        f->fail_apply = TRUE;
        err = call_err(f, IFACE ".zone", "addService", g_variant_new("(ssi)", "", "http", 0));
        assert_string_equal(err, "org.fedoraproject.FirewallD1.Exception: "
                                 "COMMAND_FAILED: kernel said no");
        f->fail_apply = FALSE;
        assert_false(call_bool(f, IFACE ".zone", "queryService",
                               g_variant_new("(ss)", "", "http")));
        assert_int_equal(f->signals->len, 0);
}

static void
test_wrong_types(void **state)
{
        Fixture *f = *state;
        g_autofree char *e1 = call_err(f, IFACE ".zone", "addService",
                                       g_variant_new("(sss)", "", "http", "x"));
        g_autofree char *e2 = call_err(f, IFACE ".zone", "addPort",
                                       g_variant_new("(sisi)", "", 80, "tcp", 0));

        assert_true(g_str_has_prefix(e1, "org.freedesktop.DBus.Error.InvalidArgs"));
        assert_true(g_str_has_prefix(e2, "org.freedesktop.DBus.Error.InvalidArgs"));
        assert_int_equal(f->applies, 0);
}

static void
test_change_interface_signals(void **state)
{
        Fixture *f = *state;
        g_autofree char *z1 = call_str(f, IFACE ".zone", "addInterface",
                                       g_variant_new("(ss)", "", "dummy0"));
        g_autofree char *z2 = call_str(f, IFACE ".zone", "changeZoneOfInterface",
                                       g_variant_new("(ss)", "work", "dummy0"));
        g_autofree char *z3 = call_str(f, IFACE ".zone", "getZoneOfInterface",
                                       g_variant_new("(s)", "dummy0"));
        g_autoptr(GVariant) active = NULL;
        g_autofree char *printed = NULL;

        assert_string_equal(z1, "public");
        assert_string_equal(z2, "work");
        assert_string_equal(z3, "work");
        assert_int_equal(f->signals->len, 3);
        assert_string_equal(g_ptr_array_index(f->signals, 0),
                            "InterfaceAdded('public', 'dummy0')");
        assert_string_equal(g_ptr_array_index(f->signals, 1), "ZoneChanged('work', 'dummy0')");
        assert_string_equal(g_ptr_array_index(f->signals, 2),
                            "ZoneOfInterfaceChanged('work', 'dummy0')");
        active = call(f, PATH, IFACE ".zone", "getActiveZones", NULL, NULL);
        printed = g_variant_print(active, FALSE);
        assert_string_equal(printed, "({'work': {'interfaces': ['dummy0']}},)");
}

static void
test_timeout(void **state)
{
        Fixture *f = *state;
        g_autofree char *zone = call_str(f, IFACE ".zone", "addService",
                                         g_variant_new("(ssi)", "", "http", 1));
        gint64 deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;

        while (f->signals->len < 2 && g_get_monotonic_time() < deadline)
                g_main_context_iteration(NULL, TRUE);
        assert_int_equal(f->signals->len, 2);
        assert_string_equal(g_ptr_array_index(f->signals, 0),
                            "ServiceAdded('public', 'http', 1)");
        assert_string_equal(g_ptr_array_index(f->signals, 1), "ServiceRemoved('public', 'http')");
        assert_false(call_bool(f, IFACE ".zone", "queryService",
                               g_variant_new("(ss)", "", "http")));
}

static void
set_flag(gpointer data)
{
        *(gboolean *)data = TRUE;
}

/* remove cancels the timer: no second ServiceRemoved, a later add is not cut short */
static void
test_timeout_cancelled(void **state)
{
        Fixture *f = *state;
        g_autofree char *z1 = call_str(f, IFACE ".zone", "addService",
                                       g_variant_new("(ssi)", "", "http", 1));
        g_autofree char *z2 = call_str(f, IFACE ".zone", "removeService",
                                       g_variant_new("(ss)", "", "http"));
        g_autofree char *z3 = call_str(f, IFACE ".zone", "addService",
                                       g_variant_new("(ssi)", "", "http", 0));
        gboolean waited = FALSE;

        /* longer than the cancelled timeout */
        g_timeout_add_once(2000, set_flag, &waited);
        while (!waited)
                g_main_context_iteration(NULL, TRUE);
        assert_int_equal(f->signals->len, 3);
        assert_true(call_bool(f, IFACE ".zone", "queryService",
                              g_variant_new("(ss)", "", "http")));
}

static void
test_panic(void **state)
{
        Fixture *f = *state;
        g_autoptr(GVariant) v = call(f, PATH, IFACE, "enablePanicMode", NULL, NULL);
        g_autofree char *err = call_err(f, IFACE ".zone", "addService",
                                        g_variant_new("(ssi)", "", "http", 0));
        g_autofree char *again = call_err(f, IFACE, "enablePanicMode", NULL);

        assert_true(f->panic);
        assert_string_equal(err, "org.fedoraproject.FirewallD1.Exception: PANIC_MODE");
        assert_string_equal(again, "org.fedoraproject.FirewallD1.Exception: "
                                   "ALREADY_ENABLED: panic mode already enabled");
        assert_true(call_bool(f, IFACE, "queryPanicMode", NULL));
        g_variant_unref(call(f, PATH, IFACE, "disablePanicMode", NULL, NULL));
        assert_false(f->panic);
}

static void
test_default_zone(void **state)
{
        Fixture *f = *state;
        g_autoptr(GVariant) v = call(f, PATH, IFACE, "setDefaultZone",
                                     g_variant_new("(s)", "work"), NULL);
        g_autofree char *dz = call_str(f, IFACE, "getDefaultZone", NULL);
        g_autofree char *err = call_err(f, IFACE, "setDefaultZone", g_variant_new("(s)", "work"));

        assert_string_equal(dz, "work");
        assert_int_equal(f->conf_writes, 1);
        assert_string_equal(err, "org.fedoraproject.FirewallD1.Exception: ZONE_ALREADY_SET: work");
        assert_string_equal(g_ptr_array_index(f->signals, 0), "DefaultZoneChanged('work',)");
}

static void
test_properties_and_introspection(void **state)
{
        Fixture *f = *state;
        g_autoptr(GVariant) state_v = call(f, PATH, "org.freedesktop.DBus.Properties", "Get",
                                           g_variant_new("(ss)", IFACE, "state"), NULL);
        g_autoptr(GVariant) all = call(f, PATH, "org.freedesktop.DBus.Properties", "GetAll",
                                       g_variant_new("(s)", IFACE), NULL);
        g_autoptr(GVariant) xml = call(f, PATH, "org.freedesktop.DBus.Introspectable",
                                       "Introspect", NULL, NULL);
        g_autoptr(GVariant) inner = NULL, props = NULL;
        const char *s;

        assert_non_null(state_v);
        g_variant_get(state_v, "(v)", &inner);
        assert_string_equal(g_variant_get_string(inner, NULL), "RUNNING");
        props = g_variant_get_child_value(all, 0);
        assert_int_equal(g_variant_n_children(props), 14);
        g_variant_get(xml, "(&s)", &s);
        assert_non_null(strstr(s, "<interface name=\"org.fedoraproject.FirewallD1.zone\">"));
        assert_non_null(strstr(s, "<property type=\"s\" name=\"state\" access=\"read\"/>"));
        assert_non_null(strstr(s, "<node name=\"config\"/>"));
}

static void
test_config_objects(void **state)
{
        Fixture *f = *state;
        g_autoptr(GVariant) path = call(f, PATH "/config", IFACE ".config", "getZoneByName",
                                        g_variant_new("(s)", "work"), NULL);
        g_autoptr(GVariant) name = NULL, settings = NULL, inner = NULL;
        g_autofree char *err = NULL;
        const char *p;

        assert_non_null(path);
        g_variant_get(path, "(&o)", &p);
        assert_string_equal(p, PATH "/config/zone/1"); /* sorted: public 0, work 1 */
        name = call(f, p, "org.freedesktop.DBus.Properties", "Get",
                    g_variant_new("(ss)", IFACE ".config.zone", "name"), NULL);
        g_variant_get(name, "(v)", &inner);
        assert_string_equal(g_variant_get_string(inner, NULL), "work");
        settings = call(f, PATH "/config/zone/0", IFACE ".config.zone", "getSettings2", NULL,
                        NULL);
        assert_non_null(settings);
        {
                g_autofree char *printed = g_variant_print(settings, FALSE);
                assert_non_null(strstr(printed, "'services': <['ssh']>"));
                assert_null(strstr(printed, "'ports'")); /* empty lists are omitted */
                assert_non_null(strstr(printed, "'target': <'default'>"));
        }
        err = NULL;
        g_variant_unref(call(f, PATH "/config", IFACE ".config", "getZoneByName",
                             g_variant_new("(s)", "nosuch"), &err) ?: g_variant_new("()"));
        assert_string_equal(err, "org.fedoraproject.FirewallD1.Exception: INVALID_ZONE: nosuch");
}

static void
test_zone_settings2(void **state)
{
        Fixture *f = *state;
        GVariantBuilder b;
        g_autoptr(GVariant) v = NULL;

        g_variant_builder_init(&b, G_VARIANT_TYPE("a{sv}"));
        g_variant_builder_add(&b, "{sv}", "services",
                              g_variant_new_strv((const char *[]){ "http", NULL }, -1));
        v = call(f, PATH, IFACE ".zone", "setZoneSettings2",
                 g_variant_new("(sa{sv})", "", &b), NULL);
        assert_non_null(v);
        assert_true(call_bool(f, IFACE ".zone", "queryService", g_variant_new("(ss)", "", "http")));
        assert_false(call_bool(f, IFACE ".zone", "queryService", g_variant_new("(ss)", "", "ssh")));
        assert_int_equal(f->signals->len, 1);
        assert_string_equal(g_ptr_array_index(f->signals, 0),
                            "ZoneUpdated('public', {'services': <['http']>})");
}

/* permanent zone item: written to the admin tree, Updated on the object, runtime untouched */
static void
test_config_zone_edit(void **state)
{
        Fixture *f = *state;
        const char *zpath = PATH "/config/zone/0"; /* public */
        g_autoptr(GVariant) v = call(f, zpath, IFACE ".config.zone", "addService",
                                     g_variant_new("(s)", "http"), NULL);
        g_autoptr(GVariant) q = NULL, p = NULL, inner = NULL;
        g_autofree char *err = NULL;
        gboolean present = FALSE;

        assert_non_null(v);
        assert_int_equal(f->object_writes, 1);
        assert_int_equal(f->applies, 0);
        assert_int_equal(f->signals->len, 1);
        assert_string_equal(g_ptr_array_index(f->signals, 0), "Updated('public',)");
        q = call(f, zpath, IFACE ".config.zone", "queryService", g_variant_new("(s)", "http"),
                 NULL);
        g_variant_get(q, "(b)", &present);
        assert_true(present);
        assert_false(call_bool(f, IFACE ".zone", "queryService",
                               g_variant_new("(ss)", "public", "http")));
        p = call(f, zpath, "org.freedesktop.DBus.Properties", "Get",
                 g_variant_new("(ss)", IFACE ".config.zone", "path"), NULL);
        g_variant_get(p, "(v)", &inner);
        assert_string_equal(g_variant_get_string(inner, NULL), "/etc/firewalld/zones");
        g_variant_unref(call(f, zpath, IFACE ".config.zone", "addService",
                             g_variant_new("(s)", "http"), &err) ?: g_variant_new("()"));
        assert_string_equal(err, "org.fedoraproject.FirewallD1.Exception: ALREADY_ENABLED: http");
        assert_int_equal(f->object_writes, 1);
}

/* reload: config objects re-created in firewalld's kind order, then Reloaded; runtime-only
 * changes are gone */
static void
test_reload(void **state)
{
        Fixture *f = *state;
        static const char *const want[] = {
                "ServiceAdded('http',)", "ServiceAdded('ssh',)", "ZoneAdded('public',)",
                "ZoneAdded('work',)",    "Reloaded()",
        };
        g_autofree char *zone = call_str(f, IFACE ".zone", "addService",
                                         g_variant_new("(ssi)", "", "http", 0));
        g_autoptr(GVariant) v = NULL;

        g_ptr_array_set_size(f->signals, 0);
        v = call(f, PATH, IFACE, "reload", NULL, NULL);
        assert_non_null(v);
        assert_int_equal(f->signals->len, G_N_ELEMENTS(want));
        for (guint i = 0; i < G_N_ELEMENTS(want); i++)
                assert_string_equal(g_ptr_array_index(f->signals, i), want[i]);
        assert_false(call_bool(f, IFACE ".zone", "queryService",
                               g_variant_new("(ss)", "", "http")));
}

/* rename keeps the object path and announces the new name; loadDefaults without a builtin
 * copy is NO_DEFAULTS; service items, the lockdown whitelist and read-only properties */
static void
test_config_lifecycle(void **state)
{
        Fixture *f = *state;
        const char *wpath = PATH "/config/zone/1"; /* work */
        const char *spath = PATH "/config/service/0"; /* http */
        g_autoptr(GVariant) v = NULL, w = NULL, x = NULL, y = NULL;
        g_autofree char *err = NULL, *err2 = NULL, *err3 = NULL;
        gboolean present = FALSE;

        v = call(f, wpath, IFACE ".config.zone", "rename", g_variant_new("(s)", "lab"), NULL);
        assert_non_null(v);
        assert_int_equal(f->object_writes, 1);
        assert_int_equal(f->object_removes, 1);
        assert_string_equal(g_ptr_array_index(f->signals, f->signals->len - 1),
                            "Renamed('lab',)");
        assert_null(call(f, wpath, IFACE ".config.zone", "loadDefaults", NULL, &err));
        assert_string_equal(err, "org.fedoraproject.FirewallD1.Exception: NO_DEFAULTS: lab");
        assert_null(call(f, wpath, IFACE ".config.zone", "rename",
                         g_variant_new("(s)", "public"), &err2));
        assert_string_equal(err2,
                            "org.fedoraproject.FirewallD1.Exception: NAME_CONFLICT: "
                            "rename(): 'public'");

        w = call(f, spath, IFACE ".config.service", "addPort",
                 g_variant_new("(ss)", "8080", "tcp"), NULL);
        assert_non_null(w);
        x = call(f, spath, IFACE ".config.service", "queryPort",
                 g_variant_new("(ss)", "8080", "tcp"), NULL);
        g_variant_get(x, "(b)", &present);
        assert_true(present);

        y = call(f, PATH "/config", IFACE ".config.policies", "addLockdownWhitelistUid",
                 g_variant_new("(i)", 4242), NULL);
        assert_non_null(y);
        assert_int_equal(f->lockdown_writes, 1);
        assert_string_equal(g_ptr_array_index(f->signals, f->signals->len - 1),
                            "LockdownWhitelistUpdated()");

        assert_null(call(f, wpath, "org.freedesktop.DBus.Properties", "Set",
                         g_variant_new("(ssv)", IFACE ".config.zone", "name",
                                       g_variant_new_string("x")),
                         &err3));
        assert_true(g_str_has_prefix(err3, "org.freedesktop.DBus.Error.PropertyReadOnly"));
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_add_service, setup, teardown),
                cmocka_unit_test_setup_teardown(test_apply_failure_rolls_back, setup, teardown),
                cmocka_unit_test_setup_teardown(test_wrong_types, setup, teardown),
                cmocka_unit_test_setup_teardown(test_change_interface_signals, setup, teardown),
                cmocka_unit_test_setup_teardown(test_timeout, setup, teardown),
                cmocka_unit_test_setup_teardown(test_timeout_cancelled, setup, teardown),
                cmocka_unit_test_setup_teardown(test_panic, setup, teardown),
                cmocka_unit_test_setup_teardown(test_default_zone, setup, teardown),
                cmocka_unit_test_setup_teardown(test_properties_and_introspection, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(test_config_objects, setup, teardown),
                cmocka_unit_test_setup_teardown(test_zone_settings2, setup, teardown),
                cmocka_unit_test_setup_teardown(test_config_zone_edit, setup, teardown),
                cmocka_unit_test_setup_teardown(test_reload, setup, teardown),
                cmocka_unit_test_setup_teardown(test_config_lifecycle, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
