/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dbus/fw-other.c: runtime interfaces .policy, .ipset, .policies (lockdown) and .direct */
#include "config.h"

#include <string.h>

#include "core/ipset.h"
#include "core/lockdown.h"
#include "dbus/handlers.h"
#include "dbus/private.h"
#include "dbus/settings.h"

static GVariant *
strs_variant(const GPtrArray *list)
{
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("as"));
        for (guint i = 0; list != NULL && i < list->len; i++)
                g_variant_builder_add(&b, "s", (const char *)g_ptr_array_index(list, i));
        return g_variant_builder_end(&b);
}

static void
return_names(ZwDbusCall *call, ZwKind kind)
{
        g_autoptr(GPtrArray) names = zw_tree_names(call->server->rt->tree, kind);

        zw_dbus_return(call, g_variant_new("(@as)", strs_variant(names)));
}

/* ------------------------------------------------------------------ .policy */

void
zw_dbus_policy_get_policies(ZwDbusCall *call)
{
        return_names(call, ZW_KIND_POLICY);
}

void
zw_dbus_policy_get_active_policies(ZwDbusCall *call)
{
        const ZwRuntime *rt = call->server->rt;
        g_autoptr(GPtrArray) names = zw_tree_names(rt->tree, ZW_KIND_POLICY);
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("a{sa{sas}}"));
        for (guint i = 0; i < names->len; i++) {
                const char *name = g_ptr_array_index(names, i);
                const ZwPolicy *policy = zw_tree_get_policy(rt->tree, name);
                GVariantBuilder inner;

                if (!zw_runtime_policy_is_active(rt, name))
                        continue;
                g_variant_builder_init(&inner, G_VARIANT_TYPE("a{sas}"));
                if (policy->ingress_zones->len > 0)
                        g_variant_builder_add(&inner, "{s@as}", "ingress_zones",
                                              strs_variant(policy->ingress_zones));
                if (policy->egress_zones->len > 0)
                        g_variant_builder_add(&inner, "{s@as}", "egress_zones",
                                              strs_variant(policy->egress_zones));
                g_variant_builder_add(&b, "{sa{sas}}", name, &inner);
        }
        zw_dbus_return(call, g_variant_new("(a{sa{sas}})", &b));
}

void
zw_dbus_policy_get_policy_settings(ZwDbusCall *call)
{
        const char *name;
        const ZwPolicy *policy;

        g_variant_get(call->params, "(&s)", &name);
        policy = zw_tree_get_policy(call->server->rt->tree, name);
        if (policy == NULL) {
                zw_dbus_return_code(call, ZW_ERROR_INVALID_POLICY, "%s", name);
                return;
        }
        zw_dbus_return(call, g_variant_new("(@a{sv})", zw_dbus_policy_to_dict(policy)));
}

typedef struct {
        const char *name;
        GVariant *settings;
} PolicySettings;

static gboolean
policy_settings_edit(ZwRuntime *rt, gpointer data, GError **error)
{
        PolicySettings *p = data;

        return zw_dbus_apply_settings_dict(rt->tree, ZW_KIND_POLICY, p->name, p->settings, error);
}

void
zw_dbus_policy_set_policy_settings(ZwDbusCall *call)
{
        ZwDbusServer *server = call->server;
        g_autoptr(GError) error = NULL;
        g_autoptr(GVariant) settings = g_variant_get_child_value(call->params, 1);
        const char *name;
        PolicySettings edit = { NULL, settings };

        g_variant_get_child(call->params, 0, "&s", &name);
        edit.name = name;
        if (zw_tree_get_policy(server->rt->tree, name) == NULL) {
                zw_dbus_return_code(call, ZW_ERROR_INVALID_POLICY, "%s", name);
                return;
        }
        if (!zw_dbus_commit_edit(server, policy_settings_edit, &edit, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_dbus_emit(server, ZW_DBUS_PATH, ZW_DBUS_IFACE_POLICY, "PolicyUpdated",
                     g_variant_new("(s@a{sv})", name, settings));
        zw_dbus_return(call, NULL);
}

/* ------------------------------------------------------------------ .ipset */

/* the runtime ipset of the first argument or NULL after replying INVALID_IPSET */
static ZwIpset *
ipset_arg(ZwDbusCall *call, const ZwTree *tree, const char **out_name)
{
        const char *name;
        ZwIpset *ipset;

        g_variant_get_child(call->params, 0, "&s", &name);
        ipset = zw_tree_get_ipset(tree, name);
        if (ipset == NULL)
                zw_dbus_return_code(call, ZW_ERROR_INVALID_IPSET, "%s", name);
        if (out_name != NULL)
                *out_name = name;
        return ipset;
}

void
zw_dbus_ipset_get_ipsets(ZwDbusCall *call)
{
        return_names(call, ZW_KIND_IPSET);
}

void
zw_dbus_ipset_query_ipset(ZwDbusCall *call)
{
        const char *name;

        g_variant_get(call->params, "(&s)", &name);
        zw_dbus_return(call, g_variant_new("(b)", zw_tree_get_ipset(call->server->rt->tree,
                                                                    name) != NULL));
}

void
zw_dbus_ipset_get_ipset_settings(ZwDbusCall *call)
{
        const ZwIpset *ipset = ipset_arg(call, call->server->rt->tree, NULL);

        if (ipset != NULL)
                zw_dbus_return(call, g_variant_new("(@(ssssa{ss}as))",
                                                   zw_dbus_ipset_to_tuple(ipset)));
}

void
zw_dbus_ipset_get_entries(ZwDbusCall *call)
{
        const char *name;
        const ZwIpset *ipset = ipset_arg(call, call->server->rt->tree, &name);

        if (ipset == NULL)
                return;
        if (zw_ipset_timeout(ipset) > 0) {
                /* no entries visible for sets with a timeout */
                zw_dbus_return_code(call, ZW_ERROR_IPSET_WITH_TIMEOUT, "%s", name);
                return;
        }
        zw_dbus_return(call, g_variant_new("(@as)", strs_variant(ipset->entries)));
}

void
zw_dbus_ipset_query_entry(ZwDbusCall *call)
{
        const char *name, *entry;
        const ZwIpset *ipset = ipset_arg(call, call->server->rt->tree, &name);

        if (ipset == NULL)
                return;
        g_variant_get_child(call->params, 1, "&s", &entry);
        if (zw_ipset_timeout(ipset) > 0) {
                zw_dbus_return_code(call, ZW_ERROR_IPSET_WITH_TIMEOUT, "%s", name);
                return;
        }
        zw_dbus_return(call, g_variant_new("(b)", zw_ipset_has_entry(ipset, entry)));
}

typedef enum { ENTRY_ADD, ENTRY_REMOVE, ENTRY_SET } EntryOp;

/* entries added to / removed from one ipset, for zw_dbus_change_object() */
typedef struct {
        EntryOp op;
        const char *name;
        GVariant *params;
        GPtrArray *added, *removed;
} EntryEdit;

static gboolean
entry_edit(ZwRuntime *rt, gpointer data, GError **error)
{
        EntryEdit *e = data;
        ZwIpset *ipset = zw_tree_get_ipset(rt->tree, e->name);

        if (e->op == ENTRY_SET) {
                g_autofree const char **want = NULL;
                g_autoptr(GHashTable) wanted = g_hash_table_new(g_str_hash, g_str_equal);
                g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func(g_free);

                g_variant_get_child(e->params, 1, "^a&s", &want);
                for (guint i = 0; want[i] != NULL; i++)
                        g_hash_table_add(wanted, (gpointer)want[i]);
                for (guint i = 0; i < ipset->entries->len; i++) {
                        const char *old = g_ptr_array_index(ipset->entries, i);

                        if (!g_hash_table_contains(wanted, old))
                                g_ptr_array_add(gone, g_strdup(old));
                }
                if (gone->len == ipset->entries->len) {
                        /* all of them: at once, not one by one */
                        zw_ipset_clear_entries(ipset);
                        g_ptr_array_extend_and_steal(e->removed, g_steal_pointer(&gone));
                }
                for (guint i = 0; gone != NULL && i < gone->len; i++) {
                        const char *old = g_ptr_array_index(gone, i);

                        if (!zw_ipset_remove_entry(ipset, old, error))
                                return FALSE;
                        g_ptr_array_add(e->removed, g_strdup(old));
                }
                for (guint i = 0; want[i] != NULL; i++) {
                        if (zw_ipset_has_entry(ipset, want[i]))
                                continue;
                        if (!zw_ipset_add_entry(ipset, want[i], error))
                                return FALSE;
                        g_ptr_array_add(e->added, g_strdup(want[i]));
                }
        } else {
                const char *entry;

                g_variant_get_child(e->params, 1, "&s", &entry);
                if (!(e->op == ENTRY_ADD ? zw_ipset_add_entry(ipset, entry, error)
                                         : zw_ipset_remove_entry(ipset, entry, error)))
                        return FALSE;
                g_ptr_array_add(e->op == ENTRY_ADD ? e->added : e->removed, g_strdup(entry));
        }
        return TRUE;
}

/* takes back a successful ENTRY_ADD: the entry it appended */
static void
entry_undo(ZwRuntime *rt, gpointer data)
{
        EntryEdit *e = data;
        ZwIpset *ipset = zw_tree_get_ipset(rt->tree, e->name);

        if (ipset != NULL && e->added->len == 1)
                zw_ipset_remove_entry(ipset, g_ptr_array_index(e->added, 0), NULL);
        g_ptr_array_set_size(e->added, 0);
}

static void
entry_op(ZwDbusCall *call, EntryOp op)
{
        ZwDbusServer *server = call->server;
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func(g_free);
        const char *name;
        ZwIpset *ipset = ipset_arg(call, server->rt->tree, &name);
        EntryEdit edit = { op, name, call->params, added, removed };
        g_autofree char *set = NULL;
        gboolean ok;

        if (ipset == NULL)
                return;
        if (zw_ipset_timeout(ipset) > 0) {
                zw_dbus_return_code(call, ZW_ERROR_IPSET_WITH_TIMEOUT, "%s", name);
                return;
        }
        if (op == ENTRY_ADD) {
                /* one entry appended: the firewall adds its element, an undo removes it */
                ZwItem item = { ZW_ITEM_ENTRY, NULL, NULL, NULL, NULL };

                g_variant_get_child(call->params, 1, "&s", &item.value);
                ok = zw_dbus_change_object_undo(server, ZW_KIND_IPSET, name, &item, TRUE,
                                                entry_edit, entry_undo, &edit, &error);
        } else {
                ok = zw_dbus_change_object(server, ZW_KIND_IPSET, name, NULL, FALSE, entry_edit,
                                           &edit, &error);
        }
        if (!ok) {
                zw_dbus_return_error(call, error);
                return;
        }
        /* the reply before the signals: a setEntries of thousands of entries emits thousands
         * of signals, and the caller need not wait for them (firewalld sends them first) */
        set = g_strdup(name);
        zw_dbus_return(call, NULL);
        for (guint i = 0; i < removed->len; i++)
                zw_dbus_emit(server, ZW_DBUS_PATH, ZW_DBUS_IFACE_IPSET, "EntryRemoved",
                             g_variant_new("(ss)", set, (char *)g_ptr_array_index(removed, i)));
        for (guint i = 0; i < added->len; i++)
                zw_dbus_emit(server, ZW_DBUS_PATH, ZW_DBUS_IFACE_IPSET, "EntryAdded",
                             g_variant_new("(ss)", set, (char *)g_ptr_array_index(added, i)));
}

void
zw_dbus_ipset_add_entry(ZwDbusCall *call)
{
        entry_op(call, ENTRY_ADD);
}

void
zw_dbus_ipset_remove_entry(ZwDbusCall *call)
{
        entry_op(call, ENTRY_REMOVE);
}

void
zw_dbus_ipset_set_entries(ZwDbusCall *call)
{
        entry_op(call, ENTRY_SET);
}

/* ------------------------------------------------------------------ .policies (lockdown) */

void
zw_dbus_policies_enable_lockdown(ZwDbusCall *call)
{
        if (call->server->rt->lockdown) {
                zw_dbus_return_code(call, ZW_ERROR_ALREADY_ENABLED, "enable_lockdown()");
                return;
        }
        call->server->rt->lockdown = TRUE;
        zw_dbus_emit(call->server, ZW_DBUS_PATH, ZW_DBUS_IFACE_POLICIES, "LockdownEnabled", NULL);
        zw_dbus_return(call, NULL);
}

void
zw_dbus_policies_disable_lockdown(ZwDbusCall *call)
{
        if (!call->server->rt->lockdown) {
                zw_dbus_return_code(call, ZW_ERROR_NOT_ENABLED, "disable_lockdown()");
                return;
        }
        call->server->rt->lockdown = FALSE;
        zw_dbus_emit(call->server, ZW_DBUS_PATH, ZW_DBUS_IFACE_POLICIES, "LockdownDisabled",
                     NULL);
        zw_dbus_return(call, NULL);
}

void
zw_dbus_policies_query_lockdown(ZwDbusCall *call)
{
        zw_dbus_return(call, g_variant_new("(b)", call->server->rt->lockdown));
}

typedef enum { WL_COMMAND, WL_CONTEXT, WL_USER, WL_UID } WlKind;

static const char *const wl_labels[] = { "Command", "Context", "User", "Uid" };

static GPtrArray *
wl_list(ZwLockdown *lockdown, WlKind kind)
{
        switch (kind) {
        case WL_COMMAND:
                return lockdown->commands;
        case WL_CONTEXT:
                return lockdown->contexts;
        case WL_USER:
                return lockdown->users;
        case WL_UID:
        default:
                return NULL;
        }
}

static gboolean
wl_check(WlKind kind, const char *value, GError **error)
{
        static const int codes[] = { ZW_ERROR_INVALID_COMMAND, ZW_ERROR_INVALID_CONTEXT,
                                     ZW_ERROR_INVALID_USER };
        gboolean ok = value[0] != '\0';

        if (kind == WL_USER)
                for (const char *p = value; ok && *p != '\0'; p++)
                        ok = g_ascii_isalnum(*p) || strchr("._-$", *p) != NULL;
        if (kind == WL_COMMAND)
                for (const char *p = value; ok && *p != '\0'; p++)
                        ok = g_ascii_isprint(*p);
        if (!ok)
                g_set_error(error, ZW_ERROR, codes[kind], "%s", value);
        return ok;
}

typedef enum { WL_ADD, WL_REMOVE, WL_QUERY, WL_GET } WlOp;

static void
whitelist(ZwDbusCall *call, WlKind kind, WlOp op)
{
        ZwLockdown *lockdown = call->server->rt->tree->lockdown;
        GPtrArray *list = wl_list(lockdown, kind);
        g_autoptr(GError) error = NULL;
        g_autofree char *value = NULL;
        gint32 uid = 0;
        gboolean present = FALSE;
        guint index = 0;

        if (op == WL_GET) {
                if (kind == WL_UID) {
                        GVariantBuilder b;
                        g_variant_builder_init(&b, G_VARIANT_TYPE("ai"));
                        for (guint i = 0; i < lockdown->uids->len; i++)
                                g_variant_builder_add(&b, "i",
                                                      g_array_index(lockdown->uids, gint32, i));
                        zw_dbus_return(call, g_variant_new("(ai)", &b));
                } else {
                        zw_dbus_return(call, g_variant_new("(@as)", strs_variant(list)));
                }
                return;
        }
        if (kind == WL_UID) {
                g_variant_get(call->params, "(i)", &uid);
                value = g_strdup_printf("%d", uid);
                for (guint i = 0; i < lockdown->uids->len && !present; i++)
                        if (g_array_index(lockdown->uids, gint32, i) == uid) {
                                present = TRUE;
                                index = i;
                        }
        } else {
                g_variant_get(call->params, "(s)", &value);
                present = g_ptr_array_find_with_equal_func(list, value, g_str_equal, &index);
        }
        if (op == WL_QUERY) {
                zw_dbus_return(call, g_variant_new("(b)", present));
                return;
        }
        if (op == WL_ADD) {
                if (kind != WL_UID && !wl_check(kind, value, &error)) {
                        zw_dbus_return_error(call, error);
                        return;
                }
                if (present) {
                        zw_dbus_return_code(call, ZW_ERROR_ALREADY_ENABLED,
                                            "%s \"%s\" already in whitelist", wl_labels[kind],
                                            value);
                        return;
                }
                if (kind == WL_UID)
                        g_array_append_val(lockdown->uids, uid);
                else
                        g_ptr_array_add(list, g_strdup(value));
        } else {
                if (!present) {
                        zw_dbus_return_code(call, ZW_ERROR_NOT_ENABLED,
                                            "%s \"%s\" not in whitelist.", wl_labels[kind], value);
                        return;
                }
                if (kind == WL_UID)
                        g_array_remove_index(lockdown->uids, index);
                else
                        g_ptr_array_remove_index(list, index);
        }
        {
                g_autofree char *signal = g_strdup_printf("LockdownWhitelist%s%s", wl_labels[kind],
                                                          op == WL_ADD ? "Added" : "Removed");
                zw_dbus_emit(call->server, ZW_DBUS_PATH, ZW_DBUS_IFACE_POLICIES, signal,
                             kind == WL_UID ? g_variant_new("(i)", uid)
                                            : g_variant_new("(s)", value));
        }
        zw_dbus_return(call, NULL);
}

#define WL_OPS(stem, plural, kind)                                                               \
        void zw_dbus_policies_add_lockdown_whitelist_##stem(ZwDbusCall *call)                   \
        {                                                                                        \
                whitelist(call, kind, WL_ADD);                                                   \
        }                                                                                        \
        void zw_dbus_policies_remove_lockdown_whitelist_##stem(ZwDbusCall *call)                \
        {                                                                                        \
                whitelist(call, kind, WL_REMOVE);                                                \
        }                                                                                        \
        void zw_dbus_policies_query_lockdown_whitelist_##stem(ZwDbusCall *call)                 \
        {                                                                                        \
                whitelist(call, kind, WL_QUERY);                                                 \
        }                                                                                        \
        void zw_dbus_policies_get_lockdown_whitelist_##plural(ZwDbusCall *call)                 \
        {                                                                                        \
                whitelist(call, kind, WL_GET);                                                   \
        }

WL_OPS(command, commands, WL_COMMAND)
WL_OPS(context, contexts, WL_CONTEXT)
WL_OPS(user, users, WL_USER)
WL_OPS(uid, uids, WL_UID)

/* ------------------------------------------------------------------ .direct */

/* zonewalld keeps no iptables rules: the direct interface reads as empty and refuses changes
 * (modifying methods have no handler and answer COMMAND_FAILED; see tables.c). */

void
zw_dbus_direct_get_all_chains(ZwDbusCall *call)
{
        zw_dbus_return(call, g_variant_new("(@a(sss))",
                                           g_variant_new_array(G_VARIANT_TYPE("(sss)"), NULL, 0)));
}

void
zw_dbus_direct_get_all_rules(ZwDbusCall *call)
{
        zw_dbus_return(call,
                       g_variant_new("(@a(sssias))",
                                     g_variant_new_array(G_VARIANT_TYPE("(sssias)"), NULL, 0)));
}

void
zw_dbus_direct_get_all_passthroughs(ZwDbusCall *call)
{
        zw_dbus_return(call, g_variant_new("(@a(sas))",
                                           g_variant_new_array(G_VARIANT_TYPE("(sas)"), NULL, 0)));
}
