/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/icmptype.c: ICMP types and their nft type/code per family */
#include "config.h"

#include <string.h>

#include "core/icmptype.h"

#include "core/check.h"

ZwIcmpType *
zw_icmptype_new(const char *name)
{
        ZwIcmpType *icmptype = g_new0(ZwIcmpType, 1);

        zw_obj_info_init(&icmptype->info, ZW_KIND_ICMPTYPE, name);
        icmptype->ipv4 = TRUE;
        icmptype->ipv6 = TRUE;
        return icmptype;
}

void
zw_icmptype_free(ZwIcmpType *icmptype)
{
        if (icmptype == NULL)
                return;
        zw_obj_info_clear(&icmptype->info);
        g_free(icmptype);
}

ZwIcmpType *
zw_icmptype_dup(const ZwIcmpType *icmptype)
{
        ZwIcmpType *dup;

        g_return_val_if_fail(icmptype != NULL, NULL);
        dup = g_new0(ZwIcmpType, 1);
        zw_obj_info_copy(&dup->info, &icmptype->info);
        dup->ipv4 = icmptype->ipv4;
        dup->ipv6 = icmptype->ipv6;
        dup->destination_given = icmptype->destination_given;
        return dup;
}

gboolean
zw_icmptype_equal(const ZwIcmpType *a, const ZwIcmpType *b)
{
        g_return_val_if_fail(a != NULL && b != NULL, FALSE);
        return zw_obj_info_equal(&a->info, &b->info) && a->ipv4 == b->ipv4 && a->ipv6 == b->ipv6 &&
               a->destination_given == b->destination_given;
}

gboolean
zw_icmptype_check(const ZwIcmpType *icmptype, GError **error)
{
        g_return_val_if_fail(icmptype != NULL, FALSE);
        return zw_check_name(ZW_KIND_ICMPTYPE, icmptype->info.name, error);
}

/* config-formats.md §11.6; NULL type = no mapping for that family, code -1 = any code */
static const struct {
        const char *name;
        const char *v4_type;
        int v4_code;
        const char *v6_type;
        int v6_code;
} icmp_map[] = {
        { "address-unreachable", NULL, -1, "destination-unreachable", 3 },
        { "bad-header", NULL, -1, "parameter-problem", 0 },
        { "beyond-scope", NULL, -1, "destination-unreachable", 2 },
        { "communication-prohibited", "destination-unreachable", 13, "destination-unreachable", 1 },
        { "destination-unreachable", "destination-unreachable", -1, "destination-unreachable", -1 },
        { "echo-reply", "echo-reply", -1, "echo-reply", -1 },
        { "echo-request", "echo-request", -1, "echo-request", -1 },
        { "failed-policy", NULL, -1, "destination-unreachable", 5 },
        { "fragmentation-needed", "destination-unreachable", 4, NULL, -1 },
        { "host-precedence-violation", "destination-unreachable", 14, NULL, -1 },
        { "host-prohibited", "destination-unreachable", 10, NULL, -1 },
        { "host-redirect", "redirect", 1, NULL, -1 },
        { "host-unknown", "destination-unreachable", 7, NULL, -1 },
        { "host-unreachable", "destination-unreachable", 1, NULL, -1 },
        { "ip-header-bad", "parameter-problem", 1, NULL, -1 },
        { "neighbour-advertisement", NULL, -1, "nd-neighbor-advert", -1 },
        { "neighbour-solicitation", NULL, -1, "nd-neighbor-solicit", -1 },
        { "network-prohibited", "destination-unreachable", 8, NULL, -1 },
        { "network-redirect", "redirect", 0, NULL, -1 },
        { "network-unknown", "destination-unreachable", 6, NULL, -1 },
        { "network-unreachable", "destination-unreachable", 0, NULL, -1 },
        { "no-route", NULL, -1, "destination-unreachable", 0 },
        { "packet-too-big", NULL, -1, "packet-too-big", -1 },
        { "parameter-problem", "parameter-problem", -1, "parameter-problem", -1 },
        { "port-unreachable", "destination-unreachable", 3, "destination-unreachable", 4 },
        { "precedence-cutoff", "destination-unreachable", 15, NULL, -1 },
        { "protocol-unreachable", "destination-unreachable", 2, NULL, -1 },
        { "redirect", "redirect", -1, "nd-redirect", -1 },
        { "reject-route", NULL, -1, "destination-unreachable", 6 },
        { "required-option-missing", "parameter-problem", 1, NULL, -1 },
        { "router-advertisement", "router-advertisement", -1, "nd-router-advert", -1 },
        { "router-solicitation", "router-solicitation", -1, "nd-router-solicit", -1 },
        { "source-quench", "source-quench", -1, NULL, -1 },
        { "source-route-failed", "destination-unreachable", 5, NULL, -1 },
        { "time-exceeded", "time-exceeded", -1, "time-exceeded", -1 },
        { "timestamp-reply", "timestamp-reply", -1, NULL, -1 },
        { "timestamp-request", "timestamp-request", -1, NULL, -1 },
        { "tos-host-redirect", "redirect", 3, NULL, -1 },
        { "tos-host-unreachable", "destination-unreachable", 12, NULL, -1 },
        { "tos-network-redirect", "redirect", 2, NULL, -1 },
        { "tos-network-unreachable", "destination-unreachable", 11, NULL, -1 },
        { "ttl-zero-during-reassembly", "time-exceeded", 1, "time-exceeded", 1 },
        { "ttl-zero-during-transit", "time-exceeded", 0, "time-exceeded", 0 },
        { "unknown-header-type", NULL, -1, "parameter-problem", 1 },
        { "unknown-option", NULL, -1, "parameter-problem", 2 },
};

gboolean
zw_icmptype_lookup(const char *name, int family, const char **out_type, int *out_code)
{
        g_return_val_if_fail(family == 4 || family == 6, FALSE);
        if (name == NULL)
                return FALSE;
        for (gsize i = 0; i < G_N_ELEMENTS(icmp_map); i++) {
                const char *type;
                int code;

                if (strcmp(icmp_map[i].name, name) != 0)
                        continue;
                type = family == 4 ? icmp_map[i].v4_type : icmp_map[i].v6_type;
                code = family == 4 ? icmp_map[i].v4_code : icmp_map[i].v6_code;
                if (type == NULL)
                        return FALSE;
                if (out_type != NULL)
                        *out_type = type;
                if (out_code != NULL)
                        *out_code = code;
                return TRUE;
        }
        return FALSE;
}

const char *const *
zw_icmptype_supported(int family)
{
        static const char *v4[G_N_ELEMENTS(icmp_map) + 1];
        static const char *v6[G_N_ELEMENTS(icmp_map) + 1];
        static gsize init = 0;

        g_return_val_if_fail(family == 4 || family == 6, NULL);
        if (g_once_init_enter(&init)) {
                guint n4 = 0, n6 = 0;
                for (gsize i = 0; i < G_N_ELEMENTS(icmp_map); i++) {
                        if (icmp_map[i].v4_type != NULL)
                                v4[n4++] = icmp_map[i].name;
                        if (icmp_map[i].v6_type != NULL)
                                v6[n6++] = icmp_map[i].name;
                }
                g_once_init_leave(&init, 1);
        }
        return family == 4 ? v4 : v6;
}
