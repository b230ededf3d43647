/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/lockdown.c: lockdown whitelist (commands, SELinux contexts, users, uids) */
#include "config.h"

#include <string.h>

#include "core/lockdown.h"

#include "core/error.h"
#include "core/object.h"

ZwLockdown *
zw_lockdown_new(void)
{
        ZwLockdown *l = g_new0(ZwLockdown, 1);

        l->commands = g_ptr_array_new_with_free_func(g_free);
        l->contexts = g_ptr_array_new_with_free_func(g_free);
        l->users = g_ptr_array_new_with_free_func(g_free);
        l->uids = g_array_new(FALSE, FALSE, sizeof(gint32));
        return l;
}

void
zw_lockdown_free(ZwLockdown *lockdown)
{
        if (lockdown == NULL)
                return;
        g_ptr_array_unref(lockdown->commands);
        g_ptr_array_unref(lockdown->contexts);
        g_ptr_array_unref(lockdown->users);
        g_array_unref(lockdown->uids);
        g_free(lockdown);
}

ZwLockdown *
zw_lockdown_dup(const ZwLockdown *lockdown)
{
        ZwLockdown *dup;

        g_return_val_if_fail(lockdown != NULL, NULL);
        dup = g_new0(ZwLockdown, 1);
        dup->commands = zw_strv_array_dup(lockdown->commands);
        dup->contexts = zw_strv_array_dup(lockdown->contexts);
        dup->users = zw_strv_array_dup(lockdown->users);
        dup->uids = g_array_new(FALSE, FALSE, sizeof(gint32));
        g_array_append_vals(dup->uids, lockdown->uids->data, lockdown->uids->len);
        return dup;
}

/* firewalld's match_command: a trailing '*' makes the entry a prefix */
static gboolean
command_matches(const char *pattern, const char *command)
{
        gsize len = strlen(pattern);

        if (len > 0 && pattern[len - 1] == '*')
                return strncmp(pattern, command, len - 1) == 0;
        return strcmp(pattern, command) == 0;
}

gboolean
zw_lockdown_allows(const ZwLockdown *lockdown, const char *context, gint64 uid, const char *user,
                   const char *command)
{
        g_return_val_if_fail(lockdown != NULL, FALSE);
        if (context != NULL && zw_strv_array_contains(lockdown->contexts, context))
                return TRUE;
        if (uid >= 0 && zw_lockdown_has_uid(lockdown, (gint32)uid))
                return TRUE;
        if (user != NULL && zw_strv_array_contains(lockdown->users, user))
                return TRUE;
        if (command != NULL) {
                for (guint i = 0; i < lockdown->commands->len; i++)
                        if (command_matches(g_ptr_array_index(lockdown->commands, i), command))
                                return TRUE;
        }
        return FALSE;
}

static GPtrArray *
list_for(ZwLockdown *lockdown, ZwLockdownList list)
{
        switch (list) {
        case ZW_LOCKDOWN_COMMAND:
                return lockdown->commands;
        case ZW_LOCKDOWN_CONTEXT:
                return lockdown->contexts;
        case ZW_LOCKDOWN_USER:
                return lockdown->users;
        default:
                g_return_val_if_reached(NULL);
        }
}

static const char *
list_label(ZwLockdownList list)
{
        switch (list) {
        case ZW_LOCKDOWN_COMMAND:
                return "Command";
        case ZW_LOCKDOWN_CONTEXT:
                return "Context";
        case ZW_LOCKDOWN_USER:
                return "User";
        default:
                return "";
        }
}

gboolean
zw_lockdown_add(ZwLockdown *lockdown, ZwLockdownList list, const char *value, GError **error)
{
        GPtrArray *a;

        g_return_val_if_fail(lockdown != NULL && value != NULL, FALSE);
        a = list_for(lockdown, list);
        if (zw_strv_array_contains(a, value)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_ALREADY_ENABLED,
                            "%s \"%s\" already in whitelist", list_label(list), value);
                return FALSE;
        }
        g_ptr_array_add(a, g_strdup(value));
        return TRUE;
}

gboolean
zw_lockdown_remove(ZwLockdown *lockdown, ZwLockdownList list, const char *value, GError **error)
{
        GPtrArray *a;

        g_return_val_if_fail(lockdown != NULL && value != NULL, FALSE);
        a = list_for(lockdown, list);
        for (guint i = 0; i < a->len; i++) {
                if (strcmp(g_ptr_array_index(a, i), value) == 0) {
                        g_ptr_array_remove_index(a, i);
                        return TRUE;
                }
        }
        g_set_error(error, ZW_ERROR, ZW_ERROR_NOT_ENABLED, "%s \"%s\" not in whitelist",
                    list_label(list), value);
        return FALSE;
}

gboolean
zw_lockdown_has(const ZwLockdown *lockdown, ZwLockdownList list, const char *value)
{
        g_return_val_if_fail(lockdown != NULL, FALSE);
        return zw_strv_array_contains(list_for((ZwLockdown *)lockdown, list), value);
}

gboolean
zw_lockdown_has_uid(const ZwLockdown *lockdown, gint32 uid)
{
        for (guint i = 0; i < lockdown->uids->len; i++)
                if (g_array_index(lockdown->uids, gint32, i) == uid)
                        return TRUE;
        return FALSE;
}

gboolean
zw_lockdown_add_uid(ZwLockdown *lockdown, gint32 uid, GError **error)
{
        g_return_val_if_fail(lockdown != NULL, FALSE);
        if (zw_lockdown_has_uid(lockdown, uid)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_ALREADY_ENABLED,
                            "Uid \"%d\" already in whitelist", uid);
                return FALSE;
        }
        g_array_append_val(lockdown->uids, uid);
        return TRUE;
}

gboolean
zw_lockdown_remove_uid(ZwLockdown *lockdown, gint32 uid, GError **error)
{
        g_return_val_if_fail(lockdown != NULL, FALSE);
        for (guint i = 0; i < lockdown->uids->len; i++) {
                if (g_array_index(lockdown->uids, gint32, i) == uid) {
                        g_array_remove_index(lockdown->uids, i);
                        return TRUE;
                }
        }
        g_set_error(error, ZW_ERROR, ZW_ERROR_NOT_ENABLED, "Uid \"%d\" not in whitelist", uid);
        return FALSE;
}
