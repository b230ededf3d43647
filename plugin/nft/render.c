/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nft/render.c: plan -> nft syntax, deterministic (golden tests, --print-ruleset) */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "nft/plan.h"

static const char *const ct_states[] = { "invalid", "established", "related", "new", NULL,
                                         NULL, "untracked" };

static void
append_single(GString *s, ZwNftType type, const guint8 *b)
{
        char buf[INET6_ADDRSTRLEN];
        const char *name;

        switch (type) {
        case ZW_NFT_T_NFPROTO:
                g_string_append(s, b[0] == 2 ? "ipv4" : b[0] == 10 ? "ipv6" : "unknown");
                break;
        case ZW_NFT_T_PROTO:
                name = zw_nft_proto_name(b[0]);
                if (name != NULL)
                        g_string_append(s, name);
                else
                        g_string_append_printf(s, "%u", b[0]);
                break;
        case ZW_NFT_T_SERVICE:
                g_string_append_printf(s, "%u", ((guint)b[0] << 8) | b[1]);
                break;
        case ZW_NFT_T_IPV4:
                g_string_append(s, inet_ntop(AF_INET, b, buf, sizeof(buf)));
                break;
        case ZW_NFT_T_IPV6:
                g_string_append(s, inet_ntop(AF_INET6, b, buf, sizeof(buf)));
                break;
        case ZW_NFT_T_ETHER:
                g_string_append_printf(s, "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3],
                                       b[4], b[5]);
                break;
        case ZW_NFT_T_IFNAME:
                g_string_append_printf(s, "\"%.16s\"", (const char *)b);
                break;
        case ZW_NFT_T_MARK: {
                guint32 v;

                memcpy(&v, b, 4);
                g_string_append_printf(s, "0x%08x", v);
                break;
        }
        case ZW_NFT_T_ICMP_TYPE:
        case ZW_NFT_T_ICMPV6_TYPE:
                name = zw_nft_icmp_type_name(type == ZW_NFT_T_ICMP_TYPE ? 4 : 6, b[0]);
                if (name != NULL)
                        g_string_append(s, name);
                else
                        g_string_append_printf(s, "%u", b[0]);
                break;
        case ZW_NFT_T_ICMP_CODE:
                g_string_append_printf(s, "%u", b[0]);
                break;
        case ZW_NFT_T_CT_STATE: {
                guint32 v;
                gboolean first = TRUE;

                memcpy(&v, b, 4);
                for (guint i = 0; i < G_N_ELEMENTS(ct_states); i++) {
                        if (!(v & (1u << i)) || ct_states[i] == NULL)
                                continue;
                        g_string_append_printf(s, "%s%s", first ? "" : ",", ct_states[i]);
                        first = FALSE;
                }
                break;
        }
        case ZW_NFT_T_CT_STATUS: {
                guint32 v;

                memcpy(&v, b, 4);
                if (v == 0x20)
                        g_string_append(s, "dnat");
                else if (v == 0x10)
                        g_string_append(s, "snat");
                else
                        g_string_append_printf(s, "0x%08x", v);
                break;
        }
        case ZW_NFT_T_PKTTYPE:
                g_string_append(s, b[0] == 0   ? "host"
                                   : b[0] == 1 ? "broadcast"
                                   : b[0] == 2 ? "multicast"
                                               : "other");
                break;
        case ZW_NFT_T_TCP_FLAGS:
                if (b[0] == 0x02)
                        g_string_append(s, "syn");
                else
                        g_string_append_printf(s, "0x%02x", b[0]);
                break;
        case ZW_NFT_T_N:
        default:
                g_string_append(s, "?");
                break;
        }
}

static void
append_value(GString *s, const ZwNftValue *v)
{
        if (v->type == ZW_NFT_T_IFNAME && v->wildcard) {
                g_string_append_printf(s, "\"%.*s*\"", (int)v->prefix_len, (const char *)v->lo);
                return;
        }
        append_single(s, v->type, v->lo);
        if (!v->interval)
                return;
        if (v->plen >= 0) {
                g_string_append_printf(s, "/%d", v->plen);
                return;
        }
        g_string_append_c(s, '-');
        append_single(s, v->type, v->hi);
}

char *
zw_nft_value_to_string(const ZwNftValue *value)
{
        GString *s = g_string_new(NULL);

        append_value(s, value);
        return g_string_free(s, FALSE);
}

static const char *
verdict_name(ZwNftVerdictKind kind)
{
        switch (kind) {
        case ZW_NFT_V_ACCEPT:
                return "accept";
        case ZW_NFT_V_DROP:
                return "drop";
        case ZW_NFT_V_RETURN:
                return "return";
        case ZW_NFT_V_JUMP:
                return "jump";
        case ZW_NFT_V_GOTO:
                return "goto";
        default:
                return "?";
        }
}

static void
append_verdict(GString *s, ZwNftVerdictKind kind, const char *chain)
{
        g_string_append(s, verdict_name(kind));
        if (chain != NULL)
                g_string_append_printf(s, " %s", chain);
}

static const char *
reject_code_name(ZwNftRejectKind kind, guint8 code)
{
        static const char *const icmpx[] = { "no-route", "port-unreachable", "host-unreachable",
                                             "admin-prohibited" };
        static const char *const icmp[] = { [0] = "net-unreachable", [1] = "host-unreachable",
                                            [2] = "prot-unreachable", [3] = "port-unreachable",
                                            [9] = "net-prohibited", [10] = "host-prohibited",
                                            [13] = "admin-prohibited" };
        static const char *const icmpv6[] = { "no-route", "admin-prohibited", NULL,
                                              "addr-unreachable", "port-unreachable",
                                              "policy-fail", "reject-route" };

        switch (kind) {
        case ZW_NFT_REJECT_ICMPX:
                return code < G_N_ELEMENTS(icmpx) ? icmpx[code] : NULL;
        case ZW_NFT_REJECT_ICMP:
                return code < G_N_ELEMENTS(icmp) ? icmp[code] : NULL;
        case ZW_NFT_REJECT_ICMPV6:
                return code < G_N_ELEMENTS(icmpv6) ? icmpv6[code] : NULL;
        case ZW_NFT_REJECT_TCP_RST:
        default:
                return NULL;
        }
}

static const char *
log_level_name(int level)
{
        static const char *const names[] = { "emerg", "alert", "crit", "err", "warn",
                                             "notice", "info", "debug", "audit" };

        return level >= 0 && level <= 8 ? names[level] : NULL;
}

static void
append_expr(GString *s, const ZwNftExpr *e)
{
        switch (e->kind) {
        case ZW_NFT_X_MATCH: {
                const ZwNftFieldInfo *fi = zw_nft_field_info(e->u.match.field);

                g_string_append_printf(s, "%s %s", fi->text,
                                       e->u.match.op == ZW_NFT_OP_NEQ ? "!= " : "");
                append_value(s, &e->u.match.value);
                break;
        }
        case ZW_NFT_X_LOOKUP:
                for (guint i = 0; i < e->u.lookup.n_keys; i++)
                        g_string_append_printf(s, "%s%s", i > 0 ? " . " : "",
                                               zw_nft_field_info(e->u.lookup.keys[i])->text);
                if (e->u.lookup.mask_plen >= 0) {
                        ZwNftType t = zw_nft_field_info(e->u.lookup.keys[0])->type;
                        guint8 mask[16];

                        zw_nft_prefix_mask(t, e->u.lookup.mask_plen, mask);
                        g_string_append(s, " & ");
                        append_single(s, t, mask);
                }
                g_string_append_printf(s, " %s@%s",
                                       e->u.lookup.vmap     ? "vmap "
                                       : e->u.lookup.negate ? "!= "
                                                            : "",
                                       e->u.lookup.set);
                break;
        case ZW_NFT_X_FIB_RPF:
                g_string_append(s, "fib saddr . mark . iif oif missing");
                break;
        case ZW_NFT_X_LOG:
                g_string_append(s, "log");
                if (e->u.log.prefix != NULL) {
                        g_autofree char *q = g_strescape(e->u.log.prefix, NULL);

                        g_string_append_printf(s, " prefix \"%s\"", q);
                }
                if (e->u.log.group >= 0)
                        g_string_append_printf(s, " group %d", e->u.log.group);
                if (e->u.log.qthreshold >= 0)
                        g_string_append_printf(s, " queue-threshold %d", e->u.log.qthreshold);
                if (e->u.log.level >= 0 && log_level_name(e->u.log.level) != NULL)
                        g_string_append_printf(s, " level %s", log_level_name(e->u.log.level));
                break;
        case ZW_NFT_X_LIMIT: {
                const char *unit = e->u.limit.unit == 1      ? "second"
                                   : e->u.limit.unit == 60   ? "minute"
                                   : e->u.limit.unit == 3600 ? "hour"
                                                             : "day";

                g_string_append_printf(s, "limit rate %" G_GUINT64_FORMAT "/%s", e->u.limit.rate,
                                       unit);
                /* nft leaves its default burst (5) unprinted */
                if (e->u.limit.burst != 0 && e->u.limit.burst != 5)
                        g_string_append_printf(s, " burst %u packets", e->u.limit.burst);
                break;
        }
        case ZW_NFT_X_COUNTER:
                if (e->u.counter.name != NULL)
                        g_string_append_printf(s, "counter name \"%s\"", e->u.counter.name);
                else
                        g_string_append(s, "counter");
                break;
        case ZW_NFT_X_CT_HELPER_SET:
                g_string_append_printf(s, "ct helper set \"%s\"", e->u.helper.name);
                break;
        case ZW_NFT_X_MARK_SET:
                if (e->u.mark.and_mask == 0)
                        g_string_append_printf(s, "meta mark set 0x%08x", e->u.mark.xor_value);
                else
                        g_string_append_printf(s, "meta mark set meta mark & 0x%08x ^ 0x%08x",
                                               e->u.mark.and_mask, e->u.mark.xor_value);
                break;
        case ZW_NFT_X_MSS_CLAMP:
                if (e->u.mss.size == 0)
                        g_string_append(s, "tcp option maxseg size set rt mtu");
                else
                        g_string_append_printf(s, "tcp option maxseg size set %u", e->u.mss.size);
                break;
        case ZW_NFT_X_MASQUERADE:
                g_string_append(s, "masquerade");
                break;
        case ZW_NFT_X_REDIRECT:
                g_string_append(s, "redirect");
                if (e->u.nat.port != 0)
                        g_string_append_printf(s, " to :%u", e->u.nat.port);
                break;
        case ZW_NFT_X_DNAT: {
                gboolean v6 = e->u.nat.nfproto == 10;

                g_string_append_printf(s, "dnat %s to %s", v6 ? "ip6" : "ip",
                                       v6 && e->u.nat.port ? "[" : "");
                append_value(s, &e->u.nat.addr);
                if (e->u.nat.port != 0)
                        g_string_append_printf(s, "%s:%u", v6 ? "]" : "", e->u.nat.port);
                break;
        }
        case ZW_NFT_X_REJECT:
                if (e->u.reject.kind == ZW_NFT_REJECT_TCP_RST) {
                        g_string_append(s, "reject with tcp reset");
                } else {
                        const char *fam = e->u.reject.kind == ZW_NFT_REJECT_ICMPX  ? "icmpx"
                                          : e->u.reject.kind == ZW_NFT_REJECT_ICMP ? "icmp"
                                                                                   : "icmpv6";
                        const char *code = reject_code_name(e->u.reject.kind, e->u.reject.code);

                        if (code != NULL)
                                g_string_append_printf(s, "reject with %s %s", fam, code);
                        else
                                g_string_append_printf(s, "reject with %s %u", fam,
                                                       e->u.reject.code);
                }
                break;
        case ZW_NFT_X_VERDICT:
                append_verdict(s, e->u.verdict.kind, e->u.verdict.chain);
                break;
        default:
                g_string_append(s, "?");
                break;
        }
}

char *
zw_nft_rule_to_string(const ZwNftRule *rule)
{
        GString *s = g_string_new(NULL);

        for (guint i = 0; i < rule->exprs->len; i++) {
                if (i > 0)
                        g_string_append_c(s, ' ');
                append_expr(s, g_ptr_array_index(rule->exprs, i));
        }
        return g_string_free(s, FALSE);
}

char *
zw_nft_elem_to_string(const ZwNftSet *set, const ZwNftElem *elem)
{
        GString *s = g_string_new(NULL);

        for (guint i = 0; i < set->n_key; i++) {
                if (i > 0)
                        g_string_append(s, " . ");
                append_value(s, &elem->keys[i]);
        }
        if (set->map) {
                g_string_append(s, " : ");
                append_verdict(s, elem->verdict, elem->chain);
        }
        return g_string_free(s, FALSE);
}

static const char *
hook_name(ZwNftHook hook)
{
        switch (hook) {
        case ZW_NFT_HOOK_PREROUTING:
                return "prerouting";
        case ZW_NFT_HOOK_INPUT:
                return "input";
        case ZW_NFT_HOOK_FORWARD:
                return "forward";
        case ZW_NFT_HOOK_OUTPUT:
                return "output";
        case ZW_NFT_HOOK_POSTROUTING:
                return "postrouting";
        case ZW_NFT_HOOK_NONE:
        default:
                return NULL;
        }
}

static gint
name_cmp(gconstpointer a, gconstpointer b)
{
        return g_strcmp0(*(const char *const *)a, *(const char *const *)b);
}

static void
render_set(GString *s, const ZwNftSet *set)
{
        g_string_append_printf(s, "\t%s %s {\n\t\ttype ", set->map ? "map" : "set", set->name);
        for (guint i = 0; i < set->n_key; i++)
                g_string_append_printf(s, "%s%s", i > 0 ? " . " : "",
                                       zw_nft_type_name(set->key[i]));
        if (set->map)
                g_string_append(s, " : verdict");
        g_string_append_c(s, '\n');
        if (set->interval || set->timeout != 0) {
                g_string_append(s, "\t\tflags");
                if (set->interval)
                        g_string_append(s, " interval");
                if (set->timeout != 0)
                        g_string_append_printf(s, "%stimeout", set->interval ? "," : " ");
                g_string_append_c(s, '\n');
        }
        if (set->timeout != 0)
                g_string_append_printf(s, "\t\ttimeout %us\n", set->timeout);
        if (set->size != 0)
                g_string_append_printf(s, "\t\tsize %u\n", set->size);
        if (set->counter)
                g_string_append(s, "\t\tcounter\n");
        if (set->elems->len > 0) {
                g_string_append(s, "\t\telements = { ");
                for (guint i = 0; i < set->elems->len; i++) {
                        g_autofree char *e =
                                zw_nft_elem_to_string(set, g_ptr_array_index(set->elems, i));

                        g_string_append_printf(s, "%s%s", i > 0 ? ",\n\t\t\t     " : "", e);
                }
                g_string_append(s, " }\n");
        }
        g_string_append(s, "\t}\n");
}

char *
zw_nft_table_render(const ZwNftTable *table)
{
        GString *s = g_string_new(NULL);
        gboolean first = TRUE;

        g_string_append_printf(s, "table inet %s {\n", table->name);
        for (guint i = 0; i < table->helpers->len; i++) {
                const ZwNftCtHelper *h = g_ptr_array_index(table->helpers, i);

                g_string_append_printf(s, "%s\tct helper %s {\n\t\ttype \"%s\" protocol %s\n"
                                          "\t\tl3proto inet\n\t}\n",
                                       first ? "" : "\n", h->name, h->type,
                                       zw_nft_proto_name(h->l4proto));
                first = FALSE;
        }
        {
                /* by name: the order of creation depends on what was compiled first */
                g_autoptr(GPtrArray) names = g_ptr_array_sized_new(table->counters->len);

                for (guint i = 0; i < table->counters->len; i++)
                        g_ptr_array_add(names, g_ptr_array_index(table->counters, i));
                g_ptr_array_sort(names, name_cmp);
                for (guint i = 0; i < names->len; i++) {
                        g_string_append_printf(s, "%s\tcounter %s {\n\t}\n", first ? "" : "\n",
                                               (const char *)g_ptr_array_index(names, i));
                        first = FALSE;
                }
        }
        for (guint i = 0; i < table->sets->len; i++) {
                if (!first)
                        g_string_append_c(s, '\n');
                render_set(s, g_ptr_array_index(table->sets, i));
                first = FALSE;
        }
        for (guint i = 0; i < table->chains->len; i++) {
                const ZwNftChain *c = g_ptr_array_index(table->chains, i);

                g_string_append_printf(s, "%s\tchain %s {\n", first ? "" : "\n", c->name);
                first = FALSE;
                if (c->hook != ZW_NFT_HOOK_NONE)
                        g_string_append_printf(s,
                                               "\t\ttype %s hook %s priority %d; policy %s;\n",
                                               c->nat ? "nat" : "filter", hook_name(c->hook),
                                               c->priority, c->policy_drop ? "drop" : "accept");
                for (guint j = 0; j < c->rules->len; j++) {
                        g_autofree char *r = zw_nft_rule_to_string(g_ptr_array_index(c->rules, j));

                        g_string_append_printf(s, "\t\t%s\n", r);
                }
                g_string_append(s, "\t}\n");
        }
        g_string_append(s, "}\n");
        return g_string_free(s, FALSE);
}

char *
zw_nft_plan_render(const ZwNftPlan *plan)
{
        GString *s = g_string_new(NULL);

        g_return_val_if_fail(plan != NULL, NULL);
        for (guint i = 0; i < plan->tables->len; i++) {
                g_autofree char *t = zw_nft_table_render(g_ptr_array_index(plan->tables, i));

                g_string_append(s, t);
        }
        return g_string_free(s, FALSE);
}
