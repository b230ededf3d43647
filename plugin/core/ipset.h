/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/ipset.h: ipsets: type, options, entries */
#pragma once

#include <glib.h>

#include "core/object.h"

G_BEGIN_DECLS

typedef struct {
        char *name;   /* family | timeout | hashsize | maxelem */
        char *value;
} ZwIpsetOption;

typedef struct {
        ZwObjInfo info;      /* kind ZW_KIND_IPSET */
        char *type;          /* "hash:ip", "hash:net", ... */
        GPtrArray *options;  /* ZwIpsetOption *, in file order */
        GPtrArray *entries;  /* char *, in order added */
        GHashTable *entry_index; /* char * -> itself, for O(1) query; kept in sync by the API */
        guint n_nets;            /* entries with a prefix ("10.0.0.0/8"); kept by the API */
} ZwIpset;

ZwIpset *zw_ipset_new(const char *name, const char *type);
void zw_ipset_free(ZwIpset *ipset);
ZwIpset *zw_ipset_dup(const ZwIpset *ipset);
gboolean zw_ipset_equal(const ZwIpset *a, const ZwIpset *b);

const char *zw_ipset_get_option(const ZwIpset *ipset, const char *name);
/* "inet" unless option family=inet6 */
const char *zw_ipset_family(const ZwIpset *ipset);
/* timeout option as seconds, 0 if none */
guint zw_ipset_timeout(const ZwIpset *ipset);
/* supported types (IPSetTypes property), NULL-terminated */
const char *const *zw_ipset_types(void);

/* entries: validated per type and family; INVALID_ENTRY, ALREADY_ENABLED, NOT_ENABLED;
 * add stores the normalised entry and refuses one that overlaps an existing network
 * (INVALID_ENTRY "Entry 'x' overlaps with existing entry 'y'", single-address types only) */
gboolean zw_ipset_check_entry(const ZwIpset *ipset, const char *entry, GError **error);
gboolean zw_ipset_add_entry(ZwIpset *ipset, const char *entry, GError **error);
gboolean zw_ipset_remove_entry(ZwIpset *ipset, const char *entry, GError **error);
gboolean zw_ipset_has_entry(const ZwIpset *ipset, const char *entry);

/* Additions */
/* set or replace an option (not validated; see zw_ipset_check_option) */
void zw_ipset_set_option(ZwIpset *ipset, const char *name, const char *value);
gboolean zw_ipset_remove_option(ZwIpset *ipset, const char *name);
/* family inet|inet6 (INVALID_FAMILY; INVALID_OPTION for hash:mac), timeout/hashsize/maxelem
 * non-negative integers (INVALID_VALUE), anything else INVALID_OPTION "Unknown option 'x'" */
gboolean zw_ipset_check_option(const char *type, const char *name, const char *value,
                               GError **error);
gboolean zw_ipset_type_is_valid(const char *type);
/* hash:ip, hash:ip,port, hash:ip,mark, hash:net, hash:net,port, hash:net,iface, hash:mac */
gboolean zw_ipset_type_usable_as_source(const char *type);
/* name, type (INVALID_TYPE), options, entries (INVALID_ENTRY), entries with a timeout
 * (IPSET_WITH_TIMEOUT) */
gboolean zw_ipset_check(const ZwIpset *ipset, GError **error);
/* "10.0.0.1/24" -> "10.0.0.0/24", dotted masks to prefixes, in every comma part (what
 * add/remove/has apply before looking an entry up) */
char *zw_ipset_normalize_entry(const char *entry);
/* append an entry already normalized (zw_ipset_normalize_entry(); taken) without any check:
 * for readers of trusted files; keeps the index in sync */
void zw_ipset_insert_entry(ZwIpset *ipset, char *normalized);
/* drop all entries (keeps the index in sync) */
void zw_ipset_clear_entries(ZwIpset *ipset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwIpset, zw_ipset_free)

G_END_DECLS
