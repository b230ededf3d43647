/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dbus/auth.c: polkit CheckAuthorization (async), uid-0 fallback, caller credentials */
#include "config.h"

#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "dbus/auth.h"

#define POLKIT_NAME "org.freedesktop.PolicyKit1"
#define POLKIT_PATH "/org/freedesktop/PolicyKit1/Authority"
#define POLKIT_IFACE "org.freedesktop.PolicyKit1.Authority"

static const char *const action_ids[ZW_POLKIT_N] = {
        [ZW_POLKIT_INFO] = "org.fedoraproject.FirewallD1.info",
        [ZW_POLKIT_CONFIG] = "org.fedoraproject.FirewallD1.config",
        [ZW_POLKIT_CONFIG_INFO] = "org.fedoraproject.FirewallD1.config.info",
        [ZW_POLKIT_DIRECT] = "org.fedoraproject.FirewallD1.direct",
        [ZW_POLKIT_DIRECT_INFO] = "org.fedoraproject.FirewallD1.direct.info",
        [ZW_POLKIT_POLICIES] = "org.fedoraproject.FirewallD1.policies",
        [ZW_POLKIT_POLICIES_INFO] = "org.fedoraproject.FirewallD1.policies.info",
        [ZW_POLKIT_ALL] = "org.fedoraproject.FirewallD1.all",
};

const char *
zw_polkit_action_id(ZwPolkitAction action)
{
        g_return_val_if_fail(action < ZW_POLKIT_N, NULL);
        return action_ids[action];
}

gboolean
zw_polkit_action_from_id(const char *id, ZwPolkitAction *out_action)
{
        for (guint i = 0; i < ZW_POLKIT_N; i++) {
                if (g_strcmp0(action_ids[i], id) == 0) {
                        if (out_action != NULL)
                                *out_action = i;
                        return TRUE;
                }
        }
        return FALSE;
}

void
zw_caller_free(ZwCaller *caller)
{
        if (caller == NULL)
                return;
        g_free(caller->sender);
        g_free(caller->user);
        g_free(caller->command);
        g_free(caller->context);
        g_free(caller);
}

/* Callers' credentials are cached by unique bus name: the bus never reuses a unique name
 * and a connection's uid, pid and label never change, so only NameOwnerChanged (the
 * connection went away) removes an entry. Saves a bus round trip, a passwd lookup and a
 * /proc read on every call. */
#define MAX_CACHED_CALLERS 4096

struct _ZwAuth {
        GDBusConnection *connection;
        guint watch_id;
        gboolean polkit;
        GHashTable *callers; /* unique name -> ZwCaller */
        guint owner_sub;
};

ZwCaller *
zw_caller_dup(const ZwCaller *c)
{
        ZwCaller *d = g_new0(ZwCaller, 1);

        d->sender = g_strdup(c->sender);
        d->uid = c->uid;
        d->pid = c->pid;
        d->user = g_strdup(c->user);
        d->command = g_strdup(c->command);
        d->context = g_strdup(c->context);
        return d;
}

static void
owner_changed(GDBusConnection *c, const char *sender, const char *path, const char *iface,
              const char *signal, GVariant *params, gpointer data)
{
        ZwAuth *auth = data;
        const char *name, *old_owner, *new_owner;

        g_variant_get(params, "(&s&s&s)", &name, &old_owner, &new_owner);
        if (name[0] == ':' && new_owner[0] == '\0')
                g_hash_table_remove(auth->callers, name);
}

static void
polkit_appeared(GDBusConnection *c, const char *name, const char *owner, gpointer data)
{
        ZwAuth *auth = data;
        auth->polkit = TRUE;
        g_debug("polkit is on the bus (%s)", owner);
}

static void
polkit_vanished(GDBusConnection *c, const char *name, gpointer data)
{
        ZwAuth *auth = data;
        if (auth->polkit)
                g_debug("polkit left the bus");
        auth->polkit = FALSE;
}

ZwAuth *
zw_auth_new(GDBusConnection *connection)
{
        ZwAuth *auth = g_new0(ZwAuth, 1);

        auth->connection = g_object_ref(connection);
        auth->callers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify)zw_caller_free);
        /* peer-to-peer connections (tests) have no bus and no polkit */
        if (g_dbus_connection_get_unique_name(connection) == NULL)
                return auth;
        auth->owner_sub = g_dbus_connection_signal_subscribe(
                connection, "org.freedesktop.DBus", "org.freedesktop.DBus", "NameOwnerChanged",
                "/org/freedesktop/DBus", NULL, G_DBUS_SIGNAL_FLAGS_NONE, owner_changed, auth,
                NULL);
        auth->watch_id = g_bus_watch_name_on_connection(connection, POLKIT_NAME,
                                                        G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                        polkit_appeared, polkit_vanished,
                                                        auth, NULL);
        return auth;
}

void
zw_auth_free(ZwAuth *auth)
{
        if (auth == NULL)
                return;
        if (auth->watch_id != 0)
                g_bus_unwatch_name(auth->watch_id);
        if (auth->owner_sub != 0)
                g_dbus_connection_signal_unsubscribe(auth->connection, auth->owner_sub);
        g_hash_table_unref(auth->callers);
        g_object_unref(auth->connection);
        g_free(auth);
}

gboolean
zw_auth_has_polkit(const ZwAuth *auth)
{
        return auth->polkit;
}

typedef struct {
        ZwAuth *auth;
        ZwPolkitAction action;
        ZwCaller *caller;
        ZwAuthCallback callback;
        gpointer user_data;
} Check;

static void
check_finish(Check *check, const char *how)
{
        g_autofree char *denial = NULL;

        if (how != NULL)
                denial = g_strdup_printf("Not Authorized(%s): %s", how,
                                         zw_polkit_action_id(check->action));
        check->callback(check->caller, denial, check->user_data);
        zw_caller_free(check->caller);
        g_free(check);
}

static char *
read_cmdline(gint64 pid)
{
        g_autofree char *path = g_strdup_printf("/proc/%" G_GINT64_FORMAT "/cmdline", pid);
        g_autofree char *data = NULL;
        gsize len = 0;

        if (!g_file_get_contents(path, &data, &len, NULL) || len == 0)
                return NULL;
        /* NUL-separated arguments, joined with spaces as firewalld does */
        for (gsize i = 0; i + 1 < len; i++)
                if (data[i] == '\0')
                        data[i] = ' ';
        if (data[len - 1] == '\0')
                len--;
        return g_strndup(data, len);
}

static char *
user_name(gint64 uid)
{
        struct passwd pw, *res = NULL;
        char buf[4096];

        if (uid < 0 || getpwuid_r((uid_t)uid, &pw, buf, sizeof(buf), &res) != 0 || res == NULL)
                return NULL;
        return g_strdup(res->pw_name);
}

static void
polkit_done(GObject *source, GAsyncResult *res, gpointer data)
{
        Check *check = data;
        g_autoptr(GError) error = NULL;
        g_autoptr(GVariant) reply = NULL;
        gboolean authorized = FALSE, challenge = FALSE;

        reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), res, &error);
        if (reply == NULL) {
                g_warning("polkit CheckAuthorization failed: %s", error->message);
                check_finish(check, "polkit");
                return;
        }
        g_variant_get(reply, "((bb@a{ss}))", &authorized, &challenge, NULL);
        check_finish(check, authorized ? NULL : "polkit");
}

/* the caller is known: root without polkit, else ask polkit */
static void
decide(Check *check)
{
        if (!check->auth->polkit) {
                /* no polkit on the bus: only root, for every action (dbus-api.md §3.3) */
                check_finish(check, check->caller->uid == 0 ? NULL : "uid");
                return;
        }
        g_dbus_connection_call(check->auth->connection, POLKIT_NAME, POLKIT_PATH, POLKIT_IFACE,
                               "CheckAuthorization",
                               g_variant_new("((s@a{sv})sa{ss}us)", "system-bus-name",
                                             g_variant_new_parsed("{'name': <%s>}",
                                                                  check->caller->sender),
                                             zw_polkit_action_id(check->action), NULL,
                                             (guint32)1, ""),
                               G_VARIANT_TYPE("((bba{ss}))"), G_DBUS_CALL_FLAGS_NONE,
                               G_MAXINT /* interactive authentication may take long */, NULL,
                               polkit_done, check);
}

static void
credentials_done(GObject *source, GAsyncResult *res, gpointer data)
{
        Check *check = data;
        g_autoptr(GError) error = NULL;
        g_autoptr(GVariant) reply = NULL;
        g_autoptr(GVariant) dict = NULL;
        guint32 u32;
        GVariant *label;

        reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), res, &error);
        if (reply == NULL) {
                g_debug("no credentials for %s: %s", check->caller->sender, error->message);
                check_finish(check, "uid");
                return;
        }
        dict = g_variant_get_child_value(reply, 0);
        if (g_variant_lookup(dict, "UnixUserID", "u", &u32))
                check->caller->uid = u32;
        if (g_variant_lookup(dict, "ProcessID", "u", &u32))
                check->caller->pid = u32;
        label = g_variant_lookup_value(dict, "LinuxSecurityLabel", G_VARIANT_TYPE_BYTESTRING);
        if (label != NULL) {
                gsize n = 0;
                const char *s = g_variant_get_fixed_array(label, &n, 1);
                if (n > 0)
                        check->caller->context = g_strndup(s, n);
                g_variant_unref(label);
        }
        check->caller->user = user_name(check->caller->uid);
        if (check->caller->pid > 0)
                check->caller->command = read_cmdline(check->caller->pid);
        if (g_hash_table_size(check->auth->callers) >= MAX_CACHED_CALLERS)
                g_hash_table_remove_all(check->auth->callers); /* a safety net, never hit */
        g_hash_table_replace(check->auth->callers, g_strdup(check->caller->sender),
                             zw_caller_dup(check->caller));
        decide(check);
}

void
zw_auth_check(ZwAuth *auth, const char *sender, ZwPolkitAction action, ZwAuthCallback callback,
              gpointer user_data)
{
        Check *check = g_new0(Check, 1);
        const ZwCaller *cached;

        check->auth = auth;
        check->action = action;
        check->callback = callback;
        check->user_data = user_data;
        check->caller = g_new0(ZwCaller, 1);
        check->caller->sender = g_strdup(sender);
        check->caller->uid = -1;
        check->caller->pid = -1;
        if (sender == NULL) {
                /* peer-to-peer connection, no bus daemon: trust the socket owner (tests) */
                check->caller->uid = (gint64)getuid();
                check_finish(check, NULL);
                return;
        }
        cached = g_hash_table_lookup(auth->callers, sender);
        if (cached != NULL) {
                zw_caller_free(check->caller);
                check->caller = zw_caller_dup(cached);
                decide(check);
                return;
        }
        g_dbus_connection_call(auth->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                               "org.freedesktop.DBus", "GetConnectionCredentials",
                               g_variant_new("(s)", sender), G_VARIANT_TYPE("(a{sv})"),
                               G_DBUS_CALL_FLAGS_NONE, -1, NULL, credentials_done, check);
}
