/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/zone.c: zones, their bindings and contents */
#include "config.h"

#include <string.h>

#include "core/zone.h"

#include "core/check.h"
#include "core/error.h"

ZwZone *
zw_zone_new(const char *name)
{
        ZwZone *zone = g_new0(ZwZone, 1);

        zw_obj_info_init(&zone->info, ZW_KIND_ZONE, name);
        zone->target = g_strdup("default");
        zone->services = g_ptr_array_new_with_free_func(g_free);
        zone->ports = g_ptr_array_new_with_free_func((GDestroyNotify)zw_port_free);
        zone->protocols = g_ptr_array_new_with_free_func(g_free);
        zone->icmp_blocks = g_ptr_array_new_with_free_func(g_free);
        zone->forward_ports = g_ptr_array_new_with_free_func((GDestroyNotify)zw_forward_port_free);
        zone->source_ports = g_ptr_array_new_with_free_func((GDestroyNotify)zw_port_free);
        zone->rules = g_ptr_array_new_with_free_func((GDestroyNotify)zw_rich_rule_free);
        zone->interfaces = g_ptr_array_new_with_free_func(g_free);
        zone->sources = g_ptr_array_new_with_free_func(g_free);
        return zone;
}

void
zw_zone_free(ZwZone *zone)
{
        if (zone == NULL)
                return;
        zw_obj_info_clear(&zone->info);
        g_free(zone->target);
        g_ptr_array_unref(zone->services);
        g_ptr_array_unref(zone->ports);
        g_ptr_array_unref(zone->protocols);
        g_ptr_array_unref(zone->icmp_blocks);
        g_ptr_array_unref(zone->forward_ports);
        g_ptr_array_unref(zone->source_ports);
        g_ptr_array_unref(zone->rules);
        g_ptr_array_unref(zone->interfaces);
        g_ptr_array_unref(zone->sources);
        g_free(zone);
}

ZwZone *
zw_zone_dup(const ZwZone *zone)
{
        ZwZone *dup;

        g_return_val_if_fail(zone != NULL, NULL);
        dup = g_new0(ZwZone, 1);
        zw_obj_info_copy(&dup->info, &zone->info);
        dup->target = g_strdup(zone->target);
        dup->services = zw_strv_array_dup(zone->services);
        dup->ports = zw_ptr_array_dup(zone->ports, (ZwDupFunc)zw_port_dup,
                                      (GDestroyNotify)zw_port_free);
        dup->protocols = zw_strv_array_dup(zone->protocols);
        dup->icmp_blocks = zw_strv_array_dup(zone->icmp_blocks);
        dup->masquerade = zone->masquerade;
        dup->forward_ports = zw_ptr_array_dup(zone->forward_ports, (ZwDupFunc)zw_forward_port_dup,
                                              (GDestroyNotify)zw_forward_port_free);
        dup->source_ports = zw_ptr_array_dup(zone->source_ports, (ZwDupFunc)zw_port_dup,
                                             (GDestroyNotify)zw_port_free);
        dup->rules = zw_ptr_array_dup(zone->rules, (ZwDupFunc)zw_rich_rule_dup,
                                      (GDestroyNotify)zw_rich_rule_free);
        dup->interfaces = zw_strv_array_dup(zone->interfaces);
        dup->sources = zw_strv_array_dup(zone->sources);
        dup->icmp_block_inversion = zone->icmp_block_inversion;
        dup->forward = zone->forward;
        return dup;
}

gboolean
zw_zone_equal(const ZwZone *a, const ZwZone *b)
{
        g_return_val_if_fail(a != NULL && b != NULL, FALSE);
        return zw_obj_info_equal(&a->info, &b->info) &&
               g_strcmp0(zw_zone_normalize_target(a->target),
                         zw_zone_normalize_target(b->target)) == 0 &&
               zw_strv_array_equal(a->services, b->services) &&
               zw_ptr_array_equal(a->ports, b->ports, (GEqualFunc)zw_port_equal) &&
               zw_strv_array_equal(a->protocols, b->protocols) &&
               zw_strv_array_equal(a->icmp_blocks, b->icmp_blocks) &&
               a->masquerade == b->masquerade &&
               zw_ptr_array_equal(a->forward_ports, b->forward_ports,
                                  (GEqualFunc)zw_forward_port_equal) &&
               zw_ptr_array_equal(a->source_ports, b->source_ports, (GEqualFunc)zw_port_equal) &&
               zw_ptr_array_equal(a->rules, b->rules, (GEqualFunc)zw_rich_rule_equal) &&
               zw_strv_array_equal(a->interfaces, b->interfaces) &&
               zw_strv_array_equal(a->sources, b->sources) &&
               a->icmp_block_inversion == b->icmp_block_inversion && a->forward == b->forward;
}

const char *
zw_zone_normalize_target(const char *target)
{
        /* firewalld stores "default" as "{chain}_{zone}" and accepts both spellings */
        if (target == NULL || strcmp(target, "{chain}_{zone}") == 0)
                return "default";
        return target;
}

gboolean
zw_zone_check_target(const char *zone, const char *target, GError **error)
{
        static const char *const ok[] = { "default", "ACCEPT", "%%REJECT%%", "DROP" };
        const char *t = zw_zone_normalize_target(target);

        for (gsize i = 0; i < G_N_ELEMENTS(ok); i++)
                if (strcmp(t, ok[i]) == 0)
                        return TRUE;
        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_TARGET, "Zone '%s': invalid target '%s'",
                    zone, target);
        return FALSE;
}

gboolean
zw_zone_check(const ZwZone *zone, GError **error)
{
        g_return_val_if_fail(zone != NULL, FALSE);
        if (!zw_check_name(ZW_KIND_ZONE, zone->info.name, error))
                return FALSE;
        if (!zw_zone_check_target(zone->info.name, zone->target, error))
                return FALSE;
        if (!zw_check_contents(zone->ports, zone->protocols, zone->forward_ports,
                               zone->source_ports, zone->rules, error))
                return FALSE;
        for (guint i = 0; i < zone->interfaces->len; i++)
                if (!zw_check_interface(g_ptr_array_index(zone->interfaces, i), error))
                        return FALSE;
        for (guint i = 0; i < zone->sources->len; i++)
                if (!zw_check_source(g_ptr_array_index(zone->sources, i), error))
                        return FALSE;
        return TRUE;
}

static void
merge_strings(GPtrArray *dst, const GPtrArray *src)
{
        for (guint i = 0; i < src->len; i++)
                if (!zw_strv_array_contains(dst, g_ptr_array_index(src, i)))
                        g_ptr_array_add(dst, g_strdup(g_ptr_array_index(src, i)));
}

static void
merge_ports(GPtrArray *dst, const GPtrArray *src)
{
        for (guint i = 0; i < src->len; i++) {
                const ZwPort *p = g_ptr_array_index(src, i);
                gboolean found = FALSE;
                for (guint j = 0; j < dst->len && !found; j++)
                        found = zw_port_equal(g_ptr_array_index(dst, j), p);
                if (!found)
                        g_ptr_array_add(dst, zw_port_dup(p));
        }
}

void
zw_zone_merge(ZwZone *dst, const ZwZone *src)
{
        g_return_if_fail(dst != NULL && src != NULL);
        merge_strings(dst->services, src->services);
        merge_ports(dst->ports, src->ports);
        merge_strings(dst->protocols, src->protocols);
        merge_strings(dst->icmp_blocks, src->icmp_blocks);
        dst->masquerade = dst->masquerade || src->masquerade;
        for (guint i = 0; i < src->forward_ports->len; i++) {
                const ZwForwardPort *fp = g_ptr_array_index(src->forward_ports, i);
                gboolean found = FALSE;
                for (guint j = 0; j < dst->forward_ports->len && !found; j++)
                        found = zw_forward_port_equal(g_ptr_array_index(dst->forward_ports, j),
                                                      fp);
                if (!found)
                        g_ptr_array_add(dst->forward_ports, zw_forward_port_dup(fp));
        }
        merge_ports(dst->source_ports, src->source_ports);
        for (guint i = 0; i < src->rules->len; i++) {
                const ZwRichRule *r = g_ptr_array_index(src->rules, i);
                gboolean found = FALSE;
                for (guint j = 0; j < dst->rules->len && !found; j++)
                        found = zw_rich_rule_equal(g_ptr_array_index(dst->rules, j), r);
                if (!found)
                        g_ptr_array_add(dst->rules, zw_rich_rule_dup(r));
        }
        merge_strings(dst->interfaces, src->interfaces);
        merge_strings(dst->sources, src->sources);
        dst->icmp_block_inversion = dst->icmp_block_inversion || src->icmp_block_inversion;
        dst->forward = dst->forward || src->forward;
}
