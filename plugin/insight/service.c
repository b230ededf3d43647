/* SPDX-License-Identifier: GPL-2.0-or-later */
/* insight/service.c: org.zonewall.Zonewall1: Explain, Trace, Dump, Counters, ReloadConfirm,
 * Confirm */
#include "config.h"

#include "core/error.h"
#include "insight/counters.h"
#include "insight/dump.h"
#include "insight/explain.h"
#include "insight/service.h"

/* A sibling of /org/fedoraproject/FirewallD1 so firewalld's introspection stays identical. */
const char zw_insight_introspection_xml[] =
        "<node>"
        " <interface name='org.zonewall.Zonewall1'>"
        "  <method name='Explain'>"
        "   <arg direction='in' type='a{sv}' name='packet'/>"
        "   <arg direction='out' type='s' name='text'/>"
        "   <arg direction='out' type='s' name='json'/>"
        "  </method>"
        "  <method name='Trace'>"
        "   <arg direction='in' type='a{sv}' name='packet'/>"
        "   <arg direction='in' type='u' name='seconds'/>"
        "   <arg direction='out' type='s' name='outcome'/>"
        "   <arg direction='out' type='s' name='text'/>"
        "   <arg direction='out' type='s' name='json'/>"
        "  </method>"
        "  <method name='Dump'>"
        "   <arg direction='out' type='s' name='json'/>"
        "  </method>"
        "  <method name='Counters'>"
        "   <arg direction='in' type='s' name='zone'/>"
        "   <arg direction='out' type='a(sssstt)' name='counters'/>"
        "  </method>"
        "  <method name='ReloadConfirm'>"
        "   <arg direction='in' type='u' name='seconds'/>"
        "  </method>"
        "  <method name='ApplyConfirm'>"
        "   <arg direction='in' type='u' name='seconds'/>"
        "  </method>"
        "  <method name='Confirm'/>"
        "  <property name='ConfirmPending' type='b' access='read'/>"
        "  <signal name='Reverted'/>"
        " </interface>"
        "</node>";

struct _ZwInsight {
        GDBusConnection *connection; /* NULL when used without D-Bus */
        guint reg_id;
        const ZwInsightBackend *backend;
        gpointer data;
        ZwRuntime *snapshot; /* runtime before Reload/ApplyConfirm, NULL when nothing pending */
        guint timer;
        guint reverts;
        struct TraceCall *tracing; /* the running Trace, NULL if none */
};

static void
emit_pending(ZwInsight *in)
{
        GVariantBuilder changed;

        if (in->connection == NULL)
                return;
        g_variant_builder_init(&changed, G_VARIANT_TYPE("a{sv}"));
        g_variant_builder_add(&changed, "{sv}", "ConfirmPending",
                              g_variant_new_boolean(in->snapshot != NULL));
        g_dbus_connection_emit_signal(in->connection, NULL, ZW_INSIGHT_PATH,
                                      "org.freedesktop.DBus.Properties", "PropertiesChanged",
                                      g_variant_new("(sa{sv}as)", ZW_INSIGHT_INTERFACE, &changed,
                                                    NULL),
                                      NULL);
}

static gboolean
revert_cb(gpointer user_data)
{
        ZwInsight *in = user_data;
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwRuntime) snap = g_steal_pointer(&in->snapshot);

        in->timer = 0;
        if (!in->backend->restore(in->data, snap, &error))
                g_warning("no confirmation in time, and reverting failed: %s", error->message);
        else
                g_message("no confirmation in time: previous runtime configuration restored");
        in->reverts++;
        if (in->connection != NULL)
                g_dbus_connection_emit_signal(in->connection, NULL, ZW_INSIGHT_PATH,
                                              ZW_INSIGHT_INTERFACE, "Reverted", NULL, NULL);
        emit_pending(in);
        return G_SOURCE_REMOVE;
}

/* snapshot the runtime, RELOAD or not, and revert to the snapshot after SECONDS */
static gboolean
arm(ZwInsight *in, guint seconds, gboolean reload, GError **error)
{
        g_autoptr(ZwRuntime) snap = NULL;

        g_return_val_if_fail(in != NULL, FALSE);
        if (in->backend->restore == NULL || (reload && in->backend->reload == NULL)) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_NOT_APPLIED,
                                    "this daemon cannot restore a runtime snapshot");
                return FALSE;
        }
        if (in->snapshot != NULL) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_ALREADY_ENABLED,
                                    "a change is already waiting for confirmation");
                return FALSE;
        }
        if (seconds == 0) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_VALUE,
                                    "confirmation timeout must be at least 1 second");
                return FALSE;
        }
        snap = zw_runtime_dup(in->backend->get_runtime(in->data));
        if (reload && !in->backend->reload(in->data, error))
                return FALSE;
        in->snapshot = g_steal_pointer(&snap);
        in->timer = g_timeout_add_seconds(seconds, revert_cb, in);
        emit_pending(in);
        return TRUE;
}

gboolean
zw_insight_reload_confirm(ZwInsight *in, guint seconds, GError **error)
{
        return arm(in, seconds, TRUE, error);
}

gboolean
zw_insight_apply_confirm(ZwInsight *in, guint seconds, GError **error)
{
        return arm(in, seconds, FALSE, error);
}

gboolean
zw_insight_confirm(ZwInsight *in, GError **error)
{
        g_return_val_if_fail(in != NULL, FALSE);
        if (in->snapshot == NULL) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_NOT_APPLIED,
                                    "nothing is waiting for confirmation");
                return FALSE;
        }
        g_clear_handle_id(&in->timer, g_source_remove);
        g_clear_pointer(&in->snapshot, zw_runtime_free);
        emit_pending(in);
        return TRUE;
}

gboolean
zw_insight_confirm_pending(const ZwInsight *in)
{
        return in->snapshot != NULL;
}

guint
zw_insight_reverts(const ZwInsight *in)
{
        return in->reverts;
}

/* ---- D-Bus ---- */

static void
return_error(GDBusMethodInvocation *inv, const GError *error)
{
        if (error->domain == ZW_ERROR) {
                g_autofree char *wire = zw_error_to_wire(error);

                g_dbus_method_invocation_return_dbus_error(
                        inv, "org.fedoraproject.FirewallD1.Exception", wire);
                return;
        }
        g_dbus_method_invocation_return_gerror(inv, error);
}

/* the packet of Explain and Trace; strings borrowed from dict */
static void
packet_from_dict(GVariant *dict, ZwPacket *pkt)
{
        guint32 dport = 0, sport = 0;

        g_variant_lookup(dict, "in", "&s", &pkt->iface);
        g_variant_lookup(dict, "src", "&s", &pkt->src);
        g_variant_lookup(dict, "dst", "&s", &pkt->dst);
        g_variant_lookup(dict, "mac", "&s", &pkt->mac);
        g_variant_lookup(dict, "proto", "&s", &pkt->proto);
        g_variant_lookup(dict, "icmp-type", "&s", &pkt->icmp_type);
        g_variant_lookup(dict, "dport", "u", &dport);
        g_variant_lookup(dict, "sport", "u", &sport);
        pkt->dport = dport;
        pkt->sport = sport;
}

static void
explain(ZwInsight *in, GVariant *params, GDBusMethodInvocation *inv)
{
        g_autoptr(GVariant) dict = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwExplanation) ex = NULL;
        ZwPacket pkt = { 0 };
        g_autofree char *text = NULL;
        g_autofree char *json = NULL;

        g_variant_get(params, "(@a{sv})", &dict);
        packet_from_dict(dict, &pkt);
        ex = zw_explain(in->backend->get_runtime(in->data), &pkt, &error);
        if (ex == NULL) {
                return_error(inv, error);
                return;
        }
        text = zw_explanation_to_string(ex);
        json = zw_explanation_to_json(ex);
        g_dbus_method_invocation_return_value(inv, g_variant_new("(ss)", text, json));
}

/* ---- Trace: the model's answer, then a real packet's ---- */

struct TraceCall {
        ZwInsight *in;
        GDBusMethodInvocation *inv;
        ZwExplanation *ex; /* computed when the trace was armed */
        guint seconds;
};

static void
trace_call_free(struct TraceCall *tc)
{
        zw_explanation_free(tc->ex);
        g_free(tc);
}

static void
trace_done(ZwTrace *trace, const GError *error, gpointer user_data)
{
        struct TraceCall *tc = user_data;
        g_autoptr(ZwTrace) tr = trace;
        g_autofree char *text = NULL;
        g_autofree char *json = NULL;
        ZwTraceOutcome outcome;

        tc->in->tracing = NULL;
        if (error != NULL) {
                return_error(tc->inv, error);
                trace_call_free(tc);
                return;
        }
        outcome = zw_trace_compare(tc->ex, tr, NULL);
        text = zw_trace_report_text(tc->ex, tr, tc->seconds);
        json = zw_trace_report_json(tc->ex, tr, tc->seconds);
        g_dbus_method_invocation_return_value(
                tc->inv, g_variant_new("(sss)", zw_trace_outcome_to_string(outcome), text, json));
        trace_call_free(tc);
}

/* root only (it adds a table to the kernel): called after the uid check */
static void
trace_start(ZwInsight *in, GVariant *params, GDBusMethodInvocation *inv)
{
        g_autoptr(GVariant) dict = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwExplanation) ex = NULL;
        ZwPacket pkt = { 0 };
        guint32 seconds = 0;
        struct TraceCall *tc;

        g_variant_get(params, "(@a{sv}u)", &dict, &seconds);
        packet_from_dict(dict, &pkt);
        if (seconds == 0)
                seconds = ZW_INSIGHT_TRACE_SECONDS;
        if (in->backend->trace == NULL) {
                g_set_error_literal(&error, ZW_ERROR, ZW_ERROR_NOT_APPLIED,
                                    "this daemon cannot trace packets");
        } else if (in->tracing != NULL) {
                g_set_error_literal(&error, ZW_ERROR, ZW_ERROR_ALREADY_ENABLED,
                                    "a trace is already running");
        } else if (seconds > ZW_INSIGHT_TRACE_MAX_SECONDS) {
                g_set_error(&error, ZW_ERROR, ZW_ERROR_INVALID_VALUE,
                            "trace wait of %u s is longer than %u s", seconds,
                            ZW_INSIGHT_TRACE_MAX_SECONDS);
        } else {
                ex = zw_explain(in->backend->get_runtime(in->data), &pkt, &error);
        }
        if (ex == NULL) {
                return_error(inv, error);
                return;
        }
        tc = g_new0(struct TraceCall, 1);
        tc->in = in;
        tc->inv = inv;
        tc->ex = g_steal_pointer(&ex);
        tc->seconds = seconds;
        if (!in->backend->trace(in->data, &pkt, seconds, trace_done, tc, &error)) {
                return_error(inv, error);
                trace_call_free(tc);
                return;
        }
        in->tracing = tc;
}

static void
dump(ZwInsight *in, GDBusMethodInvocation *inv)
{
        g_autoptr(GHashTable) rpc = NULL;
        g_autofree char *json = NULL;

        if (in->backend->dup_rpc_ports != NULL)
                rpc = in->backend->dup_rpc_ports(in->data);
        json = zw_dump_to_string(in->backend->get_runtime(in->data),
                                 in->backend->get_permanent(in->data), rpc, TRUE);
        g_dbus_method_invocation_return_value(inv, g_variant_new("(s)", json));
}

/* read-only as Explain and Dump: (owner_type, owner, kind, item, packets, bytes) */
static void
counters(ZwInsight *in, GVariant *params, GDBusMethodInvocation *inv)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(GHashTable) raw = NULL;
        g_autoptr(GPtrArray) rows = NULL;
        const char *zone = NULL;

        g_variant_get(params, "(&s)", &zone);
        if (in->backend->read_counters == NULL) {
                g_set_error_literal(&error, ZW_ERROR, ZW_ERROR_NOT_APPLIED,
                                    "this daemon cannot read counters");
                return_error(inv, error);
                return;
        }
        raw = in->backend->read_counters(in->data, &error);
        if (raw != NULL)
                rows = zw_insight_counters(in->backend->get_runtime(in->data), raw, zone, &error);
        if (rows == NULL) {
                return_error(inv, error);
                return;
        }
        g_dbus_method_invocation_return_value(
                inv, g_variant_new_tuple((GVariant *[]){ zw_insight_counters_to_variant(rows) },
                                         1));
}

/* ReloadConfirm and Confirm change the firewall: root only (as firewalld's polkit "config"
 * action without an agent); the caller's uid is asked from the bus asynchronously */
typedef struct {
        ZwInsight *in;
        GDBusMethodInvocation *inv;
        GVariant *params;
} Pending;

static void
uid_cb(GObject *source, GAsyncResult *res, gpointer user_data)
{
        Pending *p = user_data;
        g_autoptr(GError) error = NULL;
        g_autoptr(GVariant) reply =
                g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), res, &error);
        guint32 uid = G_MAXUINT32;
        const char *method = g_dbus_method_invocation_get_method_name(p->inv);

        if (reply != NULL)
                g_variant_get(reply, "(u)", &uid);
        if (uid != 0) {
                g_dbus_method_invocation_return_dbus_error(
                        p->inv, "org.fedoraproject.FirewallD1.Exception",
                        "NOT_AUTHORIZED: only root may change the firewall");
        } else if (g_strcmp0(method, "Trace") == 0) {
                trace_start(p->in, p->params, p->inv);
        } else if (g_strcmp0(method, "ReloadConfirm") == 0 ||
                   g_strcmp0(method, "ApplyConfirm") == 0) {
                guint32 seconds = 0;

                g_variant_get(p->params, "(u)", &seconds);
                if (!(method[0] == 'R' ? zw_insight_reload_confirm
                                       : zw_insight_apply_confirm)(p->in, seconds, &error))
                        return_error(p->inv, error);
                else
                        g_dbus_method_invocation_return_value(p->inv, NULL);
        } else {
                if (!zw_insight_confirm(p->in, &error))
                        return_error(p->inv, error);
                else
                        g_dbus_method_invocation_return_value(p->inv, NULL);
        }
        g_variant_unref(p->params);
        g_free(p);
}

static void
method_call(GDBusConnection *connection, const char *sender, const char *object_path,
            const char *interface_name, const char *method_name, GVariant *parameters,
            GDBusMethodInvocation *invocation, gpointer user_data)
{
        ZwInsight *in = user_data;

        if (g_strcmp0(method_name, "Explain") == 0) {
                explain(in, parameters, invocation);
        } else if (g_strcmp0(method_name, "Dump") == 0) {
                dump(in, invocation);
        } else if (g_strcmp0(method_name, "Counters") == 0) {
                counters(in, parameters, invocation);
        } else {
                Pending *p = g_new0(Pending, 1);

                p->in = in;
                p->inv = invocation;
                p->params = g_variant_ref(parameters);
                g_dbus_connection_call(connection, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "GetConnectionUnixUser", g_variant_new("(s)", sender),
                                       G_VARIANT_TYPE("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       uid_cb, p);
        }
}

static GVariant *
get_property(GDBusConnection *connection, const char *sender, const char *object_path,
             const char *interface_name, const char *property_name, GError **error,
             gpointer user_data)
{
        ZwInsight *in = user_data;

        return g_variant_new_boolean(in->snapshot != NULL);
}

static const GDBusInterfaceVTable vtable = { method_call, get_property, NULL, { 0 } };

ZwInsight *
zw_insight_register(GDBusConnection *connection, const ZwInsightBackend *backend, gpointer data,
                    GError **error)
{
        g_autoptr(ZwInsight) in = g_new0(ZwInsight, 1);

        g_return_val_if_fail(backend != NULL && backend->get_runtime != NULL, NULL);
        in->backend = backend;
        in->data = data;
        if (connection != NULL) {
                g_autoptr(GDBusNodeInfo) node =
                        g_dbus_node_info_new_for_xml(zw_insight_introspection_xml, error);

                if (node == NULL)
                        return NULL;
                in->reg_id = g_dbus_connection_register_object(connection, ZW_INSIGHT_PATH,
                                                               node->interfaces[0], &vtable, in,
                                                               NULL, error);
                if (in->reg_id == 0)
                        return NULL;
                in->connection = g_object_ref(connection);
        }
        return g_steal_pointer(&in);
}

void
zw_insight_free(ZwInsight *in)
{
        if (in == NULL)
                return;
        if (in->tracing != NULL) {
                /* the daemon stops: the trace table goes, the caller hears why */
                if (in->backend->trace_cancel != NULL)
                        in->backend->trace_cancel(in->data);
                g_dbus_method_invocation_return_dbus_error(
                        in->tracing->inv, "org.fedoraproject.FirewallD1.Exception",
                        "NOT_RUNNING: the daemon is stopping");
                trace_call_free(in->tracing);
        }
        if (in->reg_id != 0)
                g_dbus_connection_unregister_object(in->connection, in->reg_id);
        g_clear_object(&in->connection);
        g_clear_handle_id(&in->timer, g_source_remove);
        zw_runtime_free(in->snapshot);
        g_free(in);
}
