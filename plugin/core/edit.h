/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/edit.h: add/remove/query of one item of a zone, policy or service, with firewalld's
 * runtime or permanent semantics and error texts */
#pragma once

#include <glib.h>

#include "core/tree.h"

G_BEGIN_DECLS

typedef enum {
        ZW_EDIT_RUNTIME,   /* ranges kept as added, port inside a range = ALREADY_ENABLED,
                              removing a port inside a range splits it;
                              errors "'http' already in 'public'" */
        ZW_EDIT_PERMANENT, /* overlapping ranges coalesced; errors "http", "83:tcp" */
} ZwEditMode;

typedef enum {
        ZW_ITEM_SERVICE,              /* value */
        ZW_ITEM_PORT,                 /* value = port, protocol */
        ZW_ITEM_PROTOCOL,             /* value */
        ZW_ITEM_SOURCE_PORT,          /* value = port, protocol */
        ZW_ITEM_ICMP_BLOCK,           /* value */
        ZW_ITEM_FORWARD_PORT,         /* value = port, protocol, to_port, to_addr */
        ZW_ITEM_MASQUERADE,           /* flag */
        ZW_ITEM_RICH_RULE,            /* value = rule string (any spelling; stored canonical) */
        ZW_ITEM_INTERFACE,            /* value; zones only */
        ZW_ITEM_SOURCE,               /* value; zones only */
        ZW_ITEM_ICMP_BLOCK_INVERSION, /* flag; zones only */
        ZW_ITEM_FORWARD,              /* flag; zones only */
        ZW_ITEM_INGRESS_ZONE,         /* value; policies only */
        ZW_ITEM_EGRESS_ZONE,          /* value; policies only */
        ZW_ITEM_MODULE,               /* value; services only */
        ZW_ITEM_INCLUDE,              /* value; services only */
        ZW_ITEM_HELPER,               /* value; services only */
        ZW_ITEM_ENTRY,                /* value; ipsets only: names a change of entries to
                                         the backend; not an item zw_edit_*() take */
} ZwItemType;

typedef struct {
        ZwItemType type;
        const char *value;
        const char *protocol;
        const char *to_port;
        const char *to_addr;
} ZwItem;

/* Validate the item (INVALID_PORT, INVALID_SERVICE, INVALID_RULE, ...), then add it to object
 * `name` of `kind` (zone, policy or service) in `tree`. ALREADY_ENABLED if present,
 * ZONE_ALREADY_SET / ZONE_CONFLICT for interfaces and sources bound here / elsewhere.
 * On any error the tree is unchanged. */
gboolean zw_edit_add(ZwTree *tree, ZwKind kind, const char *name, const ZwItem *item,
                     ZwEditMode mode, GError **error);
/* NOT_ENABLED if absent (UNKNOWN_INTERFACE / UNKNOWN_SOURCE as firewalld uses them). */
gboolean zw_edit_remove(ZwTree *tree, ZwKind kind, const char *name, const ZwItem *item,
                        ZwEditMode mode, GError **error);
/* membership test with the same matching rules (canonical rich rules, port within range) */
gboolean zw_edit_query(const ZwTree *tree, ZwKind kind, const char *name, const ZwItem *item,
                       gboolean *out_present, GError **error);

/* Additions: query with the validation of a mode: RUNTIME also fails with INVALID_SERVICE /
 * INVALID_ICMPTYPE for unknown names (runtime queryService, queryIcmpBlock); zw_edit_query()
 * is the PERMANENT variant (unknown names are simply absent) */
gboolean zw_edit_query_mode(const ZwTree *tree, ZwKind kind, const char *name,
                            const ZwItem *item, ZwEditMode mode, gboolean *out_present,
                            GError **error);

/* zone of an interface / source, or NULL if unbound */
const char *zw_tree_zone_of_interface(const ZwTree *tree, const char *iface);
const char *zw_tree_zone_of_source(const ZwTree *tree, const char *source);

G_END_DECLS
