/* SPDX-License-Identifier: GPL-2.0-or-later */
/* insight/explain.h: which zone and which rule decide a packet to this host, and why */
#pragma once

#include <glib.h>

#include "core/runtime.h"

G_BEGIN_DECLS

/* A new connection (conntrack state NEW) arriving for this host (filter INPUT). */
typedef struct {
        const char *iface;     /* ingress interface, NULL: unknown */
        const char *src;       /* source address, NULL: unknown */
        const char *dst;       /* destination address, NULL: unknown */
        const char *mac;       /* source MAC, NULL: unknown */
        const char *proto;     /* tcp|udp|sctp|dccp|icmp|ipv6-icmp or a protocol name/number */
        guint dport;           /* 0: none */
        guint sport;           /* 0: none */
        const char *icmp_type; /* firewalld icmptype name; NULL: echo-request for ICMP */
} ZwPacket;

typedef enum {
        ZW_VERDICT_ACCEPT,
        ZW_VERDICT_REJECT,
        ZW_VERDICT_DROP,
} ZwVerdict;

typedef struct {
        ZwVerdict verdict;
        char *zone;      /* zone that handled the packet, NULL when decided before dispatch */
        char *policy;    /* policy that decided, NULL if the zone did */
        char *decided_by;/* "service 'ssh' (22/tcp)", "target default", "rich rule '...'" */
        char *chain;     /* nft chain holding the deciding rule ("filter_IN_public_allow") */
        gboolean limited;/* the deciding rule has a limit: over it the packet falls through */
        GPtrArray *reasons; /* char *, the reasoning from first to last step */
        GPtrArray *logs;    /* char *, log/audit/nflog rules the packet passes on its way */
} ZwExplanation;

/* Pure: no I/O, no kernel. Errors: INVALID_ADDR (src/dst/mac), INVALID_PROTOCOL,
 * INVALID_PORT (> 65535), INVALID_ICMPTYPE (unknown name with a tree that has icmptypes). */
ZwExplanation *zw_explain(const ZwRuntime *rt, const ZwPacket *pkt, GError **error);
void zw_explanation_free(ZwExplanation *ex);

/* "accept" | "reject" | "drop" */
const char *zw_verdict_to_string(ZwVerdict verdict);
/* several lines for people: verdict line, then "  because ..." lines */
char *zw_explanation_to_string(const ZwExplanation *ex);
/* {"verdict","zone","policy","decided_by","chain","limited","reasons":[],"logs":[]} */
char *zw_explanation_to_json(const ZwExplanation *ex);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwExplanation, zw_explanation_free)

G_END_DECLS
