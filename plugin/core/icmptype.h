/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/icmptype.h: ICMP types and their nft type/code per family */
#pragma once

#include <glib.h>

#include "core/object.h"

G_BEGIN_DECLS

typedef struct {
        ZwObjInfo info;  /* kind ZW_KIND_ICMPTYPE */
        gboolean ipv4;   /* destination families; both TRUE when <destination> is absent */
        gboolean ipv6;
        /* the file (or D-Bus tuple) listed families explicitly; firewalld reports an empty
         * destination list for "both by omission" and the listed ones otherwise */
        gboolean destination_given;
} ZwIcmpType;

ZwIcmpType *zw_icmptype_new(const char *name);
void zw_icmptype_free(ZwIcmpType *icmptype);
ZwIcmpType *zw_icmptype_dup(const ZwIcmpType *icmptype);
gboolean zw_icmptype_equal(const ZwIcmpType *a, const ZwIcmpType *b);

/* Built-in name -> (type, code) map of config-formats.md §11.6. family 4 or 6.
 * out_type gets the nft type name ("destination-unreachable"), out_code the code or -1.
 * FALSE if the name has no mapping for that family (unsupported: ignored in zones). */
gboolean zw_icmptype_lookup(const char *name, int family, const char **out_type, int *out_code);
/* names supported per family (IPv4ICMPTypes / IPv6ICMPTypes properties), NULL-terminated */
const char *const *zw_icmptype_supported(int family);

/* Additions: name check (INVALID_NAME) */
gboolean zw_icmptype_check(const ZwIcmpType *icmptype, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwIcmpType, zw_icmptype_free)

G_END_DECLS
