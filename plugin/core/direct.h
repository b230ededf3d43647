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

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwDirect, zw_direct_free)

G_END_DECLS
