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

/* ------------------------------------------------------------------ runtimeToPermanent */

/* firewalld feeds the runtime settings dict into update2, which omits empty lists: a runtime
 * list replaces the permanent one only when it is not empty, booleans are always copied
 * (dbus-api.md §4, "Consequence seen in 1.3.3"). */
static void
merge_strs(GPtrArray **dst, const GPtrArray *src)
{
        if (src->len == 0)
                return;
        g_ptr_array_unref(*dst);
        *dst = zw_strv_array_dup(src);
}

static void
merge_objs(GPtrArray **dst, const GPtrArray *src, ZwDupFunc copy, GDestroyNotify free_func)
{
        if (src->len == 0)
                return;
        g_ptr_array_unref(*dst);
        *dst = zw_ptr_array_dup(src, copy, free_func);
}

static gpointer
merged_zone(const ZwZone *perm, const ZwZone *rt)
{
        ZwZone *z = zw_zone_dup(perm);

        merge_strs(&z->services, rt->services);
        merge_objs(&z->ports, rt->ports, (ZwDupFunc)zw_port_dup, (GDestroyNotify)zw_port_free);
        merge_strs(&z->protocols, rt->protocols);
        merge_strs(&z->icmp_blocks, rt->icmp_blocks);
        merge_objs(&z->forward_ports, rt->forward_ports, (ZwDupFunc)zw_forward_port_dup,
                   (GDestroyNotify)zw_forward_port_free);
        merge_objs(&z->source_ports, rt->source_ports, (ZwDupFunc)zw_port_dup,
                   (GDestroyNotify)zw_port_free);
        merge_objs(&z->rules, rt->rules, (ZwDupFunc)zw_rich_rule_dup,
                   (GDestroyNotify)zw_rich_rule_free);
        merge_strs(&z->interfaces, rt->interfaces);
        merge_strs(&z->sources, rt->sources);
        z->masquerade = rt->masquerade;
        z->icmp_block_inversion = rt->icmp_block_inversion;
        z->forward = rt->forward;
        return z;
}

static gpointer
merged_policy(const ZwPolicy *perm, const ZwPolicy *rt)
{
        ZwPolicy *p = zw_policy_dup(perm);

        merge_strs(&p->services, rt->services);
        merge_objs(&p->ports, rt->ports, (ZwDupFunc)zw_port_dup, (GDestroyNotify)zw_port_free);
        merge_strs(&p->protocols, rt->protocols);
        merge_strs(&p->icmp_blocks, rt->icmp_blocks);
        merge_objs(&p->forward_ports, rt->forward_ports, (ZwDupFunc)zw_forward_port_dup,
                   (GDestroyNotify)zw_forward_port_free);
        merge_objs(&p->source_ports, rt->source_ports, (ZwDupFunc)zw_port_dup,
                   (GDestroyNotify)zw_port_free);
        merge_objs(&p->rules, rt->rules, (ZwDupFunc)zw_rich_rule_dup,
                   (GDestroyNotify)zw_rich_rule_free);
        merge_strs(&p->ingress_zones, rt->ingress_zones);
        merge_strs(&p->egress_zones, rt->egress_zones);
        p->masquerade = rt->masquerade;
        p->priority = rt->priority;
        g_free(p->target);
        p->target = g_strdup(rt->target);
        return p;
}

static gpointer
merged_ipset(const ZwIpset *perm, const ZwIpset *rt)
{
        ZwIpset *s = zw_ipset_dup(perm);

        if (zw_ipset_timeout(rt) > 0)
                return s; /* entries of timeout sets are not visible */
        while (s->entries->len > 0) {
                g_autofree char *e = g_strdup(g_ptr_array_index(s->entries, 0));
                zw_ipset_remove_entry(s, e, NULL);
        }
        for (guint i = 0; i < rt->entries->len; i++)
                zw_ipset_add_entry(s, g_ptr_array_index(rt->entries, i), NULL);
        return s;
}

void
zw_dbus_main_runtime_to_permanent(ZwDbusCall *call)
{
        static const ZwKind kinds[] = { ZW_KIND_IPSET, ZW_KIND_ZONE, ZW_KIND_POLICY };
        ZwDbusServer *server = call->server;
        g_autoptr(GString) failed = g_string_new(NULL);

        if (server->backend->write_object == NULL) {
                zw_dbus_return_code(call, ZW_ERROR_COMMAND_FAILED,
                                    "permanent changes are not available");
                return;
        }
        if (g_strcmp0(server->state, "RUNNING") != 0) {
                /* the runtime is the fallback, not the admin's config (dbus-api.md §6) */
                zw_dbus_return_code(call, ZW_ERROR_RUNNING_BUT_FAILED, "%s", "");
                return;
        }
        for (guint k = 0; k < G_N_ELEMENTS(kinds); k++) {
                g_autoptr(GPtrArray) names = zw_tree_names(server->rt->tree, kinds[k]);

                for (guint i = 0; i < names->len; i++) {
                        const char *name = g_ptr_array_index(names, i);
                        gconstpointer rt_obj = zw_tree_lookup(server->rt->tree, kinds[k], name);
                        gconstpointer perm = zw_tree_lookup(server->permanent, kinds[k], name);
                        g_autoptr(GError) error = NULL;
                        gpointer merged;
                        ZwObjInfo *info;
                        const ZwConfigObj *obj;

                        if (perm == NULL)
                                continue;
                        merged = kinds[k] == ZW_KIND_ZONE     ? merged_zone(perm, rt_obj)
                                 : kinds[k] == ZW_KIND_POLICY ? merged_policy(perm, rt_obj)
                                                              : merged_ipset(perm, rt_obj);
                        if (zw_object_equal(merged, perm)) {
                                zw_object_free(merged);
                                continue;
                        }
                        info = merged;
                        if (info->builtin) {
                                info->builtin = FALSE;
                                info->is_default = FALSE;
                        }
                        if (!server->backend->write_object(server->backend_data, merged,
                                                           &error)) {
                                g_warning("runtimeToPermanent: %s: %s", name, error->message);
                                g_string_append_printf(failed, "%s%s", failed->len ? ", " : "",
                                                       name);
                                zw_object_free(merged);
                                continue;
                        }
                        zw_tree_insert(server->permanent, merged);
                        obj = zw_dbus_config_object_lookup(server, kinds[k], name);
                        if (obj != NULL) {
                                g_autofree char *iface = g_strconcat(
                                        ZW_DBUS_IFACE_CONFIG ".", zw_kind_name(kinds[k]), NULL);
                                zw_dbus_emit(server, obj->path, iface, "Updated",
                                             g_variant_new("(s)", name));
                        }
                }
        }
        if (failed->len > 0) {
                zw_dbus_return_code(call, ZW_ERROR_RT_TO_PERM_FAILED, "%s", failed->str);
                return;
        }
        zw_dbus_return(call, NULL);
}
