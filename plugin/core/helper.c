/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/helper.c: conntrack helpers (module, family, ports) */
#include "config.h"

#include <string.h>

#include "core/helper.h"

#include "core/check.h"
#include "core/error.h"

#define CT_PREFIX "nf_conntrack_"

ZwHelper *
zw_helper_new(const char *name)
{
        ZwHelper *helper = g_new0(ZwHelper, 1);

        zw_obj_info_init(&helper->info, ZW_KIND_HELPER, name);
        helper->module = g_strdup("");
        helper->family = g_strdup("");
        helper->ports = g_ptr_array_new_with_free_func((GDestroyNotify)zw_port_free);
        return helper;
}

void
zw_helper_free(ZwHelper *helper)
{
        if (helper == NULL)
                return;
        zw_obj_info_clear(&helper->info);
        g_free(helper->module);
        g_free(helper->family);
        g_ptr_array_unref(helper->ports);
        g_free(helper);
}

ZwHelper *
zw_helper_dup(const ZwHelper *helper)
{
        ZwHelper *dup;

        g_return_val_if_fail(helper != NULL, NULL);
        dup = g_new0(ZwHelper, 1);
        zw_obj_info_copy(&dup->info, &helper->info);
        dup->module = g_strdup(helper->module);
        dup->family = g_strdup(helper->family);
        dup->ports = zw_ptr_array_dup(helper->ports, (ZwDupFunc)zw_port_dup,
                                      (GDestroyNotify)zw_port_free);
        return dup;
}

gboolean
zw_helper_equal(const ZwHelper *a, const ZwHelper *b)
{
        g_return_val_if_fail(a != NULL && b != NULL, FALSE);
        return zw_obj_info_equal(&a->info, &b->info) && g_strcmp0(a->module, b->module) == 0 &&
               g_strcmp0(a->family, b->family) == 0 &&
               zw_ptr_array_equal(a->ports, b->ports, (GEqualFunc)zw_port_equal);
}

char *
zw_helper_type_name(const ZwHelper *helper)
{
        const char *m;
        char *type;

        g_return_val_if_fail(helper != NULL, NULL);
        m = helper->module != NULL ? helper->module : "";
        if (g_str_has_prefix(m, CT_PREFIX))
                m += strlen(CT_PREFIX);
        type = g_strdup(m);
        g_strdelimit(type, "_", '-');
        return type;
}

gboolean
zw_helper_check_module(const char *module, GError **error)
{
        if (module == NULL || !g_str_has_prefix(module, CT_PREFIX)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_MODULE,
                            "'%s' does not start with '%s'", module != NULL ? module : "",
                            CT_PREFIX);
                return FALSE;
        }
        if (strlen(module) <= strlen(CT_PREFIX)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_MODULE, "Module name '%s' too short",
                            module);
                return FALSE;
        }
        return TRUE;
}

gboolean
zw_helper_check_family(const char *family, GError **error)
{
        if (family == NULL || *family == '\0' || strcmp(family, "ipv4") == 0 ||
            strcmp(family, "ipv6") == 0)
                return TRUE;
        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_IPV, "'%s' not in {'ipv4'|'ipv6'}", family);
        return FALSE;
}

gboolean
zw_helper_check(const ZwHelper *helper, GError **error)
{
        g_return_val_if_fail(helper != NULL, FALSE);
        return zw_check_name(ZW_KIND_HELPER, helper->info.name, error) &&
               zw_helper_check_module(helper->module, error) &&
               zw_helper_check_family(helper->family, error) &&
               zw_check_ports(helper->ports, error);
}
