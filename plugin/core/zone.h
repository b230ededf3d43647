/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/zone.h: zones, their bindings and contents */
#pragma once

#include <glib.h>

#include "core/object.h"
#include "core/port.h"
#include "core/richrule.h"

G_BEGIN_DECLS

typedef struct {
        ZwObjInfo info;                 /* kind ZW_KIND_ZONE */
        char *target;                   /* "default" | "ACCEPT" | "DROP" | "%%REJECT%%" */
        GPtrArray *services;            /* char *, in order added */
        GPtrArray *ports;               /* ZwPort * */
        GPtrArray *protocols;           /* char * */
        GPtrArray *icmp_blocks;         /* char * */
        gboolean masquerade;
        GPtrArray *forward_ports;       /* ZwForwardPort * */
        GPtrArray *source_ports;        /* ZwPort * */
        GPtrArray *rules;               /* ZwRichRule * */
        GPtrArray *interfaces;          /* char * */
        GPtrArray *sources;             /* char *: address[/mask], MAC or "ipset:NAME" */
        gboolean icmp_block_inversion;
        gboolean forward;               /* <forward/>: intra-zone forwarding */
} ZwZone;

ZwZone *zw_zone_new(const char *name);
void zw_zone_free(ZwZone *zone);
ZwZone *zw_zone_dup(const ZwZone *zone);
gboolean zw_zone_equal(const ZwZone *a, const ZwZone *b);

/* Additions */
/* "{chain}_{zone}" and NULL -> "default"; anything else unchanged */
const char *zw_zone_normalize_target(const char *target);
/* default|ACCEPT|%%REJECT%%|DROP (or "{chain}_{zone}"), else INVALID_TARGET
 * "Zone '<zone>': invalid target '<t>'" */
gboolean zw_zone_check_target(const char *zone, const char *target, GError **error);
/* everything checkable without the rest of the config: name, target, ports, protocols,
 * forward ports, source ports, rich rules (structure), interfaces, sources (syntax) */
gboolean zw_zone_check(const ZwZone *zone, GError **error);

/* combined zones: union of src's lists into dst (no duplicates), OR of the booleans; target,
 * texts and name of dst are kept */
void zw_zone_merge(ZwZone *dst, const ZwZone *src);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwZone, zw_zone_free)

G_END_DECLS
