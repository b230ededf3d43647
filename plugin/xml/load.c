/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xml/load.c: a whole configuration tree from the stock, builtin and admin directories */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "xml/load.h"

#include "core/error.h"
#include "xml/read.h"

/* firewalld's check_on_disk_config() order: what others refer to comes first */
static const ZwKind load_order[] = { ZW_KIND_IPSET,   ZW_KIND_HELPER, ZW_KIND_ICMPTYPE,
                                     ZW_KIND_SERVICE, ZW_KIND_ZONE,   ZW_KIND_POLICY };

static gint
compare_names(gconstpointer a, gconstpointer b)
{
        return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* sorted entry names of dir; NULL if it is not a directory (not an error: firewalld skips it) */
static GPtrArray *
list_dir(const char *dir, GError **error)
{
        g_autoptr(GPtrArray) names = NULL;
        g_autoptr(GError) local = NULL;
        g_autoptr(GDir) d = NULL;
        const char *entry;

        if (!g_file_test(dir, G_FILE_TEST_IS_DIR))
                return NULL;
        d = g_dir_open(dir, 0, &local);
        if (d == NULL) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_DIRECTORY, "'%s': %s", dir,
                            local->message);
                return NULL;
        }
        names = g_ptr_array_new_with_free_func(g_free);
        while ((entry = g_dir_read_name(d)) != NULL)
                g_ptr_array_add(names, g_strdup(entry));
        g_ptr_array_sort(names, compare_names);
        return g_steal_pointer(&names);
}

/* "path: detail" unless the detail already names the object ("Zone 'x': ...") */
static void
name_file(GError **error, const char *path, const char *name)
{
        g_autofree char *quoted = name != NULL ? g_strdup_printf("'%s'", name) : NULL;

        if (error == NULL || *error == NULL)
                return;
        if (quoted != NULL && strstr((*error)->message, quoted) != NULL)
                return;
        g_prefix_error(error, "%s: ", path);
}

static void
move_warnings(GPtrArray *warnings, GPtrArray *local, const char *path)
{
        if (warnings == NULL)
                return;
        for (guint i = 0; i < local->len; i++) {
                const char *w = g_ptr_array_index(local, i);
                g_ptr_array_add(warnings, g_strdup_printf("%s: %s", path, w));
        }
}

static gboolean
load_object(ZwTree *tree, ZwKind kind, const char *dir, const char *file, const char *name,
            gboolean builtin, GPtrArray *warnings, GError **error)
{
        g_autofree char *path = g_build_filename(dir, file, NULL);
        g_autoptr(GPtrArray) local = g_ptr_array_new_with_free_func(g_free);
        ZwObjInfo *info;

        info = zw_xml_read_object(kind, name, path, local, error);
        move_warnings(warnings, local, path);
        if (info == NULL) {
                name_file(error, path, name);
                return FALSE;
        }
        info->builtin = builtin;
        if (builtin) {
                info->is_default = TRUE;
                zw_tree_insert_builtin(tree, zw_object_dup(info));
        } else {
                /* an override of a builtin is not "default"; a new user object is */
                info->is_default = zw_tree_lookup(tree, kind, info->name) == NULL;
        }
        zw_tree_insert(tree, info);
        return TRUE;
}

/* admin_dir/zones/<sub>/<file>.xml: permanent zone "<sub>/<file>" (one level only) */
static gboolean
load_combined(ZwTree *tree, const char *dir, const char *sub, GPtrArray *warnings,
              GError **error)
{
        g_autofree char *subdir = g_build_filename(dir, sub, NULL);
        g_autoptr(GPtrArray) files = list_dir(subdir, error);

        if (files == NULL)
                return error == NULL || *error == NULL;
        for (guint i = 0; i < files->len; i++) {
                const char *f = g_ptr_array_index(files, i);
                g_autofree char *name = NULL;

                if (!g_str_has_suffix(f, ".xml"))
                        continue;
                name = g_strdup_printf("%s/%.*s", sub, (int)(strlen(f) - strlen(".xml")), f);
                if (!load_object(tree, ZW_KIND_ZONE, subdir, f, name, FALSE, warnings, error))
                        return FALSE;
        }
        return TRUE;
}

static gboolean
load_kind(ZwTree *tree, ZwKind kind, const char *top, gboolean builtin, GPtrArray *warnings,
          GError **error)
{
        g_autofree char *dir = NULL;
        g_autoptr(GPtrArray) files = NULL;
        g_autoptr(GError) local = NULL;

        if (top == NULL)
                return TRUE;
        dir = g_build_filename(top, zw_kind_dir(kind), NULL);
        files = list_dir(dir, &local);
        if (files == NULL) {
                if (local == NULL)
                        return TRUE;
                g_propagate_error(error, g_steal_pointer(&local));
                return FALSE;
        }
        for (guint i = 0; i < files->len; i++) {
                const char *f = g_ptr_array_index(files, i);

                if (!g_str_has_suffix(f, ".xml")) {
                        g_autofree char *sub = g_build_filename(dir, f, NULL);
                        if (!builtin && kind == ZW_KIND_ZONE &&
                            g_file_test(sub, G_FILE_TEST_IS_DIR) &&
                            !load_combined(tree, dir, f, warnings, error))
                                return FALSE;
                        continue;
                }
                {
                        g_autofree char *name = g_strndup(f, strlen(f) - strlen(".xml"));
                        if (!load_object(tree, kind, dir, f, name, builtin, warnings, error))
                                return FALSE;
                }
        }
        return TRUE;
}

static gboolean
load_admin_files(ZwTree *tree, const char *admin_dir, GPtrArray *warnings, GError **error)
{
        g_autofree char *conf_path = g_build_filename(admin_dir, "firewalld.conf", NULL);
        g_autofree char *direct_path = g_build_filename(admin_dir, "direct.xml", NULL);
        g_autofree char *ld_path = g_build_filename(admin_dir, "lockdown-whitelist.xml", NULL);
        g_autofree char *contents = NULL;
        g_autoptr(GPtrArray) local = g_ptr_array_new_with_free_func(g_free);

        /* a missing or unreadable firewalld.conf means defaults */
        if (g_file_get_contents(conf_path, &contents, NULL, NULL)) {
                zw_conf_free(tree->conf);
                tree->conf = zw_conf_parse(contents, local);
                move_warnings(warnings, local, conf_path);
                g_ptr_array_set_size(local, 0);
        }
        if (g_file_test(direct_path, G_FILE_TEST_EXISTS)) {
                ZwDirect *direct = zw_xml_read_direct(direct_path, local, error);

                move_warnings(warnings, local, direct_path);
                g_ptr_array_set_size(local, 0);
                if (direct == NULL) {
                        g_prefix_error(error, "'%s': ", direct_path);
                        return FALSE;
                }
                zw_direct_free(tree->direct);
                tree->direct = direct;
        }
        if (g_file_test(ld_path, G_FILE_TEST_EXISTS)) {
                ZwLockdown *ld = zw_xml_read_lockdown(ld_path, local, error);

                move_warnings(warnings, local, ld_path);
                if (ld == NULL) {
                        g_prefix_error(error, "'%s': ", ld_path);
                        return FALSE;
                }
                zw_lockdown_free(tree->lockdown);
                tree->lockdown = ld;
        }
        return TRUE;
}

/* zw_tree_check(), naming the file of the object that fails */
static gboolean
check_tree(const ZwTree *tree, GError **error)
{
        gconstpointer failed = NULL;
        const ZwObjInfo *info;
        g_autofree char *path = NULL;

        if (zw_tree_check_all(tree, &failed, error))
                return TRUE;
        info = failed;
        if (info != NULL) {
                path = info->path != NULL ? g_build_filename(info->path, info->filename, NULL)
                                          : g_strdup(info->name);
                name_file(error, path, info->name);
        }
        return FALSE;
}

ZwTree *
zw_load_tree(const char *fallback_dir, const char *builtin_dir, const char *admin_dir,
             GPtrArray *warnings, GError **error)
{
        g_autoptr(ZwTree) tree = zw_tree_new();

        for (guint k = 0; k < G_N_ELEMENTS(load_order); k++) {
                ZwKind kind = load_order[k];

                if (!load_kind(tree, kind, fallback_dir, TRUE, warnings, error) ||
                    !load_kind(tree, kind, builtin_dir, TRUE, warnings, error) ||
                    !load_kind(tree, kind, admin_dir, FALSE, warnings, error))
                        return NULL;
        }
        if (admin_dir != NULL && !load_admin_files(tree, admin_dir, warnings, error))
                return NULL;
        if (!check_tree(tree, error))
                return NULL;
        return g_steal_pointer(&tree);
}

gboolean
zw_load_check_tree(const char *fallback_dir, const char *builtin_dir, const char *admin_dir,
                   GPtrArray *warnings, GError **error)
{
        g_autoptr(ZwTree) tree = zw_load_tree(fallback_dir, builtin_dir, admin_dir, warnings,
                                              error);

        return tree != NULL;
}

static gboolean
kind_from_dir(const char *dir, ZwKind *out_kind)
{
        for (guint k = 0; k < ZW_KIND_N; k++) {
                if (strcmp(dir, zw_kind_dir((ZwKind)k)) == 0) {
                        *out_kind = (ZwKind)k;
                        return TRUE;
                }
        }
        return FALSE;
}

gboolean
zw_load_check_file(const char *path, GPtrArray *warnings, GError **error)
{
        g_autofree char *base = g_path_get_basename(path);
        g_autofree char *dir = g_path_get_dirname(path);
        g_autofree char *parent = g_path_get_basename(dir);
        g_autofree char *grand_dir = g_path_get_dirname(dir);
        g_autofree char *grand = g_path_get_basename(grand_dir);
        g_autofree char *name = NULL;
        g_autofree char *data = NULL;
        g_autoptr(GPtrArray) local = g_ptr_array_new_with_free_func(g_free);
        gpointer obj = NULL;
        gsize len = 0;
        ZwKind kind;

        g_return_val_if_fail(path != NULL, FALSE);
        if (strcmp(base, "firewalld.conf") == 0) {
                g_autoptr(ZwConf) conf = NULL;

                if (!g_file_get_contents(path, &data, NULL, NULL)) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_FILENAME,
                                    "'%s': cannot read", path);
                        return FALSE;
                }
                conf = zw_conf_parse(data, local);
                move_warnings(warnings, local, path);
                return TRUE;
        }
        if (strcmp(base, "direct.xml") == 0) {
                g_autoptr(ZwDirect) direct = zw_xml_read_direct(path, local, error);
                move_warnings(warnings, local, path);
                if (direct == NULL)
                        g_prefix_error(error, "'%s': ", path);
                return direct != NULL;
        }
        if (strcmp(base, "lockdown-whitelist.xml") == 0) {
                g_autoptr(ZwLockdown) ld = zw_xml_read_lockdown(path, local, error);
                move_warnings(warnings, local, path);
                if (ld == NULL)
                        g_prefix_error(error, "'%s': ", path);
                return ld != NULL;
        }
        if (kind_from_dir(parent, &kind)) {
                /* zones/<file>.xml, or a stock-like layout of any kind */
        } else if (strcmp(grand, "zones") == 0 && g_str_has_suffix(base, ".xml")) {
                kind = ZW_KIND_ZONE;
                name = g_strdup_printf("%s/%.*s", parent, (int)(strlen(base) - strlen(".xml")),
                                       base);
        } else if (!g_file_get_contents(path, &data, &len, NULL) ||
                   !zw_xml_detect_kind(data, len, &kind)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_FILENAME,
                            "'%s': not a firewalld configuration file", path);
                return FALSE;
        }
        obj = zw_xml_read_object(kind, name, path, local, error);
        move_warnings(warnings, local, path);
        if (obj == NULL) {
                g_autofree char *oname =
                        name != NULL ? g_strdup(name)
                                     : g_str_has_suffix(base, ".xml")
                                               ? g_strndup(base, strlen(base) - strlen(".xml"))
                                               : NULL;
                name_file(error, path, oname);
                return FALSE;
        }
        zw_object_free(obj);
        return TRUE;
}
