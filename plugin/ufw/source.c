/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ufw/source.c: the services, helpers and RPC side files zonewall-ufw-gen reads */
#include "config.h"

#include <string.h>

#include "core/helper.h"
#include "core/policy.h"
#include "core/service.h"
#include "core/zone.h"
#include "rpc/spec.h"
#include "ufw/source.h"
#include "xml/read.h"

ZwUfwSource *
zw_ufw_source_new(void)
{
        ZwUfwSource *src = g_new0(ZwUfwSource, 1);

        src->services = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) zw_service_free);
        src->helpers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) zw_helper_free);
        src->zones = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) zw_zone_free);
        src->policies = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) zw_policy_free);
        src->rpc = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        src->targets = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        src->errors = g_ptr_array_new_with_free_func(g_free);
        src->warnings = g_ptr_array_new_with_free_func(g_free);
        return src;
}

void
zw_ufw_source_free(ZwUfwSource *src)
{
        if (src == NULL)
                return;
        g_hash_table_unref(src->services);
        g_hash_table_unref(src->helpers);
        g_hash_table_unref(src->zones);
        g_hash_table_unref(src->policies);
        g_hash_table_unref(src->rpc);
        g_hash_table_unref(src->targets);
        g_ptr_array_unref(src->errors);
        g_ptr_array_unref(src->warnings);
        g_free(src);
}

static gint
cmp_names(gconstpointer a, gconstpointer b)
{
        return g_strcmp0(*(const char *const *) a, *(const char *const *) b);
}

/* sorted "NAME" of every DIR/NAME.SUFFIX */
static GPtrArray *
list_dir(ZwUfwSource *src, const char *dir, const char *suffix, gboolean missing_ok)
{
        g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GError) error = NULL;
        g_autoptr(GDir) d = g_dir_open(dir, 0, &error);
        const char *f;

        if (d == NULL) {
                g_ptr_array_add(missing_ok ? src->warnings : src->errors,
                                g_strdup(error->message));
                return g_steal_pointer(&names);
        }
        while ((f = g_dir_read_name(d)) != NULL) {
                if (g_str_has_suffix(f, suffix) && strlen(f) > strlen(suffix) && f[0] != '.')
                        g_ptr_array_add(names, g_strndup(f, strlen(f) - strlen(suffix)));
        }
        g_ptr_array_sort(names, cmp_names);
        return g_steal_pointer(&names);
}

static gpointer
read_one(ZwUfwSource *src, ZwKind kind, const char *dir, const char *name)
{
        g_autofree char *file = g_strconcat(name, ".xml", NULL);
        g_autofree char *path = g_build_filename(dir, file, NULL);
        g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GError) error = NULL;
        gpointer obj = zw_xml_read_object(kind, name, path, warnings, &error);

        for (guint i = 0; i < warnings->len; i++)
                g_ptr_array_add(src->warnings,
                                g_strdup_printf("%s: %s", path,
                                                (const char *) g_ptr_array_index(warnings, i)));
        if (obj == NULL)
                g_ptr_array_add(src->errors, g_strdup_printf("%s: %s", path, error->message));
        return obj;
}

/* "mountd, nlockmgr over tcp and udp" */
static char *
describe_rpc(const ZwRpcSpec *spec)
{
        g_autoptr(GString) s = g_string_new(NULL);

        for (guint i = 0; i < spec->names->len; i++)
                g_string_append_printf(s, "%s%s", i > 0 ? ", " : "",
                                       (const char *) g_ptr_array_index(spec->names, i));
        g_string_append(s, " over ");
        if ((spec->transports & ZW_RPC_PROTO_ALL) == ZW_RPC_PROTO_ALL)
                g_string_append(s, "tcp and udp");
        else
                g_string_append(s, (spec->transports & ZW_RPC_PROTO_TCP) ? "tcp" : "udp");
        return g_string_free(g_steal_pointer(&s), FALSE);
}

void
zw_ufw_source_load_services(ZwUfwSource *src, const char *dir, gboolean targets)
{
        g_autoptr(GPtrArray) names = list_dir(src, dir, ".xml", FALSE);
        g_autoptr(GPtrArray) rpcs = list_dir(src, dir, ".rpc", TRUE);

        for (guint i = 0; i < names->len; i++) {
                const char *name = g_ptr_array_index(names, i);
                ZwService *svc = read_one(src, ZW_KIND_SERVICE, dir, name);

                if (svc == NULL)
                        continue;
                g_hash_table_replace(src->services, g_strdup(name), svc);
                g_hash_table_remove(src->rpc, name);
                if (targets)
                        g_hash_table_add(src->targets, g_strdup(name));
        }
        for (guint i = 0; i < rpcs->len; i++) {
                const char *name = g_ptr_array_index(rpcs, i);
                g_autofree char *file = g_strconcat(name, ".rpc", NULL);
                g_autofree char *path = g_build_filename(dir, file, NULL);
                g_autoptr(ZwRpcSpec) spec = NULL;
                g_autoptr(GError) error = NULL;

                if (!g_hash_table_contains(src->services, name)) {
                        g_ptr_array_add(src->warnings,
                                        g_strdup_printf("%s: no service %s.xml next to it", path,
                                                        name));
                        continue;
                }
                /* the follower's own parser: a file zonewalld refuses fails here too */
                if (!zw_rpc_spec_load(path, &spec, &error)) {
                        g_ptr_array_add(src->errors,
                                        g_strdup_printf("%s: %s", path, error->message));
                        continue;
                }
                g_hash_table_replace(src->rpc, g_strdup(name), describe_rpc(spec));
        }
}

static void
load_objects(ZwUfwSource *src, ZwKind kind, const char *dir, GHashTable *into,
             gboolean missing_ok)
{
        g_autoptr(GPtrArray) names = list_dir(src, dir, ".xml", missing_ok);

        for (guint i = 0; i < names->len; i++) {
                const char *name = g_ptr_array_index(names, i);
                gpointer obj = read_one(src, kind, dir, name);

                if (obj != NULL)
                        g_hash_table_replace(into, g_strdup(name), obj);
        }
}

void
zw_ufw_source_load_helpers(ZwUfwSource *src, const char *dir)
{
        /* helpers only name what is lost: a tree without them still gives every profile */
        load_objects(src, ZW_KIND_HELPER, dir, src->helpers, TRUE);
}

void
zw_ufw_source_load_zones(ZwUfwSource *src, const char *dir)
{
        load_objects(src, ZW_KIND_ZONE, dir, src->zones, FALSE);
}

void
zw_ufw_source_load_policies(ZwUfwSource *src, const char *dir)
{
        load_objects(src, ZW_KIND_POLICY, dir, src->policies, FALSE);
}

GPtrArray *
zw_ufw_source_targets(const ZwUfwSource *src)
{
        GPtrArray *names = g_ptr_array_new();
        GHashTableIter it;
        gpointer k;

        g_hash_table_iter_init(&it, src->targets);
        while (g_hash_table_iter_next(&it, &k, NULL))
                g_ptr_array_add(names, k);
        g_ptr_array_sort(names, cmp_names);
        return names;
}
