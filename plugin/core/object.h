/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/object.h: what every firewalld config object has: kind, name, texts, origin */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
        ZW_KIND_ZONE,
        ZW_KIND_SERVICE,
        ZW_KIND_POLICY,
        ZW_KIND_ICMPTYPE,
        ZW_KIND_HELPER,
        ZW_KIND_IPSET,
        ZW_KIND_N,
} ZwKind;

/* "zone", "service", "policy", "icmptype", "helper", "ipset" (D-Bus paths, root elements) */
const char *zw_kind_name(ZwKind kind);
/* "zones", "services", ... (sub-directory of a config tree) */
const char *zw_kind_dir(ZwKind kind);
/* INVALID_ZONE, INVALID_SERVICE, ... : the code firewalld uses for an unknown/invalid object */
int zw_kind_invalid_code(ZwKind kind);
/* BUILTIN_ZONE, BUILTIN_SERVICE, ... : the code for removing a builtin object */
int zw_kind_builtin_code(ZwKind kind);

/* Header shared by ZwZone, ZwService, ...; always the first member, so a pointer to any object
 * is a pointer to its ZwObjInfo. */
typedef struct {
        ZwKind kind;
        char *name;        /* file name without .xml; "dir/file" for combined zones */
        char *version;     /* root element's version attribute, NULL if absent */
        char *short_desc;  /* <short>, NULL if absent */
        char *description; /* <description>, NULL if absent */
        char *path;        /* directory it was loaded from, NULL if never on disk */
        char *filename;    /* "public.xml" */
        gboolean builtin;    /* loaded from the builtin tree (D-Bus property builtin) */
        gboolean is_default; /* FALSE only for an admin override of a builtin (property default) */
} ZwObjInfo;

void zw_obj_info_init(ZwObjInfo *info, ZwKind kind, const char *name);
void zw_obj_info_clear(ZwObjInfo *info);
void zw_obj_info_copy(ZwObjInfo *dst, const ZwObjInfo *src);

/* Generic operations dispatched on info->kind */
gpointer zw_object_dup(gconstpointer object);
void zw_object_free(gpointer object);
/* TRUE if both objects have equal settings (origin fields ignored) */
gboolean zw_object_equal(gconstpointer a, gconstpointer b);

/* Additions (after the original contract) */
/* "zone" -> ZW_KIND_ZONE; FALSE if unknown */
gboolean zw_kind_from_name(const char *name, ZwKind *out_kind);
/* version, short, description equal (origin fields ignored) */
gboolean zw_obj_info_equal(const ZwObjInfo *a, const ZwObjInfo *b);
/* sets name and filename ("name.xml") */
void zw_obj_info_set_name(ZwObjInfo *info, const char *name);

/* list helpers used by the object modules */
gboolean zw_strv_array_equal(const GPtrArray *a, const GPtrArray *b);
GPtrArray *zw_strv_array_dup(const GPtrArray *src);
gboolean zw_strv_array_contains(const GPtrArray *a, const char *s);
typedef gpointer (*ZwDupFunc)(gconstpointer src);
GPtrArray *zw_ptr_array_dup(const GPtrArray *src, ZwDupFunc copy, GDestroyNotify free_func);
gboolean zw_ptr_array_equal(const GPtrArray *a, const GPtrArray *b, GEqualFunc equal);

G_END_DECLS
