/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dbus/auth.h: who may call what: polkit over D-Bus, uid 0 without polkit, lockdown callers */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* firewalld's polkit actions (dbus-api.md §3.1) */
typedef enum {
        ZW_POLKIT_INFO,
        ZW_POLKIT_CONFIG,
        ZW_POLKIT_CONFIG_INFO,
        ZW_POLKIT_DIRECT,
        ZW_POLKIT_DIRECT_INFO,
        ZW_POLKIT_POLICIES,
        ZW_POLKIT_POLICIES_INFO,
        ZW_POLKIT_ALL,
        ZW_POLKIT_N,
} ZwPolkitAction;

/* "org.fedoraproject.FirewallD1.config" for ZW_POLKIT_CONFIG */
const char *zw_polkit_action_id(ZwPolkitAction action);
/* reverse lookup; FALSE for an unknown id */
gboolean zw_polkit_action_from_id(const char *id, ZwPolkitAction *out_action);

/* What we know about a caller after the check (lockdown needs all of it). */
typedef struct {
        char *sender;
        gint64 uid;     /* -1 if unknown */
        gint64 pid;     /* -1 if unknown */
        char *user;     /* NULL if unknown */
        char *command;  /* /proc/<pid>/cmdline joined with spaces, NULL if unknown */
        char *context;  /* SELinux label, NULL if none */
} ZwCaller;

ZwCaller *zw_caller_dup(const ZwCaller *caller);
void zw_caller_free(ZwCaller *caller);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwCaller, zw_caller_free)

typedef struct _ZwAuth ZwAuth;

/* Watches org.freedesktop.PolicyKit1 on `connection` (polkit may come and go). */
ZwAuth *zw_auth_new(GDBusConnection *connection);
void zw_auth_free(ZwAuth *auth);
gboolean zw_auth_has_polkit(const ZwAuth *auth);

/* Asynchronous check of `sender` for `action`. On success `callback` gets the caller and a NULL
 * denial; on refusal `denial` is the message to send with ZW_AUTH_ERROR_NAME
 * ("Not Authorized(uid): org.fedoraproject.FirewallD1.info"). The callback owns neither. */
typedef void (*ZwAuthCallback)(const ZwCaller *caller, const char *denial, gpointer user_data);
void zw_auth_check(ZwAuth *auth, const char *sender, ZwPolkitAction action,
                   ZwAuthCallback callback, gpointer user_data);

#define ZW_AUTH_ERROR_NAME "org.fedoraproject.FirewallD1.NotAuthorizedException"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwAuth, zw_auth_free)

G_END_DECLS
