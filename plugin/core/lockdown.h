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

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwLockdown, zw_lockdown_free)

G_END_DECLS
