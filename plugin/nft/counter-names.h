/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nft/counter-names.h: names of the counters the compiler attaches (shared with the reader) */
#pragma once

/* Header only: the compiler (nft), the reader (nft apply side) and the mapping back to the
 * model (insight) must agree on these names, and insight links no nft library.
 *
 * Named counter objects (nft `counter NAME { }`), OWNER = "zone.Z" or "policy.P":
 *   OWNER.in          packets entering the owner's filter chain (new connections: established
 *                     and related traffic is accepted before any zone or policy chain)
 *   OWNER.target      packets that end at the owner's target (reject/drop/accept rule at the
 *                     end of the chain; not for target CONTINUE)
 *   OWNER.rule.HASH   packets that take a rich rule's action (after its limit); HASH is the
 *                     first 12 hex digits of the SHA-256 of the rule's canonical text, so the
 *                     name stays when other rules come and go or priorities change
 *   OWNER.service.S   packets accepted for the ports of service S that has a destination
 *                     address (those are rules, not elements of the port set)
 * Per-element counters (`counter` in the set declaration): the set zone_Z_ports (and
 * policy_P_ports) of `meta l4proto . th dport` elements counts per (protocol, port), which
 * the reader reports under the key "@SET/PROTO/PORT" with numbers ("@zone_public_ports/6/22").
 * The names use only characters nft accepts unquoted in object names. */

#include <glib.h>

#include "core/richrule.h"

G_BEGIN_DECLS

/* packets and bytes of one counter, as read from the kernel */
typedef struct {
        guint64 packets;
        guint64 bytes;
} ZwNftCount;

static inline char *
zw_nft_counter_name(gboolean zone, const char *owner, const char *what)
{
        return g_strdup_printf("%s.%s.%s", zone ? "zone" : "policy", owner, what);
}

static inline char *
zw_nft_counter_rule_name(gboolean zone, const char *owner, const ZwRichRule *rule)
{
        g_autofree char *text = zw_rich_rule_to_string(rule);
        g_autofree char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, text, -1);

        return g_strdup_printf("%s.%s.rule.%.12s", zone ? "zone" : "policy", owner, sum);
}

static inline char *
zw_nft_counter_service_name(gboolean zone, const char *owner, const char *service)
{
        return g_strdup_printf("%s.%s.service.%s", zone ? "zone" : "policy", owner, service);
}

/* the set whose elements carry per-port counters (as the compiler names it) */
static inline char *
zw_nft_counter_port_set(gboolean zone, const char *owner)
{
        return g_strdup_printf("%s_%s_ports", zone ? "zone" : "policy", owner);
}

/* the reader's key of one element counter of that set */
static inline char *
zw_nft_counter_elem_key(const char *set, guint8 proto, guint16 port)
{
        return g_strdup_printf("@%s/%u/%u", set, (guint)proto, (guint)port);
}

G_END_DECLS
