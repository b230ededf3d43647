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

/* Additions */
/* CONTINUE|ACCEPT|DROP|REJECT, else INVALID_TARGET "Policy '<p>': invalid target '<t>'" */
gboolean zw_policy_check_target(const char *policy, const char *target, GError **error);
/* -32768..32767 without 0, else INVALID_PRIORITY with firewalld's text */
gboolean zw_policy_check_priority(int priority, GError **error);
/* everything checkable without the rest of the config: name, target, priority, ports, ...,
 * ingress/egress combinations (ANY/HOST alone, HOST not on both sides), masquerade and
 * forward-port against HOST/ANY egress (INVALID_ZONE / INVALID_FORWARD) */
gboolean zw_policy_check(const ZwPolicy *policy, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwPolicy, zw_policy_free)

G_END_DECLS
