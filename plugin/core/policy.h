/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/policy.h: policies between zones (ingress -> egress), incl. HOST and ANY */
#pragma once

#include <glib.h>

#include "core/object.h"
#include "core/port.h"
#include "core/richrule.h"

G_BEGIN_DECLS

typedef struct {
        ZwObjInfo info;                 /* kind ZW_KIND_POLICY */
        char *target;                   /* CONTINUE | ACCEPT | DROP | REJECT */
        int priority;                   /* -32768..32767, not 0; default -1 */
        GPtrArray *services;            /* char * */
        GPtrArray *ports;               /* ZwPort * */
        GPtrArray *protocols;           /* char * */
        GPtrArray *icmp_blocks;         /* char * */
        gboolean masquerade;
        GPtrArray *forward_ports;       /* ZwForwardPort * */
        GPtrArray *source_ports;        /* ZwPort * */
        GPtrArray *rules;               /* ZwRichRule * */
        GPtrArray *ingress_zones;       /* char *: zone names, or exactly one "ANY"/"HOST" */
        GPtrArray *egress_zones;        /* char * */
} ZwPolicy;

ZwPolicy *zw_policy_new(const char *name);
void zw_policy_free(ZwPolicy *policy);
ZwPolicy *zw_policy_dup(const ZwPolicy *policy);
gboolean zw_policy_equal(const ZwPolicy *a, const ZwPolicy *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwPolicy, zw_policy_free)

G_END_DECLS
