/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/policy.c: policies between zones (ingress -> egress), incl. HOST and ANY */
#include "config.h"

#include <string.h>

#include "core/policy.h"

#include "core/check.h"
#include "core/error.h"

ZwPolicy *
zw_policy_new(const char *name)
{
        ZwPolicy *policy = g_new0(ZwPolicy, 1);

        zw_obj_info_init(&policy->info, ZW_KIND_POLICY, name);
        policy->target = g_strdup("CONTINUE");
        policy->priority = -1;
        policy->services = g_ptr_array_new_with_free_func(g_free);
        policy->ports = g_ptr_array_new_with_free_func((GDestroyNotify)zw_port_free);
        policy->protocols = g_ptr_array_new_with_free_func(g_free);
        policy->icmp_blocks = g_ptr_array_new_with_free_func(g_free);
        policy->forward_ports =
                g_ptr_array_new_with_free_func((GDestroyNotify)zw_forward_port_free);
        policy->source_ports = g_ptr_array_new_with_free_func((GDestroyNotify)zw_port_free);
        policy->rules = g_ptr_array_new_with_free_func((GDestroyNotify)zw_rich_rule_free);
        policy->ingress_zones = g_ptr_array_new_with_free_func(g_free);
        policy->egress_zones = g_ptr_array_new_with_free_func(g_free);
        return policy;
}

void
zw_policy_free(ZwPolicy *policy)
{
        if (policy == NULL)
                return;
        zw_obj_info_clear(&policy->info);
        g_free(policy->target);
        g_ptr_array_unref(policy->services);
        g_ptr_array_unref(policy->ports);
        g_ptr_array_unref(policy->protocols);
        g_ptr_array_unref(policy->icmp_blocks);
        g_ptr_array_unref(policy->forward_ports);
        g_ptr_array_unref(policy->source_ports);
        g_ptr_array_unref(policy->rules);
        g_ptr_array_unref(policy->ingress_zones);
        g_ptr_array_unref(policy->egress_zones);
        g_free(policy);
}

ZwPolicy *
zw_policy_dup(const ZwPolicy *policy)
{
        ZwPolicy *dup;

        g_return_val_if_fail(policy != NULL, NULL);
        dup = g_new0(ZwPolicy, 1);
        zw_obj_info_copy(&dup->info, &policy->info);
        dup->target = g_strdup(policy->target);
        dup->priority = policy->priority;
        dup->services = zw_strv_array_dup(policy->services);
        dup->ports = zw_ptr_array_dup(policy->ports, (ZwDupFunc)zw_port_dup,
                                      (GDestroyNotify)zw_port_free);
        dup->protocols = zw_strv_array_dup(policy->protocols);
        dup->icmp_blocks = zw_strv_array_dup(policy->icmp_blocks);
        dup->masquerade = policy->masquerade;
        dup->forward_ports = zw_ptr_array_dup(policy->forward_ports,
                                              (ZwDupFunc)zw_forward_port_dup,
                                              (GDestroyNotify)zw_forward_port_free);
        dup->source_ports = zw_ptr_array_dup(policy->source_ports, (ZwDupFunc)zw_port_dup,
                                             (GDestroyNotify)zw_port_free);
        dup->rules = zw_ptr_array_dup(policy->rules, (ZwDupFunc)zw_rich_rule_dup,
                                      (GDestroyNotify)zw_rich_rule_free);
        dup->ingress_zones = zw_strv_array_dup(policy->ingress_zones);
        dup->egress_zones = zw_strv_array_dup(policy->egress_zones);
        return dup;
}

gboolean
zw_policy_equal(const ZwPolicy *a, const ZwPolicy *b)
{
        g_return_val_if_fail(a != NULL && b != NULL, FALSE);
        return zw_obj_info_equal(&a->info, &b->info) && g_strcmp0(a->target, b->target) == 0 &&
               a->priority == b->priority && zw_strv_array_equal(a->services, b->services) &&
               zw_ptr_array_equal(a->ports, b->ports, (GEqualFunc)zw_port_equal) &&
               zw_strv_array_equal(a->protocols, b->protocols) &&
               zw_strv_array_equal(a->icmp_blocks, b->icmp_blocks) &&
               a->masquerade == b->masquerade &&
               zw_ptr_array_equal(a->forward_ports, b->forward_ports,
                                  (GEqualFunc)zw_forward_port_equal) &&
               zw_ptr_array_equal(a->source_ports, b->source_ports, (GEqualFunc)zw_port_equal) &&
               zw_ptr_array_equal(a->rules, b->rules, (GEqualFunc)zw_rich_rule_equal) &&
               zw_strv_array_equal(a->ingress_zones, b->ingress_zones) &&
               zw_strv_array_equal(a->egress_zones, b->egress_zones);
}

gboolean
zw_policy_check_target(const char *policy, const char *target, GError **error)
{
        static const char *const ok[] = { "CONTINUE", "ACCEPT", "DROP", "REJECT" };

        for (gsize i = 0; target != NULL && i < G_N_ELEMENTS(ok); i++)
                if (strcmp(target, ok[i]) == 0)
                        return TRUE;
        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_TARGET, "Policy '%s': invalid target '%s'",
                    policy, target != NULL ? target : "");
        return FALSE;
}

gboolean
zw_policy_check_priority(int priority, GError **error)
{
        if (priority != 0 && priority >= -32768 && priority <= 32767)
                return TRUE;
        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PRIORITY,
                    "%d is invalid priority. Must be in range [-32768, 32767]. "
                    "The following are reserved: [0]",
                    priority);
        return FALSE;
}

static gboolean
is_symbolic(const char *zone)
{
        return g_strcmp0(zone, "ANY") == 0 || g_strcmp0(zone, "HOST") == 0;
}

static gboolean
check_zone_list(const GPtrArray *zones, const char *key, const GPtrArray *other,
                const char *other_key, GError **error)
{
        for (guint i = 0; i < zones->len; i++) {
                const char *z = g_ptr_array_index(zones, i);
                if (is_symbolic(z) ? zones->len > 1 : FALSE) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ZONE,
                                    "'%s' may only contain one of: many regular zones, ANY, or HOST",
                                    key);
                        return FALSE;
                }
                if (!is_symbolic(z) && !zw_check_name(ZW_KIND_ZONE, z, NULL)) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ZONE,
                                    "'%s' not among existing zones", z);
                        return FALSE;
                }
                if (g_strcmp0(z, "HOST") == 0 && zw_strv_array_contains(other, "HOST")) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ZONE,
                                    "'HOST' is invalid. Only one of '%s' and '%s' can be HOST.",
                                    key, other_key);
                        return FALSE;
                }
        }
        return TRUE;
}

gboolean
zw_policy_check(const ZwPolicy *policy, GError **error)
{
        gboolean egress_host, ingress_host;

        g_return_val_if_fail(policy != NULL, FALSE);
        if (!zw_check_name(ZW_KIND_POLICY, policy->info.name, error))
                return FALSE;
        if (!zw_policy_check_target(policy->info.name, policy->target, error))
                return FALSE;
        if (!zw_policy_check_priority(policy->priority, error))
                return FALSE;
        if (!zw_check_contents(policy->ports, policy->protocols, policy->forward_ports,
                               policy->source_ports, policy->rules, error))
                return FALSE;
        if (!check_zone_list(policy->ingress_zones, "ingress_zones", policy->egress_zones,
                             "egress_zones", error))
                return FALSE;
        if (!check_zone_list(policy->egress_zones, "egress_zones", policy->ingress_zones,
                             "ingress_zones", error))
                return FALSE;

        ingress_host = zw_strv_array_contains(policy->ingress_zones, "HOST");
        egress_host = zw_strv_array_contains(policy->egress_zones, "HOST");
        if (policy->masquerade && egress_host) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_ZONE,
                                    "'masquerade' is invalid for egress zone 'HOST'");
                return FALSE;
        }
        if (policy->masquerade && ingress_host) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_ZONE,
                                    "'masquerade' is invalid for ingress zone 'HOST'");
                return FALSE;
        }
        for (guint i = 0; i < policy->rules->len; i++) {
                const ZwRichRule *r = g_ptr_array_index(policy->rules, i);
                if (r->element.type != ZW_RICH_ELEMENT_MASQUERADE)
                        continue;
                if (egress_host || ingress_host) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ZONE,
                                    "'masquerade' is invalid for %s zone 'HOST'",
                                    egress_host ? "egress" : "ingress");
                        return FALSE;
                }
        }
        for (guint i = 0; i < policy->forward_ports->len + policy->rules->len; i++) {
                const char *to_addr;

                if (i < policy->forward_ports->len) {
                        const ZwForwardPort *fp = g_ptr_array_index(policy->forward_ports, i);
                        to_addr = fp->to_addr;
                } else {
                        const ZwRichRule *r =
                                g_ptr_array_index(policy->rules, i - policy->forward_ports->len);
                        if (r->element.type != ZW_RICH_ELEMENT_FORWARD_PORT)
                                continue;
                        to_addr = r->element.to_addr;
                }
                if (egress_host && to_addr != NULL && *to_addr != '\0') {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_FORWARD,
                                            "A 'forward-port' with 'to-addr' is invalid for "
                                            "egress zone 'HOST'");
                        return FALSE;
                }
                if (!egress_host && policy->egress_zones->len > 0 &&
                    (to_addr == NULL || *to_addr == '\0')) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_FORWARD,
                                            "'forward-port' requires 'to-addr' if egress zone is "
                                            "'ANY' or a zone");
                        return FALSE;
                }
        }
        return TRUE;
}
