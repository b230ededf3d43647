/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/service.c: services: ports, protocols, helpers, destinations, includes */
#include "config.h"

#include <string.h>

#include "core/service.h"

#include "core/check.h"
#include "core/error.h"

ZwService *
zw_service_new(const char *name)
{
        ZwService *service = g_new0(ZwService, 1);

        zw_obj_info_init(&service->info, ZW_KIND_SERVICE, name);
        service->ports = g_ptr_array_new_with_free_func((GDestroyNotify)zw_port_free);
        service->protocols = g_ptr_array_new_with_free_func(g_free);
        service->source_ports = g_ptr_array_new_with_free_func((GDestroyNotify)zw_port_free);
        service->modules = g_ptr_array_new_with_free_func(g_free);
        service->includes = g_ptr_array_new_with_free_func(g_free);
        service->helpers = g_ptr_array_new_with_free_func(g_free);
        return service;
}

void
zw_service_free(ZwService *service)
{
        if (service == NULL)
                return;
        zw_obj_info_clear(&service->info);
        g_ptr_array_unref(service->ports);
        g_ptr_array_unref(service->protocols);
        g_ptr_array_unref(service->source_ports);
        g_ptr_array_unref(service->modules);
        g_free(service->destination_ipv4);
        g_free(service->destination_ipv6);
        g_ptr_array_unref(service->includes);
        g_ptr_array_unref(service->helpers);
        g_free(service);
}

ZwService *
zw_service_dup(const ZwService *service)
{
        ZwService *dup;

        g_return_val_if_fail(service != NULL, NULL);
        dup = g_new0(ZwService, 1);
        zw_obj_info_copy(&dup->info, &service->info);
        dup->ports = zw_ptr_array_dup(service->ports, (ZwDupFunc)zw_port_dup,
                                      (GDestroyNotify)zw_port_free);
        dup->protocols = zw_strv_array_dup(service->protocols);
        dup->source_ports = zw_ptr_array_dup(service->source_ports, (ZwDupFunc)zw_port_dup,
                                             (GDestroyNotify)zw_port_free);
        dup->modules = zw_strv_array_dup(service->modules);
        dup->destination_ipv4 = g_strdup(service->destination_ipv4);
        dup->destination_ipv6 = g_strdup(service->destination_ipv6);
        dup->includes = zw_strv_array_dup(service->includes);
        dup->helpers = zw_strv_array_dup(service->helpers);
        return dup;
}

gboolean
zw_service_equal(const ZwService *a, const ZwService *b)
{
        g_return_val_if_fail(a != NULL && b != NULL, FALSE);
        return zw_obj_info_equal(&a->info, &b->info) &&
               zw_ptr_array_equal(a->ports, b->ports, (GEqualFunc)zw_port_equal) &&
               zw_strv_array_equal(a->protocols, b->protocols) &&
               zw_ptr_array_equal(a->source_ports, b->source_ports, (GEqualFunc)zw_port_equal) &&
               zw_strv_array_equal(a->modules, b->modules) &&
               g_strcmp0(a->destination_ipv4, b->destination_ipv4) == 0 &&
               g_strcmp0(a->destination_ipv6, b->destination_ipv6) == 0 &&
               zw_strv_array_equal(a->includes, b->includes) &&
               zw_strv_array_equal(a->helpers, b->helpers);
}

char *
zw_service_normalize_module(const char *module)
{
        g_autofree char *m = NULL;

        g_return_val_if_fail(module != NULL, NULL);
        if (!g_str_has_prefix(module, "nf_conntrack_"))
                return g_strdup(module);
        m = g_strdup(module + strlen("nf_conntrack_"));
        g_strdelimit(m, "_", '-');
        return g_steal_pointer(&m);
}

gboolean
zw_service_check_module(const char *module, GError **error)
{
        g_autofree char *m = zw_service_normalize_module(module != NULL ? module : "");

        if (strlen(m) >= 2)
                return TRUE;
        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_MODULE, m);
        return FALSE;
}

gboolean
zw_service_check_destination(const char *family, const char *address, GError **error)
{
        ZwFamily f;

        if (g_strcmp0(family, "ipv4") == 0)
                f = ZW_FAMILY_IPV4;
        else if (g_strcmp0(family, "ipv6") == 0)
                f = ZW_FAMILY_IPV6;
        else {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_DESTINATION,
                            "'%s' not in {'ipv4'|'ipv6'}", family != NULL ? family : "");
                return FALSE;
        }
        return zw_check_address(f, address, NULL, error);
}

gboolean
zw_service_check(const ZwService *service, GError **error)
{
        g_return_val_if_fail(service != NULL, FALSE);
        if (!zw_check_name(ZW_KIND_SERVICE, service->info.name, error))
                return FALSE;
        if (!zw_check_ports(service->ports, error))
                return FALSE;
        for (guint i = 0; i < service->protocols->len; i++)
                if (!zw_check_protocol(g_ptr_array_index(service->protocols, i), error))
                        return FALSE;
        if (!zw_check_ports(service->source_ports, error))
                return FALSE;
        for (guint i = 0; i < service->modules->len; i++)
                if (!zw_service_check_module(g_ptr_array_index(service->modules, i), error))
                        return FALSE;
        if (service->destination_ipv4 != NULL &&
            !zw_service_check_destination("ipv4", service->destination_ipv4, error))
                return FALSE;
        if (service->destination_ipv6 != NULL &&
            !zw_service_check_destination("ipv6", service->destination_ipv6, error))
                return FALSE;
        return TRUE;
}
