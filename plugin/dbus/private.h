/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dbus/private.h: the server's insides shared by the per-interface handler files */
#pragma once

#include <gio/gio.h>

#include "core/edit.h"
#include "core/error.h"
#include "core/runtime.h"
#include "dbus/auth.h"
#include "dbus/server.h"

G_BEGIN_DECLS

#define ZW_DBUS_NAME "org.fedoraproject.FirewallD1"
#define ZW_DBUS_PATH "/org/fedoraproject/FirewallD1"
#define ZW_DBUS_CONFIG_PATH "/org/fedoraproject/FirewallD1/config"
#define ZW_DBUS_IFACE "org.fedoraproject.FirewallD1"
#define ZW_DBUS_IFACE_ZONE ZW_DBUS_IFACE ".zone"
#define ZW_DBUS_IFACE_POLICY ZW_DBUS_IFACE ".policy"
#define ZW_DBUS_IFACE_IPSET ZW_DBUS_IFACE ".ipset"
#define ZW_DBUS_IFACE_POLICIES ZW_DBUS_IFACE ".policies"
#define ZW_DBUS_IFACE_DIRECT ZW_DBUS_IFACE ".direct"
#define ZW_DBUS_IFACE_CONFIG ZW_DBUS_IFACE ".config"
#define ZW_DBUS_EXCEPTION "org.fedoraproject.FirewallD1.Exception"
/* the API level we implement: clients print it (firewall-cmd --version) */
#define ZW_DBUS_API_VERSION "1.3.3"
#define ZW_DBUS_INTERFACE_VERSION "1.15"

/* per-method flags */
enum {
        ZW_DBUS_MODIFY = 1 << 0, /* changes state: lockdown whitelist check */
        ZW_DBUS_PANIC = 1 << 1,  /* runtime zone/policy change: refused in panic mode */
};

typedef struct _ZwDbusCall ZwDbusCall;
typedef void (*ZwDbusHandler)(ZwDbusCall *call);

typedef struct {
        const char *name;
        ZwDbusHandler handler; /* NULL: not implemented yet (answers COMMAND_FAILED) */
        ZwPolkitAction action;
        guint flags;
} ZwDbusMethod;

typedef struct _ZwDbusInterface ZwDbusInterface;
struct _ZwDbusInterface {
        const char *name;
        const GDBusInterfaceInfo *info;
        const ZwDbusMethod *methods; /* NULL-terminated */
        /* property value or NULL + error; NULL hook: no properties */
        GVariant *(*get_property)(ZwDbusCall *call, const char *property, GError **error);
        /* NULL hook: all read-only */
        gboolean (*set_property)(ZwDbusCall *call, const char *property, GVariant *value,
                                 GError **error);
};

/* A registered config/<kind>/N object */
typedef struct {
        ZwKind kind;
        char *name;
        char *path;
        guint reg_id;
} ZwConfigObj;

/* one (object path, interface) registration */
typedef struct {
        ZwDbusServer *server;
        const ZwDbusInterface *iface;
        ZwConfigObj *obj; /* config/<kind>/N objects only */
} ZwDbusReg;

struct _ZwDbusCall {
        ZwDbusServer *server;
        const ZwDbusReg *reg;
        const ZwDbusMethod *method;
        GDBusMethodInvocation *invocation;
        GVariant *params;
        ZwCaller *caller;
};

typedef struct {
        char *key;
        ZwDbusServer *server;
        char *zone;
        ZwItem item; /* strings owned */
        guint source_id;
} ZwDbusTimer;

struct _ZwDbusServer {
        GDBusConnection *connection;
        ZwAuth *auth;
        const ZwDbusBackend *backend;
        gpointer backend_data;
        ZwTree *permanent;
        ZwRuntime *rt;
        char *state;
        GPtrArray *regs;                       /* ZwDbusReg *, fixed objects */
        GArray *reg_ids;                       /* guint, fixed objects */
        GPtrArray *config_objs[ZW_KIND_N];     /* ZwConfigObj * */
        guint config_counter[ZW_KIND_N];
        GHashTable *timers;                    /* key -> ZwDbusTimer * */
        guint filter_id;
        GMainContext *context;
};

/* tables, one per interface (tables.c) */
extern const ZwDbusInterface zw_dbus_interfaces[];
const ZwDbusInterface *zw_dbus_interface_lookup(const char *name);

/* replies */
void zw_dbus_return_error(ZwDbusCall *call, const GError *error);
void zw_dbus_return_code(ZwDbusCall *call, int code, const char *format, ...) G_GNUC_PRINTF(3, 4);
void zw_dbus_return(ZwDbusCall *call, GVariant *value); /* value: tuple or NULL, sunk */
void zw_dbus_emit(ZwDbusServer *server, const char *path, const char *iface, const char *signal,
                  GVariant *params);

/* Make `next` the runtime: apply it to the kernel; on success the server owns it, on error it
 * is freed and the old runtime stays. */
gboolean zw_dbus_commit(ZwDbusServer *server, ZwRuntime *next, GError **error);
/* A change of the runtime as a whole: EDIT runs on a copy, which becomes the runtime once
 * applied (zw_dbus_commit); on error nothing changed. */
typedef gboolean (*ZwDbusEditFunc)(ZwRuntime *rt, gpointer data, GError **error);
gboolean zw_dbus_commit_edit(ZwDbusServer *server, ZwDbusEditFunc edit, gpointer data,
                             GError **error);
/* A change inside one object of the runtime, made in place: EDIT changes server->rt (KIND
 * NAME: a zone's contents, not its bindings; an ipset's entries), then only that object's
 * part is applied (backend->apply_part; ITEM ADDED or removed when that is all EDIT does,
 * else NULL). On any error the object is put back as it was, so
 * a change costs what the object costs, not what the whole runtime does. */
gboolean zw_dbus_change_object(ZwDbusServer *server, ZwKind kind, const char *name,
                               const ZwItem *item, gboolean added, ZwDbusEditFunc edit,
                               gpointer data, GError **error);
/* The same for an edit that UNDO takes back exactly when the apply fails (no copy of the
 * object is made: for objects as big as an ipset of 10,000 entries) */
typedef void (*ZwDbusUndoFunc)(ZwRuntime *rt, gpointer data);
gboolean zw_dbus_change_object_undo(ZwDbusServer *server, ZwKind kind, const char *name,
                                    const ZwItem *item, gboolean added, ZwDbusEditFunc edit,
                                    ZwDbusUndoFunc undo, gpointer data, GError **error);

/* timers of runtime additions */
void zw_dbus_timer_add(ZwDbusServer *server, const char *zone, const ZwItem *item, int timeout);
void zw_dbus_timer_cancel(ZwDbusServer *server, const char *zone, const ZwItem *item);
void zw_dbus_timers_clear(ZwDbusServer *server);
void zw_dbus_timer_free(gpointer timer);
/* signal XxxAdded / XxxRemoved of a zone item */
void zw_dbus_zone_emit_item(ZwDbusServer *server, const char *zone, const ZwItem *item,
                            gboolean added, int timeout);

/* config/<kind>/N objects */
void zw_dbus_config_objects_register(ZwDbusServer *server, gboolean emit_added);
/* one more object (next number of its kind) / one object less */
/* config.add<Kind>: permanent changes possible, NAME valid and free (zones and policies
 * share one namespace); FALSE after replying the error */
gboolean zw_dbus_config_name_free(ZwDbusCall *call, ZwKind kind, const char *name);
/* ... then the new OBJECT (taken) is validated in a copy of the permanent tree, written to
 * the admin tree, the copy becomes the tree, config/<kind>/N is registered, config.SIGNAL
 * (name) emitted and the path replied */
void zw_dbus_config_store_new(ZwDbusCall *call, gpointer object, const char *signal);
const ZwConfigObj *zw_dbus_config_object_add(ZwDbusServer *server, ZwKind kind,
                                             const char *name);
void zw_dbus_config_object_remove(ZwDbusServer *server, ZwKind kind, const char *name);
void zw_dbus_config_objects_unregister(ZwDbusServer *server);
const ZwConfigObj *zw_dbus_config_object_lookup(const ZwDbusServer *server, ZwKind kind,
                                                const char *name);

/* property getters of the fixed interfaces */
GVariant *zw_dbus_main_get_property(ZwDbusCall *call, const char *property, GError **error);
GVariant *zw_dbus_config_get_property(ZwDbusCall *call, const char *property, GError **error);
gboolean zw_dbus_config_set_property(ZwDbusCall *call, const char *property, GVariant *value,
                                     GError **error);
GVariant *zw_dbus_config_obj_get_property(ZwDbusCall *call, const char *property,
                                          GError **error);

/* shared by the permanent-config handlers (config.c, config-kinds.c) */
GVariant *zw_dbus_strs_variant(const GPtrArray *list);
GVariant *zw_dbus_ports_variant(const GPtrArray *list);
gboolean zw_dbus_wrong_type(const char *key, GVariant *value, const char *want, GError **error);
gboolean zw_dbus_fits(GVariant *value, const char *type);
void zw_dbus_set_text(char **field, GVariant *value);
void zw_dbus_set_strs(GPtrArray *list, GVariant *value);
void zw_dbus_set_ports(GPtrArray *list, GVariant *value);
gboolean zw_dbus_service_apply_dict(ZwService *s, GVariant *dict, GError **error);

/* reload as the D-Bus methods do it */
gboolean zw_dbus_reload(ZwDbusServer *server, GError **error);

G_END_DECLS
