/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nft/plan.c: plan IR construction: values, selectors, tables, chains, sets, rules */
#include "config.h"

#include <arpa/inet.h>
#include <linux/netfilter/nf_tables.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nft/plan.h"

static const struct {
        const char *name;
        guint len;
} types[ZW_NFT_T_N] = {
        [ZW_NFT_T_NFPROTO] = { "nf_proto", 1 },
        [ZW_NFT_T_PROTO] = { "inet_proto", 1 },
        [ZW_NFT_T_SERVICE] = { "inet_service", 2 },
        [ZW_NFT_T_IPV4] = { "ipv4_addr", 4 },
        [ZW_NFT_T_IPV6] = { "ipv6_addr", 16 },
        [ZW_NFT_T_ETHER] = { "ether_addr", 6 },
        [ZW_NFT_T_IFNAME] = { "ifname", 16 },
        [ZW_NFT_T_MARK] = { "mark", 4 },
        [ZW_NFT_T_ICMP_TYPE] = { "icmp_type", 1 },
        [ZW_NFT_T_ICMPV6_TYPE] = { "icmpv6_type", 1 },
        [ZW_NFT_T_ICMP_CODE] = { "icmp_code", 1 },
        [ZW_NFT_T_CT_STATE] = { "ct_state", 4 },
        [ZW_NFT_T_CT_STATUS] = { "ct_status", 4 },
        [ZW_NFT_T_PKTTYPE] = { "pkt_type", 1 },
        [ZW_NFT_T_TCP_FLAGS] = { "tcp_flag", 1 },
};

const char *
zw_nft_type_name(ZwNftType type)
{
        g_return_val_if_fail(type < ZW_NFT_T_N, NULL);
        return types[type].name;
}

guint
zw_nft_type_len(ZwNftType type)
{
        g_return_val_if_fail(type < ZW_NFT_T_N, 0);
        return types[type].len;
}

#define META(t, ty, key) { t, ty, ZW_NFT_BASE_NONE, 0, key, -1, 0, -1, FALSE }
#define CT(t, ty, key) { t, ty, ZW_NFT_BASE_NONE, 0, -1, key, 0, -1, FALSE }
/* payload: text, type, base, offset, implied nfproto, implied l4proto, implied ether */
#define PL(t, ty, base, off, nfp, l4, eth) { t, ty, base, off, -1, -1, nfp, l4, eth }
#define NH ZW_NFT_BASE_NETWORK
#define TH ZW_NFT_BASE_TRANSPORT
#define LL ZW_NFT_BASE_LL
#define SVC ZW_NFT_T_SERVICE

static const ZwNftFieldInfo fields[ZW_NFT_F_N] = {
        [ZW_NFT_F_NFPROTO] = META("meta nfproto", ZW_NFT_T_NFPROTO, NFT_META_NFPROTO),
        [ZW_NFT_F_L4PROTO] = META("meta l4proto", ZW_NFT_T_PROTO, NFT_META_L4PROTO),
        [ZW_NFT_F_IIFNAME] = META("iifname", ZW_NFT_T_IFNAME, NFT_META_IIFNAME),
        [ZW_NFT_F_OIFNAME] = META("oifname", ZW_NFT_T_IFNAME, NFT_META_OIFNAME),
        [ZW_NFT_F_MARK] = META("meta mark", ZW_NFT_T_MARK, NFT_META_MARK),
        [ZW_NFT_F_PKTTYPE] = META("meta pkttype", ZW_NFT_T_PKTTYPE, NFT_META_PKTTYPE),
        [ZW_NFT_F_CT_STATE] = CT("ct state", ZW_NFT_T_CT_STATE, NFT_CT_STATE),
        [ZW_NFT_F_CT_STATUS] = CT("ct status", ZW_NFT_T_CT_STATUS, NFT_CT_STATUS),
        [ZW_NFT_F_IP_SADDR] = PL("ip saddr", ZW_NFT_T_IPV4, NH, 12, 2, -1, FALSE),
        [ZW_NFT_F_IP_DADDR] = PL("ip daddr", ZW_NFT_T_IPV4, NH, 16, 2, -1, FALSE),
        [ZW_NFT_F_IP6_SADDR] = PL("ip6 saddr", ZW_NFT_T_IPV6, NH, 8, 10, -1, FALSE),
        [ZW_NFT_F_IP6_DADDR] = PL("ip6 daddr", ZW_NFT_T_IPV6, NH, 24, 10, -1, FALSE),
        [ZW_NFT_F_ETHER_SADDR] = PL("ether saddr", ZW_NFT_T_ETHER, LL, 6, 0, -1, TRUE),
        [ZW_NFT_F_ETHER_DADDR] = PL("ether daddr", ZW_NFT_T_ETHER, LL, 0, 0, -1, TRUE),
        [ZW_NFT_F_TH_DPORT] = PL("th dport", SVC, TH, 2, 0, -1, FALSE),
        [ZW_NFT_F_TH_SPORT] = PL("th sport", SVC, TH, 0, 0, -1, FALSE),
        [ZW_NFT_F_TCP_DPORT] = PL("tcp dport", SVC, TH, 2, 0, 6, FALSE),
        [ZW_NFT_F_TCP_SPORT] = PL("tcp sport", SVC, TH, 0, 0, 6, FALSE),
        [ZW_NFT_F_UDP_DPORT] = PL("udp dport", SVC, TH, 2, 0, 17, FALSE),
        [ZW_NFT_F_UDP_SPORT] = PL("udp sport", SVC, TH, 0, 0, 17, FALSE),
        [ZW_NFT_F_SCTP_DPORT] = PL("sctp dport", SVC, TH, 2, 0, 132, FALSE),
        [ZW_NFT_F_SCTP_SPORT] = PL("sctp sport", SVC, TH, 0, 0, 132, FALSE),
        [ZW_NFT_F_DCCP_DPORT] = PL("dccp dport", SVC, TH, 2, 0, 33, FALSE),
        [ZW_NFT_F_DCCP_SPORT] = PL("dccp sport", SVC, TH, 0, 0, 33, FALSE),
        [ZW_NFT_F_ICMP_TYPE] = PL("icmp type", ZW_NFT_T_ICMP_TYPE, TH, 0, 2, 1, FALSE),
        [ZW_NFT_F_ICMP_CODE] = PL("icmp code", ZW_NFT_T_ICMP_CODE, TH, 1, 2, 1, FALSE),
        [ZW_NFT_F_ICMPV6_TYPE] = PL("icmpv6 type", ZW_NFT_T_ICMPV6_TYPE, TH, 0, 10, 58, FALSE),
        [ZW_NFT_F_ICMPV6_CODE] = PL("icmpv6 code", ZW_NFT_T_ICMP_CODE, TH, 1, 10, 58, FALSE),
        [ZW_NFT_F_TCP_FLAGS] = PL("tcp flags", ZW_NFT_T_TCP_FLAGS, TH, 13, 0, 6, FALSE),
};

const ZwNftFieldInfo *
zw_nft_field_info(ZwNftField field)
{
        g_return_val_if_fail(field < ZW_NFT_F_N, NULL);
        return &fields[field];
}

/* ---- values ---- */

static const struct {
        const char *name;
        guint8 num;
} protos[] = {
        { "icmp", 1 }, { "igmp", 2 }, { "tcp", 6 }, { "udp", 17 }, { "dccp", 33 },
        { "gre", 47 }, { "esp", 50 }, { "ah", 51 }, { "ipv6-icmp", 58 }, { "sctp", 132 },
        { "udplite", 136 },
};

const char *
zw_nft_proto_name(guint8 num)
{
        for (guint i = 0; i < G_N_ELEMENTS(protos); i++)
                if (protos[i].num == num)
                        return protos[i].name;
        return NULL;
}

gboolean
zw_nft_proto_number(const char *name, guint8 *out_num)
{
        guint64 v;

        for (guint i = 0; i < G_N_ELEMENTS(protos); i++) {
                if (g_strcmp0(protos[i].name, name) == 0) {
                        *out_num = protos[i].num;
                        return TRUE;
                }
        }
        if (g_strcmp0(name, "icmpv6") == 0) {
                *out_num = 58;
                return TRUE;
        }
        if (g_ascii_string_to_unsigned(name, 10, 0, 255, &v, NULL)) {
                *out_num = (guint8)v;
                return TRUE;
        }
        return FALSE;
}

static const struct {
        int family;
        guint8 type;
        const char *name;
} icmp_names[] = {
        { 4, 0, "echo-reply" },
        { 4, 3, "destination-unreachable" },
        { 4, 4, "source-quench" },
        { 4, 5, "redirect" },
        { 4, 8, "echo-request" },
        { 4, 9, "router-advertisement" },
        { 4, 10, "router-solicitation" },
        { 4, 11, "time-exceeded" },
        { 4, 12, "parameter-problem" },
        { 4, 13, "timestamp-request" },
        { 4, 14, "timestamp-reply" },
        { 6, 1, "destination-unreachable" },
        { 6, 2, "packet-too-big" },
        { 6, 3, "time-exceeded" },
        { 6, 4, "parameter-problem" },
        { 6, 128, "echo-request" },
        { 6, 129, "echo-reply" },
        { 6, 130, "mld-listener-query" },
        { 6, 131, "mld-listener-report" },
        { 6, 132, "mld-listener-done" },
        { 6, 133, "nd-router-solicit" },
        { 6, 134, "nd-router-advert" },
        { 6, 135, "nd-neighbor-solicit" },
        { 6, 136, "nd-neighbor-advert" },
        { 6, 137, "nd-redirect" },
};

const char *
zw_nft_icmp_type_name(int family, guint8 type)
{
        for (guint i = 0; i < G_N_ELEMENTS(icmp_names); i++)
                if (icmp_names[i].family == family && icmp_names[i].type == type)
                        return icmp_names[i].name;
        return NULL;
}

/* firewalld icmptype names: config-formats.md §11.6; -1 type: no mapping for that family */
static const struct {
        const char *name;
        int t4, c4, t6, c6;
} icmptypes[] = {
        { "address-unreachable", -1, -1, 1, 3 },
        { "bad-header", -1, -1, 4, 0 },
        { "beyond-scope", -1, -1, 1, 2 },
        { "communication-prohibited", 3, 13, 1, 1 },
        { "destination-unreachable", 3, -1, 1, -1 },
        { "echo-reply", 0, -1, 129, -1 },
        { "echo-request", 8, -1, 128, -1 },
        { "failed-policy", -1, -1, 1, 5 },
        { "fragmentation-needed", 3, 4, -1, -1 },
        { "host-precedence-violation", 3, 14, -1, -1 },
        { "host-prohibited", 3, 10, -1, -1 },
        { "host-redirect", 5, 1, -1, -1 },
        { "host-unknown", 3, 7, -1, -1 },
        { "host-unreachable", 3, 1, -1, -1 },
        { "ip-header-bad", 12, 1, -1, -1 },
        { "neighbour-advertisement", -1, -1, 136, -1 },
        { "neighbour-solicitation", -1, -1, 135, -1 },
        { "network-prohibited", 3, 8, -1, -1 },
        { "network-redirect", 5, 0, -1, -1 },
        { "network-unknown", 3, 6, -1, -1 },
        { "network-unreachable", 3, 0, -1, -1 },
        { "no-route", -1, -1, 1, 0 },
        { "packet-too-big", -1, -1, 2, -1 },
        { "parameter-problem", 12, -1, 4, -1 },
        { "port-unreachable", 3, 3, 1, 4 },
        { "precedence-cutoff", 3, 15, -1, -1 },
        { "protocol-unreachable", 3, 2, -1, -1 },
        { "redirect", 5, -1, 137, -1 },
        { "reject-route", -1, -1, 1, 6 },
        { "required-option-missing", 12, 1, -1, -1 },
        { "router-advertisement", 9, -1, 134, -1 },
        { "router-solicitation", 10, -1, 133, -1 },
        { "source-quench", 4, -1, -1, -1 },
        { "source-route-failed", 3, 5, -1, -1 },
        { "time-exceeded", 11, -1, 3, -1 },
        { "timestamp-reply", 14, -1, -1, -1 },
        { "timestamp-request", 13, -1, -1, -1 },
        { "tos-host-redirect", 5, 3, -1, -1 },
        { "tos-host-unreachable", 3, 12, -1, -1 },
        { "tos-network-redirect", 5, 2, -1, -1 },
        { "tos-network-unreachable", 3, 11, -1, -1 },
        { "ttl-zero-during-reassembly", 11, 1, 3, 1 },
        { "ttl-zero-during-transit", 11, 0, 3, 0 },
        { "unknown-header-type", -1, -1, 4, 1 },
};

gboolean
zw_nft_icmptype_lookup(const char *name, int family, guint8 *out_type, int *out_code)
{
        for (guint i = 0; i < G_N_ELEMENTS(icmptypes); i++) {
                int t, c;

                if (g_strcmp0(icmptypes[i].name, name) != 0)
                        continue;
                t = family == 4 ? icmptypes[i].t4 : icmptypes[i].t6;
                c = family == 4 ? icmptypes[i].c4 : icmptypes[i].c6;
                if (t < 0)
                        return FALSE;
                *out_type = (guint8)t;
                *out_code = c;
                return TRUE;
        }
        return FALSE;
}

static void
value_init(ZwNftValue *v, ZwNftType type)
{
        memset(v, 0, sizeof(*v));
        v->type = type;
        v->plen = -1;
}

void
zw_nft_value_u8(ZwNftType type, guint8 x, ZwNftValue *out_value)
{
        value_init(out_value, type);
        out_value->lo[0] = out_value->hi[0] = x;
}

void
zw_nft_value_u32(ZwNftType type, guint32 x, ZwNftValue *out_value)
{
        value_init(out_value, type);
        memcpy(out_value->lo, &x, 4);
        memcpy(out_value->hi, &x, 4);
}

/* a number, or a service name from /etc/services (ports may be given as "ssh") */
static gboolean
parse_port(const char *s, guint16 *out)
{
        guint64 v;
        struct servent *se;

        if (g_ascii_string_to_unsigned(s, 10, 0, 65535, &v, NULL)) {
                *out = (guint16)v;
                return TRUE;
        }
        se = getservbyname(s, NULL);
        if (se == NULL)
                return FALSE;
        *out = ntohs((guint16)se->s_port);
        return TRUE;
}

static gboolean
parse_addr(ZwNftType type, const char *text, ZwNftValue *v)
{
        int af = type == ZW_NFT_T_IPV4 ? AF_INET : AF_INET6;
        guint len = type == ZW_NFT_T_IPV4 ? 4 : 16;
        g_autofree char *addr = g_strdup(text);
        char *slash = strchr(addr, '/');
        char *dash = strchr(addr, '-');
        guint64 plen = len * 8;

        if (dash != NULL && slash == NULL) {
                *dash = '\0';
                if (inet_pton(af, addr, v->lo) != 1 || inet_pton(af, dash + 1, v->hi) != 1)
                        return FALSE;
                if (memcmp(v->lo, v->hi, len) > 0)
                        return FALSE;
                v->interval = TRUE;
                return TRUE;
        }
        if (slash != NULL) {
                *slash = '\0';
                if (type == ZW_NFT_T_IPV4 && strchr(slash + 1, '.') != NULL) {
                        /* dotted mask */
                        guint8 m[4];
                        guint32 mask;

                        if (inet_pton(AF_INET, slash + 1, m) != 1)
                                return FALSE;
                        mask = ((guint32)m[0] << 24) | ((guint32)m[1] << 16) |
                               ((guint32)m[2] << 8) | m[3];
                        plen = 0;
                        while (plen < 32 && (mask & (0x80000000u >> plen)))
                                plen++;
                } else if (!g_ascii_string_to_unsigned(slash + 1, 10, 0, len * 8, &plen, NULL)) {
                        return FALSE;
                }
        }
        if (inet_pton(af, addr, v->lo) != 1)
                return FALSE;
        if (slash == NULL)
                goto single;
        for (guint i = 0; i < len; i++) {
                guint bits = plen > i * 8 ? MIN(8, (guint)plen - i * 8) : 0;
                guint8 mask = bits == 0 ? 0 : (guint8)(0xff << (8 - bits));

                v->lo[i] &= mask;
                v->hi[i] = v->lo[i] | (guint8)~mask;
        }
        if (plen == len * 8)
                goto single;
        v->interval = TRUE;
        v->plen = (int)plen;
        return TRUE;
single:
        memcpy(v->hi, v->lo, len);
        return TRUE;
}

gboolean
zw_nft_value_parse(ZwNftType type, const char *text, ZwNftValue *out_value)
{
        ZwNftValue v;

        g_return_val_if_fail(text != NULL, FALSE);
        value_init(&v, type);
        switch (type) {
        case ZW_NFT_T_IPV4:
        case ZW_NFT_T_IPV6:
                if (!parse_addr(type, text, &v))
                        return FALSE;
                break;
        case ZW_NFT_T_SERVICE: {
                g_auto(GStrv) parts = g_strsplit(text, "-", 2);
                guint16 lo, hi;

                if (!parse_port(parts[0], &lo))
                        return FALSE;
                hi = lo;
                if (parts[1] != NULL && !parse_port(parts[1], &hi))
                        return FALSE;
                if (hi < lo) {
                        guint16 t = lo; /* "90-80" means 80-90, as firewalld normalises */

                        lo = hi;
                        hi = t;
                }
                v.lo[0] = (guint8)(lo >> 8);
                v.lo[1] = (guint8)lo;
                v.hi[0] = (guint8)(hi >> 8);
                v.hi[1] = (guint8)hi;
                v.interval = hi != lo;
                break;
        }
        case ZW_NFT_T_PROTO:
                if (!zw_nft_proto_number(text, &v.lo[0]))
                        return FALSE;
                v.hi[0] = v.lo[0];
                break;
        case ZW_NFT_T_ETHER: {
                unsigned int b[6];

                if (strlen(text) != 17 ||
                    sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3], &b[4],
                           &b[5]) != 6)
                        return FALSE;
                for (guint i = 0; i < 6; i++)
                        v.lo[i] = v.hi[i] = (guint8)b[i];
                break;
        }
        case ZW_NFT_T_IFNAME: {
                size_t n = strlen(text);

                if (n == 0 || n > 15)
                        return FALSE;
                if (text[n - 1] == '+' || text[n - 1] == '*') {
                        v.wildcard = TRUE;
                        v.prefix_len = (guint)n - 1;
                        n--;
                }
                memcpy(v.lo, text, n);
                memcpy(v.hi, text, n);
                break;
        }
        case ZW_NFT_T_MARK: {
                char *end = NULL;
                guint64 x;

                if (*text == '\0' || *text == '-')
                        return FALSE;
                x = g_ascii_strtoull(text, &end, 0);
                if (*end != '\0' || x > G_MAXUINT32)
                        return FALSE;
                zw_nft_value_u32(type, (guint32)x, &v);
                break;
        }
        case ZW_NFT_T_NFPROTO:
        case ZW_NFT_T_ICMP_TYPE:
        case ZW_NFT_T_ICMPV6_TYPE:
        case ZW_NFT_T_ICMP_CODE:
        case ZW_NFT_T_CT_STATE:
        case ZW_NFT_T_CT_STATUS:
        case ZW_NFT_T_PKTTYPE:
        case ZW_NFT_T_TCP_FLAGS:
        case ZW_NFT_T_N:
        default:
                return FALSE;
        }
        *out_value = v;
        return TRUE;
}

gboolean
zw_nft_value_equal(const ZwNftValue *a, const ZwNftValue *b)
{
        guint len = zw_nft_type_len(a->type);

        return a->type == b->type && a->interval == b->interval && a->plen == b->plen &&
               a->wildcard == b->wildcard && a->prefix_len == b->prefix_len &&
               memcmp(a->lo, b->lo, len) == 0 && memcmp(a->hi, b->hi, len) == 0;
}

/* ---- plan objects ---- */

static void
expr_free(gpointer data)
{
        ZwNftExpr *e = data;

        switch (e->kind) {
        case ZW_NFT_X_LOOKUP:
                g_free(e->u.lookup.set);
                break;
        case ZW_NFT_X_LOG:
                g_free(e->u.log.prefix);
                break;
        case ZW_NFT_X_CT_HELPER_SET:
                g_free(e->u.helper.name);
                break;
        case ZW_NFT_X_COUNTER:
                g_free(e->u.counter.name);
                break;
        case ZW_NFT_X_VERDICT:
                g_free(e->u.verdict.chain);
                break;
        case ZW_NFT_X_MATCH:
        case ZW_NFT_X_FIB_RPF:
        case ZW_NFT_X_LIMIT:
        case ZW_NFT_X_MARK_SET:
        case ZW_NFT_X_MSS_CLAMP:
        case ZW_NFT_X_MASQUERADE:
        case ZW_NFT_X_REDIRECT:
        case ZW_NFT_X_DNAT:
        case ZW_NFT_X_REJECT:
        default:
                break;
        }
        g_free(e);
}

void
zw_nft_rule_free(ZwNftRule *rule)
{
        if (rule == NULL)
                return;
        g_ptr_array_unref(rule->exprs);
        g_free(rule);
}

static void
chain_free(gpointer data)
{
        ZwNftChain *c = data;

        g_free(c->name);
        g_ptr_array_unref(c->rules);
        g_free(c);
}

static void
elem_free(gpointer data)
{
        ZwNftElem *e = data;

        g_free(e->chain);
        g_free(e);
}

static void
set_free(gpointer data)
{
        ZwNftSet *s = data;

        g_free(s->name);
        g_hash_table_unref(s->index);
        g_ptr_array_unref(s->elems);
        g_free(s);
}

static void
helper_free(gpointer data)
{
        ZwNftCtHelper *h = data;

        g_free(h->name);
        g_free(h->type);
        g_free(h);
}

static void
table_free(gpointer data)
{
        ZwNftTable *t = data;

        g_free(t->name);
        g_free(t->owner);
        g_hash_table_unref(t->parts);
        g_hash_table_unref(t->chain_index);
        g_hash_table_unref(t->set_index);
        g_ptr_array_unref(t->helpers);
        g_ptr_array_unref(t->sets);
        g_ptr_array_unref(t->chains);
        g_hash_table_unref(t->counter_index);
        g_ptr_array_unref(t->counters);
        g_free(t);
}

ZwNftPlan *
zw_nft_plan_new(void)
{
        ZwNftPlan *plan = g_new0(ZwNftPlan, 1);

        plan->tables = g_ptr_array_new_with_free_func(table_free);
        plan->modules = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(plan->modules, NULL);
        return plan;
}

void
zw_nft_plan_free(ZwNftPlan *plan)
{
        if (plan == NULL)
                return;
        g_ptr_array_unref(plan->tables);
        g_ptr_array_unref(plan->modules);
        g_free(plan);
}

const char *const *
zw_nft_plan_modules(const ZwNftPlan *plan)
{
        g_return_val_if_fail(plan != NULL, NULL);
        return (const char *const *)plan->modules->pdata;
}

void
zw_nft_plan_add_module(ZwNftPlan *plan, const char *module)
{
        for (guint i = 0; i + 1 < plan->modules->len; i++)
                if (g_strcmp0(g_ptr_array_index(plan->modules, i), module) == 0)
                        return;
        /* keep the trailing NULL */
        g_ptr_array_insert(plan->modules, (gint)plan->modules->len - 1, g_strdup(module));
}

ZwNftTable *
zw_nft_plan_add_table(ZwNftPlan *plan, const char *name)
{
        ZwNftTable *t = g_new0(ZwNftTable, 1);

        t->name = g_strdup(name);
        t->helpers = g_ptr_array_new_with_free_func(helper_free);
        t->counters = g_ptr_array_new_with_free_func(g_free);
        t->counter_index = g_hash_table_new(g_str_hash, g_str_equal);
        t->sets = g_ptr_array_new_with_free_func(set_free);
        t->chains = g_ptr_array_new_with_free_func(chain_free);
        t->chain_index = g_hash_table_new(g_str_hash, g_str_equal);
        t->set_index = g_hash_table_new(g_str_hash, g_str_equal);
        t->parts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)g_ptr_array_unref);
        g_ptr_array_add(plan->tables, t);
        return t;
}

/* ---- parts ---- */

char *
zw_nft_owner(const char *kind, const char *name)
{
        return g_strdup_printf("%s\t%s", kind, name);
}

void
zw_nft_table_set_owner(ZwNftTable *table, const char *owner)
{
        g_free(table->owner);
        table->owner = g_strdup(owner);
}

const GPtrArray *
zw_nft_table_part(const ZwNftTable *table, const char *owner)
{
        return g_hash_table_lookup(table->parts, owner);
}

static gboolean
part_has(const GPtrArray *part, const char *entry)
{
        for (guint i = 0; part != NULL && i < part->len; i++)
                if (g_str_equal(g_ptr_array_index(part, i), entry))
                        return TRUE;
        return FALSE;
}

/* record "K:name" in the current owner's part, once */
static void
note_part(ZwNftTable *table, char kind, const char *name)
{
        g_autofree char *entry = NULL;
        GPtrArray *part;

        if (table->owner == NULL)
                return;
        entry = g_strdup_printf("%c:%s", kind, name);
        part = g_hash_table_lookup(table->parts, table->owner);
        if (part == NULL) {
                part = g_ptr_array_new_with_free_func(g_free);
                g_hash_table_insert(table->parts, g_strdup(table->owner), part);
        }
        if (!part_has(part, entry))
                g_ptr_array_add(part, g_steal_pointer(&entry));
}

void
zw_nft_table_note_module(ZwNftTable *table, const char *module)
{
        note_part(table, 'm', module);
}

/* entries of a part that must match for it to fit: named counters may come and go */
static guint
part_fixed_len(const GPtrArray *part)
{
        guint n = 0;

        for (guint i = 0; part != NULL && i < part->len; i++)
                if (((const char *)g_ptr_array_index(part, i))[0] != 'k')
                        n++;
        return n;
}

gboolean
zw_nft_table_part_fits(const ZwNftTable *table, const ZwNftTable *from, const char *owner)
{
        const GPtrArray *a = zw_nft_table_part(table, owner);
        const GPtrArray *b = zw_nft_table_part(from, owner);
        guint nb = b != NULL ? b->len : 0;

        if (part_fixed_len(a) != part_fixed_len(b))
                return FALSE;
        for (guint i = 0; i < nb; i++) {
                const char *e = g_ptr_array_index(b, i);

                if (e[0] == 'k')
                        continue;
                if (!part_has(a, e))
                        return FALSE;
                if (e[0] == 'c') {
                        const ZwNftChain *x = zw_nft_table_get_chain(table, e + 2);
                        const ZwNftChain *y = zw_nft_table_get_chain(from, e + 2);

                        if (x == NULL || y == NULL || !zw_nft_chain_same_decl(x, y))
                                return FALSE;
                } else if (e[0] == 's') {
                        const ZwNftSet *x = zw_nft_table_get_set(table, e + 2);
                        const ZwNftSet *y = zw_nft_table_get_set(from, e + 2);

                        if (x == NULL || y == NULL || !zw_nft_set_same_decl(x, y))
                                return FALSE;
                }
        }
        return TRUE;
}

/* steal the object named NAME out of ARRAY (index INDEX keyed by name) */
static gpointer
steal_named(GPtrArray *array, GHashTable *index, const char *name)
{
        gpointer obj = g_hash_table_lookup(index, name);
        guint pos;

        if (obj == NULL || !g_ptr_array_find(array, obj, &pos))
                return NULL;
        g_hash_table_remove(index, name);
        return g_ptr_array_steal_index(array, pos);
}

/* put OBJ (named NAME) in place of the object of that name in ARRAY, freeing the old one */
static void
replace_named(GPtrArray *array, GHashTable *index, const char *name, gpointer obj,
              GDestroyNotify free_func)
{
        gpointer old = g_hash_table_lookup(index, name);
        guint pos;

        g_return_if_fail(old != NULL && g_ptr_array_find(array, old, &pos));
        g_ptr_array_index(array, pos) = obj;
        /* the index's key is the object's own name: re-key it with the new object's */
        g_hash_table_remove(index, name);
        free_func(old);
}

/* the owner's counters: those of its old part TABLE does not keep go, those of PART come */
static void
take_counters(ZwNftTable *table, const GPtrArray *old, const GPtrArray *part)
{
        for (guint i = 0; old != NULL && i < old->len; i++) {
                const char *e = g_ptr_array_index(old, i);
                char *name;

                if (e[0] != 'k' || part_has(part, e))
                        continue;
                name = g_hash_table_lookup(table->counter_index, e + 2);
                if (name == NULL)
                        continue;
                g_hash_table_remove(table->counter_index, name);
                g_ptr_array_remove(table->counters, name);
        }
        for (guint i = 0; part != NULL && i < part->len; i++) {
                const char *e = g_ptr_array_index(part, i);
                char *copy;

                if (e[0] != 'k' || zw_nft_table_has_counter(table, e + 2))
                        continue;
                copy = g_strdup(e + 2);
                g_ptr_array_add(table->counters, copy);
                g_hash_table_add(table->counter_index, copy);
        }
}

void
zw_nft_table_take_part(ZwNftTable *table, ZwNftTable *from, const char *owner)
{
        const GPtrArray *part = zw_nft_table_part(from, owner);

        take_counters(table, zw_nft_table_part(table, owner), part);

        for (guint i = 0; part != NULL && i < part->len; i++) {
                const char *e = g_ptr_array_index(part, i);

                if (e[0] == 'c') {
                        ZwNftChain *c = steal_named(from->chains, from->chain_index, e + 2);

                        g_return_if_fail(c != NULL);
                        replace_named(table->chains, table->chain_index, e + 2, c, chain_free);
                        g_hash_table_insert(table->chain_index, c->name, c);
                } else if (e[0] == 's') {
                        ZwNftSet *s = steal_named(from->sets, from->set_index, e + 2);

                        g_return_if_fail(s != NULL);
                        replace_named(table->sets, table->set_index, e + 2, s, set_free);
                        g_hash_table_insert(table->set_index, s->name, s);
                }
        }
        if (part != NULL) {
                GPtrArray *copy = g_ptr_array_new_with_free_func(g_free);

                for (guint i = 0; i < part->len; i++)
                        g_ptr_array_add(copy, g_strdup(g_ptr_array_index(part, i)));
                g_hash_table_replace(table->parts, g_strdup(owner), copy);
        } else {
                g_hash_table_remove(table->parts, owner);
        }
}

ZwNftTable *
zw_nft_plan_get_table(const ZwNftPlan *plan, const char *name)
{
        for (guint i = 0; i < plan->tables->len; i++) {
                ZwNftTable *t = g_ptr_array_index(plan->tables, i);

                if (g_strcmp0(t->name, name) == 0)
                        return t;
        }
        return NULL;
}

ZwNftChain *
zw_nft_table_add_chain(ZwNftTable *table, const char *name)
{
        return zw_nft_table_add_base_chain(table, name, ZW_NFT_HOOK_NONE, FALSE, 0);
}

ZwNftChain *
zw_nft_table_add_base_chain(ZwNftTable *table, const char *name, ZwNftHook hook, gboolean nat,
                            int priority)
{
        ZwNftChain *c = g_new0(ZwNftChain, 1);

        c->name = g_strdup(name);
        c->hook = hook;
        c->nat = nat;
        c->priority = priority;
        c->rules = g_ptr_array_new_with_free_func((GDestroyNotify)zw_nft_rule_free);
        g_ptr_array_add(table->chains, c);
        g_hash_table_insert(table->chain_index, c->name, c);
        note_part(table, 'c', name);
        return c;
}

ZwNftChain *
zw_nft_table_get_chain(const ZwNftTable *table, const char *name)
{
        return name != NULL ? g_hash_table_lookup(table->chain_index, name) : NULL;
}

/* elements are their own keys in the set's index: hashed and compared by their values */
static guint
elem_hash(gconstpointer p)
{
        const ZwNftElem *e = p;
        guint h = 2166136261u;

        for (guint i = 0; i < e->n_key; i++) {
                const ZwNftValue *v = &e->keys[i];
                guint len = MIN(zw_nft_type_len(v->type), 16u);

                h = (h ^ (guint)v->type ^ ((guint)v->interval << 8)) * 16777619u;
                for (guint k = 0; k < len; k++)
                        h = (h ^ v->lo[k]) * 16777619u;
                for (guint k = 0; v->interval && k < len; k++)
                        h = (h ^ v->hi[k]) * 16777619u;
        }
        return h;
}

static gboolean
elem_equal(gconstpointer a, gconstpointer b)
{
        const ZwNftElem *x = a, *y = b;

        if (x->n_key != y->n_key)
                return FALSE;
        for (guint i = 0; i < x->n_key; i++)
                if (!zw_nft_value_equal(&x->keys[i], &y->keys[i]))
                        return FALSE;
        return TRUE;
}

static ZwNftElem *
elem_new(guint n_key, const ZwNftValue *keys)
{
        ZwNftElem *e = g_malloc0(sizeof(ZwNftElem) + n_key * sizeof(ZwNftValue));

        e->n_key = n_key;
        memcpy(e->keys, keys, n_key * sizeof(ZwNftValue));
        return e;
}

ZwNftSet *
zw_nft_table_add_set(ZwNftTable *table, const char *name, const ZwNftType *key, guint n_key,
                     gboolean map, gboolean interval)
{
        ZwNftSet *s = g_new0(ZwNftSet, 1);

        g_return_val_if_fail(n_key >= 1 && n_key <= 4, NULL);
        s->name = g_strdup(name);
        memcpy(s->key, key, n_key * sizeof(*key));
        s->n_key = n_key;
        s->map = map;
        s->interval = interval;
        s->elems = g_ptr_array_new_with_free_func(elem_free);
        s->index = g_hash_table_new(elem_hash, elem_equal);
        g_ptr_array_add(table->sets, s);
        g_hash_table_insert(table->set_index, s->name, s);
        note_part(table, 's', name);
        return s;
}

ZwNftSet *
zw_nft_table_get_set(const ZwNftTable *table, const char *name)
{
        return name != NULL ? g_hash_table_lookup(table->set_index, name) : NULL;
}

static gint
helper_cmp(gconstpointer a, gconstpointer b)
{
        const ZwNftCtHelper *ha = *(ZwNftCtHelper *const *)a;
        const ZwNftCtHelper *hb = *(ZwNftCtHelper *const *)b;

        return g_strcmp0(ha->name, hb->name);
}

void
zw_nft_table_add_helper(ZwNftTable *table, const char *name, const char *type, guint8 l4proto)
{
        ZwNftCtHelper *h;

        note_part(table, 'h', name);
        for (guint i = 0; i < table->helpers->len; i++) {
                h = g_ptr_array_index(table->helpers, i);
                if (g_strcmp0(h->name, name) == 0)
                        return;
        }
        h = g_new0(ZwNftCtHelper, 1);
        h->name = g_strdup(name);
        h->type = g_strdup(type);
        h->l4proto = l4proto;
        g_ptr_array_add(table->helpers, h);
        g_ptr_array_sort(table->helpers, helper_cmp);
}

gboolean
zw_nft_table_has_counter(const ZwNftTable *table, const char *name)
{
        return name != NULL && g_hash_table_contains(table->counter_index, name);
}

void
zw_nft_table_add_counter(ZwNftTable *table, const char *name)
{
        char *copy;

        note_part(table, 'k', name);
        if (zw_nft_table_has_counter(table, name))
                return;
        copy = g_strdup(name);
        g_ptr_array_add(table->counters, copy);
        g_hash_table_add(table->counter_index, copy);
}

const ZwNftElem *
zw_nft_set_lookup(const ZwNftSet *set, const ZwNftValue *keys)
{
        g_autofree ZwNftElem *probe = elem_new(set->n_key, keys);

        return g_hash_table_lookup(set->index, probe);
}

gboolean
zw_nft_set_add_elem(ZwNftSet *set, const ZwNftValue *keys, ZwNftVerdictKind verdict,
                    const char *chain)
{
        /* the key alone identifies an element (a map has one value per key) */
        ZwNftElem *e = elem_new(set->n_key, keys);

        if (g_hash_table_contains(set->index, e)) {
                g_free(e);
                return FALSE;
        }
        e->verdict = verdict;
        e->chain = g_strdup(chain);
        g_hash_table_add(set->index, e);
        g_ptr_array_add(set->elems, e);
        return TRUE;
}

gboolean
zw_nft_set_same_decl(const ZwNftSet *a, const ZwNftSet *b)
{
        return g_strcmp0(a->name, b->name) == 0 && a->n_key == b->n_key &&
               memcmp(a->key, b->key, a->n_key * sizeof(a->key[0])) == 0 && a->map == b->map &&
               a->interval == b->interval && a->timeout == b->timeout && a->size == b->size &&
               a->counter == b->counter;
}

gboolean
zw_nft_chain_same_decl(const ZwNftChain *a, const ZwNftChain *b)
{
        return g_strcmp0(a->name, b->name) == 0 && a->hook == b->hook && a->nat == b->nat &&
               a->priority == b->priority && a->policy_drop == b->policy_drop;
}

ZwNftRule *
zw_nft_chain_add_rule(ZwNftChain *chain)
{
        ZwNftRule *r = g_new0(ZwNftRule, 1);

        r->exprs = g_ptr_array_new_with_free_func(expr_free);
        g_ptr_array_add(chain->rules, r);
        return r;
}

static ZwNftExpr *
add_expr(ZwNftRule *rule, ZwNftExprKind kind)
{
        ZwNftExpr *e = g_new0(ZwNftExpr, 1);

        e->kind = kind;
        g_ptr_array_add(rule->exprs, e);
        return e;
}

void
zw_nft_rule_match(ZwNftRule *rule, ZwNftField field, ZwNftOp op, const ZwNftValue *value)
{
        ZwNftExpr *e = add_expr(rule, ZW_NFT_X_MATCH);

        e->u.match.field = field;
        e->u.match.op = op;
        e->u.match.value = *value;
}

void
zw_nft_rule_match_u8(ZwNftRule *rule, ZwNftField field, ZwNftOp op, guint8 v)
{
        ZwNftValue val;

        zw_nft_value_u8(fields[field].type, v, &val);
        zw_nft_rule_match(rule, field, op, &val);
}

void
zw_nft_rule_match_u32(ZwNftRule *rule, ZwNftField field, ZwNftOp op, guint32 v)
{
        ZwNftValue val;

        zw_nft_value_u32(fields[field].type, v, &val);
        zw_nft_rule_match(rule, field, op, &val);
}

void
zw_nft_rule_match_ifname(ZwNftRule *rule, ZwNftField field, ZwNftOp op, const char *name)
{
        ZwNftValue val;

        if (!zw_nft_value_parse(ZW_NFT_T_IFNAME, name, &val))
                g_return_if_reached();
        zw_nft_rule_match(rule, field, op, &val);
}

void
zw_nft_rule_lookup(ZwNftRule *rule, const ZwNftField *keys, guint n_keys, const char *set,
                   gboolean negate, gboolean vmap)
{
        ZwNftExpr *e = add_expr(rule, ZW_NFT_X_LOOKUP);

        g_return_if_fail(n_keys >= 1 && n_keys <= 4);
        memcpy(e->u.lookup.keys, keys, n_keys * sizeof(*keys));
        e->u.lookup.n_keys = n_keys;
        e->u.lookup.set = g_strdup(set);
        e->u.lookup.negate = negate;
        e->u.lookup.vmap = vmap;
        e->u.lookup.mask_plen = -1;
}

void
zw_nft_rule_lookup_masked(ZwNftRule *rule, ZwNftField key, int plen, const char *set,
                          gboolean vmap)
{
        ZwNftExpr *e;

        zw_nft_rule_lookup(rule, &key, 1, set, FALSE, vmap);
        e = g_ptr_array_index(rule->exprs, rule->exprs->len - 1);
        e->u.lookup.mask_plen = plen;
}

void
zw_nft_prefix_mask(ZwNftType type, int plen, guint8 *out_mask)
{
        guint len = zw_nft_type_len(type);

        for (guint i = 0; i < len; i++) {
                int bits = CLAMP(plen - (int)i * 8, 0, 8);

                out_mask[i] = bits == 0 ? 0 : (guint8)(0xff << (8 - bits));
        }
}

void
zw_nft_rule_fib_rpf(ZwNftRule *rule)
{
        add_expr(rule, ZW_NFT_X_FIB_RPF);
}

void
zw_nft_rule_log(ZwNftRule *rule, const char *prefix, int level, int group, int qthreshold)
{
        ZwNftExpr *e = add_expr(rule, ZW_NFT_X_LOG);

        e->u.log.prefix = g_strdup(prefix);
        e->u.log.level = level;
        e->u.log.group = group;
        e->u.log.qthreshold = qthreshold;
}

void
zw_nft_rule_limit(ZwNftRule *rule, guint64 rate, guint64 unit)
{
        ZwNftExpr *e = add_expr(rule, ZW_NFT_X_LIMIT);

        e->u.limit.rate = rate;
        e->u.limit.unit = unit;
}

void
zw_nft_rule_limit_burst(ZwNftRule *rule, guint64 rate, guint64 unit, guint32 burst)
{
        ZwNftExpr *e = add_expr(rule, ZW_NFT_X_LIMIT);

        e->u.limit.rate = rate;
        e->u.limit.unit = unit;
        e->u.limit.burst = burst;
}

void
zw_nft_rule_counter(ZwNftRule *rule)
{
        add_expr(rule, ZW_NFT_X_COUNTER);
}

void
zw_nft_rule_counter_ref(ZwNftRule *rule, const char *name)
{
        add_expr(rule, ZW_NFT_X_COUNTER)->u.counter.name = g_strdup(name);
}

void
zw_nft_rule_ct_helper(ZwNftRule *rule, const char *name)
{
        add_expr(rule, ZW_NFT_X_CT_HELPER_SET)->u.helper.name = g_strdup(name);
}

void
zw_nft_rule_mark_set(ZwNftRule *rule, guint32 and_mask, guint32 xor_value)
{
        ZwNftExpr *e = add_expr(rule, ZW_NFT_X_MARK_SET);

        e->u.mark.and_mask = and_mask;
        e->u.mark.xor_value = xor_value;
}

void
zw_nft_rule_mss_clamp(ZwNftRule *rule, guint16 size)
{
        add_expr(rule, ZW_NFT_X_MSS_CLAMP)->u.mss.size = size;
}

void
zw_nft_rule_masquerade(ZwNftRule *rule)
{
        add_expr(rule, ZW_NFT_X_MASQUERADE);
}

void
zw_nft_rule_redirect(ZwNftRule *rule, guint16 port)
{
        add_expr(rule, ZW_NFT_X_REDIRECT)->u.nat.port = port;
}

void
zw_nft_rule_dnat(ZwNftRule *rule, int nfproto, const ZwNftValue *addr, guint16 port)
{
        ZwNftExpr *e = add_expr(rule, ZW_NFT_X_DNAT);

        e->u.nat.nfproto = nfproto;
        e->u.nat.addr = *addr;
        e->u.nat.has_addr = TRUE;
        e->u.nat.port = port;
}

void
zw_nft_rule_reject(ZwNftRule *rule, ZwNftRejectKind kind, guint8 code)
{
        ZwNftExpr *e = add_expr(rule, ZW_NFT_X_REJECT);

        e->u.reject.kind = kind;
        e->u.reject.code = code;
}

void
zw_nft_rule_verdict(ZwNftRule *rule, ZwNftVerdictKind kind, const char *chain)
{
        ZwNftExpr *e = add_expr(rule, ZW_NFT_X_VERDICT);

        e->u.verdict.kind = kind;
        e->u.verdict.chain = g_strdup(chain);
}

static void
expr_copy_into(ZwNftRule *dst, const ZwNftExpr *e)
{
        ZwNftExpr *c = g_new0(ZwNftExpr, 1);

        *c = *e;
        switch (e->kind) {
        case ZW_NFT_X_LOOKUP:
                c->u.lookup.set = g_strdup(e->u.lookup.set);
                break;
        case ZW_NFT_X_LOG:
                c->u.log.prefix = g_strdup(e->u.log.prefix);
                break;
        case ZW_NFT_X_CT_HELPER_SET:
                c->u.helper.name = g_strdup(e->u.helper.name);
                break;
        case ZW_NFT_X_COUNTER:
                c->u.counter.name = g_strdup(e->u.counter.name);
                break;
        case ZW_NFT_X_VERDICT:
                c->u.verdict.chain = g_strdup(e->u.verdict.chain);
                break;
        case ZW_NFT_X_MATCH:
        case ZW_NFT_X_FIB_RPF:
        case ZW_NFT_X_LIMIT:
        case ZW_NFT_X_MARK_SET:
        case ZW_NFT_X_MSS_CLAMP:
        case ZW_NFT_X_MASQUERADE:
        case ZW_NFT_X_REDIRECT:
        case ZW_NFT_X_DNAT:
        case ZW_NFT_X_REJECT:
        default:
                break;
        }
        g_ptr_array_add(dst->exprs, c);
}

ZwNftPlan *
zw_nft_plan_dup(const ZwNftPlan *plan)
{
        ZwNftPlan *d = zw_nft_plan_new();

        g_return_val_if_fail(plan != NULL, NULL);
        for (guint i = 0; i + 1 < plan->modules->len; i++)
                zw_nft_plan_add_module(d, g_ptr_array_index(plan->modules, i));
        for (guint i = 0; i < plan->tables->len; i++) {
                const ZwNftTable *t = g_ptr_array_index(plan->tables, i);
                ZwNftTable *dt = zw_nft_plan_add_table(d, t->name);

                for (guint j = 0; j < t->helpers->len; j++) {
                        const ZwNftCtHelper *h = g_ptr_array_index(t->helpers, j);

                        zw_nft_table_add_helper(dt, h->name, h->type, h->l4proto);
                }
                for (guint j = 0; j < t->counters->len; j++)
                        zw_nft_table_add_counter(dt, g_ptr_array_index(t->counters, j));
                for (guint j = 0; j < t->sets->len; j++) {
                        const ZwNftSet *s = g_ptr_array_index(t->sets, j);
                        ZwNftSet *ds = zw_nft_table_add_set(dt, s->name, s->key, s->n_key, s->map,
                                                            s->interval);

                        ds->timeout = s->timeout;
                        ds->size = s->size;
                        ds->counter = s->counter;
                        for (guint k = 0; k < s->elems->len; k++) {
                                const ZwNftElem *e = g_ptr_array_index(s->elems, k);

                                zw_nft_set_add_elem(ds, e->keys, e->verdict, e->chain);
                        }
                }
                for (guint j = 0; j < t->chains->len; j++) {
                        const ZwNftChain *c = g_ptr_array_index(t->chains, j);
                        ZwNftChain *dc = zw_nft_table_add_base_chain(dt, c->name, c->hook, c->nat,
                                                                     c->priority);

                        dc->policy_drop = c->policy_drop;
                        for (guint k = 0; k < c->rules->len; k++) {
                                const ZwNftRule *r = g_ptr_array_index(c->rules, k);
                                ZwNftRule *dr = zw_nft_chain_add_rule(dc);

                                for (guint x = 0; x < r->exprs->len; x++)
                                        expr_copy_into(dr, g_ptr_array_index(r->exprs, x));
                        }
                }
                {
                        GHashTableIter it;
                        gpointer k, v;

                        g_hash_table_iter_init(&it, t->parts);
                        while (g_hash_table_iter_next(&it, &k, &v)) {
                                const GPtrArray *part = v;
                                GPtrArray *copy = g_ptr_array_new_with_free_func(g_free);

                                for (guint j = 0; j < part->len; j++)
                                        g_ptr_array_add(copy,
                                                        g_strdup(g_ptr_array_index(part, j)));
                                g_hash_table_insert(dt->parts, g_strdup(k), copy);
                        }
                }
        }
        return d;
}

/* ---- comparison ---- */

/* 1 equal, 0 different, -1 a kind compared here by its text only */
static int
expr_equal(const ZwNftExpr *a, const ZwNftExpr *b)
{
        if (a->kind != b->kind)
                return 0;
        switch (a->kind) {
        case ZW_NFT_X_MATCH:
                return a->u.match.field == b->u.match.field && a->u.match.op == b->u.match.op &&
                       zw_nft_value_equal(&a->u.match.value, &b->u.match.value);
        case ZW_NFT_X_LOOKUP:
                return a->u.lookup.n_keys == b->u.lookup.n_keys &&
                       memcmp(a->u.lookup.keys, b->u.lookup.keys,
                              a->u.lookup.n_keys * sizeof(a->u.lookup.keys[0])) == 0 &&
                       g_strcmp0(a->u.lookup.set, b->u.lookup.set) == 0 &&
                       a->u.lookup.negate == b->u.lookup.negate &&
                       a->u.lookup.vmap == b->u.lookup.vmap &&
                       a->u.lookup.mask_plen == b->u.lookup.mask_plen;
        case ZW_NFT_X_LOG:
                return g_strcmp0(a->u.log.prefix, b->u.log.prefix) == 0 &&
                       a->u.log.level == b->u.log.level && a->u.log.group == b->u.log.group &&
                       a->u.log.qthreshold == b->u.log.qthreshold;
        case ZW_NFT_X_CT_HELPER_SET:
                return g_strcmp0(a->u.helper.name, b->u.helper.name) == 0;
        case ZW_NFT_X_MARK_SET:
                return a->u.mark.and_mask == b->u.mark.and_mask &&
                       a->u.mark.xor_value == b->u.mark.xor_value;
        case ZW_NFT_X_MSS_CLAMP:
                return a->u.mss.size == b->u.mss.size;
        case ZW_NFT_X_REJECT:
                return a->u.reject.kind == b->u.reject.kind &&
                       a->u.reject.code == b->u.reject.code;
        case ZW_NFT_X_VERDICT:
                return a->u.verdict.kind == b->u.verdict.kind &&
                       g_strcmp0(a->u.verdict.chain, b->u.verdict.chain) == 0;
        case ZW_NFT_X_FIB_RPF:
        case ZW_NFT_X_MASQUERADE:
                return 1;
        default:
                /* limits, counters, NAT targets and anything newer: by their text */
                return -1;
        }
}

gboolean
zw_nft_rule_equal(const ZwNftRule *a, const ZwNftRule *b)
{
        gboolean by_text = FALSE;

        if (a->exprs->len != b->exprs->len)
                return FALSE;
        for (guint i = 0; i < a->exprs->len; i++) {
                int eq = expr_equal(g_ptr_array_index(a->exprs, i),
                                    g_ptr_array_index(b->exprs, i));

                if (eq == 0)
                        return FALSE;
                by_text |= eq < 0;
        }
        if (by_text) {
                g_autofree char *ta = zw_nft_rule_to_string(a);
                g_autofree char *tb = zw_nft_rule_to_string(b);

                return g_str_equal(ta, tb);
        }
        return TRUE;
}

static gboolean
chains_equal(const ZwNftChain *a, const ZwNftChain *b, char **out_why)
{
        if (!zw_nft_chain_same_decl(a, b)) {
                *out_why = g_strdup_printf("chain %s: declaration differs", a->name);
                return FALSE;
        }
        for (guint i = 0; i < MAX(a->rules->len, b->rules->len); i++) {
                if (i < a->rules->len && i < b->rules->len &&
                    zw_nft_rule_equal(g_ptr_array_index(a->rules, i),
                                      g_ptr_array_index(b->rules, i)))
                        continue;
                g_autofree char *ra = i < a->rules->len
                                              ? zw_nft_rule_to_string(g_ptr_array_index(a->rules, i))
                                              : g_strdup("(none)");
                g_autofree char *rb = i < b->rules->len
                                              ? zw_nft_rule_to_string(g_ptr_array_index(b->rules, i))
                                              : g_strdup("(none)");

                if (!g_str_equal(ra, rb)) {
                        *out_why = g_strdup_printf("chain %s, rule %u: '%s' vs '%s'", a->name, i,
                                                   ra, rb);
                        return FALSE;
                }
        }
        return TRUE;
}

static gboolean
sets_equal(const ZwNftSet *a, const ZwNftSet *b, char **out_why)
{
        if (!zw_nft_set_same_decl(a, b)) {
                *out_why = g_strdup_printf("set %s: declaration differs", a->name);
                return FALSE;
        }
        if (a->elems->len != b->elems->len) {
                *out_why = g_strdup_printf("set %s: %u vs %u elements", a->name, a->elems->len,
                                           b->elems->len);
                return FALSE;
        }
        for (guint i = 0; i < a->elems->len; i++) {
                const ZwNftElem *e = g_ptr_array_index(a->elems, i);
                const ZwNftElem *o = g_hash_table_lookup(b->index, e);

                if (o == NULL || o->verdict != e->verdict || g_strcmp0(o->chain, e->chain) != 0) {
                        g_autofree char *text = zw_nft_elem_to_string(a, e);

                        *out_why = g_strdup_printf("set %s: element %s differs", a->name, text);
                        return FALSE;
                }
        }
        return TRUE;
}

static gboolean
tables_equal(const ZwNftTable *a, const ZwNftTable *b, char **out_why)
{
        if (a->chains->len != b->chains->len || a->sets->len != b->sets->len ||
            a->helpers->len != b->helpers->len) {
                *out_why = g_strdup_printf("table %s: %u/%u/%u vs %u/%u/%u chains/sets/helpers",
                                           a->name, a->chains->len, a->sets->len,
                                           a->helpers->len, b->chains->len, b->sets->len,
                                           b->helpers->len);
                return FALSE;
        }
        if (a->counters->len != b->counters->len) {
                *out_why = g_strdup_printf("table %s: %u vs %u counters", a->name,
                                           a->counters->len, b->counters->len);
                return FALSE;
        }
        for (guint i = 0; i < a->counters->len; i++) {
                const char *x = g_ptr_array_index(a->counters, i);

                if (!zw_nft_table_has_counter(b, x)) {
                        *out_why = g_strdup_printf("counter %s missing", x);
                        return FALSE;
                }
        }
        for (guint i = 0; i < a->helpers->len; i++) {
                const ZwNftCtHelper *x = g_ptr_array_index(a->helpers, i);
                const ZwNftCtHelper *y = g_ptr_array_index(b->helpers, i);

                if (g_strcmp0(x->name, y->name) != 0 || g_strcmp0(x->type, y->type) != 0 ||
                    x->l4proto != y->l4proto) {
                        *out_why = g_strdup_printf("table %s: helper %s differs", a->name,
                                                   x->name);
                        return FALSE;
                }
        }
        for (guint i = 0; i < a->sets->len; i++) {
                const ZwNftSet *x = g_ptr_array_index(a->sets, i);
                const ZwNftSet *y = zw_nft_table_get_set(b, x->name);

                if (y == NULL) {
                        *out_why = g_strdup_printf("set %s missing", x->name);
                        return FALSE;
                }
                if (!sets_equal(x, y, out_why))
                        return FALSE;
        }
        for (guint i = 0; i < a->chains->len; i++) {
                const ZwNftChain *x = g_ptr_array_index(a->chains, i);
                const ZwNftChain *y = zw_nft_table_get_chain(b, x->name);

                if (y == NULL) {
                        *out_why = g_strdup_printf("chain %s missing", x->name);
                        return FALSE;
                }
                if (!chains_equal(x, y, out_why))
                        return FALSE;
        }
        return TRUE;
}

gboolean
zw_nft_plan_equal(const ZwNftPlan *a, const ZwNftPlan *b, char **out_why)
{
        g_autofree char *why = NULL;
        gboolean ok = TRUE;

        if (a->tables->len != b->tables->len) {
                why = g_strdup_printf("%u vs %u tables", a->tables->len, b->tables->len);
                ok = FALSE;
        }
        for (guint i = 0; ok && i < a->tables->len; i++) {
                const ZwNftTable *x = g_ptr_array_index(a->tables, i);
                const ZwNftTable *y = zw_nft_plan_get_table(b, x->name);

                if (y == NULL) {
                        why = g_strdup_printf("table %s missing", x->name);
                        ok = FALSE;
                } else {
                        ok = tables_equal(x, y, &why);
                }
        }
        if (ok && a->modules->len != b->modules->len) {
                why = g_strdup("kernel modules differ");
                ok = FALSE;
        }
        for (guint i = 0; ok && i + 1 < a->modules->len; i++)
                if (!g_strv_contains((const char *const *)b->modules->pdata,
                                     g_ptr_array_index(a->modules, i))) {
                        why = g_strdup_printf("module %s missing",
                                              (const char *)g_ptr_array_index(a->modules, i));
                        ok = FALSE;
                }
        if (out_why != NULL)
                *out_why = g_steal_pointer(&why);
        return ok;
}
