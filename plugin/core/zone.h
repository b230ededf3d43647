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

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwZone, zw_zone_free)

G_END_DECLS
