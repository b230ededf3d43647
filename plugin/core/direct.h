/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/direct.h: direct.xml: iptables chains, rules and passthroughs */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
        char *ipv;   /* ipv4 | ipv6 | eb */
        char *table;
        char *chain;
} ZwDirectChain;

typedef struct {
        char *ipv;
        char *table;
        char *chain;
        int priority;
        GStrv args;
} ZwDirectRule;

typedef struct {
        char *ipv;
        GStrv args;
} ZwDirectPassthrough;

typedef struct {
        GPtrArray *chains;       /* ZwDirectChain * */
        GPtrArray *rules;        /* ZwDirectRule * */
        GPtrArray *passthroughs; /* ZwDirectPassthrough * */
} ZwDirect;

ZwDirect *zw_direct_new(void);
void zw_direct_free(ZwDirect *direct);
ZwDirect *zw_direct_dup(const ZwDirect *direct);
/* INVALID_IPV, INVALID_TABLE */
gboolean zw_direct_check_table(const char *ipv, const char *table, GError **error);

/* Additions */
ZwDirectChain *zw_direct_chain_new(const char *ipv, const char *table, const char *chain);
void zw_direct_chain_free(ZwDirectChain *c);
ZwDirectRule *zw_direct_rule_new(const char *ipv, const char *table, const char *chain,
                                 int priority, const char *const *args);
void zw_direct_rule_free(ZwDirectRule *r);
ZwDirectPassthrough *zw_direct_passthrough_new(const char *ipv, const char *const *args);
void zw_direct_passthrough_free(ZwDirectPassthrough *p);
/* ipv4|ipv6|eb, else INVALID_IPV */
gboolean zw_direct_check_ipv(const char *ipv, GError **error);
/* add/remove validate ipv/table and fail with ALREADY_ENABLED / NOT_ENABLED */
gboolean zw_direct_add_chain(ZwDirect *direct, const char *ipv, const char *table,
                             const char *chain, GError **error);
gboolean zw_direct_remove_chain(ZwDirect *direct, const char *ipv, const char *table,
                                const char *chain, GError **error);
gboolean zw_direct_query_chain(const ZwDirect *direct, const char *ipv, const char *table,
                               const char *chain);
gboolean zw_direct_add_rule(ZwDirect *direct, const char *ipv, const char *table,
                            const char *chain, int priority, const char *const *args,
                            GError **error);
gboolean zw_direct_remove_rule(ZwDirect *direct, const char *ipv, const char *table,
                               const char *chain, int priority, const char *const *args,
                               GError **error);
gboolean zw_direct_query_rule(const ZwDirect *direct, const char *ipv, const char *table,
                              const char *chain, int priority, const char *const *args);
gboolean zw_direct_add_passthrough(ZwDirect *direct, const char *ipv, const char *const *args,
                                   GError **error);
gboolean zw_direct_remove_passthrough(ZwDirect *direct, const char *ipv,
                                      const char *const *args, GError **error);
gboolean zw_direct_query_passthrough(const ZwDirect *direct, const char *ipv,
                                     const char *const *args);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwDirect, zw_direct_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwDirectChain, zw_direct_chain_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwDirectRule, zw_direct_rule_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwDirectPassthrough, zw_direct_passthrough_free)

G_END_DECLS
