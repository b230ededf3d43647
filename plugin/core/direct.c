/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/direct.c: direct.xml: iptables chains, rules and passthroughs */
#include "config.h"

#include <string.h>

#include "core/direct.h"

#include "core/error.h"

ZwDirectChain *
zw_direct_chain_new(const char *ipv, const char *table, const char *chain)
{
        ZwDirectChain *c = g_new0(ZwDirectChain, 1);

        c->ipv = g_strdup(ipv);
        c->table = g_strdup(table);
        c->chain = g_strdup(chain);
        return c;
}

void
zw_direct_chain_free(ZwDirectChain *c)
{
        if (c == NULL)
                return;
        g_free(c->ipv);
        g_free(c->table);
        g_free(c->chain);
        g_free(c);
}

static ZwDirectChain *
chain_dup(const ZwDirectChain *c)
{
        return zw_direct_chain_new(c->ipv, c->table, c->chain);
}

ZwDirectRule *
zw_direct_rule_new(const char *ipv, const char *table, const char *chain, int priority,
                   const char *const *args)
{
        ZwDirectRule *r = g_new0(ZwDirectRule, 1);

        r->ipv = g_strdup(ipv);
        r->table = g_strdup(table);
        r->chain = g_strdup(chain);
        r->priority = priority;
        r->args = g_strdupv((char **)args);
        if (r->args == NULL)
                r->args = g_new0(char *, 1);
        return r;
}

void
zw_direct_rule_free(ZwDirectRule *r)
{
        if (r == NULL)
                return;
        g_free(r->ipv);
        g_free(r->table);
        g_free(r->chain);
        g_strfreev(r->args);
        g_free(r);
}

static ZwDirectRule *
rule_dup(const ZwDirectRule *r)
{
        return zw_direct_rule_new(r->ipv, r->table, r->chain, r->priority,
                                  (const char *const *)r->args);
}

ZwDirectPassthrough *
zw_direct_passthrough_new(const char *ipv, const char *const *args)
{
        ZwDirectPassthrough *p = g_new0(ZwDirectPassthrough, 1);

        p->ipv = g_strdup(ipv);
        p->args = g_strdupv((char **)args);
        if (p->args == NULL)
                p->args = g_new0(char *, 1);
        return p;
}

void
zw_direct_passthrough_free(ZwDirectPassthrough *p)
{
        if (p == NULL)
                return;
        g_free(p->ipv);
        g_strfreev(p->args);
        g_free(p);
}

static ZwDirectPassthrough *
passthrough_dup(const ZwDirectPassthrough *p)
{
        return zw_direct_passthrough_new(p->ipv, (const char *const *)p->args);
}

ZwDirect *
zw_direct_new(void)
{
        ZwDirect *direct = g_new0(ZwDirect, 1);

        direct->chains = g_ptr_array_new_with_free_func((GDestroyNotify)zw_direct_chain_free);
        direct->rules = g_ptr_array_new_with_free_func((GDestroyNotify)zw_direct_rule_free);
        direct->passthroughs =
                g_ptr_array_new_with_free_func((GDestroyNotify)zw_direct_passthrough_free);
        return direct;
}

void
zw_direct_free(ZwDirect *direct)
{
        if (direct == NULL)
                return;
        g_ptr_array_unref(direct->chains);
        g_ptr_array_unref(direct->rules);
        g_ptr_array_unref(direct->passthroughs);
        g_free(direct);
}

ZwDirect *
zw_direct_dup(const ZwDirect *direct)
{
        ZwDirect *dup;

        g_return_val_if_fail(direct != NULL, NULL);
        dup = zw_direct_new();
        for (guint i = 0; i < direct->chains->len; i++)
                g_ptr_array_add(dup->chains, chain_dup(g_ptr_array_index(direct->chains, i)));
        for (guint i = 0; i < direct->rules->len; i++)
                g_ptr_array_add(dup->rules, rule_dup(g_ptr_array_index(direct->rules, i)));
        for (guint i = 0; i < direct->passthroughs->len; i++)
                g_ptr_array_add(dup->passthroughs,
                                passthrough_dup(g_ptr_array_index(direct->passthroughs, i)));
        return dup;
}

gboolean
zw_direct_check_ipv(const char *ipv, GError **error)
{
        if (g_strcmp0(ipv, "ipv4") == 0 || g_strcmp0(ipv, "ipv6") == 0 ||
            g_strcmp0(ipv, "eb") == 0)
                return TRUE;
        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_IPV, "'%s' not in {'ipv4'|'ipv6'|'eb'}",
                    ipv != NULL ? ipv : "");
        return FALSE;
}

gboolean
zw_direct_check_table(const char *ipv, const char *table, GError **error)
{
        static const char *const ip_tables[] = { "filter", "mangle", "nat", "raw", "security",
                                                 NULL };
        static const char *const eb_tables[] = { "broute", "filter", "nat", NULL };
        gboolean eb;

        if (!zw_direct_check_ipv(ipv, error))
                return FALSE;
        eb = strcmp(ipv, "eb") == 0;
        if (table != NULL && g_strv_contains(eb ? eb_tables : ip_tables, table))
                return TRUE;
        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_TABLE, "'%s' not in {%s}",
                    table != NULL ? table : "",
                    eb ? "broute|filter|nat" : "filter|mangle|nat|raw|security");
        return FALSE;
}

static gboolean
strv_equal0(char **a, char **b)
{
        return g_strv_equal((const char *const *)a, (const char *const *)b);
}

static ZwDirectChain *
find_chain(const ZwDirect *direct, const char *ipv, const char *table, const char *chain)
{
        for (guint i = 0; i < direct->chains->len; i++) {
                ZwDirectChain *c = g_ptr_array_index(direct->chains, i);
                if (g_strcmp0(c->ipv, ipv) == 0 && g_strcmp0(c->table, table) == 0 &&
                    g_strcmp0(c->chain, chain) == 0)
                        return c;
        }
        return NULL;
}

gboolean
zw_direct_add_chain(ZwDirect *direct, const char *ipv, const char *table, const char *chain,
                    GError **error)
{
        if (!zw_direct_check_table(ipv, table, error))
                return FALSE;
        if (find_chain(direct, ipv, table, chain) != NULL) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_ALREADY_ENABLED,
                            "chain '%s' already is in '%s:%s'", chain, ipv, table);
                return FALSE;
        }
        g_ptr_array_add(direct->chains, zw_direct_chain_new(ipv, table, chain));
        return TRUE;
}

gboolean
zw_direct_remove_chain(ZwDirect *direct, const char *ipv, const char *table, const char *chain,
                       GError **error)
{
        ZwDirectChain *c;

        if (!zw_direct_check_table(ipv, table, error))
                return FALSE;
        c = find_chain(direct, ipv, table, chain);
        if (c == NULL) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_NOT_ENABLED,
                            "chain '%s' is not in '%s:%s'", chain, ipv, table);
                return FALSE;
        }
        g_ptr_array_remove(direct->chains, c);
        return TRUE;
}

gboolean
zw_direct_query_chain(const ZwDirect *direct, const char *ipv, const char *table,
                      const char *chain)
{
        return find_chain(direct, ipv, table, chain) != NULL;
}

static ZwDirectRule *
find_rule(const ZwDirect *direct, const char *ipv, const char *table, const char *chain,
          int priority, const char *const *args)
{
        for (guint i = 0; i < direct->rules->len; i++) {
                ZwDirectRule *r = g_ptr_array_index(direct->rules, i);
                if (g_strcmp0(r->ipv, ipv) == 0 && g_strcmp0(r->table, table) == 0 &&
                    g_strcmp0(r->chain, chain) == 0 && r->priority == priority &&
                    strv_equal0(r->args, (char **)args))
                        return r;
        }
        return NULL;
}

gboolean
zw_direct_add_rule(ZwDirect *direct, const char *ipv, const char *table, const char *chain,
                   int priority, const char *const *args, GError **error)
{
        g_autofree char *joined = NULL;

        if (!zw_direct_check_table(ipv, table, error))
                return FALSE;
        if (find_rule(direct, ipv, table, chain, priority, args) != NULL) {
                joined = g_strjoinv(" ", (char **)args);
                g_set_error(error, ZW_ERROR, ZW_ERROR_ALREADY_ENABLED,
                            "rule '%s' already is in '%s:%s:%s'", joined, ipv, table, chain);
                return FALSE;
        }
        g_ptr_array_add(direct->rules, zw_direct_rule_new(ipv, table, chain, priority, args));
        return TRUE;
}

gboolean
zw_direct_remove_rule(ZwDirect *direct, const char *ipv, const char *table, const char *chain,
                      int priority, const char *const *args, GError **error)
{
        ZwDirectRule *r;
        g_autofree char *joined = NULL;

        if (!zw_direct_check_table(ipv, table, error))
                return FALSE;
        r = find_rule(direct, ipv, table, chain, priority, args);
        if (r == NULL) {
                joined = g_strjoinv(" ", (char **)args);
                g_set_error(error, ZW_ERROR, ZW_ERROR_NOT_ENABLED,
                            "rule '%s' is not in '%s:%s:%s'", joined, ipv, table, chain);
                return FALSE;
        }
        g_ptr_array_remove(direct->rules, r);
        return TRUE;
}

gboolean
zw_direct_query_rule(const ZwDirect *direct, const char *ipv, const char *table,
                     const char *chain, int priority, const char *const *args)
{
        return find_rule(direct, ipv, table, chain, priority, args) != NULL;
}

static ZwDirectPassthrough *
find_passthrough(const ZwDirect *direct, const char *ipv, const char *const *args)
{
        for (guint i = 0; i < direct->passthroughs->len; i++) {
                ZwDirectPassthrough *p = g_ptr_array_index(direct->passthroughs, i);
                if (g_strcmp0(p->ipv, ipv) == 0 && strv_equal0(p->args, (char **)args))
                        return p;
        }
        return NULL;
}

gboolean
zw_direct_add_passthrough(ZwDirect *direct, const char *ipv, const char *const *args,
                          GError **error)
{
        g_autofree char *joined = NULL;

        if (!zw_direct_check_ipv(ipv, error))
                return FALSE;
        if (find_passthrough(direct, ipv, args) != NULL) {
                joined = g_strjoinv(" ", (char **)args);
                g_set_error(error, ZW_ERROR, ZW_ERROR_ALREADY_ENABLED,
                            "passthrough '%s', '%s'", ipv, joined);
                return FALSE;
        }
        g_ptr_array_add(direct->passthroughs, zw_direct_passthrough_new(ipv, args));
        return TRUE;
}

gboolean
zw_direct_remove_passthrough(ZwDirect *direct, const char *ipv, const char *const *args,
                             GError **error)
{
        ZwDirectPassthrough *p;
        g_autofree char *joined = NULL;

        if (!zw_direct_check_ipv(ipv, error))
                return FALSE;
        p = find_passthrough(direct, ipv, args);
        if (p == NULL) {
                joined = g_strjoinv(" ", (char **)args);
                g_set_error(error, ZW_ERROR, ZW_ERROR_NOT_ENABLED, "passthrough '%s', '%s'", ipv,
                            joined);
                return FALSE;
        }
        g_ptr_array_remove(direct->passthroughs, p);
        return TRUE;
}

gboolean
zw_direct_query_passthrough(const ZwDirect *direct, const char *ipv, const char *const *args)
{
        return find_passthrough(direct, ipv, args) != NULL;
}
