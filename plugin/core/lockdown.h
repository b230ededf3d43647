/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/lockdown.h: lockdown whitelist (commands, SELinux contexts, users, uids) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
        GPtrArray *commands; /* char *, trailing '*' = prefix match */
        GPtrArray *contexts; /* char * */
        GPtrArray *users;    /* char * */
        GArray *uids;        /* gint32 */
} ZwLockdown;

ZwLockdown *zw_lockdown_new(void);
void zw_lockdown_free(ZwLockdown *lockdown);
ZwLockdown *zw_lockdown_dup(const ZwLockdown *lockdown);
/* TRUE if a caller with these attributes (any may be NULL / -1) is whitelisted */
gboolean zw_lockdown_allows(const ZwLockdown *lockdown, const char *context, gint64 uid,
                            const char *user, const char *command);

/* Additions: whitelist edits; ALREADY_ENABLED / NOT_ENABLED */
typedef enum {
        ZW_LOCKDOWN_COMMAND,
        ZW_LOCKDOWN_CONTEXT,
        ZW_LOCKDOWN_USER,
} ZwLockdownList;

gboolean zw_lockdown_add(ZwLockdown *lockdown, ZwLockdownList list, const char *value,
                         GError **error);
gboolean zw_lockdown_remove(ZwLockdown *lockdown, ZwLockdownList list, const char *value,
                            GError **error);
/* exact membership (no prefix matching) */
gboolean zw_lockdown_has(const ZwLockdown *lockdown, ZwLockdownList list, const char *value);
gboolean zw_lockdown_add_uid(ZwLockdown *lockdown, gint32 uid, GError **error);
gboolean zw_lockdown_remove_uid(ZwLockdown *lockdown, gint32 uid, GError **error);
gboolean zw_lockdown_has_uid(const ZwLockdown *lockdown, gint32 uid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwLockdown, zw_lockdown_free)

G_END_DECLS
