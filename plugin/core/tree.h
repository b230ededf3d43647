/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/tree.h: one whole configuration: all objects plus firewalld.conf, direct, lockdown */
#pragma once

#include <glib.h>

#include "core/conf.h"
#include "core/direct.h"
#include "core/helper.h"
#include "core/icmptype.h"
#include "core/ipset.h"
#include "core/lockdown.h"
#include "core/object.h"
#include "core/policy.h"
#include "core/service.h"
#include "core/zone.h"

G_BEGIN_DECLS

typedef struct {
        GHashTable *objects[ZW_KIND_N];  /* name -> object (ZwZone *, ...), owned */
        GHashTable *builtins[ZW_KIND_N]; /* name -> builtin object (also the shadowed ones), owned;
                                            what loadDefaults restores; empty in runtime trees */
        ZwConf *conf;
        ZwDirect *direct;
        ZwLockdown *lockdown;
} ZwTree;

ZwTree *zw_tree_new(void);
void zw_tree_free(ZwTree *tree);
/* deep copy (runtime is a copy of the permanent tree at (re)load) */
ZwTree *zw_tree_dup(const ZwTree *tree);

/* borrowed pointer or NULL */
gpointer zw_tree_lookup(const ZwTree *tree, ZwKind kind, const char *name);
ZwZone *zw_tree_get_zone(const ZwTree *tree, const char *name);
ZwService *zw_tree_get_service(const ZwTree *tree, const char *name);
ZwPolicy *zw_tree_get_policy(const ZwTree *tree, const char *name);
ZwIcmpType *zw_tree_get_icmptype(const ZwTree *tree, const char *name);
ZwHelper *zw_tree_get_helper(const ZwTree *tree, const char *name);
ZwIpset *zw_tree_get_ipset(const ZwTree *tree, const char *name);
/* takes ownership; replaces an object of the same name */
void zw_tree_insert(ZwTree *tree, gpointer object);
gboolean zw_tree_remove(ZwTree *tree, ZwKind kind, const char *name);
/* sorted names, caller frees the array (strings borrowed) */
GPtrArray *zw_tree_names(const ZwTree *tree, ZwKind kind);

/* Whole-tree validation as firewalld's check at load/reload: every object valid, zones and
 * policies reference existing services/icmptypes/ipsets/zones, interfaces and sources bound
 * to one zone only, zone/policy names do not collide. First error wins; the message names the
 * object ("Zone 'badsvc': 'nosuchsvc' not among existing services"). */
gboolean zw_tree_check(const ZwTree *tree, GError **error);
/* the same, also saying which object failed (borrowed) */
gboolean zw_tree_check_all(const ZwTree *tree, gconstpointer *out_failed, GError **error);
/* per-object validation in the context of the tree (used by D-Bus setters) */
gboolean zw_tree_check_object(const ZwTree *tree, gconstpointer object, GError **error);

/* Additions */
/* takes ownership; the builtin copy loadDefaults restores */
void zw_tree_insert_builtin(ZwTree *tree, gpointer object);
gpointer zw_tree_lookup_builtin(const ZwTree *tree, ZwKind kind, const char *name);
/* rich rule references: service (INVALID_SERVICE), icmp type exists and fits the rule family
 * (INVALID_ICMPTYPE), source/destination ipset exists (INVALID_IPSET) */
gboolean zw_tree_check_rule(const ZwTree *tree, const ZwRichRule *rule, GError **error);
/* "ipset:NAME" sources: the ipset exists and its type is usable as a source (INVALID_IPSET);
 * other sources pass */
gboolean zw_tree_check_ipset_source(const ZwTree *tree, const char *source, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwTree, zw_tree_free)

G_END_DECLS
