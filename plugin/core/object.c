/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/object.c: kinds, the shared object header and generic dup/free/equal */
#include "config.h"

#include <string.h>

#include "core/object.h"

#include "core/error.h"
#include "core/helper.h"
#include "core/icmptype.h"
#include "core/ipset.h"
#include "core/policy.h"
#include "core/service.h"
#include "core/zone.h"

static const struct {
        const char *name;
        const char *dir;
        int invalid_code;
        int builtin_code;
} kinds[ZW_KIND_N] = {
        [ZW_KIND_ZONE] = { "zone", "zones", ZW_ERROR_INVALID_ZONE, ZW_ERROR_BUILTIN_ZONE },
        [ZW_KIND_SERVICE] = { "service", "services", ZW_ERROR_INVALID_SERVICE,
                              ZW_ERROR_BUILTIN_SERVICE },
        /* firewalld has no BUILTIN_POLICY code; its config layer reuses BUILTIN_ZONE */
        [ZW_KIND_POLICY] = { "policy", "policies", ZW_ERROR_INVALID_POLICY, ZW_ERROR_BUILTIN_ZONE },
        [ZW_KIND_ICMPTYPE] = { "icmptype", "icmptypes", ZW_ERROR_INVALID_ICMPTYPE,
                               ZW_ERROR_BUILTIN_ICMPTYPE },
        [ZW_KIND_HELPER] = { "helper", "helpers", ZW_ERROR_INVALID_HELPER, ZW_ERROR_BUILTIN_HELPER },
        [ZW_KIND_IPSET] = { "ipset", "ipsets", ZW_ERROR_INVALID_IPSET, ZW_ERROR_BUILTIN_IPSET },
};

const char *
zw_kind_name(ZwKind kind)
{
        g_return_val_if_fail(kind < ZW_KIND_N, NULL);
        return kinds[kind].name;
}

const char *
zw_kind_dir(ZwKind kind)
{
        g_return_val_if_fail(kind < ZW_KIND_N, NULL);
        return kinds[kind].dir;
}

int
zw_kind_invalid_code(ZwKind kind)
{
        g_return_val_if_fail(kind < ZW_KIND_N, ZW_ERROR_INVALID_OBJECT);
        return kinds[kind].invalid_code;
}

int
zw_kind_builtin_code(ZwKind kind)
{
        g_return_val_if_fail(kind < ZW_KIND_N, ZW_ERROR_INVALID_OBJECT);
        return kinds[kind].builtin_code;
}

gboolean
zw_kind_from_name(const char *name, ZwKind *out_kind)
{
        for (guint i = 0; i < ZW_KIND_N; i++) {
                if (g_strcmp0(kinds[i].name, name) == 0) {
                        if (out_kind != NULL)
                                *out_kind = (ZwKind)i;
                        return TRUE;
                }
        }
        return FALSE;
}

void
zw_obj_info_init(ZwObjInfo *info, ZwKind kind, const char *name)
{
        g_return_if_fail(info != NULL);
        memset(info, 0, sizeof(*info));
        info->kind = kind;
        info->name = g_strdup(name);
        info->filename = name != NULL ? g_strdup_printf("%s.xml", name) : NULL;
        info->is_default = TRUE;
}

void
zw_obj_info_clear(ZwObjInfo *info)
{
        if (info == NULL)
                return;
        g_clear_pointer(&info->name, g_free);
        g_clear_pointer(&info->version, g_free);
        g_clear_pointer(&info->short_desc, g_free);
        g_clear_pointer(&info->description, g_free);
        g_clear_pointer(&info->path, g_free);
        g_clear_pointer(&info->filename, g_free);
}

void
zw_obj_info_copy(ZwObjInfo *dst, const ZwObjInfo *src)
{
        g_return_if_fail(dst != NULL && src != NULL);
        dst->kind = src->kind;
        dst->name = g_strdup(src->name);
        dst->version = g_strdup(src->version);
        dst->short_desc = g_strdup(src->short_desc);
        dst->description = g_strdup(src->description);
        dst->path = g_strdup(src->path);
        dst->filename = g_strdup(src->filename);
        dst->builtin = src->builtin;
        dst->is_default = src->is_default;
}

gboolean
zw_obj_info_equal(const ZwObjInfo *a, const ZwObjInfo *b)
{
        return a->kind == b->kind && g_strcmp0(a->version, b->version) == 0 &&
               g_strcmp0(a->short_desc, b->short_desc) == 0 &&
               g_strcmp0(a->description, b->description) == 0;
}

void
zw_obj_info_set_name(ZwObjInfo *info, const char *name)
{
        g_return_if_fail(info != NULL && name != NULL);
        g_free(info->name);
        g_free(info->filename);
        info->name = g_strdup(name);
        info->filename = g_strdup_printf("%s.xml", name);
}

gpointer
zw_object_dup(gconstpointer object)
{
        const ZwObjInfo *info = object;

        g_return_val_if_fail(object != NULL, NULL);
        switch (info->kind) {
        case ZW_KIND_ZONE:
                return zw_zone_dup(object);
        case ZW_KIND_SERVICE:
                return zw_service_dup(object);
        case ZW_KIND_POLICY:
                return zw_policy_dup(object);
        case ZW_KIND_ICMPTYPE:
                return zw_icmptype_dup(object);
        case ZW_KIND_HELPER:
                return zw_helper_dup(object);
        case ZW_KIND_IPSET:
                return zw_ipset_dup(object);
        case ZW_KIND_N:
        default:
                g_return_val_if_reached(NULL);
        }
}

void
zw_object_free(gpointer object)
{
        ZwObjInfo *info = object;

        if (object == NULL)
                return;
        switch (info->kind) {
        case ZW_KIND_ZONE:
                zw_zone_free(object);
                break;
        case ZW_KIND_SERVICE:
                zw_service_free(object);
                break;
        case ZW_KIND_POLICY:
                zw_policy_free(object);
                break;
        case ZW_KIND_ICMPTYPE:
                zw_icmptype_free(object);
                break;
        case ZW_KIND_HELPER:
                zw_helper_free(object);
                break;
        case ZW_KIND_IPSET:
                zw_ipset_free(object);
                break;
        case ZW_KIND_N:
        default:
                g_return_if_reached();
        }
}

gboolean
zw_object_equal(gconstpointer a, gconstpointer b)
{
        const ZwObjInfo *ia = a;
        const ZwObjInfo *ib = b;

        if (a == b)
                return TRUE;
        if (a == NULL || b == NULL || ia->kind != ib->kind)
                return FALSE;
        switch (ia->kind) {
        case ZW_KIND_ZONE:
                return zw_zone_equal(a, b);
        case ZW_KIND_SERVICE:
                return zw_service_equal(a, b);
        case ZW_KIND_POLICY:
                return zw_policy_equal(a, b);
        case ZW_KIND_ICMPTYPE:
                return zw_icmptype_equal(a, b);
        case ZW_KIND_HELPER:
                return zw_helper_equal(a, b);
        case ZW_KIND_IPSET:
                return zw_ipset_equal(a, b);
        case ZW_KIND_N:
        default:
                g_return_val_if_reached(FALSE);
        }
}

/* helpers for the object modules: string lists compared in order */
gboolean
zw_strv_array_equal(const GPtrArray *a, const GPtrArray *b)
{
        if (a->len != b->len)
                return FALSE;
        for (guint i = 0; i < a->len; i++)
                if (g_strcmp0(g_ptr_array_index(a, i), g_ptr_array_index(b, i)) != 0)
                        return FALSE;
        return TRUE;
}

GPtrArray *
zw_strv_array_dup(const GPtrArray *src)
{
        GPtrArray *dst = g_ptr_array_new_full(src->len, g_free);

        for (guint i = 0; i < src->len; i++)
                g_ptr_array_add(dst, g_strdup(g_ptr_array_index(src, i)));
        return dst;
}

gboolean
zw_strv_array_contains(const GPtrArray *a, const char *s)
{
        for (guint i = 0; i < a->len; i++)
                if (g_strcmp0(g_ptr_array_index(a, i), s) == 0)
                        return TRUE;
        return FALSE;
}

GPtrArray *
zw_ptr_array_dup(const GPtrArray *src, ZwDupFunc copy, GDestroyNotify free_func)
{
        GPtrArray *dst = g_ptr_array_new_full(src->len, free_func);

        for (guint i = 0; i < src->len; i++)
                g_ptr_array_add(dst, copy(g_ptr_array_index(src, i)));
        return dst;
}

gboolean
zw_ptr_array_equal(const GPtrArray *a, const GPtrArray *b, GEqualFunc equal)
{
        if (a->len != b->len)
                return FALSE;
        for (guint i = 0; i < a->len; i++)
                if (!equal(g_ptr_array_index(a, i), g_ptr_array_index(b, i)))
                        return FALSE;
        return TRUE;
}
