/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/runtime.h: the runtime state: a working copy of the config plus runtime-only switches */
#pragma once

#include <glib.h>

#include "core/tree.h"

G_BEGIN_DECLS

typedef struct {
        ZwTree *tree;         /* runtime objects (zones, policies, ipsets with live entries, ...) */
        char *default_zone;   /* runtime default zone */
        char *log_denied;     /* all|unicast|broadcast|multicast|off */
        gboolean panic;       /* panic mode: drop everything, survives reload */
        gboolean lockdown;    /* runtime lockdown switch */
} ZwRuntime;

/* runtime from a (validated) permanent tree: deep copy, switches from its firewalld.conf;
 * combined zones "dir/file" become one runtime zone "dir" (zw_zone_merge) */
ZwRuntime *zw_runtime_new(const ZwTree *permanent);
void zw_runtime_free(ZwRuntime *rt);
ZwRuntime *zw_runtime_dup(const ZwRuntime *rt);

/* "" means the default zone; returns the real name (borrowed) or NULL + INVALID_ZONE */
const char *zw_runtime_resolve_zone(const ZwRuntime *rt, const char *zone, GError **error);
/* INVALID_ZONE, ZONE_ALREADY_SET */
gboolean zw_runtime_set_default_zone(ZwRuntime *rt, const char *zone, GError **error);
/* zones with interfaces or sources bound, sorted (borrowed names) */
GPtrArray *zw_runtime_active_zones(const ZwRuntime *rt);
/* a zone is active when bound, or it is the default zone */
gboolean zw_runtime_zone_is_used(const ZwRuntime *rt, const char *zone);
/* a policy is active when all its ingress and egress zones are active (ANY/HOST always) */
gboolean zw_runtime_policy_is_active(const ZwRuntime *rt, const char *policy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwRuntime, zw_runtime_free)

G_END_DECLS
