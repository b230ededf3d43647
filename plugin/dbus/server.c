/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dbus/server.c: object registration, authorization, dispatch, properties, introspection */
#include "config.h"

#include <string.h>

#include "dbus/private.h"
#include "dbus/zw-ifaces.h"

static const char std_ifaces_xml[] =
        "  <interface name=\"org.freedesktop.DBus.Introspectable\">\n"
        "    <method name=\"Introspect\">\n"
        "      <arg name=\"xml_data\" type=\"s\" direction=\"out\"/>\n"
        "    </method>\n"
        "  </interface>\n"
        "  <interface name=\"org.freedesktop.DBus.Properties\">\n"
        "    <method name=\"Get\">\n"
        "      <arg name=\"interface_name\" type=\"s\" direction=\"in\"/>\n"
        "      <arg name=\"property_name\" type=\"s\" direction=\"in\"/>\n"
        "      <arg name=\"value\" type=\"v\" direction=\"out\"/>\n"
        "    </method>\n"
        "    <method name=\"GetAll\">\n"
        "      <arg name=\"interface_name\" type=\"s\" direction=\"in\"/>\n"
        "      <arg name=\"properties\" type=\"a{sv}\" direction=\"out\"/>\n"
        "    </method>\n"
        "    <method name=\"Set\">\n"
        "      <arg name=\"interface_name\" type=\"s\" direction=\"in\"/>\n"
        "      <arg name=\"property_name\" type=\"s\" direction=\"in\"/>\n"
        "      <arg name=\"value\" type=\"v\" direction=\"in\"/>\n"
        "    </method>\n"
        "    <signal name=\"PropertiesChanged\">\n"
        "      <arg name=\"interface_name\" type=\"s\"/>\n"
        "      <arg name=\"changed_properties\" type=\"a{sv}\"/>\n"
        "      <arg name=\"invalidated_properties\" type=\"as\"/>\n"
        "    </signal>\n"
        "  </interface>\n";

/* ------------------------------------------------------------------ replies and signals */

void
zw_dbus_return_error(ZwDbusCall *call, const GError *error)
{
        g_autofree char *wire = zw_error_to_wire(error);

        g_debug("%s.%s -> %s", call->reg->iface->name,
                g_dbus_method_invocation_get_method_name(call->invocation), wire);
        g_dbus_method_invocation_return_dbus_error(g_steal_pointer(&call->invocation),
                                                   ZW_DBUS_EXCEPTION, wire);
}

void
zw_dbus_return_code(ZwDbusCall *call, int code, const char *format, ...)
{
        g_autoptr(GError) error = NULL;
        g_autofree char *msg = NULL;
        va_list ap;

        va_start(ap, format);
        msg = g_strdup_vprintf(format, ap);
        va_end(ap);
        error = g_error_new_literal(ZW_ERROR, code, msg);
        zw_dbus_return_error(call, error);
}

void
zw_dbus_return(ZwDbusCall *call, GVariant *value)
{
        g_dbus_method_invocation_return_value(g_steal_pointer(&call->invocation), value);
}

void
zw_dbus_emit(ZwDbusServer *server, const char *path, const char *iface, const char *signal,
             GVariant *params)
{
        g_autoptr(GError) error = NULL;

        if (params != NULL)
                g_variant_ref_sink(params);
        if (!g_dbus_connection_emit_signal(server->connection, NULL, path, iface, signal, params,
                                           &error))
                g_warning("cannot emit %s.%s: %s", iface, signal, error->message);
        if (params != NULL)
                g_variant_unref(params);
}

gboolean
zw_dbus_commit(ZwDbusServer *server, ZwRuntime *next, GError **error)
{
        if (!server->backend->apply(server->backend_data, next, error)) {
                zw_runtime_free(next);
                return FALSE;
        }
        zw_runtime_free(server->rt);
        server->rt = next;
        return TRUE;
}

gboolean
zw_dbus_commit_edit(ZwDbusServer *server, ZwDbusEditFunc edit, gpointer data, GError **error)
{
        ZwRuntime *next = zw_runtime_dup(server->rt);

        if (!edit(next, data, error)) {
                zw_runtime_free(next);
                return FALSE;
        }
        return zw_dbus_commit(server, next, error);
}

static gboolean
apply_object(ZwDbusServer *server, ZwKind kind, const char *name, const ZwItem *item,
             gboolean added, GError **error)
{
        if (server->backend->apply_part == NULL)
                return server->backend->apply(server->backend_data, server->rt, error);
        return server->backend->apply_part(server->backend_data, server->rt, kind, name, item,
                                           added, error);
}

gboolean
zw_dbus_change_object_undo(ZwDbusServer *server, ZwKind kind, const char *name,
                           const ZwItem *item, gboolean added, ZwDbusEditFunc edit,
                           ZwDbusUndoFunc undo, gpointer data, GError **error)
{
        if (!edit(server->rt, data, error))
                return FALSE; /* an edit that fails changes nothing (edit.h, ipset.h) */
        if (apply_object(server, kind, name, item, added, error))
                return TRUE;
        undo(server->rt, data);
        return FALSE;
}

gboolean
zw_dbus_change_object(ZwDbusServer *server, ZwKind kind, const char *name, const ZwItem *item,
                      gboolean added, ZwDbusEditFunc edit, gpointer data, GError **error)
{
        gconstpointer obj = zw_tree_lookup(server->rt->tree, kind, name);
        gpointer saved;
        gboolean ok;

        if (obj == NULL) /* nothing to save: the edit reports the missing object */
                return zw_dbus_commit_edit(server, edit, data, error);
        saved = zw_object_dup(obj);
        ok = edit(server->rt, data, error) && apply_object(server, kind, name, item, added, error);
        if (ok)
                zw_object_free(saved);
        else
                zw_tree_insert(server->rt->tree, saved); /* replaces the changed one */
        return ok;
}

/* ------------------------------------------------------------------ dispatch */

static void reg_unref(gpointer data);

static void
call_free(ZwDbusCall *call)
{
        if (call->invocation != NULL) {
                /* a handler that forgot to reply: never leave the client hanging */
                g_warning("%s: no reply", call->method != NULL ? call->method->name : "?");
                g_dbus_method_invocation_return_dbus_error(call->invocation, ZW_DBUS_EXCEPTION,
                                                           "UNKNOWN_ERROR");
        }
        g_variant_unref(call->params);
        zw_caller_free(call->caller);
        reg_unref((gpointer)call->reg);
        g_free(call);
}

static gboolean
lockdown_allows(ZwDbusServer *server, const ZwCaller *caller)
{
        if (!server->rt->lockdown)
                return TRUE;
        return zw_lockdown_allows(server->rt->tree->lockdown, caller->context, caller->uid,
                                  caller->user, caller->command);
}

static void handle_properties(ZwDbusCall *call);

static void
authorized(const ZwCaller *caller, const char *denial, gpointer data)
{
        ZwDbusCall *call = data;
        guint flags = call->method != NULL ? call->method->flags : 0;
        const char *member = g_dbus_method_invocation_get_method_name(call->invocation);

        if (denial != NULL) {
                g_debug("%s: %s", member, denial);
                g_dbus_method_invocation_return_dbus_error(g_steal_pointer(&call->invocation),
                                                           ZW_AUTH_ERROR_NAME, denial);
                call_free(call);
                return;
        }
        call->caller = zw_caller_dup(caller);
        if (call->method == NULL && g_strcmp0(member, "Set") == 0)
                flags |= ZW_DBUS_MODIFY;
        if ((flags & ZW_DBUS_MODIFY) && !lockdown_allows(call->server, caller)) {
                zw_dbus_return_code(call, ZW_ERROR_ACCESS_DENIED, "lockdown is enabled");
        } else if ((flags & ZW_DBUS_PANIC) && call->server->rt->panic) {
                zw_dbus_return_code(call, ZW_ERROR_PANIC_MODE, "%s", "");
        } else if (call->method == NULL) {
                handle_properties(call);
        } else if (call->method->handler == NULL) {
                zw_dbus_return_code(call, ZW_ERROR_COMMAND_FAILED,
                                    "%s.%s is not implemented by zonewalld", call->reg->iface->name,
                                    call->method->name);
        } else {
                g_autofree char *args = g_variant_print(call->params, FALSE);

                g_debug("%s.%s%s", call->reg->iface->name, call->method->name, args);
                call->method->handler(call);
        }
        call_free(call);
}

static const ZwDbusMethod *
method_lookup(const ZwDbusInterface *iface, const char *name)
{
        for (const ZwDbusMethod *m = iface->methods; m->name != NULL; m++)
                if (strcmp(m->name, name) == 0)
                        return m;
        return NULL;
}

static void
method_call(GDBusConnection *connection, const char *sender, const char *path,
            const char *interface, const char *member, GVariant *params,
            GDBusMethodInvocation *invocation, gpointer user_data)
{
        ZwDbusReg *reg = user_data;
        ZwDbusCall *call;
        ZwPolkitAction action = ZW_POLKIT_CONFIG; /* Properties.*: dbus-api.md §3.2 */
        const ZwDbusMethod *method = NULL;

        if (strcmp(interface, "org.freedesktop.DBus.Properties") != 0) {
                method = method_lookup(reg->iface, member);
                if (method == NULL) {
                        g_dbus_method_invocation_return_error(invocation, G_DBUS_ERROR,
                                                              G_DBUS_ERROR_UNKNOWN_METHOD,
                                                              "Unknown method %s.%s", interface,
                                                              member);
                        return;
                }
                action = method->action;
        }
        call = g_new0(ZwDbusCall, 1);
        call->server = reg->server;
        call->reg = g_rc_box_acquire(reg);
        call->method = method;
        call->invocation = invocation;
        call->params = g_variant_ref(params);
        zw_auth_check(reg->server->auth, sender, action, authorized, call);
}

/* ------------------------------------------------------------------ properties */

static void
handle_properties(ZwDbusCall *call)
{
        const char *member = g_dbus_method_invocation_get_method_name(call->invocation);
        const ZwDbusInterface *iface = call->reg->iface;
        g_autoptr(GError) error = NULL;
        const char *prop = NULL;

        if (strcmp(member, "GetAll") == 0) {
                GVariantBuilder b;
                const GDBusInterfaceInfo *info = iface->info;

                g_variant_builder_init(&b, G_VARIANT_TYPE("a{sv}"));
                for (guint i = 0; info->properties != NULL && info->properties[i] != NULL; i++) {
                        GVariant *v;

                        v = iface->get_property(call, info->properties[i]->name, &error);
                        if (v == NULL) {
                                g_variant_builder_clear(&b);
                                zw_dbus_return_error(call, error);
                                return;
                        }
                        g_variant_builder_add(&b, "{sv}", info->properties[i]->name, v);
                }
                zw_dbus_return(call, g_variant_new("(a{sv})", &b));
                return;
        }
        g_variant_get_child(call->params, 1, "&s", &prop);
        if (strcmp(member, "Get") == 0) {
                GVariant *v = iface->get_property(call, prop, &error);
                if (v == NULL) {
                        zw_dbus_return_error(call, error);
                        return;
                }
                zw_dbus_return(call, g_variant_new("(v)", v));
                return;
        }
        /* Set: GDBus already refused read-only and unknown properties and wrong types */
        if (iface->set_property == NULL) {
                g_dbus_method_invocation_return_dbus_error(
                        g_steal_pointer(&call->invocation),
                        "org.freedesktop.DBus.Error.PropertyReadOnly", "Property is read-only");
                return;
        } else {
                g_autoptr(GVariant) value = g_variant_get_child_value(call->params, 2);
                g_autoptr(GVariant) inner = g_variant_get_variant(value);

                if (!iface->set_property(call, prop, inner, &error)) {
                        zw_dbus_return_error(call, error);
                        return;
                }
                zw_dbus_return(call, NULL);
        }
}

static void config_obj_unref(gpointer data);

static void
reg_clear(gpointer data)
{
        ZwDbusReg *reg = data;

        if (reg->obj != NULL)
                config_obj_unref(reg->obj);
}

/* a call waiting for polkit holds its registration: a reload may unregister the object */
static void
reg_unref(gpointer data)
{
        g_rc_box_release_full(data, reg_clear);
}

static const GDBusInterfaceVTable vtable = {
        .method_call = method_call,
        /* NULL getters/setters: GDBus routes Get/GetAll/Set to method_call, so properties go
         * through the same authorization as methods */
};

static gboolean
register_object(ZwDbusServer *server, const char *path, const char *iface_name,
                ZwConfigObj *obj, guint *out_id, GError **error)
{
        const ZwDbusInterface *iface = zw_dbus_interface_lookup(iface_name);
        ZwDbusReg *reg;
        guint id;

        g_return_val_if_fail(iface != NULL, FALSE);
        reg = g_rc_box_new0(ZwDbusReg);
        reg->server = server;
        reg->iface = iface;
        reg->obj = obj != NULL ? g_rc_box_acquire(obj) : NULL;
        /* our own reference for the call: whether GDBus drops its reference when it refuses
         * the registration differs between GLib versions */
        g_rc_box_acquire(reg);
        id = g_dbus_connection_register_object(server->connection, path,
                                               (GDBusInterfaceInfo *)iface->info, &vtable, reg,
                                               reg_unref, error);
        reg_unref(reg);
        if (id == 0)
                return FALSE;
        *out_id = id;
        return TRUE;
}

/* ------------------------------------------------------------------ config/<kind>/N */

static const char *const config_ifaces[ZW_KIND_N] = {
        [ZW_KIND_ZONE] = ZW_DBUS_IFACE_CONFIG ".zone",
        [ZW_KIND_SERVICE] = ZW_DBUS_IFACE_CONFIG ".service",
        [ZW_KIND_POLICY] = ZW_DBUS_IFACE_CONFIG ".policy",
        [ZW_KIND_ICMPTYPE] = ZW_DBUS_IFACE_CONFIG ".icmptype",
        [ZW_KIND_HELPER] = ZW_DBUS_IFACE_CONFIG ".helper",
        [ZW_KIND_IPSET] = ZW_DBUS_IFACE_CONFIG ".ipset",
};

static const char *const added_signals[ZW_KIND_N] = {
        [ZW_KIND_ZONE] = "ZoneAdded",         [ZW_KIND_SERVICE] = "ServiceAdded",
        [ZW_KIND_POLICY] = "PolicyAdded",     [ZW_KIND_ICMPTYPE] = "IcmpTypeAdded",
        [ZW_KIND_HELPER] = "HelperAdded",     [ZW_KIND_IPSET] = "IPSetAdded",
};

static void
config_obj_clear(gpointer data)
{
        ZwConfigObj *obj = data;

        g_free(obj->name);
        g_free(obj->path);
}

static void
config_obj_unref(gpointer data)
{
        g_rc_box_release_full(data, config_obj_clear);
}

const ZwConfigObj *
zw_dbus_config_object_add(ZwDbusServer *server, ZwKind kind, const char *name)
{
        g_autoptr(GError) error = NULL;
        ZwConfigObj *obj = g_rc_box_new0(ZwConfigObj);

        obj->kind = kind;
        obj->name = g_strdup(name);
        obj->path = g_strdup_printf(ZW_DBUS_CONFIG_PATH "/%s/%u", zw_kind_name(kind),
                                    server->config_counter[kind]++);
        if (!register_object(server, obj->path, config_ifaces[kind], obj, &obj->reg_id,
                             &error)) {
                g_warning("cannot register %s: %s", obj->path, error->message);
                config_obj_unref(obj);
                return NULL;
        }
        g_ptr_array_add(server->config_objs[kind], obj);
        return obj;
}

void
zw_dbus_config_object_remove(ZwDbusServer *server, ZwKind kind, const char *name)
{
        GPtrArray *objs = server->config_objs[kind];

        for (guint i = 0; i < objs->len; i++) {
                ZwConfigObj *obj = g_ptr_array_index(objs, i);
                if (strcmp(obj->name, name) == 0) {
                        g_dbus_connection_unregister_object(server->connection, obj->reg_id);
                        g_ptr_array_remove_index(objs, i);
                        return;
                }
        }
}

void
zw_dbus_config_objects_register(ZwDbusServer *server, gboolean emit_added)
{
        /* reload order of the Added signals: dbus-api.md §7 */
        static const ZwKind order[] = { ZW_KIND_IPSET,  ZW_KIND_ICMPTYPE, ZW_KIND_SERVICE,
                                        ZW_KIND_ZONE,   ZW_KIND_HELPER,   ZW_KIND_POLICY };

        for (guint k = 0; k < G_N_ELEMENTS(order); k++) {
                ZwKind kind = order[k];
                g_autoptr(GPtrArray) names = zw_tree_names(server->permanent, kind);

                server->config_counter[kind] = 0;
                for (guint i = 0; i < names->len; i++) {
                        const char *name = g_ptr_array_index(names, i);

                        if (zw_dbus_config_object_add(server, kind, name) == NULL)
                                continue;
                        if (emit_added)
                                zw_dbus_emit(server, ZW_DBUS_CONFIG_PATH, ZW_DBUS_IFACE_CONFIG,
                                             added_signals[kind], g_variant_new("(s)", name));
                }
        }
}

void
zw_dbus_config_objects_unregister(ZwDbusServer *server)
{
        for (guint k = 0; k < ZW_KIND_N; k++) {
                GPtrArray *objs = server->config_objs[k];

                for (guint i = 0; i < objs->len; i++) {
                        ZwConfigObj *obj = g_ptr_array_index(objs, i);
                        g_dbus_connection_unregister_object(server->connection, obj->reg_id);
                }
                g_ptr_array_set_size(objs, 0);
        }
}

const ZwConfigObj *
zw_dbus_config_object_lookup(const ZwDbusServer *server, ZwKind kind, const char *name)
{
        GPtrArray *objs = server->config_objs[kind];

        for (guint i = 0; i < objs->len; i++) {
                const ZwConfigObj *obj = g_ptr_array_index(objs, i);
                if (strcmp(obj->name, name) == 0)
                        return obj;
        }
        return NULL;
}

/* ------------------------------------------------------------------ Introspect */

/* GDBus answers Introspect itself, without asking us; firewalld checks the caller even there
 * (dbus-api.md §3.3: `firewall-cmd --state` as nobody fails at Introspect), so we take these
 * calls out of the stream in a filter and answer them after the same check. */

typedef struct {
        ZwDbusServer *server;
        GDBusMessage *message;
} Introspection;

static void
path_interfaces(ZwDbusServer *server, const char *path, GPtrArray *out)
{
        if (strcmp(path, ZW_DBUS_PATH) == 0) {
                static const char *const names[] = { ZW_DBUS_IFACE, ZW_DBUS_IFACE_ZONE,
                                                     ZW_DBUS_IFACE_POLICY, ZW_DBUS_IFACE_IPSET,
                                                     ZW_DBUS_IFACE_POLICIES,
                                                     ZW_DBUS_IFACE_DIRECT };
                for (guint i = 0; i < G_N_ELEMENTS(names); i++)
                        g_ptr_array_add(out, (gpointer)zw_dbus_interface_lookup(names[i]));
                return;
        }
        if (strcmp(path, ZW_DBUS_CONFIG_PATH) == 0) {
                static const char *const names[] = { ZW_DBUS_IFACE_CONFIG,
                                                     ZW_DBUS_IFACE_CONFIG ".policies",
                                                     ZW_DBUS_IFACE_CONFIG ".direct" };
                for (guint i = 0; i < G_N_ELEMENTS(names); i++)
                        g_ptr_array_add(out, (gpointer)zw_dbus_interface_lookup(names[i]));
                return;
        }
        for (guint k = 0; k < ZW_KIND_N; k++) {
                GPtrArray *objs = server->config_objs[k];
                for (guint i = 0; i < objs->len; i++) {
                        ZwConfigObj *obj = g_ptr_array_index(objs, i);
                        if (strcmp(obj->path, path) == 0) {
                                const ZwDbusInterface *ci =
                                        zw_dbus_interface_lookup(config_ifaces[k]);
                                g_ptr_array_add(out, (gpointer)ci);
                                return;
                        }
                }
        }
}

static void
add_child(GPtrArray *children, const char *parent, const char *path)
{
        gsize plen = strlen(parent);
        const char *rest, *slash;
        g_autofree char *child = NULL;

        if (strncmp(path, parent, plen) != 0 || path[plen] != '/')
                return;
        rest = path + plen + 1;
        slash = strchr(rest, '/');
        child = slash != NULL ? g_strndup(rest, slash - rest) : g_strdup(rest);
        for (guint i = 0; i < children->len; i++)
                if (strcmp(g_ptr_array_index(children, i), child) == 0)
                        return;
        g_ptr_array_add(children, g_steal_pointer(&child));
}

static char *
introspect_xml(ZwDbusServer *server, const char *path)
{
        g_autoptr(GPtrArray) ifaces = g_ptr_array_new();
        g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func(g_free);
        GString *xml = g_string_new(NULL);

        path_interfaces(server, path, ifaces);
        add_child(children, path, ZW_DBUS_CONFIG_PATH);
        for (guint k = 0; k < ZW_KIND_N; k++) {
                GPtrArray *objs = server->config_objs[k];
                for (guint i = 0; i < objs->len; i++)
                        add_child(children, path, ((ZwConfigObj *)objs->pdata[i])->path);
        }
        g_string_append(xml, "<!DOCTYPE node PUBLIC \"-//freedesktop//DTD D-BUS Object "
                             "Introspection 1.0//EN\"\n"
                             "\"http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd\">\n");
        g_string_append(xml, "<node>\n");
        if (ifaces->len > 0)
                g_string_append(xml, std_ifaces_xml);
        for (guint i = 0; i < ifaces->len; i++) {
                const ZwDbusInterface *iface = g_ptr_array_index(ifaces, i);
                g_dbus_interface_info_generate_xml((GDBusInterfaceInfo *)iface->info, 2, xml);
        }
        for (guint i = 0; i < children->len; i++)
                g_string_append_printf(xml, "  <node name=\"%s\"/>\n",
                                       (char *)g_ptr_array_index(children, i));
        g_string_append(xml, "</node>\n");
        return g_string_free(xml, FALSE);
}

static void
send_message(ZwDbusServer *server, GDBusMessage *msg)
{
        g_autoptr(GError) error = NULL;

        if (!g_dbus_connection_send_message(server->connection, msg,
                                            G_DBUS_SEND_MESSAGE_FLAGS_NONE, NULL, &error))
                g_debug("cannot send reply: %s", error->message);
        g_object_unref(msg);
}

static void
introspect_authorized(const ZwCaller *caller, const char *denial, gpointer data)
{
        Introspection *in = data;

        if (denial != NULL) {
                send_message(in->server, g_dbus_message_new_method_error_literal(
                                                 in->message, ZW_AUTH_ERROR_NAME, denial));
        } else {
                g_autofree char *xml =
                        introspect_xml(in->server, g_dbus_message_get_path(in->message));
                GDBusMessage *reply = g_dbus_message_new_method_reply(in->message);

                g_dbus_message_set_body(reply, g_variant_new("(s)", xml));
                send_message(in->server, reply);
        }
        g_object_unref(in->message);
        g_free(in);
}

static gboolean
introspect_in_main(gpointer data)
{
        Introspection *in = data;

        zw_auth_check(in->server->auth, g_dbus_message_get_sender(in->message), ZW_POLKIT_INFO,
                      introspect_authorized, in);
        return G_SOURCE_REMOVE;
}

/* Properties.Set of a read-only property: GDBus would answer InvalidArgs ("not writable");
 * firewalld's clients expect PropertyReadOnly (dbus-api.md §5.5). Only static tables are read,
 * so this is safe in the worker thread. TRUE if answered (the message is then ours to drop). */
static gboolean
refuse_read_only_set(GDBusConnection *connection, GDBusMessage *message)
{
        const ZwDbusInterface *iface;
        const GDBusPropertyInfo *prop;
        const char *path = g_dbus_message_get_path(message);
        const char *iface_name = NULL, *prop_name = NULL;
        GVariant *body = g_dbus_message_get_body(message);
        g_autoptr(GDBusMessage) reply = NULL;

        if (path == NULL || !g_str_has_prefix(path, ZW_DBUS_PATH) || body == NULL ||
            g_strcmp0(g_dbus_message_get_interface(message),
                      "org.freedesktop.DBus.Properties") != 0 ||
            g_strcmp0(g_dbus_message_get_member(message), "Set") != 0 ||
            !g_variant_is_of_type(body, G_VARIANT_TYPE("(ssv)")))
                return FALSE;
        g_variant_get(body, "(&s&sv)", &iface_name, &prop_name, NULL);
        iface = zw_dbus_interface_lookup(iface_name);
        if (iface == NULL)
                return FALSE;
        prop = g_dbus_interface_info_lookup_property((GDBusInterfaceInfo *)iface->info,
                                                     prop_name);
        if (prop == NULL || (prop->flags & G_DBUS_PROPERTY_INFO_FLAGS_WRITABLE) != 0)
                return FALSE;
        reply = g_dbus_message_new_method_error(message,
                                                "org.freedesktop.DBus.Error.PropertyReadOnly",
                                                "Property '%s' is read-only", prop_name);
        g_dbus_connection_send_message(connection, reply, G_DBUS_SEND_MESSAGE_FLAGS_NONE, NULL,
                                       NULL);
        g_object_unref(message);
        return TRUE;
}

static GDBusMessage *
filter(GDBusConnection *connection, GDBusMessage *message, gboolean incoming, gpointer data)
{
        ZwDbusServer *server = data;
        const char *path;
        Introspection *in;

        /* runs in GDBus' worker thread: only look and hand over */
        if (!incoming ||
            g_dbus_message_get_message_type(message) != G_DBUS_MESSAGE_TYPE_METHOD_CALL)
                return message;
        if (refuse_read_only_set(connection, message))
                return NULL;
        if (g_strcmp0(g_dbus_message_get_interface(message),
                      "org.freedesktop.DBus.Introspectable") != 0 ||
            g_strcmp0(g_dbus_message_get_member(message), "Introspect") != 0)
                return message;
        path = g_dbus_message_get_path(message);
        if (path == NULL || !g_str_has_prefix(path, ZW_DBUS_PATH) ||
            (path[strlen(ZW_DBUS_PATH)] != '\0' && path[strlen(ZW_DBUS_PATH)] != '/'))
                return message;
        in = g_new0(Introspection, 1);
        in->server = server;
        in->message = message; /* we own it now */
        g_main_context_invoke(server->context, introspect_in_main, in);
        return NULL;
}

/* ------------------------------------------------------------------ server */

ZwDbusServer *
zw_dbus_server_new(GDBusConnection *connection, ZwTree *permanent, ZwRuntime *rt,
                   const char *state, const ZwDbusBackend *backend, gpointer backend_data,
                   GError **error)
{
        static const struct {
                const char *path;
                const char *iface;
        } fixed[] = {
                { ZW_DBUS_PATH, ZW_DBUS_IFACE },
                { ZW_DBUS_PATH, ZW_DBUS_IFACE_ZONE },
                { ZW_DBUS_PATH, ZW_DBUS_IFACE_POLICY },
                { ZW_DBUS_PATH, ZW_DBUS_IFACE_IPSET },
                { ZW_DBUS_PATH, ZW_DBUS_IFACE_POLICIES },
                { ZW_DBUS_PATH, ZW_DBUS_IFACE_DIRECT },
                { ZW_DBUS_CONFIG_PATH, ZW_DBUS_IFACE_CONFIG },
                { ZW_DBUS_CONFIG_PATH, ZW_DBUS_IFACE_CONFIG ".policies" },
                { ZW_DBUS_CONFIG_PATH, ZW_DBUS_IFACE_CONFIG ".direct" },
        };
        g_autoptr(ZwDbusServer) server = g_new0(ZwDbusServer, 1);

        server->connection = g_object_ref(connection);
        server->context = g_main_context_ref_thread_default();
        server->auth = zw_auth_new(connection);
        server->backend = backend;
        server->backend_data = backend_data;
        server->permanent = permanent;
        server->rt = rt;
        server->state = g_strdup(state);
        server->reg_ids = g_array_new(FALSE, FALSE, sizeof(guint));
        for (guint k = 0; k < ZW_KIND_N; k++)
                server->config_objs[k] = g_ptr_array_new_with_free_func(config_obj_unref);
        server->timers = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, zw_dbus_timer_free);
        for (guint i = 0; i < G_N_ELEMENTS(fixed); i++) {
                guint id;
                if (!register_object(server, fixed[i].path, fixed[i].iface, NULL, &id, error))
                        return NULL;
                g_array_append_val(server->reg_ids, id);
        }
        zw_dbus_config_objects_register(server, FALSE);
        server->filter_id = g_dbus_connection_add_filter(connection, filter, server, NULL);
        return g_steal_pointer(&server);
}

void
zw_dbus_server_free(ZwDbusServer *server)
{
        if (server == NULL)
                return;
        if (server->filter_id != 0)
                g_dbus_connection_remove_filter(server->connection, server->filter_id);
        zw_dbus_timers_clear(server);
        g_hash_table_unref(server->timers);
        if (server->config_objs[0] != NULL)
                zw_dbus_config_objects_unregister(server);
        for (guint k = 0; k < ZW_KIND_N; k++)
                if (server->config_objs[k] != NULL)
                        g_ptr_array_unref(server->config_objs[k]);
        for (guint i = 0; server->reg_ids != NULL && i < server->reg_ids->len; i++)
                g_dbus_connection_unregister_object(server->connection,
                                                    g_array_index(server->reg_ids, guint, i));
        if (server->reg_ids != NULL)
                g_array_unref(server->reg_ids);
        zw_auth_free(server->auth);
        zw_tree_free(server->permanent);
        zw_runtime_free(server->rt);
        g_free(server->state);
        g_main_context_unref(server->context);
        g_object_unref(server->connection);
        g_free(server);
}

gboolean
zw_dbus_reload(ZwDbusServer *server, GError **error)
{
        g_autoptr(ZwTree) tree = NULL;
        ZwRuntime *next;
        gboolean panic = server->rt->panic;

        tree = server->backend->load(server->backend_data, error);
        if (tree == NULL)
                return FALSE;
        next = zw_runtime_new(tree);
        next->panic = panic; /* panic mode survives reload */
        if (!zw_dbus_commit(server, next, error))
                return FALSE;
        zw_dbus_timers_clear(server);
        zw_dbus_config_objects_unregister(server);
        zw_tree_free(server->permanent);
        server->permanent = g_steal_pointer(&tree);
        zw_dbus_config_objects_register(server, TRUE);
        zw_dbus_server_set_state(server, "RUNNING");
        zw_dbus_emit(server, ZW_DBUS_PATH, ZW_DBUS_IFACE, "Reloaded", NULL);
        return TRUE;
}

gboolean
zw_dbus_server_reload(ZwDbusServer *server, GError **error)
{
        return zw_dbus_reload(server, error);
}

gboolean
zw_dbus_server_restore(ZwDbusServer *server, const ZwRuntime *rt, GError **error)
{
        if (!zw_dbus_commit(server, zw_runtime_dup(rt), error))
                return FALSE;
        /* --timeout timers stay: one whose item the snapshot holds still removes it in time;
         * one whose item went with the restore finds nothing to remove (NOT_ENABLED, ignored) */
        zw_dbus_emit(server, ZW_DBUS_PATH, ZW_DBUS_IFACE, "Reloaded", NULL);
        return TRUE;
}

const ZwRuntime *
zw_dbus_server_get_runtime(const ZwDbusServer *server)
{
        return server->rt;
}

const ZwTree *
zw_dbus_server_get_permanent(const ZwDbusServer *server)
{
        return server->permanent;
}

const char *
zw_dbus_server_get_state(const ZwDbusServer *server)
{
        return server->state;
}

void
zw_dbus_server_set_state(ZwDbusServer *server, const char *state)
{
        g_free(server->state);
        server->state = g_strdup(state);
}
