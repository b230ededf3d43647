/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dbus/fw-main.c: interface org.fedoraproject.FirewallD1: default zone, panic, log-denied,
 * reload, runtime object settings, properties */
#include "config.h"

#include <string.h>

#include "core/icmptype.h"
#include "core/ipset.h"
#include "dbus/handlers.h"
#include "dbus/private.h"
#include "dbus/settings.h"

static GVariant *
names_variant(const ZwTree *tree, ZwKind kind)
{
        g_autoptr(GPtrArray) names = zw_tree_names(tree, kind);
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("as"));
        for (guint i = 0; i < names->len; i++)
                g_variant_builder_add(&b, "s", (const char *)g_ptr_array_index(names, i));
        return g_variant_builder_end(&b);
}

/* the runtime object of a getXxxSettings call, or NULL after replying the error */
static gconstpointer
lookup_arg(ZwDbusCall *call, ZwKind kind)
{
        const char *name;
        gconstpointer object;

        g_variant_get(call->params, "(&s)", &name);
        object = zw_tree_lookup(call->server->rt->tree, kind, name);
        if (object == NULL)
                zw_dbus_return_code(call, zw_kind_invalid_code(kind), "%s", name);
        return object;
}

void
zw_dbus_main_authorize_all(ZwDbusCall *call)
{
        /* the polkit check of the action .all was the point */
        zw_dbus_return(call, NULL);
}

void
zw_dbus_main_check_permanent_config(ZwDbusCall *call)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwTree) tree = call->server->backend->load(call->server->backend_data, &error);

        if (tree == NULL) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_dbus_return(call, NULL);
}

void
zw_dbus_main_reload(ZwDbusCall *call)
{
        g_autoptr(GError) error = NULL;

        if (!zw_dbus_reload(call->server, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_dbus_return(call, NULL);
}

void
zw_dbus_main_complete_reload(ZwDbusCall *call)
{
        /* no conntrack helper modules to unload with nft ct helper objects */
        zw_dbus_main_reload(call);
}

void
zw_dbus_main_enable_panic_mode(ZwDbusCall *call)
{
        ZwDbusServer *server = call->server;
        g_autoptr(GError) error = NULL;

        if (server->rt->panic) {
                zw_dbus_return_code(call, ZW_ERROR_ALREADY_ENABLED, "panic mode already enabled");
                return;
        }
        if (!server->backend->set_panic(server->backend_data, TRUE, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        server->rt->panic = TRUE;
        zw_dbus_emit(server, ZW_DBUS_PATH, ZW_DBUS_IFACE, "PanicModeEnabled", NULL);
        zw_dbus_return(call, NULL);
}

void
zw_dbus_main_disable_panic_mode(ZwDbusCall *call)
{
        ZwDbusServer *server = call->server;
        g_autoptr(GError) error = NULL;

        if (!server->rt->panic) {
                zw_dbus_return_code(call, ZW_ERROR_NOT_ENABLED, "panic mode is not enabled");
                return;
        }
        if (!server->backend->set_panic(server->backend_data, FALSE, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        server->rt->panic = FALSE;
        zw_dbus_emit(server, ZW_DBUS_PATH, ZW_DBUS_IFACE, "PanicModeDisabled", NULL);
        zw_dbus_return(call, NULL);
}

void
zw_dbus_main_query_panic_mode(ZwDbusCall *call)
{
        zw_dbus_return(call, g_variant_new("(b)", call->server->rt->panic));
}

void
zw_dbus_main_get_automatic_helpers(ZwDbusCall *call)
{
        zw_dbus_return(call, g_variant_new("(s)", "no")); /* deprecated, always "no" */
}

void
zw_dbus_main_set_automatic_helpers(ZwDbusCall *call)
{
        zw_dbus_return(call, NULL); /* deprecated, ignored */
}

void
zw_dbus_main_get_default_zone(ZwDbusCall *call)
{
        zw_dbus_return(call, g_variant_new("(s)", call->server->rt->default_zone));
}

void
zw_dbus_main_set_default_zone(ZwDbusCall *call)
{
        ZwDbusServer *server = call->server;
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwConf) conf = NULL;
        ZwRuntime *next;
        const char *zone;

        g_variant_get(call->params, "(&s)", &zone);
        next = zw_runtime_dup(server->rt);
        if (!zw_runtime_set_default_zone(next, zone, &error)) {
                zw_runtime_free(next);
                zw_dbus_return_error(call, error);
                return;
        }
        /* runtime and permanent (dbus-api.md §6, setDefaultZone) */
        conf = zw_conf_dup(server->permanent->conf);
        if (!zw_conf_set(conf, "DefaultZone", next->default_zone, &error) ||
            !server->backend->write_conf(server->backend_data, conf, &error)) {
                zw_runtime_free(next);
                zw_dbus_return_error(call, error);
                return;
        }
        if (!zw_dbus_commit(server, next, &error)) {
                /* the file already says the new zone; keep memory in line with it */
                zw_dbus_return_error(call, error);
                return;
        }
        zw_conf_free(server->permanent->conf);
        server->permanent->conf = g_steal_pointer(&conf);
        zw_dbus_emit(server, ZW_DBUS_PATH, ZW_DBUS_IFACE, "DefaultZoneChanged",
                     g_variant_new("(s)", server->rt->default_zone));
        zw_dbus_return(call, NULL);
}

void
zw_dbus_main_reset_to_defaults(ZwDbusCall *call)
{
        ZwDbusServer *server = call->server;
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwConf) conf = zw_conf_new();

        /* firewalld.conf back to its defaults, then a reload */
        if (!server->backend->write_conf(server->backend_data, conf, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_conf_free(server->permanent->conf);
        server->permanent->conf = g_steal_pointer(&conf);
        if (!zw_dbus_reload(server, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_dbus_return(call, NULL);
}

void
zw_dbus_main_get_log_denied(ZwDbusCall *call)
{
        zw_dbus_return(call, g_variant_new("(s)", call->server->rt->log_denied));
}

void
zw_dbus_main_set_log_denied(ZwDbusCall *call)
{
        static const char *const values[] = { "all", "unicast", "broadcast", "multicast", "off",
                                              NULL };
        ZwDbusServer *server = call->server;
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwConf) conf = NULL;
        const char *value;

        g_variant_get(call->params, "(&s)", &value);
        if (!g_strv_contains(values, value)) {
                zw_dbus_return_code(call, ZW_ERROR_INVALID_VALUE, "'%s', choose from '%s'", value,
                                    "all','unicast','broadcast','multicast','off");
                return;
        }
        if (g_strcmp0(value, server->rt->log_denied) == 0) {
                zw_dbus_return_code(call, ZW_ERROR_ALREADY_SET, "%s", value);
                return;
        }
        conf = zw_conf_dup(server->permanent->conf);
        if (!zw_conf_set(conf, "LogDenied", value, &error) ||
            !server->backend->write_conf(server->backend_data, conf, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_conf_free(server->permanent->conf);
        server->permanent->conf = g_steal_pointer(&conf);
        /* then a full reload, as firewalld does: runtime-only changes are lost */
        zw_dbus_emit(server, ZW_DBUS_PATH, ZW_DBUS_IFACE, "LogDeniedChanged",
                     g_variant_new("(s)", value));
        if (!zw_dbus_reload(server, &error)) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_dbus_return(call, NULL);
}

void
zw_dbus_main_get_helpers(ZwDbusCall *call)
{
        zw_dbus_return(call, g_variant_new_tuple((GVariant *[]){ names_variant(
                                                         call->server->rt->tree, ZW_KIND_HELPER) },
                                                 1));
}

void
zw_dbus_main_list_services(ZwDbusCall *call)
{
        zw_dbus_return(call, g_variant_new_tuple((GVariant *[]){ names_variant(
                                                         call->server->rt->tree, ZW_KIND_SERVICE) },
                                                 1));
}

void
zw_dbus_main_list_icmp_types(ZwDbusCall *call)
{
        zw_dbus_return(call,
                       g_variant_new_tuple((GVariant *[]){ names_variant(call->server->rt->tree,
                                                                         ZW_KIND_ICMPTYPE) },
                                           1));
}

void
zw_dbus_main_get_helper_settings(ZwDbusCall *call)
{
        const ZwHelper *helper = lookup_arg(call, ZW_KIND_HELPER);

        if (helper != NULL)
                zw_dbus_return(call, g_variant_new_tuple(
                                             (GVariant *[]){ zw_dbus_helper_to_tuple(helper) }, 1));
}

void
zw_dbus_main_get_icmp_type_settings(ZwDbusCall *call)
{
        const ZwIcmpType *icmptype = lookup_arg(call, ZW_KIND_ICMPTYPE);

        if (icmptype != NULL)
                zw_dbus_return(call,
                               g_variant_new_tuple(
                                       (GVariant *[]){ zw_dbus_icmptype_to_tuple(icmptype) }, 1));
}

void
zw_dbus_main_get_service_settings(ZwDbusCall *call)
{
        const ZwService *service = lookup_arg(call, ZW_KIND_SERVICE);

        if (service != NULL)
                zw_dbus_return(call, g_variant_new_tuple(
                                             (GVariant *[]){ zw_dbus_service_to_tuple(service) },
                                             1));
}

void
zw_dbus_main_get_service_settings2(ZwDbusCall *call)
{
        const ZwService *service = lookup_arg(call, ZW_KIND_SERVICE);

        if (service != NULL)
                zw_dbus_return(call, g_variant_new("(@a{sv})", zw_dbus_service_to_dict(service)));
}

void
zw_dbus_main_get_zone_settings(ZwDbusCall *call)
{
        g_autoptr(GError) error = NULL;
        const char *arg, *name;

        g_variant_get(call->params, "(&s)", &arg);
        name = zw_runtime_resolve_zone(call->server->rt, arg, &error);
        if (name == NULL) {
                zw_dbus_return_error(call, error);
                return;
        }
        zw_dbus_return(call, g_variant_new_tuple(
                                     (GVariant *[]){ zw_dbus_zone_to_tuple(
                                             zw_tree_get_zone(call->server->rt->tree, name)) },
                                     1));
}

/* ------------------------------------------------------------------ properties */

static GVariant *
strv_const(const char *const *list)
{
        return g_variant_new_strv(list != NULL ? (const char *const *)list : NULL, -1);
}

GVariant *
zw_dbus_main_get_property(ZwDbusCall *call, const char *property, GError **error)
{
        ZwDbusServer *server = call->server;

        if (strcmp(property, "version") == 0)
                return g_variant_new_string(ZW_DBUS_API_VERSION);
        if (strcmp(property, "interface_version") == 0)
                return g_variant_new_string(ZW_DBUS_INTERFACE_VERSION);
        if (strcmp(property, "state") == 0)
                return g_variant_new_string(server->state);
        if (strcmp(property, "IPv4") == 0)
                return g_variant_new_boolean(TRUE);
        if (strcmp(property, "IPv6") == 0)
                return g_variant_new_boolean(g_file_test("/proc/net/if_inet6", G_FILE_TEST_EXISTS));
        if (strcmp(property, "IPv6_rpfilter") == 0)
                return g_variant_new_boolean(
                        zw_conf_get_bool(server->rt->tree->conf, "IPv6_rpfilter"));
        if (strcmp(property, "BRIDGE") == 0)
                return g_variant_new_boolean(TRUE); /* as firewalld reports it (dbus-api §5.5) */
        if (strcmp(property, "IPSet") == 0)
                return g_variant_new_boolean(FALSE); /* no ipset(8); nft sets */
        if (strcmp(property, "IPSetTypes") == 0)
                return strv_const(zw_ipset_types());
        if (strcmp(property, "nf_conntrack_helper_setting") == 0)
                return g_variant_new_boolean(FALSE);
        if (strcmp(property, "nf_conntrack_helpers") == 0 ||
            strcmp(property, "nf_nat_helpers") == 0)
                return g_variant_new_array(G_VARIANT_TYPE("{sas}"), NULL, 0);
        if (strcmp(property, "IPv4ICMPTypes") == 0)
                return strv_const(zw_icmptype_supported(4));
        if (strcmp(property, "IPv6ICMPTypes") == 0)
                return strv_const(zw_icmptype_supported(6));
        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PROPERTY, "%s", property);
        return NULL;
}
