/* SPDX-License-Identifier: GPL-2.0-or-later */
/* daemon/firewall.c: load the trees, compile, apply to the kernel, write firewalld.conf */
#include "config.h"

#include "daemon/firewall.h"
#include "xml/load.h"
#include "xml/write.h"

ZwFirewall *
zw_firewall_new(const char *admin_dir, const char *builtin_dir, const char *stock_dir,
                const char *table)
{
        ZwFirewall *fw = g_new0(ZwFirewall, 1);

        fw->admin_dir = g_strdup(admin_dir);
        fw->builtin_dir = g_strdup(builtin_dir);
        fw->stock_dir = g_strdup(stock_dir);
        fw->table = g_strdup(table);
        return fw;
}

void
zw_firewall_free(ZwFirewall *fw)
{
        if (fw == NULL)
                return;
        zw_nft_plan_free(fw->applied);
        zw_nft_applier_free(fw->applier);
        g_free(fw->admin_dir);
        g_free(fw->builtin_dir);
        g_free(fw->stock_dir);
        g_free(fw->table);
        g_free(fw);
}

ZwTree *
zw_firewall_load(ZwFirewall *fw, gboolean admin, GError **error)
{
        g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(ZwTree) tree = NULL;

        tree = zw_load_tree(fw->stock_dir, fw->builtin_dir, admin ? fw->admin_dir : NULL,
                            warnings, error);
        for (guint i = 0; i < warnings->len; i++)
                g_warning("%s", (const char *)g_ptr_array_index(warnings, i));
        return g_steal_pointer(&tree); /* checked as a whole by the loader */
}

static ZwNftPlan *
compile(ZwFirewall *fw, const ZwRuntime *rt, GError **error)
{
        ZwNftOptions opts;

        zw_nft_options_init(&opts);
        opts.table_name = fw->table;
        opts.ipv6_rpfilter = zw_conf_get_bool(rt->tree->conf, "IPv6_rpfilter");
        opts.rfc3964_ipv4 = zw_conf_get_bool(rt->tree->conf, "RFC3964_IPv4");
        return zw_nft_compile(rt, &opts, error);
}

gboolean
zw_firewall_apply(ZwFirewall *fw, const ZwRuntime *rt, GError **error)
{
        g_autoptr(ZwNftPlan) plan = compile(fw, rt, error);

        if (plan == NULL)
                return FALSE;
        if (fw->applier == NULL) {
                fw->applier = zw_nft_applier_new(fw->table, error);
                if (fw->applier == NULL)
                        return FALSE;
        }
        if (!zw_nft_load_modules(zw_nft_plan_modules(plan), error))
                return FALSE;
        if (fw->applied == NULL ? !zw_nft_apply_full(fw->applier, plan, error)
                                : !zw_nft_apply_diff(fw->applier, fw->applied, plan, error))
                return FALSE;
        zw_nft_plan_free(fw->applied);
        fw->applied = g_steal_pointer(&plan);
        return TRUE;
}

gboolean
zw_firewall_set_panic(ZwFirewall *fw, gboolean enable, GError **error)
{
        if (fw->applier == NULL) {
                fw->applier = zw_nft_applier_new(fw->table, error);
                if (fw->applier == NULL)
                        return FALSE;
        }
        return zw_nft_set_panic(fw->applier, enable, error);
}

gboolean
zw_firewall_write_conf(ZwFirewall *fw, const ZwConf *conf, GError **error)
{
        g_autofree char *path = g_build_filename(fw->admin_dir, "firewalld.conf", NULL);

        /* atomic, previous file kept as .old, comments kept (xml/write.h) */
        return zw_xml_write_conf(conf, path, NULL, error);
}

gboolean
zw_firewall_cleanup(ZwFirewall *fw, GError **error)
{
        if (fw->applier == NULL)
                return TRUE;
        if (!zw_nft_remove_all(fw->applier, error))
                return FALSE;
        zw_nft_plan_free(g_steal_pointer(&fw->applied));
        return TRUE;
}

static gboolean
backend_write_object(gpointer data, gpointer object, GError **error)
{
        ZwFirewall *fw = data;
        ZwObjInfo *info = object;
        g_autofree char *path = NULL;

        if (!zw_xml_write_object(object, fw->admin_dir, error))
                return FALSE;
        path = zw_xml_object_path(fw->admin_dir, info->kind, info->name);
        g_free(info->path);
        g_free(info->filename);
        info->path = g_path_get_dirname(path);
        info->filename = g_path_get_basename(path);
        return TRUE;
}

static gboolean
backend_remove_object(gpointer data, ZwKind kind, const char *name, GError **error)
{
        ZwFirewall *fw = data;

        return zw_xml_remove_object(kind, name, fw->admin_dir, error);
}

static gboolean
backend_apply(gpointer data, const ZwRuntime *rt, GError **error)
{
        return zw_firewall_apply(data, rt, error);
}

static gboolean
backend_set_panic(gpointer data, gboolean enable, GError **error)
{
        return zw_firewall_set_panic(data, enable, error);
}

static ZwTree *
backend_load(gpointer data, GError **error)
{
        return zw_firewall_load(data, TRUE, error);
}

static gboolean
backend_write_conf(gpointer data, const ZwConf *conf, GError **error)
{
        return zw_firewall_write_conf(data, conf, error);
}

const ZwDbusBackend zw_firewall_backend = {
        .apply = backend_apply,
        .set_panic = backend_set_panic,
        .load = backend_load,
        .write_conf = backend_write_conf,
        .write_object = backend_write_object,
        .remove_object = backend_remove_object,
};
