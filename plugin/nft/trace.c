/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nft/trace.c: trace one real packet through our table (meta nftrace + NFNLGRP_NFTRACE) */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <glib-unix.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>
#include <libnftnl/trace.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include "core/error.h"
#include "nft/trace.h"

typedef struct nftnl_table NftnlTable;
typedef struct nftnl_chain NftnlChain;
typedef struct nftnl_rule NftnlRule;
typedef struct nftnl_trace NftnlTrace;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NftnlTable, nftnl_table_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NftnlChain, nftnl_chain_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NftnlRule, nftnl_rule_free)

/* before conntrack (-200) and raw (-300), after defragmentation (-400) */
#define TRACE_PRIORITY (-350)
/* the events of one packet come in one burst; this much quiet after the last one ends it */
#define QUIET_MS 250
#define BUF_SIZE (256 * 1024)

struct _ZwNftTracer {
        char *table;       /* ours: the only table whose events are kept */
        char *trace_table; /* <table>_trace */
        char *panic_table; /* <table>_panic: its events are kept too */
        struct mnl_socket *ctl;
        struct mnl_socket *mon;
        guint32 seq;
        gboolean armed;    /* the trace table is in the kernel */
        guint watch;
        guint timer;
        guint quiet;
        gboolean timed_out;
        gboolean have_id;
        guint32 id;        /* NFTA_TRACE_ID of the packet being traced */
        GPtrArray *events;
        ZwNftTraceDone done;
        gpointer user_data;
};

void
zw_nft_trace_event_free(ZwNftTraceEvent *event)
{
        if (event == NULL)
                return;
        g_free(event->table);
        g_free(event->chain);
        g_free(event->verdict);
        g_free(event);
}

char *
zw_nft_trace_table_name(const char *table)
{
        return g_strdup_printf("%s_trace", table != NULL ? table : "zonewall");
}

/* ---- netlink requests ---- */

typedef struct {
        char *buf;
        struct mnl_nlmsg_batch *b;
} Batch;

static void
batch_begin(ZwNftTracer *t, Batch *b)
{
        b->buf = g_malloc(BUF_SIZE);
        b->b = mnl_nlmsg_batch_start(b->buf, BUF_SIZE);
        nftnl_batch_begin(mnl_nlmsg_batch_current(b->b), t->seq++);
        mnl_nlmsg_batch_next(b->b);
}

static struct nlmsghdr *
batch_msg(ZwNftTracer *t, Batch *b, guint16 type, guint16 flags)
{
        return nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(b->b), type, NFPROTO_INET,
                                     flags | NLM_F_ACK, t->seq++);
}

static void
batch_clear(Batch *b)
{
        if (b->b != NULL)
                mnl_nlmsg_batch_stop(b->b);
        g_free(b->buf);
}

/* send the batch and read every ack: the kernel handled it inside sendmsg (as apply.c) */
static gboolean
batch_send(ZwNftTracer *t, Batch *b, GError **error)
{
        g_autofree char *rbuf = g_malloc(BUF_SIZE);
        guint32 portid = mnl_socket_get_portid(t->ctl);
        int failed = 0;
        ssize_t n;

        nftnl_batch_end(mnl_nlmsg_batch_current(b->b), t->seq++);
        mnl_nlmsg_batch_next(b->b);
        if (mnl_socket_sendto(t->ctl, mnl_nlmsg_batch_head(b->b),
                              mnl_nlmsg_batch_size(b->b)) < 0) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "netlink send: %s",
                            g_strerror(errno));
                return FALSE;
        }
        while ((n = recv(mnl_socket_get_fd(t->ctl), rbuf, BUF_SIZE, MSG_DONTWAIT)) > 0) {
                if (mnl_cb_run(rbuf, (size_t)n, 0, portid, NULL, NULL) < 0 && failed == 0)
                        failed = errno != 0 ? errno : EINVAL;
        }
        if (failed != 0) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "trace table %s: %s",
                            t->trace_table, g_strerror(failed));
                return FALSE;
        }
        return TRUE;
}

/* table messages: NEWTABLE + DELTABLE removes a table whether it exists or not */
static void
table_msg(ZwNftTracer *t, Batch *b, guint16 type)
{
        g_autoptr(NftnlTable) tab = nftnl_table_alloc();
        struct nlmsghdr *nlh;

        nftnl_table_set_str(tab, NFTNL_TABLE_NAME, t->trace_table);
        nlh = batch_msg(t, b, type, type == NFT_MSG_NEWTABLE ? NLM_F_CREATE : 0);
        nftnl_table_nlmsg_build_payload(nlh, tab);
        mnl_nlmsg_batch_next(b->b);
}

static void
chain_msg(ZwNftTracer *t, Batch *b, const char *name, guint32 hook)
{
        g_autoptr(NftnlChain) c = nftnl_chain_alloc();
        struct nlmsghdr *nlh;

        nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, t->trace_table);
        nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, name);
        nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "filter");
        nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, hook);
        nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, TRACE_PRIORITY);
        nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
        nlh = batch_msg(t, b, NFT_MSG_NEWCHAIN, NLM_F_CREATE);
        nftnl_chain_nlmsg_build_payload(nlh, c);
        mnl_nlmsg_batch_next(b->b);
}

/* ---- the rule: match the tuple, then meta nftrace set 1 ---- */

static void
expr_meta_load(NftnlRule *r, guint32 key)
{
        struct nftnl_expr *e = nftnl_expr_alloc("meta");

        nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
        nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
        nftnl_rule_add_expr(r, e);
}

static void
expr_payload(NftnlRule *r, guint32 base, guint32 offset, guint32 len)
{
        struct nftnl_expr *e = nftnl_expr_alloc("payload");

        nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
        nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, offset);
        nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
        nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
        nftnl_rule_add_expr(r, e);
}

static void
expr_cmp_eq(NftnlRule *r, const void *data, guint32 len)
{
        struct nftnl_expr *e = nftnl_expr_alloc("cmp");

        nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
        nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, NFT_CMP_EQ);
        nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
        nftnl_rule_add_expr(r, e);
}

/* reg1 &= mask (one byte) */
static void
expr_and(NftnlRule *r, guint8 mask)
{
        struct nftnl_expr *e = nftnl_expr_alloc("bitwise");
        guint8 zero = 0;

        nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
        nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
        nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, 1);
        nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, &mask, 1);
        nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, &zero, 1);
        nftnl_rule_add_expr(r, e);
}

static void
expr_nftrace(NftnlRule *r)
{
        struct nftnl_expr *e = nftnl_expr_alloc("immediate");
        guint8 one = 1;

        nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_1);
        nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, &one, sizeof(one));
        nftnl_rule_add_expr(r, e);
        e = nftnl_expr_alloc("meta");
        nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, NFT_META_NFTRACE);
        nftnl_expr_set_u32(e, NFTNL_EXPR_META_SREG, NFT_REG_1);
        nftnl_rule_add_expr(r, e);
}

typedef struct {
        int family;
        guint8 saddr[16], daddr[16];
        gboolean has_saddr, has_daddr;
} Addrs;

static gboolean
parse_addr(const char *text, int *family, guint8 *out, GError **error)
{
        int fam = strchr(text, ':') != NULL ? 6 : 4;

        if ((*family != 0 && *family != fam) ||
            inet_pton(fam == 6 ? AF_INET6 : AF_INET, text, out) != 1) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ADDR, "%s", text);
                return FALSE;
        }
        *family = fam;
        return TRUE;
}

static gboolean
has_ports(int l4proto)
{
        return l4proto == IPPROTO_TCP || l4proto == IPPROTO_UDP || l4proto == IPPROTO_SCTP ||
               l4proto == IPPROTO_DCCP || l4proto == IPPROTO_UDPLITE;
}

static void
rule_msg(ZwNftTracer *t, Batch *b, const char *chain, const ZwNftTraceMatch *m,
         const Addrs *a, gboolean iif)
{
        g_autoptr(NftnlRule) r = nftnl_rule_alloc();
        struct nlmsghdr *nlh;
        guint alen = a->family == 6 ? 16 : 4;

        nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_INET);
        nftnl_rule_set_str(r, NFTNL_RULE_TABLE, t->trace_table);
        nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain);
        if (iif && m->iface != NULL) {
                char name[IFNAMSIZ] = { 0 };

                g_strlcpy(name, m->iface, sizeof(name));
                expr_meta_load(r, NFT_META_IIFNAME);
                expr_cmp_eq(r, name, sizeof(name));
        }
        if (a->family != 0) {
                guint8 nfproto = a->family == 6 ? NFPROTO_IPV6 : NFPROTO_IPV4;

                expr_meta_load(r, NFT_META_NFPROTO);
                expr_cmp_eq(r, &nfproto, 1);
        }
        if (a->has_saddr) {
                expr_payload(r, NFT_PAYLOAD_NETWORK_HEADER, a->family == 6 ? 8 : 12, alen);
                expr_cmp_eq(r, a->saddr, alen);
        }
        if (a->has_daddr) {
                expr_payload(r, NFT_PAYLOAD_NETWORK_HEADER, a->family == 6 ? 24 : 16, alen);
                expr_cmp_eq(r, a->daddr, alen);
        }
        if (m->l4proto >= 0) {
                guint8 proto = (guint8)m->l4proto;

                expr_meta_load(r, NFT_META_L4PROTO);
                expr_cmp_eq(r, &proto, 1);
                if (has_ports(m->l4proto) && m->sport >= 0) {
                        guint16 port = htons((guint16)m->sport);

                        expr_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 2);
                        expr_cmp_eq(r, &port, 2);
                }
                if (has_ports(m->l4proto) && m->dport >= 0) {
                        guint16 port = htons((guint16)m->dport);

                        expr_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
                        expr_cmp_eq(r, &port, 2);
                }
                if (m->l4proto == IPPROTO_TCP) {
                        /* tcp flags & (syn | ack) == syn */
                        guint8 syn = 0x02;

                        expr_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 13, 1);
                        expr_and(r, 0x12);
                        expr_cmp_eq(r, &syn, 1);
                } else if ((m->l4proto == IPPROTO_ICMP || m->l4proto == IPPROTO_ICMPV6) &&
                           m->icmp_type >= 0) {
                        guint8 type = (guint8)m->icmp_type;

                        expr_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1);
                        expr_cmp_eq(r, &type, 1);
                }
        }
        expr_nftrace(r);
        nlh = batch_msg(t, b, NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND);
        nftnl_rule_nlmsg_build_payload(nlh, r);
        mnl_nlmsg_batch_next(b->b);
}

static gboolean
remove_table(ZwNftTracer *t, GError **error)
{
        Batch b = { 0 };
        gboolean ok;

        batch_begin(t, &b);
        table_msg(t, &b, NFT_MSG_NEWTABLE);
        table_msg(t, &b, NFT_MSG_DELTABLE);
        ok = batch_send(t, &b, error);
        batch_clear(&b);
        if (ok)
                t->armed = FALSE;
        return ok;
}

/* ---- rule positions: handle -> index in its chain, from a dump of our table ---- */

typedef struct {
        GHashTable *count; /* chain -> rules seen so far */
        GHashTable *where; /* handle -> "chain\nindex" */
} Positions;

static int
rule_cb(const struct nlmsghdr *nlh, void *data)
{
        Positions *p = data;
        g_autoptr(NftnlRule) r = nftnl_rule_alloc();
        const char *chain;
        guint n;

        if (nftnl_rule_nlmsg_parse(nlh, r) < 0)
                return MNL_CB_OK;
        chain = nftnl_rule_get_str(r, NFTNL_RULE_CHAIN);
        if (chain == NULL)
                return MNL_CB_OK;
        n = GPOINTER_TO_UINT(g_hash_table_lookup(p->count, chain));
        g_hash_table_insert(p->count, g_strdup(chain), GUINT_TO_POINTER(n + 1));
        g_hash_table_insert(p->where,
                            g_memdup2(&(guint64){ nftnl_rule_get_u64(r, NFTNL_RULE_HANDLE) },
                                      sizeof(guint64)),
                            g_strdup_printf("%s\n%u", chain, n));
        return MNL_CB_OK;
}

static void
fill_positions(ZwNftTracer *t)
{
        g_autofree char *buf = g_malloc(BUF_SIZE);
        g_autoptr(NftnlRule) r = nftnl_rule_alloc();
        Positions p = {
                g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
                g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free),
        };
        guint32 seq = t->seq++;
        struct nlmsghdr *nlh;
        ssize_t n;
        int ret = MNL_CB_OK;

        nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETRULE, NFPROTO_INET, NLM_F_DUMP, seq);
        nftnl_rule_set_str(r, NFTNL_RULE_TABLE, t->table);
        nftnl_rule_nlmsg_build_payload(nlh, r);
        if (mnl_socket_sendto(t->ctl, nlh, nlh->nlmsg_len) >= 0) {
                while (ret > MNL_CB_STOP &&
                       (n = mnl_socket_recvfrom(t->ctl, buf, BUF_SIZE)) > 0)
                        ret = mnl_cb_run(buf, (size_t)n, seq, mnl_socket_get_portid(t->ctl),
                                         rule_cb, &p);
        }
        for (guint i = 0; i < t->events->len; i++) {
                ZwNftTraceEvent *e = g_ptr_array_index(t->events, i);
                const char *w = e->handle != 0 ? g_hash_table_lookup(p.where, &e->handle)
                                               : NULL;
                g_auto(GStrv) parts = w != NULL ? g_strsplit(w, "\n", 2) : NULL;

                if (parts != NULL && g_strcmp0(parts[0], e->chain) == 0)
                        e->position = atoi(parts[1]);
                if (g_hash_table_contains(p.count, e->chain))
                        e->chain_len = (int)GPOINTER_TO_UINT(
                                g_hash_table_lookup(p.count, e->chain));
        }
        g_hash_table_unref(p.count);
        g_hash_table_unref(p.where);
}

/* ---- the trace ---- */

static void
stop_sources(ZwNftTracer *t)
{
        g_clear_handle_id(&t->watch, g_source_remove);
        g_clear_handle_id(&t->timer, g_source_remove);
        g_clear_handle_id(&t->quiet, g_source_remove);
}

static void
finish(ZwNftTracer *t, GError *error)
{
        g_autoptr(GError) err = error;
        g_autoptr(GError) rm = NULL;
        g_autoptr(GPtrArray) events = NULL;
        ZwNftTraceDone done = t->done;

        stop_sources(t);
        t->done = NULL;
        if (t->armed && !remove_table(t, &rm))
                g_warning("cannot remove the trace table: %s", rm->message);
        if (err == NULL && !t->timed_out) {
                fill_positions(t);
                events = g_steal_pointer(&t->events);
                t->events = g_ptr_array_new_with_free_func(
                        (GDestroyNotify)zw_nft_trace_event_free);
        }
        if (done != NULL)
                done(g_steal_pointer(&events), err, t->user_data);
}

static gboolean
quiet_cb(gpointer data)
{
        ZwNftTracer *t = data;

        t->quiet = 0;
        finish(t, NULL);
        return G_SOURCE_REMOVE;
}

static gboolean
timeout_cb(gpointer data)
{
        ZwNftTracer *t = data;

        t->timer = 0;
        if (t->have_id) {
                finish(t, NULL);
        } else {
                /* no packet: neither events nor an error */
                t->timed_out = TRUE;
                finish(t, NULL);
        }
        return G_SOURCE_REMOVE;
}

static char *
verdict_text(guint32 code, const char *target)
{
        switch ((gint32)code) {
        case NF_DROP:
                return g_strdup("drop");
        case NF_ACCEPT:
                return g_strdup("accept");
        case NF_QUEUE:
                return g_strdup("queue");
        case NF_STOLEN:
                return g_strdup("stolen");
        case NFT_CONTINUE:
                return g_strdup("continue");
        case NFT_BREAK:
                return g_strdup("break");
        case NFT_JUMP:
                return g_strdup_printf("jump %s", target != NULL ? target : "?");
        case NFT_GOTO:
                return g_strdup_printf("goto %s", target != NULL ? target : "?");
        case NFT_RETURN:
                return g_strdup("return");
        default:
                return g_strdup_printf("verdict %d", (gint32)code);
        }
}

static int
trace_cb(const struct nlmsghdr *nlh, void *data)
{
        ZwNftTracer *t = data;
        NftnlTrace *tr;
        const char *table;
        guint32 id;
        ZwNftTraceEvent *e;

        if (NFNL_MSG_TYPE(nlh->nlmsg_type) != NFT_MSG_TRACE)
                return MNL_CB_OK;
        tr = nftnl_trace_alloc();
        if (nftnl_trace_nlmsg_parse(nlh, tr) < 0 || !nftnl_trace_is_set(tr, NFTNL_TRACE_TABLE) ||
            !nftnl_trace_is_set(tr, NFTNL_TRACE_ID)) {
                nftnl_trace_free(tr);
                return MNL_CB_OK;
        }
        table = nftnl_trace_get_str(tr, NFTNL_TRACE_TABLE);
        id = nftnl_trace_get_u32(tr, NFTNL_TRACE_ID);
        if (nftnl_trace_get_u32(tr, NFTNL_TRACE_FAMILY) != NFPROTO_INET ||
            (strcmp(table, t->table) != 0 && strcmp(table, t->trace_table) != 0 &&
             strcmp(table, t->panic_table) != 0) ||
            (t->have_id && id != t->id)) {
                nftnl_trace_free(tr);
                return MNL_CB_OK;
        }
        /* the first packet our rule marked is the one: later ones (retransmits) are not */
        t->have_id = TRUE;
        t->id = id;
        if (strcmp(table, t->trace_table) != 0) {
                guint32 type = nftnl_trace_get_u32(tr, NFTNL_TRACE_TYPE);
                guint32 code = nftnl_trace_is_set(tr, NFTNL_TRACE_VERDICT)
                                       ? nftnl_trace_get_u32(tr, NFTNL_TRACE_VERDICT)
                                       : nftnl_trace_get_u32(tr, NFTNL_TRACE_POLICY);

                e = g_new0(ZwNftTraceEvent, 1);
                e->kind = type == NFT_TRACETYPE_POLICY   ? ZW_NFT_TRACE_POLICY
                          : type == NFT_TRACETYPE_RETURN ? ZW_NFT_TRACE_RETURN
                                                         : ZW_NFT_TRACE_RULE;
                e->table = g_strdup(table);
                e->chain = g_strdup(nftnl_trace_get_str(tr, NFTNL_TRACE_CHAIN));
                if (nftnl_trace_is_set(tr, NFTNL_TRACE_RULE_HANDLE))
                        e->handle = nftnl_trace_get_u64(tr, NFTNL_TRACE_RULE_HANDLE);
                e->position = -1;
                e->chain_len = -1;
                e->verdict = verdict_text(code,
                                          nftnl_trace_is_set(tr, NFTNL_TRACE_JUMP_TARGET)
                                                  ? nftnl_trace_get_str(tr,
                                                                        NFTNL_TRACE_JUMP_TARGET)
                                                  : NULL);
                if (e->chain == NULL)
                        e->chain = g_strdup("?");
                g_ptr_array_add(t->events, e);
        }
        nftnl_trace_free(tr);
        g_clear_handle_id(&t->quiet, g_source_remove);
        t->quiet = g_timeout_add(QUIET_MS, quiet_cb, t);
        return MNL_CB_OK;
}

static gboolean
readable_cb(int fd, GIOCondition cond, gpointer data)
{
        ZwNftTracer *t = data;
        g_autofree char *buf = g_malloc(BUF_SIZE);
        ssize_t n;

        while ((n = recv(fd, buf, BUF_SIZE, MSG_DONTWAIT)) > 0)
                mnl_cb_run(buf, (size_t)n, 0, 0, trace_cb, t);
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOBUFS &&
            errno != EINTR) {
                t->watch = 0;
                finish(t, g_error_new(ZW_ERROR, ZW_ERROR_COMMAND_FAILED,
                                      "reading trace events: %s", g_strerror(errno)));
                return G_SOURCE_REMOVE;
        }
        return G_SOURCE_CONTINUE;
}

ZwNftTracer *
zw_nft_trace_start(const char *table, const ZwNftTraceMatch *match, guint seconds,
                   ZwNftTraceDone done, gpointer user_data, GError **error)
{
        g_autoptr(ZwNftTracer) t = g_new0(ZwNftTracer, 1);
        int group = NFNLGRP_NFTRACE;
        int size = 4 * 1024 * 1024;
        Addrs a = { .family = match->family };
        Batch b = { 0 };
        gboolean ok;

        g_return_val_if_fail(match != NULL && done != NULL, NULL);
        if (match->saddr != NULL && !parse_addr(match->saddr, &a.family, a.saddr, error))
                return NULL;
        if (match->daddr != NULL && !parse_addr(match->daddr, &a.family, a.daddr, error))
                return NULL;
        a.has_saddr = match->saddr != NULL;
        a.has_daddr = match->daddr != NULL;
        t->table = g_strdup(table != NULL ? table : "zonewall");
        t->trace_table = zw_nft_trace_table_name(t->table);
        t->panic_table = g_strdup_printf("%s_panic", t->table);
        t->events = g_ptr_array_new_with_free_func((GDestroyNotify)zw_nft_trace_event_free);
        t->done = done;
        t->user_data = user_data;
        t->seq = (guint32)g_get_real_time();
        t->ctl = mnl_socket_open(NETLINK_NETFILTER);
        t->mon = mnl_socket_open(NETLINK_NETFILTER);
        if (t->ctl == NULL || t->mon == NULL ||
            mnl_socket_bind(t->ctl, 0, MNL_SOCKET_AUTOPID) < 0 ||
            mnl_socket_bind(t->mon, 0, MNL_SOCKET_AUTOPID) < 0 ||
            mnl_socket_setsockopt(t->mon, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "netlink socket: %s",
                            g_strerror(errno));
                return NULL;
        }
        /* a burst of events must not overflow before the main loop reads it */
        setsockopt(mnl_socket_get_fd(t->mon), SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size));
        /* subscribed first: no event of the first packet can be missed */
        batch_begin(t, &b);
        table_msg(t, &b, NFT_MSG_NEWTABLE); /* a table left by a crashed daemon goes */
        table_msg(t, &b, NFT_MSG_DELTABLE);
        table_msg(t, &b, NFT_MSG_NEWTABLE);
        chain_msg(t, &b, "pre", NF_INET_PRE_ROUTING);
        rule_msg(t, &b, "pre", match, &a, TRUE);
        if (match->iface == NULL || strcmp(match->iface, "lo") == 0) {
                chain_msg(t, &b, "out", NF_INET_LOCAL_OUT);
                rule_msg(t, &b, "out", match, &a, FALSE);
        }
        ok = batch_send(t, &b, error);
        batch_clear(&b);
        t->armed = TRUE; /* even a refused batch may have left it: removed on free */
        if (!ok)
                return NULL;
        t->watch = g_unix_fd_add(mnl_socket_get_fd(t->mon), G_IO_IN, readable_cb, t);
        t->timer = g_timeout_add_seconds(MAX(seconds, 1u), timeout_cb, t);
        return g_steal_pointer(&t);
}

void
zw_nft_tracer_free(ZwNftTracer *tracer)
{
        g_autoptr(GError) error = NULL;

        if (tracer == NULL)
                return;
        stop_sources(tracer);
        if (tracer->armed && tracer->ctl != NULL && !remove_table(tracer, &error))
                g_warning("cannot remove the trace table: %s", error->message);
        if (tracer->ctl != NULL)
                mnl_socket_close(tracer->ctl);
        if (tracer->mon != NULL)
                mnl_socket_close(tracer->mon);
        if (tracer->events != NULL)
                g_ptr_array_unref(tracer->events);
        g_free(tracer->table);
        g_free(tracer->trace_table);
        g_free(tracer->panic_table);
        g_free(tracer);
}
