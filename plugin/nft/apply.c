/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nft/apply.c: plan -> one libnftnl/libmnl netlink transaction (the only netlink code) */
#include "config.h"

#include <errno.h>
#include <net/if_arp.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/object.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>
#include <libnftnl/udata.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include "core/error.h"
#include "nft/plan.h"

typedef struct nftnl_table NftnlTable;
typedef struct nftnl_chain NftnlChain;
typedef struct nftnl_set NftnlSet;
typedef struct nftnl_rule NftnlRule;
typedef struct nftnl_obj NftnlObj;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NftnlTable, nftnl_table_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NftnlChain, nftnl_chain_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NftnlSet, nftnl_set_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NftnlRule, nftnl_rule_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NftnlObj, nftnl_obj_free)

/* elements per NEWSETELEM message; a transaction holds as many messages as needed */
#define ELEMS_PER_MSG 256
/* room for one message */
#define MSG_ROOM (256 * 1024)

struct _ZwNftApplier {
        struct mnl_socket *nl;
        guint32 portid;
        guint32 seq;
        char *table;
        guint64 transactions;
        ZwNftPlan *applied; /* what this applier last put in the kernel, NULL if unknown */
        GHashTable *handles; /* "table\nchain" -> GArray of guint64 rule handles, in order */
};

/* One batch being built: the buffer plus what each sequence number was about. */
typedef struct {
        GByteArray *buf;
        guint32 first_seq;
        guint32 seq;
        GPtrArray *what; /* char *, index seq - first_seq */
        guint32 set_id;
        GHashTable *set_ids; /* set name -> id (new sets of this batch) */
        /* rule handles after this batch: chains whose rules it touches; new rules are 0 until
         * the kernel echoes them (NLM_F_ECHO) */
        GHashTable *pending;     /* "table\nchain" -> GArray of guint64 */
        GHashTable *slots;       /* seq -> RuleSlot of a NEWRULE */
        GPtrArray *dead_keys;    /* chains whose handles go (deleted / table replaced) */
        GPtrArray *dead_tables;
} Batch;

typedef struct {
        char *key;
        guint index;
} RuleSlot;

static void
slot_free(gpointer p)
{
        RuleSlot *s = p;

        g_free(s->key);
        g_free(s);
}

static char *
chain_key(const char *table, const char *chain)
{
        return g_strdup_printf("%s\n%s", table, chain);
}

static void
batch_init(Batch *b, guint32 seq)
{
        b->buf = g_byte_array_new();
        b->first_seq = seq;
        b->seq = seq;
        b->what = g_ptr_array_new_with_free_func(g_free);
        b->set_id = 1;
        b->set_ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        b->pending = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)g_array_unref);
        b->slots = g_hash_table_new_full(NULL, NULL, NULL, slot_free);
        b->dead_keys = g_ptr_array_new_with_free_func(g_free);
        b->dead_tables = g_ptr_array_new_with_free_func(g_free);
}

static void
batch_clear(Batch *b)
{
        g_byte_array_unref(b->buf);
        g_ptr_array_unref(b->what);
        g_hash_table_unref(b->set_ids);
        g_hash_table_unref(b->pending);
        g_hash_table_unref(b->slots);
        g_ptr_array_unref(b->dead_keys);
        g_ptr_array_unref(b->dead_tables);
}

/* room at the end of the buffer for one message; returns where it starts */
static char *
batch_room(Batch *b)
{
        guint old = b->buf->len;

        g_byte_array_set_size(b->buf, old + MSG_ROOM);
        memset(b->buf->data + old, 0, MSG_ROOM);
        g_byte_array_set_size(b->buf, old);
        return (char *)b->buf->data + old;
}

static void
batch_commit(Batch *b, struct nlmsghdr *nlh, char *desc)
{
        g_byte_array_set_size(b->buf, b->buf->len + NLMSG_ALIGN(nlh->nlmsg_len));
        g_ptr_array_add(b->what, desc);
}

static struct nlmsghdr *
batch_hdr(Batch *b, guint16 type, guint16 flags)
{
        char *p;

        g_byte_array_set_size(b->buf, b->buf->len + MSG_ROOM);
        g_byte_array_set_size(b->buf, b->buf->len - MSG_ROOM);
        p = (char *)b->buf->data + b->buf->len;
        memset(p, 0, MSG_ROOM);
        return nftnl_nlmsg_build_hdr(p, type, NFPROTO_INET, flags | NLM_F_ACK, b->seq++);
}

/* ---- tables, chains, sets ---- */

static void
add_table_msg(Batch *b, const char *name, guint16 type, guint16 flags)
{
        g_autoptr(NftnlTable) t = nftnl_table_alloc();
        struct nlmsghdr *nlh;

        nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_INET);
        nftnl_table_set_str(t, NFTNL_TABLE_NAME, name);
        nlh = batch_hdr(b, type, flags);
        nftnl_table_nlmsg_build_payload(nlh, t);
        batch_commit(b, nlh,
                     g_strdup_printf("%s table inet %s",
                                     type == NFT_MSG_DELTABLE ? "delete" : "add", name));
}

static int
hook_num(ZwNftHook hook)
{
        switch (hook) {
        case ZW_NFT_HOOK_PREROUTING:
                return NF_INET_PRE_ROUTING;
        case ZW_NFT_HOOK_INPUT:
                return NF_INET_LOCAL_IN;
        case ZW_NFT_HOOK_FORWARD:
                return NF_INET_FORWARD;
        case ZW_NFT_HOOK_OUTPUT:
                return NF_INET_LOCAL_OUT;
        case ZW_NFT_HOOK_POSTROUTING:
                return NF_INET_POST_ROUTING;
        case ZW_NFT_HOOK_NONE:
        default:
                return -1;
        }
}

static void
chain_msg(Batch *b, const char *table, const ZwNftChain *c, guint16 type)
{
        g_autoptr(NftnlChain) ch = nftnl_chain_alloc();
        struct nlmsghdr *nlh;

        nftnl_chain_set_u32(ch, NFTNL_CHAIN_FAMILY, NFPROTO_INET);
        nftnl_chain_set_str(ch, NFTNL_CHAIN_TABLE, table);
        nftnl_chain_set_str(ch, NFTNL_CHAIN_NAME, c->name);
        if (type == NFT_MSG_NEWCHAIN && c->hook != ZW_NFT_HOOK_NONE) {
                nftnl_chain_set_u32(ch, NFTNL_CHAIN_HOOKNUM, (guint32)hook_num(c->hook));
                nftnl_chain_set_s32(ch, NFTNL_CHAIN_PRIO, c->priority);
                nftnl_chain_set_str(ch, NFTNL_CHAIN_TYPE, c->nat ? "nat" : "filter");
                nftnl_chain_set_u32(ch, NFTNL_CHAIN_POLICY, c->policy_drop ? NF_DROP : NF_ACCEPT);
        }
        nlh = batch_hdr(b, type, type == NFT_MSG_NEWCHAIN ? NLM_F_CREATE : 0);
        nftnl_chain_nlmsg_build_payload(nlh, ch);
        batch_commit(b, nlh,
                     g_strdup_printf("%s chain %s", type == NFT_MSG_NEWCHAIN ? "add" : "delete",
                                     c->name));
}

/* flush a chain's rules (DELRULE without handle) */
static void
flush_chain_msg(Batch *b, const char *table, const char *chain)
{
        g_autoptr(NftnlRule) r = nftnl_rule_alloc();
        struct nlmsghdr *nlh;

        nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_INET);
        nftnl_rule_set_str(r, NFTNL_RULE_TABLE, table);
        nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain);
        nlh = batch_hdr(b, NFT_MSG_DELRULE, 0);
        nftnl_rule_nlmsg_build_payload(nlh, r);
        batch_commit(b, nlh, g_strdup_printf("flush chain %s", chain));
}

/* nft's datatype numbers, so `nft list` shows the set keys readably */
static guint32
nft_datatype(ZwNftType t)
{
        switch (t) {
        case ZW_NFT_T_IPV4:
                return 7;
        case ZW_NFT_T_IPV6:
                return 8;
        case ZW_NFT_T_ETHER:
                return 9;
        case ZW_NFT_T_PROTO:
                return 12;
        case ZW_NFT_T_SERVICE:
                return 13;
        case ZW_NFT_T_MARK:
                return 19;
        case ZW_NFT_T_IFNAME:
                return 41;
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
                return 0;
        }
}

static guint
slot_len(ZwNftType t)
{
        return (zw_nft_type_len(t) + 3) & ~3u;
}

static guint
key_len(const ZwNftSet *s)
{
        guint len = 0;

        if (s->n_key == 1)
                return zw_nft_type_len(s->key[0]);
        for (guint i = 0; i < s->n_key; i++)
                len += slot_len(s->key[i]);
        return len;
}

static struct nftnl_set *
set_obj(const char *table, const ZwNftSet *s)
{
        struct nftnl_set *ns = nftnl_set_alloc();

        nftnl_set_set_u32(ns, NFTNL_SET_FAMILY, NFPROTO_INET);
        nftnl_set_set_str(ns, NFTNL_SET_TABLE, table);
        nftnl_set_set_str(ns, NFTNL_SET_NAME, s->name);
        return ns;
}

static void
set_msg(Batch *b, const char *table, const ZwNftSet *s)
{
        g_autoptr(NftnlSet) ns = set_obj(table, s);
        struct nlmsghdr *nlh;
        guint32 flags = 0;
        guint32 type = 0;
        guint32 id = b->set_id++;

        for (guint i = 0; i < s->n_key; i++)
                type = (type << 6) | nft_datatype(s->key[i]);
        if (s->interval)
                flags |= NFT_SET_INTERVAL;
        if (s->map)
                flags |= NFT_SET_MAP;
        if (s->timeout != 0)
                flags |= NFT_SET_TIMEOUT;
        if (s->n_key > 1) {
                guint8 fields[NFT_REG32_COUNT] = { 0 };

                flags |= NFT_SET_CONCAT;
                for (guint i = 0; i < s->n_key; i++)
                        fields[i] = (guint8)zw_nft_type_len(s->key[i]);
                nftnl_set_set_data(ns, NFTNL_SET_DESC_CONCAT, fields, sizeof(fields));
        }
        if (s->n_key == 1) {
                /* how nft prints the keys: strings and marks are host order (nft's enum:
                 * 1 host, 2 big endian); without it `nft list` shows ifnames as "" */
                struct nftnl_udata_buf *ud = nftnl_udata_buf_alloc(64);
                gboolean host = s->key[0] == ZW_NFT_T_IFNAME || s->key[0] == ZW_NFT_T_MARK;

                nftnl_udata_put_u32(ud, NFTNL_UDATA_SET_KEYBYTEORDER, host ? 1 : 2);
                nftnl_set_set_data(ns, NFTNL_SET_USERDATA, nftnl_udata_buf_data(ud),
                                   nftnl_udata_buf_len(ud));
                nftnl_udata_buf_free(ud);
        }
        nftnl_set_set_u32(ns, NFTNL_SET_ID, id);
        nftnl_set_set_u32(ns, NFTNL_SET_FLAGS, flags);
        nftnl_set_set_u32(ns, NFTNL_SET_KEY_TYPE, type);
        nftnl_set_set_u32(ns, NFTNL_SET_KEY_LEN, key_len(s));
        if (s->map)
                nftnl_set_set_u32(ns, NFTNL_SET_DATA_TYPE, NFT_DATA_VERDICT);
        if (s->timeout != 0)
                nftnl_set_set_u64(ns, NFTNL_SET_TIMEOUT, (guint64)s->timeout * 1000);
        if (s->size != 0)
                nftnl_set_set_u32(ns, NFTNL_SET_DESC_SIZE, s->size);
        if (s->counter) /* the kernel gives each element added later its own copy */
                nftnl_set_add_expr(ns, nftnl_expr_alloc("counter"));
        nlh = batch_hdr(b, NFT_MSG_NEWSET, NLM_F_CREATE);
        nftnl_set_nlmsg_build_payload(nlh, ns);
        batch_commit(b, nlh, g_strdup_printf("add set %s", s->name));
        g_hash_table_insert(b->set_ids, g_strdup(s->name), GUINT_TO_POINTER(id));
}

static void
del_set_msg(Batch *b, const char *table, const ZwNftSet *s)
{
        g_autoptr(NftnlSet) ns = set_obj(table, s);
        struct nlmsghdr *nlh = batch_hdr(b, NFT_MSG_DELSET, 0);

        nftnl_set_nlmsg_build_payload(nlh, ns);
        batch_commit(b, nlh, g_strdup_printf("delete set %s", s->name));
}

/* ---- elements ---- */

/* key bytes of one element side (lo or hi); concatenations use 4-byte slots */
static guint
elem_key(const ZwNftSet *s, const ZwNftElem *e, gboolean hi, guint8 *out)
{
        guint off = 0;

        if (s->n_key == 1) {
                const ZwNftValue *v = &e->keys[0];

                memcpy(out, hi ? v->hi : v->lo, zw_nft_type_len(v->type));
                return zw_nft_type_len(v->type);
        }
        for (guint i = 0; i < s->n_key; i++) {
                const ZwNftValue *v = &e->keys[i];

                memset(out + off, 0, slot_len(v->type));
                memcpy(out + off, hi ? v->hi : v->lo, zw_nft_type_len(v->type));
                off += slot_len(v->type);
        }
        return off;
}

typedef struct {
        guint8 lo[64];
        guint8 hi[64];
        guint len;
        const ZwNftElem *elem;
} Span;

static gint
span_cmp(gconstpointer a, gconstpointer b)
{
        const Span *sa = a;
        const Span *sb = b;

        return memcmp(sa->lo, sb->lo, sa->len);
}

static gboolean
be_inc(guint8 *a, guint len)
{
        for (guint i = len; i-- > 0;)
                if (++a[i] != 0)
                        return TRUE;
        return FALSE;
}

static struct nftnl_set_elem *
new_elem(const guint8 *key, guint len, const ZwNftSet *s, const ZwNftElem *e, gboolean end)
{
        struct nftnl_set_elem *ne = nftnl_set_elem_alloc();

        nftnl_set_elem_set(ne, NFTNL_SET_ELEM_KEY, key, len);
        if (end) {
                nftnl_set_elem_set_u32(ne, NFTNL_SET_ELEM_FLAGS, NFT_SET_ELEM_INTERVAL_END);
        } else if (s->map) {
                nftnl_set_elem_set_u32(ne, NFTNL_SET_ELEM_VERDICT,
                                       e->verdict == ZW_NFT_V_GOTO   ? (guint32)NFT_GOTO
                                       : e->verdict == ZW_NFT_V_JUMP ? (guint32)NFT_JUMP
                                       : e->verdict == ZW_NFT_V_DROP ? NF_DROP
                                                                     : NF_ACCEPT);
                if (e->chain != NULL)
                        nftnl_set_elem_set_str(ne, NFTNL_SET_ELEM_CHAIN, e->chain);
        }
        return ne;
}

/* sorted intervals of a single-field interval set; overlapping ranges of plain sets merged
 * (the kernel refuses overlaps); adjacent ones stay apart, as with nft -f */
static GArray *
spans_of(const ZwNftSet *s, GPtrArray *elems)
{
        GArray *spans = g_array_new(FALSE, TRUE, sizeof(Span));

        for (guint i = 0; i < elems->len; i++) {
                Span sp = { .elem = g_ptr_array_index(elems, i) };

                sp.len = elem_key(s, sp.elem, FALSE, sp.lo);
                elem_key(s, sp.elem, TRUE, sp.hi);
                g_array_append_val(spans, sp);
        }
        g_array_sort(spans, span_cmp);
        if (!s->map) {
                guint w = 0;

                for (guint i = 0; i < spans->len; i++) {
                        Span *cur = &g_array_index(spans, Span, i);
                        Span *last = w > 0 ? &g_array_index(spans, Span, w - 1) : NULL;

                        if (last != NULL && memcmp(cur->lo, last->hi, cur->len) <= 0) {
                                if (memcmp(cur->hi, last->hi, cur->len) > 0)
                                        memcpy(last->hi, cur->hi, cur->len);
                                continue;
                        }
                        g_array_index(spans, Span, w++) = *cur;
                }
                g_array_set_size(spans, w);
        }
        return spans;
}

/* start element plus an INTERVAL_END element at hi + 1 (none when hi is the top) */
static void
spans_to_elems(const ZwNftSet *s, GArray *spans, GPtrArray *out)
{
        for (guint i = 0; i < spans->len; i++) {
                Span *sp = &g_array_index(spans, Span, i);
                guint8 end[64];

                g_ptr_array_add(out, new_elem(sp->lo, sp->len, s, sp->elem, FALSE));
                memcpy(end, sp->hi, sp->len);
                if (be_inc(end, sp->len))
                        g_ptr_array_add(out, new_elem(end, sp->len, s, sp->elem, TRUE));
        }
}

static char *
span_key(const Span *x)
{
        GString *k = g_string_new(NULL);

        for (guint i = 0; i < x->len; i++)
                g_string_append_printf(k, "%02x", x->lo[i]);
        g_string_append_c(k, '-');
        for (guint i = 0; i < x->len; i++)
                g_string_append_printf(k, "%02x", x->hi[i]);
        g_string_append_printf(k, ":%d:%s", x->elem->verdict,
                               x->elem->chain != NULL ? x->elem->chain : "");
        return g_string_free(k, FALSE);
}

/* spans of `a` that `b` does not have exactly (same bounds, same verdict); hashed, so a
 * 10,000-entry set diffs in linear time */
static GArray *
spans_minus(GArray *a, GArray *b)
{
        GArray *out = g_array_new(FALSE, TRUE, sizeof(Span));
        g_autoptr(GHashTable) have = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

        for (guint j = 0; j < b->len; j++)
                g_hash_table_add(have, span_key(&g_array_index(b, Span, j)));
        for (guint i = 0; i < a->len; i++) {
                const Span *x = &g_array_index(a, Span, i);
                g_autofree char *k = span_key(x);

                if (!g_hash_table_contains(have, k))
                        g_array_append_val(out, *x);
        }
        return out;
}

/* Kernel element list for `elems` of set `s`:
 * - concatenations with intervals (pipapo): one element with KEY and KEY_END;
 * - single-field intervals (rbtree): start elements plus end elements (hi + 1) flagged
 *   INTERVAL_END, sorted, overlapping ranges of plain sets merged (as nft -f sends them);
 * - hashes: one element per key. */
static GPtrArray *
kernel_elems(const ZwNftSet *s, GPtrArray *elems)
{
        /* no free func: every element is handed to an nftnl_set by elems_msgs() */
        GPtrArray *out = g_ptr_array_new();
        g_autoptr(GArray) spans = NULL;

        if (!s->interval || s->n_key > 1) {
                for (guint i = 0; i < elems->len; i++) {
                        const ZwNftElem *e = g_ptr_array_index(elems, i);
                        guint8 k[64];
                        guint len = elem_key(s, e, FALSE, k);
                        struct nftnl_set_elem *ne = new_elem(k, len, s, e, FALSE);

                        if (s->interval) {
                                guint8 h[64];

                                elem_key(s, e, TRUE, h);
                                nftnl_set_elem_set(ne, NFTNL_SET_ELEM_KEY_END, h, len);
                        }
                        g_ptr_array_add(out, ne);
                }
                return out;
        }
        spans = spans_of(s, elems);
        spans_to_elems(s, spans, out);
        return out;
}

static void
kel_msgs(Batch *b, const char *table, const ZwNftSet *s, GPtrArray *kel, gboolean add)
{
        for (guint i = 0; i < kel->len; i += ELEMS_PER_MSG) {
                g_autoptr(NftnlSet) ns = set_obj(table, s);
                gpointer id = g_hash_table_lookup(b->set_ids, s->name);
                struct nlmsghdr *nlh;

                if (id != NULL)
                        nftnl_set_set_u32(ns, NFTNL_SET_ID, GPOINTER_TO_UINT(id));
                for (guint j = i; j < kel->len && j < i + ELEMS_PER_MSG; j++)
                        nftnl_set_elem_add(ns, g_ptr_array_index(kel, j));
                nlh = batch_hdr(b, add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM,
                                add ? NLM_F_CREATE : 0);
                nftnl_set_elems_nlmsg_build_payload(nlh, ns);
                batch_commit(b, nlh,
                             g_strdup_printf("%s elements of set %s", add ? "add" : "delete",
                                             s->name));
        }
}

static void
elems_msgs(Batch *b, const char *table, const ZwNftSet *s, GPtrArray *elems, gboolean add)
{
        g_autoptr(GPtrArray) kel = kernel_elems(s, elems);

        kel_msgs(b, table, s, kel, add);
}

/* element-level change of a single-field interval set: only intervals that differ move,
 * so lookups of the others never miss during the transaction */
static void
interval_diff_msgs(Batch *b, const char *table, const ZwNftSet *os, const ZwNftSet *ns)
{
        g_autoptr(GArray) old_spans = spans_of(os, os->elems);
        g_autoptr(GArray) new_spans = spans_of(ns, ns->elems);
        g_autoptr(GArray) gone = spans_minus(old_spans, new_spans);
        g_autoptr(GArray) added = spans_minus(new_spans, old_spans);
        g_autoptr(GPtrArray) kel_gone = g_ptr_array_new();
        g_autoptr(GPtrArray) kel_added = g_ptr_array_new();

        spans_to_elems(os, gone, kel_gone);
        spans_to_elems(ns, added, kel_added);
        if (kel_gone->len > 0)
                kel_msgs(b, table, os, kel_gone, FALSE);
        if (kel_added->len > 0)
                kel_msgs(b, table, ns, kel_added, TRUE);
}

static void
helper_msg(Batch *b, const char *table, const ZwNftCtHelper *h, guint16 type)
{
        g_autoptr(NftnlObj) o = nftnl_obj_alloc();
        struct nlmsghdr *nlh;

        nftnl_obj_set_u32(o, NFTNL_OBJ_FAMILY, NFPROTO_INET);
        nftnl_obj_set_str(o, NFTNL_OBJ_TABLE, table);
        nftnl_obj_set_str(o, NFTNL_OBJ_NAME, h->name);
        nftnl_obj_set_u32(o, NFTNL_OBJ_TYPE, NFT_OBJECT_CT_HELPER);
        if (type == NFT_MSG_NEWOBJ) {
                nftnl_obj_set_str(o, NFTNL_OBJ_CT_HELPER_NAME, h->type);
                nftnl_obj_set_u8(o, NFTNL_OBJ_CT_HELPER_L4PROTO, h->l4proto);
        }
        nlh = batch_hdr(b, type, type == NFT_MSG_NEWOBJ ? NLM_F_CREATE : 0);
        nftnl_obj_nlmsg_build_payload(nlh, o);
        batch_commit(b, nlh,
                     g_strdup_printf("%s ct helper %s", type == NFT_MSG_NEWOBJ ? "add" : "delete",
                                     h->name));
}

static gint
name_cmp(gconstpointer a, gconstpointer b)
{
        return g_strcmp0(*(const char *const *)a, *(const char *const *)b);
}

/* named counter objects: only created or deleted, never replaced, so a kept counter keeps
 * its packets and bytes across diffs */
static void
counter_msg(Batch *b, const char *table, const char *name, guint16 type)
{
        g_autoptr(NftnlObj) o = nftnl_obj_alloc();
        struct nlmsghdr *nlh;

        nftnl_obj_set_u32(o, NFTNL_OBJ_FAMILY, NFPROTO_INET);
        nftnl_obj_set_str(o, NFTNL_OBJ_TABLE, table);
        nftnl_obj_set_str(o, NFTNL_OBJ_NAME, name);
        nftnl_obj_set_u32(o, NFTNL_OBJ_TYPE, NFT_OBJECT_COUNTER);
        nlh = batch_hdr(b, type, type == NFT_MSG_NEWOBJ ? NLM_F_CREATE : 0);
        nftnl_obj_nlmsg_build_payload(nlh, o);
        batch_commit(b, nlh,
                     g_strdup_printf("%s counter %s", type == NFT_MSG_NEWOBJ ? "add" : "delete",
                                     name));
}

/* add == TRUE: counters of `n` missing from `o` (before the rules naming them);
 * FALSE: counters of `o` gone from `n` (after the rules naming them went) */
static void
diff_counters(Batch *b, const ZwNftTable *o, const ZwNftTable *n, gboolean add)
{
        const ZwNftTable *from = add ? n : o;
        const ZwNftTable *other = add ? o : n;

        for (guint i = 0; i < from->counters->len; i++) {
                const char *name = g_ptr_array_index(from->counters, i);

                if (!zw_nft_table_has_counter(other, name))
                        counter_msg(b, n->name, name, add ? NFT_MSG_NEWOBJ : NFT_MSG_DELOBJ);
        }
}

/* ---- rules ---- */

typedef struct {
        struct nftnl_rule *r;
        int nfproto; /* dependency already matched, 0 none */
        int l4proto; /* -1 none */
        gboolean ether;
} RuleBuild;

static struct nftnl_expr *
expr_add(RuleBuild *rb, const char *name)
{
        struct nftnl_expr *e = nftnl_expr_alloc(name);

        nftnl_rule_add_expr(rb->r, e);
        return e;
}

static void
e_meta_load(RuleBuild *rb, guint32 key, guint32 dreg)
{
        struct nftnl_expr *e = expr_add(rb, "meta");

        nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
        nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, dreg);
}

static void
e_cmp(RuleBuild *rb, guint32 sreg, guint32 op, const void *data, guint len)
{
        struct nftnl_expr *e = expr_add(rb, "cmp");

        nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, sreg);
        nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
        nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
}

static void
e_bitwise(RuleBuild *rb, guint32 reg, const void *mask, const void *xor, guint len)
{
        struct nftnl_expr *e = expr_add(rb, "bitwise");

        nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, reg);
        nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, reg);
        nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, len);
        nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, mask, len);
        nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, xor, len);
}

static void
e_immediate_data(RuleBuild *rb, guint32 dreg, const void *data, guint len)
{
        struct nftnl_expr *e = expr_add(rb, "immediate");

        nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, dreg);
        nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, data, len);
}

static void
dep_nfproto(RuleBuild *rb, int nfproto)
{
        guint8 v = (guint8)nfproto;

        if (nfproto == 0 || rb->nfproto == nfproto)
                return;
        e_meta_load(rb, NFT_META_NFPROTO, NFT_REG_1);
        e_cmp(rb, NFT_REG_1, NFT_CMP_EQ, &v, 1);
        rb->nfproto = nfproto;
}

static void
dep_l4proto(RuleBuild *rb, int l4proto)
{
        guint8 v = (guint8)l4proto;

        if (l4proto < 0 || rb->l4proto == l4proto)
                return;
        e_meta_load(rb, NFT_META_L4PROTO, NFT_REG_1);
        e_cmp(rb, NFT_REG_1, NFT_CMP_EQ, &v, 1);
        rb->l4proto = l4proto;
}

static void
deps(RuleBuild *rb, const ZwNftFieldInfo *fi)
{
        dep_nfproto(rb, fi->nfproto);
        dep_l4proto(rb, fi->l4proto);
        if (fi->ether && !rb->ether) {
                guint16 t = ARPHRD_ETHER;

                e_meta_load(rb, NFT_META_IIFTYPE, NFT_REG_1);
                e_cmp(rb, NFT_REG_1, NFT_CMP_EQ, &t, 2);
                rb->ether = TRUE;
        }
}

/* load a selector into dreg */
static void
load_field(RuleBuild *rb, ZwNftField field, guint32 dreg)
{
        const ZwNftFieldInfo *fi = zw_nft_field_info(field);
        struct nftnl_expr *e;

        if (fi->meta_key >= 0) {
                e_meta_load(rb, (guint32)fi->meta_key, dreg);
                return;
        }
        if (fi->ct_key >= 0) {
                e = expr_add(rb, "ct");
                nftnl_expr_set_u32(e, NFTNL_EXPR_CT_KEY, (guint32)fi->ct_key);
                nftnl_expr_set_u32(e, NFTNL_EXPR_CT_DREG, dreg);
                return;
        }
        e = expr_add(rb, "payload");
        nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE,
                           fi->base == ZW_NFT_BASE_LL        ? NFT_PAYLOAD_LL_HEADER
                           : fi->base == ZW_NFT_BASE_NETWORK ? NFT_PAYLOAD_NETWORK_HEADER
                                                             : NFT_PAYLOAD_TRANSPORT_HEADER);
        nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, fi->offset);
        nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, zw_nft_type_len(fi->type));
        nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, dreg);
}

static void
build_match(RuleBuild *rb, const ZwNftExpr *x)
{
        const ZwNftFieldInfo *fi = zw_nft_field_info(x->u.match.field);
        const ZwNftValue *v = &x->u.match.value;
        guint len = zw_nft_type_len(fi->type);
        guint32 op = x->u.match.op == ZW_NFT_OP_NEQ ? NFT_CMP_NEQ : NFT_CMP_EQ;

        if (x->u.match.field == ZW_NFT_F_NFPROTO && op == NFT_CMP_EQ) {
                dep_nfproto(rb, v->lo[0]);
                return;
        }
        if (x->u.match.field == ZW_NFT_F_L4PROTO && op == NFT_CMP_EQ) {
                dep_l4proto(rb, v->lo[0]);
                return;
        }
        deps(rb, fi);
        load_field(rb, x->u.match.field, NFT_REG_1);
        if (x->u.match.op == ZW_NFT_OP_ANY) {
                guint8 zero[16] = { 0 };

                e_bitwise(rb, NFT_REG_1, v->lo, zero, len);
                e_cmp(rb, NFT_REG_1, NFT_CMP_NEQ, zero, len);
                return;
        }
        if (v->wildcard) {
                e_cmp(rb, NFT_REG_1, op, v->lo, v->prefix_len);
                return;
        }
        if (!v->interval) {
                e_cmp(rb, NFT_REG_1, op, v->lo, len);
                return;
        }
        if (v->plen >= 0) {
                guint8 mask[16] = { 0 };
                guint8 zero[16] = { 0 };

                for (guint i = 0; i < len; i++) {
                        int bits = CLAMP(v->plen - (int)i * 8, 0, 8);

                        mask[i] = bits == 0 ? 0 : (guint8)(0xff << (8 - bits));
                }
                e_bitwise(rb, NFT_REG_1, mask, zero, len);
                e_cmp(rb, NFT_REG_1, op, v->lo, len);
                return;
        }
        {
                struct nftnl_expr *e = expr_add(rb, "range");

                nftnl_expr_set_u32(e, NFTNL_EXPR_RANGE_SREG, NFT_REG_1);
                nftnl_expr_set_u32(e, NFTNL_EXPR_RANGE_OP,
                                   op == NFT_CMP_NEQ ? NFT_RANGE_NEQ : NFT_RANGE_EQ);
                nftnl_expr_set(e, NFTNL_EXPR_RANGE_FROM_DATA, v->lo, len);
                nftnl_expr_set(e, NFTNL_EXPR_RANGE_TO_DATA, v->hi, len);
        }
}

static void
build_lookup(RuleBuild *rb, Batch *b, const ZwNftExpr *x)
{
        struct nftnl_expr *e;
        guint32 slot = 0;
        gpointer id;

        for (guint i = 0; i < x->u.lookup.n_keys; i++)
                deps(rb, zw_nft_field_info(x->u.lookup.keys[i]));
        for (guint i = 0; i < x->u.lookup.n_keys; i++) {
                const ZwNftFieldInfo *fi = zw_nft_field_info(x->u.lookup.keys[i]);

                load_field(rb, x->u.lookup.keys[i], NFT_REG32_00 + slot);
                if (i == 0 && x->u.lookup.mask_plen >= 0) {
                        guint8 mask[16], zero[16] = { 0 };

                        zw_nft_prefix_mask(fi->type, x->u.lookup.mask_plen, mask);
                        e_bitwise(rb, NFT_REG32_00 + slot, mask, zero, zw_nft_type_len(fi->type));
                }
                slot += slot_len(fi->type) / 4;
        }
        e = expr_add(rb, "lookup");
        nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, NFT_REG32_00);
        nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, x->u.lookup.set);
        id = g_hash_table_lookup(b->set_ids, x->u.lookup.set);
        if (id != NULL)
                nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SET_ID, GPOINTER_TO_UINT(id));
        if (x->u.lookup.vmap)
                nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_DREG, NFT_REG_VERDICT);
        if (x->u.lookup.negate)
                nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_FLAGS, NFT_LOOKUP_F_INV);
}

static void
build_expr(RuleBuild *rb, Batch *b, const ZwNftExpr *x)
{
        struct nftnl_expr *e;

        switch (x->kind) {
        case ZW_NFT_X_MATCH:
                build_match(rb, x);
                break;
        case ZW_NFT_X_LOOKUP:
                build_lookup(rb, b, x);
                break;
        case ZW_NFT_X_FIB_RPF: {
                guint32 zero = 0;

                /* "oif missing": existence only (F_PRESENT), compared as nft does */
                e = expr_add(rb, "fib");
                nftnl_expr_set_u32(e, NFTNL_EXPR_FIB_FLAGS,
                                   NFTA_FIB_F_SADDR | NFTA_FIB_F_MARK | NFTA_FIB_F_IIF |
                                           NFTA_FIB_F_PRESENT);
                nftnl_expr_set_u32(e, NFTNL_EXPR_FIB_RESULT, NFT_FIB_RESULT_OIF);
                nftnl_expr_set_u32(e, NFTNL_EXPR_FIB_DREG, NFT_REG_1);
                e_cmp(rb, NFT_REG_1, NFT_CMP_EQ, &zero, 4);
                break;
        }
        case ZW_NFT_X_LOG:
                e = expr_add(rb, "log");
                if (x->u.log.prefix != NULL)
                        nftnl_expr_set_str(e, NFTNL_EXPR_LOG_PREFIX, x->u.log.prefix);
                if (x->u.log.group >= 0) {
                        nftnl_expr_set_u16(e, NFTNL_EXPR_LOG_GROUP, (guint16)x->u.log.group);
                        if (x->u.log.qthreshold >= 0)
                                nftnl_expr_set_u16(e, NFTNL_EXPR_LOG_QTHRESHOLD,
                                                   (guint16)x->u.log.qthreshold);
                } else if (x->u.log.level >= 0) {
                        nftnl_expr_set_u32(e, NFTNL_EXPR_LOG_LEVEL,
                                           x->u.log.level == 8 ? NFT_LOGLEVEL_AUDIT
                                                               : (guint32)x->u.log.level);
                }
                break;
        case ZW_NFT_X_LIMIT:
                e = expr_add(rb, "limit");
                nftnl_expr_set_u64(e, NFTNL_EXPR_LIMIT_RATE, x->u.limit.rate);
                nftnl_expr_set_u64(e, NFTNL_EXPR_LIMIT_UNIT, x->u.limit.unit);
                nftnl_expr_set_u32(e, NFTNL_EXPR_LIMIT_BURST,
                                   x->u.limit.burst != 0 ? x->u.limit.burst : 5);
                nftnl_expr_set_u32(e, NFTNL_EXPR_LIMIT_TYPE, NFT_LIMIT_PKTS);
                break;
        case ZW_NFT_X_COUNTER:
                if (x->u.counter.name == NULL) {
                        expr_add(rb, "counter");
                        break;
                }
                e = expr_add(rb, "objref");
                nftnl_expr_set_u32(e, NFTNL_EXPR_OBJREF_IMM_TYPE, NFT_OBJECT_COUNTER);
                nftnl_expr_set_str(e, NFTNL_EXPR_OBJREF_IMM_NAME, x->u.counter.name);
                break;
        case ZW_NFT_X_CT_HELPER_SET:
                e = expr_add(rb, "objref");
                nftnl_expr_set_u32(e, NFTNL_EXPR_OBJREF_IMM_TYPE, NFT_OBJECT_CT_HELPER);
                nftnl_expr_set_str(e, NFTNL_EXPR_OBJREF_IMM_NAME, x->u.helper.name);
                break;
        case ZW_NFT_X_MARK_SET: {
                guint32 mask = x->u.mark.and_mask;
                guint32 xor = x->u.mark.xor_value;

                if (mask == 0) {
                        e_immediate_data(rb, NFT_REG_1, &xor, 4);
                } else {
                        e_meta_load(rb, NFT_META_MARK, NFT_REG_1);
                        e_bitwise(rb, NFT_REG_1, &mask, &xor, 4);
                }
                e = expr_add(rb, "meta");
                nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, NFT_META_MARK);
                nftnl_expr_set_u32(e, NFTNL_EXPR_META_SREG, NFT_REG_1);
                break;
        }
        case ZW_NFT_X_MSS_CLAMP:
                dep_l4proto(rb, 6);
                if (x->u.mss.size == 0) {
                        e = expr_add(rb, "rt");
                        nftnl_expr_set_u32(e, NFTNL_EXPR_RT_KEY, NFT_RT_TCPMSS);
                        nftnl_expr_set_u32(e, NFTNL_EXPR_RT_DREG, NFT_REG_1);
                        e = expr_add(rb, "byteorder");
                        nftnl_expr_set_u32(e, NFTNL_EXPR_BYTEORDER_SREG, NFT_REG_1);
                        nftnl_expr_set_u32(e, NFTNL_EXPR_BYTEORDER_DREG, NFT_REG_1);
                        nftnl_expr_set_u32(e, NFTNL_EXPR_BYTEORDER_OP, NFT_BYTEORDER_HTON);
                        nftnl_expr_set_u32(e, NFTNL_EXPR_BYTEORDER_LEN, 2);
                        nftnl_expr_set_u32(e, NFTNL_EXPR_BYTEORDER_SIZE, 2);
                } else {
                        guint16 be = g_htons(x->u.mss.size);

                        e_immediate_data(rb, NFT_REG_1, &be, 2);
                }
                e = expr_add(rb, "exthdr");
                nftnl_expr_set_u32(e, NFTNL_EXPR_EXTHDR_OP, NFT_EXTHDR_OP_TCPOPT);
                nftnl_expr_set_u8(e, NFTNL_EXPR_EXTHDR_TYPE, 2);
                nftnl_expr_set_u32(e, NFTNL_EXPR_EXTHDR_OFFSET, 2);
                nftnl_expr_set_u32(e, NFTNL_EXPR_EXTHDR_LEN, 2);
                nftnl_expr_set_u32(e, NFTNL_EXPR_EXTHDR_SREG, NFT_REG_1);
                break;
        case ZW_NFT_X_MASQUERADE:
                expr_add(rb, "masq");
                break;
        case ZW_NFT_X_REDIRECT:
                if (x->u.nat.port != 0) {
                        guint16 be = g_htons(x->u.nat.port);

                        e_immediate_data(rb, NFT_REG_1, &be, 2);
                }
                e = expr_add(rb, "redir");
                if (x->u.nat.port != 0)
                        nftnl_expr_set_u32(e, NFTNL_EXPR_REDIR_REG_PROTO_MIN, NFT_REG_1);
                break;
        case ZW_NFT_X_DNAT: {
                guint len = zw_nft_type_len(x->u.nat.addr.type);

                dep_nfproto(rb, x->u.nat.nfproto);
                e_immediate_data(rb, NFT_REG_1, x->u.nat.addr.lo, len);
                if (x->u.nat.port != 0) {
                        guint16 be = g_htons(x->u.nat.port);

                        e_immediate_data(rb, NFT_REG_2, &be, 2);
                }
                e = expr_add(rb, "nat");
                nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_TYPE, NFT_NAT_DNAT);
                nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FAMILY, (guint32)x->u.nat.nfproto);
                nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN, NFT_REG_1);
                if (x->u.nat.port != 0)
                        nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_PROTO_MIN, NFT_REG_2);
                break;
        }
        case ZW_NFT_X_REJECT:
                if (x->u.reject.kind == ZW_NFT_REJECT_ICMP)
                        dep_nfproto(rb, NFPROTO_IPV4);
                else if (x->u.reject.kind == ZW_NFT_REJECT_ICMPV6)
                        dep_nfproto(rb, NFPROTO_IPV6);
                else if (x->u.reject.kind == ZW_NFT_REJECT_TCP_RST)
                        dep_l4proto(rb, 6);
                e = expr_add(rb, "reject");
                if (x->u.reject.kind == ZW_NFT_REJECT_ICMPX)
                        nftnl_expr_set_u32(e, NFTNL_EXPR_REJECT_TYPE, NFT_REJECT_ICMPX_UNREACH);
                else if (x->u.reject.kind == ZW_NFT_REJECT_TCP_RST)
                        nftnl_expr_set_u32(e, NFTNL_EXPR_REJECT_TYPE, NFT_REJECT_TCP_RST);
                else
                        nftnl_expr_set_u32(e, NFTNL_EXPR_REJECT_TYPE, NFT_REJECT_ICMP_UNREACH);
                nftnl_expr_set_u8(e, NFTNL_EXPR_REJECT_CODE, x->u.reject.code);
                break;
        case ZW_NFT_X_VERDICT: {
                static const guint32 verdicts[] = { [ZW_NFT_V_ACCEPT] = NF_ACCEPT,
                                                    [ZW_NFT_V_DROP] = NF_DROP,
                                                    [ZW_NFT_V_RETURN] = (guint32)NFT_RETURN,
                                                    [ZW_NFT_V_JUMP] = (guint32)NFT_JUMP,
                                                    [ZW_NFT_V_GOTO] = (guint32)NFT_GOTO };

                e = expr_add(rb, "immediate");
                nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
                nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, verdicts[x->u.verdict.kind]);
                if (x->u.verdict.chain != NULL)
                        nftnl_expr_set_str(e, NFTNL_EXPR_IMM_CHAIN, x->u.verdict.chain);
                break;
        }
        default:
                break;
        }
}

/* add `rule` to `chain`: appended, or inserted before the rule with handle `before`; its
 * handle is echoed by the kernel into slot `index` of the chain's pending handle list */
static void
rule_msg(Batch *b, const char *table, const char *chain, const ZwNftRule *rule, guint64 before,
         guint index)
{
        g_autoptr(NftnlRule) r = nftnl_rule_alloc();
        RuleBuild rb = { r, 0, -1, FALSE };
        struct nlmsghdr *nlh;
        RuleSlot *slot = g_new0(RuleSlot, 1);

        nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_INET);
        nftnl_rule_set_str(r, NFTNL_RULE_TABLE, table);
        nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain);
        if (before != 0)
                nftnl_rule_set_u64(r, NFTNL_RULE_POSITION, before);
        for (guint i = 0; i < rule->exprs->len; i++)
                build_expr(&rb, b, g_ptr_array_index(rule->exprs, i));
        slot->key = chain_key(table, chain);
        slot->index = index;
        g_hash_table_insert(b->slots, GUINT_TO_POINTER(b->seq), slot);
        nlh = batch_hdr(b, NFT_MSG_NEWRULE,
                        NLM_F_CREATE | NLM_F_ECHO | (before != 0 ? 0 : NLM_F_APPEND));
        nftnl_rule_nlmsg_build_payload(nlh, r);
        {
                g_autofree char *text = zw_nft_rule_to_string(rule);

                batch_commit(b, nlh, g_strdup_printf("add rule %s: '%s'", chain, text));
        }
}

static void
del_rule_msg(Batch *b, const char *table, const char *chain, guint64 handle)
{
        g_autoptr(NftnlRule) r = nftnl_rule_alloc();
        struct nlmsghdr *nlh;

        nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_INET);
        nftnl_rule_set_str(r, NFTNL_RULE_TABLE, table);
        nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain);
        nftnl_rule_set_u64(r, NFTNL_RULE_HANDLE, handle);
        nlh = batch_hdr(b, NFT_MSG_DELRULE, 0);
        nftnl_rule_nlmsg_build_payload(nlh, r);
        batch_commit(b, nlh,
                     g_strdup_printf("delete rule %s handle %" G_GUINT64_FORMAT, chain, handle));
}

/* all rules of `c`, appended (new or flushed chain) */
static void
fill_chain(Batch *b, const char *table, const ZwNftChain *c)
{
        GArray *h = g_array_sized_new(FALSE, TRUE, sizeof(guint64), c->rules->len);

        g_array_set_size(h, c->rules->len);
        g_hash_table_replace(b->pending, chain_key(table, c->name), h);
        for (guint j = 0; j < c->rules->len; j++)
                rule_msg(b, table, c->name, g_ptr_array_index(c->rules, j), 0, j);
}

/* ---- whole tables ---- */

static void
add_table_contents(Batch *b, const ZwNftTable *t)
{
        /* chains first (map elements and jumps name them), sets, helpers, then rules */
        for (guint i = 0; i < t->chains->len; i++)
                chain_msg(b, t->name, g_ptr_array_index(t->chains, i), NFT_MSG_NEWCHAIN);
        for (guint i = 0; i < t->sets->len; i++) {
                const ZwNftSet *s = g_ptr_array_index(t->sets, i);

                set_msg(b, t->name, s);
                if (s->elems->len > 0)
                        elems_msgs(b, t->name, s, s->elems, TRUE);
        }
        for (guint i = 0; i < t->helpers->len; i++)
                helper_msg(b, t->name, g_ptr_array_index(t->helpers, i), NFT_MSG_NEWOBJ);
        {
                /* by name, as render.c writes them: the kernel lists them in creation order */
                g_autoptr(GPtrArray) names = g_ptr_array_sized_new(t->counters->len);

                for (guint i = 0; i < t->counters->len; i++)
                        g_ptr_array_add(names, g_ptr_array_index(t->counters, i));
                g_ptr_array_sort(names, name_cmp);
                for (guint i = 0; i < names->len; i++)
                        counter_msg(b, t->name, g_ptr_array_index(names, i), NFT_MSG_NEWOBJ);
        }
        for (guint i = 0; i < t->chains->len; i++)
                fill_chain(b, t->name, g_ptr_array_index(t->chains, i));
}

/* create-if-missing then delete: removes the table whether it exists or not */
static void
drop_table(Batch *b, const char *name)
{
        g_ptr_array_add(b->dead_tables, g_strdup(name));
        add_table_msg(b, name, NFT_MSG_NEWTABLE, NLM_F_CREATE);
        add_table_msg(b, name, NFT_MSG_DELTABLE, 0);
}

static void
replace_table(Batch *b, const ZwNftTable *t)
{
        drop_table(b, t->name);
        add_table_msg(b, t->name, NFT_MSG_NEWTABLE, NLM_F_CREATE);
        add_table_contents(b, t);
}

/* ---- sending ---- */

typedef struct {
        int error;
        guint32 seq;
        Batch *b;
} AckState;

static int
ack_err_cb(const struct nlmsghdr *nlh, void *data)
{
        const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
        AckState *st = data;

        if (err->error != 0 && st->error == 0) {
                st->error = -err->error;
                st->seq = nlh->nlmsg_seq;
        }
        return MNL_CB_OK;
}

/* an echoed NEWRULE: remember its handle in the slot its request reserved */
static int
echo_cb(const struct nlmsghdr *nlh, void *data)
{
        Batch *b = ((AckState *)data)->b;
        RuleSlot *slot;
        GArray *h;
        g_autoptr(NftnlRule) r = NULL;

        if (NFNL_MSG_TYPE(nlh->nlmsg_type) != NFT_MSG_NEWRULE)
                return MNL_CB_OK;
        slot = g_hash_table_lookup(b->slots, GUINT_TO_POINTER(nlh->nlmsg_seq));
        if (slot == NULL)
                return MNL_CB_OK;
        h = g_hash_table_lookup(b->pending, slot->key);
        r = nftnl_rule_alloc();
        if (h == NULL || slot->index >= h->len || nftnl_rule_nlmsg_parse(nlh, r) < 0)
                return MNL_CB_OK;
        g_array_index(h, guint64, slot->index) = nftnl_rule_get_u64(r, NFTNL_RULE_HANDLE);
        return MNL_CB_OK;
}

/* after a committed batch: the applier's handle lists follow the kernel */
static void
handles_commit(ZwNftApplier *a, Batch *b)
{
        GHashTableIter it;
        gpointer k, v;

        for (guint i = 0; i < b->dead_tables->len; i++) {
                g_autofree char *prefix = g_strdup_printf("%s\n",
                                                          (char *)g_ptr_array_index(b->dead_tables,
                                                                                    i));

                g_hash_table_iter_init(&it, a->handles);
                while (g_hash_table_iter_next(&it, &k, NULL))
                        if (g_str_has_prefix(k, prefix))
                                g_hash_table_iter_remove(&it);
        }
        for (guint i = 0; i < b->dead_keys->len; i++)
                g_hash_table_remove(a->handles, g_ptr_array_index(b->dead_keys, i));
        g_hash_table_iter_init(&it, b->pending);
        while (g_hash_table_iter_next(&it, &k, &v)) {
                g_hash_table_iter_steal(&it);
                g_hash_table_replace(a->handles, k, v);
        }
}

static gboolean
batch_send(ZwNftApplier *a, Batch *b, GError **error)
{
        struct nlmsghdr *nlh;
        g_autofree char *rbuf = g_malloc(256 * 1024);
        AckState st = { 0, 0, b };
        mnl_cb_t ctl[NLMSG_MIN_TYPE] = { 0 };
        int size;
        ssize_t n;

        nlh = nftnl_batch_end(batch_room(b), b->seq++);
        batch_commit(b, nlh, g_strdup("batch end"));
        ctl[NLMSG_ERROR] = ack_err_cb;

        size = (int)MIN(b->buf->len + 65536u, (guint)G_MAXINT);
        setsockopt(mnl_socket_get_fd(a->nl), SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size));
        /* room for every ack and every echoed rule (about the size of the request) */
        size = (int)MIN(MAX(2u * b->buf->len + 65536u, 4u * 1024 * 1024), (guint)G_MAXINT);
        setsockopt(mnl_socket_get_fd(a->nl), SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size));

        if (mnl_socket_sendto(a->nl, b->buf->data, b->buf->len) < 0) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED,
                            "netlink send of %u bytes: %s", b->buf->len, g_strerror(errno));
                return FALSE;
        }
        a->transactions++;
        a->seq = b->seq;
        /* the kernel handled the whole batch inside sendmsg: every ack is queued now */
        while ((n = recv(mnl_socket_get_fd(a->nl), rbuf, 256 * 1024, MSG_DONTWAIT)) > 0) {
                /* acks (ack_err_cb) and echoed rules (echo_cb) share the stream */
                if (mnl_cb_run2(rbuf, (size_t)n, 0, a->portid, echo_cb, &st, ctl,
                                NLMSG_MIN_TYPE) < 0 &&
                    st.error == 0 && errno != 0)
                        st.error = errno;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && st.error == 0)
                st.error = errno;
        if (st.error != 0) {
                guint idx = st.seq - b->first_seq;
                const char *what = st.seq >= b->first_seq && idx < b->what->len
                                           ? g_ptr_array_index(b->what, idx)
                                           : "batch";

                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "%s: %s", what,
                            g_strerror(st.error));
                return FALSE;
        }
        handles_commit(a, b);
        return TRUE;
}

static void
batch_start(ZwNftApplier *a, Batch *b)
{
        struct nlmsghdr *nlh;

        batch_init(b, a->seq);
        nlh = nftnl_batch_begin(batch_room(b), b->seq++);
        batch_commit(b, nlh, g_strdup("batch begin"));
}

ZwNftApplier *
zw_nft_applier_new(const char *table_name, GError **error)
{
        g_autoptr(ZwNftApplier) a = g_new0(ZwNftApplier, 1);

        a->table = g_strdup(table_name != NULL ? table_name : "zonewall");
        a->nl = mnl_socket_open(NETLINK_NETFILTER);
        if (a->nl == NULL || mnl_socket_bind(a->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "netlink socket: %s",
                            g_strerror(errno));
                return NULL;
        }
        a->portid = mnl_socket_get_portid(a->nl);
        a->handles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)g_array_unref);
        a->seq = (guint32)g_get_real_time();
        return g_steal_pointer(&a);
}

void
zw_nft_applier_free(ZwNftApplier *applier)
{
        if (applier == NULL)
                return;
        if (applier->nl != NULL)
                mnl_socket_close(applier->nl);
        zw_nft_plan_free(applier->applied);
        if (applier->handles != NULL)
                g_hash_table_unref(applier->handles);
        g_free(applier->table);
        g_free(applier);
}

guint64
zw_nft_applier_transactions(const ZwNftApplier *applier)
{
        g_return_val_if_fail(applier != NULL, 0);
        return applier->transactions;
}

/* the applier keeps PLAN (taken; NULL: the kernel's state is unknown) */
static void
adopt(ZwNftApplier *a, ZwNftPlan *plan)
{
        zw_nft_plan_free(a->applied);
        a->applied = plan;
}

const ZwNftPlan *
zw_nft_applier_get_applied(const ZwNftApplier *applier)
{
        g_return_val_if_fail(applier != NULL, NULL);
        return applier->applied;
}

/* takes PLAN */
static gboolean
replace_all(ZwNftApplier *applier, ZwNftPlan *plan, GError **error)
{
        Batch b;
        gboolean ok;

        batch_start(applier, &b);
        for (guint i = 0; i < plan->tables->len; i++)
                replace_table(&b, g_ptr_array_index(plan->tables, i));
        if (applier->applied != NULL) {
                /* tables of the previous plan that the new one no longer has */
                for (guint i = 0; i < applier->applied->tables->len; i++) {
                        const ZwNftTable *o = g_ptr_array_index(applier->applied->tables, i);

                        if (zw_nft_plan_get_table(plan, o->name) == NULL)
                                drop_table(&b, o->name);
                }
        }
        ok = batch_send(applier, &b, error);
        batch_clear(&b);
        if (!ok)
                zw_nft_plan_free(g_steal_pointer(&plan));
        adopt(applier, plan);
        return ok;
}

static gboolean diff_send(ZwNftApplier *applier, const ZwNftPlan *old_plan,
                          ZwNftPlan *new_plan, GError **error);

/* When this applier knows what the kernel holds (it put it there), a full apply is sent as
 * the difference: still one transaction with the same end state, but elements and rules that
 * stay are not touched. Deleting and re-adding them is not seamless: a packet that entered
 * the old rules just before the generation switch looks the old set up with the new
 * generation's mask and misses every element (seen as refused/dropped connections to open
 * ports during reloads; tests/integration/test-nft-reload.sh). Unknown state (first apply
 * after start, or a diff the kernel refuses because someone changed our table) falls back to
 * the delete+recreate replace. */
gboolean
zw_nft_apply_full(ZwNftApplier *applier, const ZwNftPlan *plan, GError **error)
{
        g_return_val_if_fail(applier != NULL && plan != NULL, FALSE);
        return zw_nft_apply_plan(applier, zw_nft_plan_dup(plan), error);
}

gboolean
zw_nft_apply_plan(ZwNftApplier *applier, ZwNftPlan *plan, GError **error)
{
        g_return_val_if_fail(applier != NULL && plan != NULL, FALSE);
        /* diff_send() replaces applier->applied only after it is done with it; on failure it
         * leaves PLAN to us */
        if (applier->applied != NULL && diff_send(applier, applier->applied, plan, NULL))
                return TRUE;
        return replace_all(applier, plan, error);
}

static gboolean
rules_equal(const ZwNftChain *a, const ZwNftChain *b)
{
        if (a->rules->len != b->rules->len)
                return FALSE;
        for (guint i = 0; i < a->rules->len; i++)
                if (!zw_nft_rule_equal(g_ptr_array_index(a->rules, i),
                                       g_ptr_array_index(b->rules, i)))
                        return FALSE;
        return TRUE;
}

static gboolean
helper_equal(const ZwNftCtHelper *a, const ZwNftCtHelper *b)
{
        return g_strcmp0(a->type, b->type) == 0 && a->l4proto == b->l4proto;
}

static const ZwNftCtHelper *
find_helper(const ZwNftTable *t, const char *name)
{
        for (guint i = 0; i < t->helpers->len; i++) {
                const ZwNftCtHelper *h = g_ptr_array_index(t->helpers, i);

                if (g_strcmp0(h->name, name) == 0)
                        return h;
        }
        return NULL;
}

/* can the table be moved by a diff, or must it be replaced? (declarations changed) */
static gboolean
diffable(const ZwNftTable *o, const ZwNftTable *n)
{
        for (guint i = 0; i < n->sets->len; i++) {
                const ZwNftSet *ns = g_ptr_array_index(n->sets, i);
                const ZwNftSet *os = zw_nft_table_get_set(o, ns->name);

                if (os != NULL && !zw_nft_set_same_decl(os, ns))
                        return FALSE;
        }
        for (guint i = 0; i < n->chains->len; i++) {
                const ZwNftChain *nc = g_ptr_array_index(n->chains, i);
                const ZwNftChain *oc = zw_nft_table_get_chain(o, nc->name);

                if (oc != NULL && !zw_nft_chain_same_decl(oc, nc))
                        return FALSE;
        }
        for (guint i = 0; i < n->helpers->len; i++) {
                const ZwNftCtHelper *nh = g_ptr_array_index(n->helpers, i);
                const ZwNftCtHelper *oh = find_helper(o, nh->name);

                if (oh != NULL && !helper_equal(oh, nh))
                        return FALSE;
        }
        return TRUE;
}

/* elements of `a` whose key is not in `b` (or, for maps, maps differently) */
static GPtrArray *
elems_minus(const ZwNftSet *a, const ZwNftSet *b)
{
        GPtrArray *out = g_ptr_array_new();

        for (guint i = 0; i < a->elems->len; i++) {
                const ZwNftElem *e = g_ptr_array_index(a->elems, i);
                const ZwNftElem *o = b != NULL ? g_hash_table_lookup(b->index, e) : NULL;

                if (o == NULL || o->verdict != e->verdict || g_strcmp0(o->chain, e->chain) != 0)
                        g_ptr_array_add(out, (gpointer)e);
        }
        return out;
}

/* Rule-level change of one chain, if this applier knows the handles of the rules the kernel
 * holds for `oc` (it applied them): keep the longest common subsequence of rules, delete the
 * others by handle, insert the new ones before the next kept rule (or append). FALSE: unknown
 * handles, the caller rewrites the chain. */
static gboolean
edit_chain(ZwNftApplier *a, Batch *b, const char *table, const ZwNftChain *oc,
           const ZwNftChain *c)
{
        g_autofree char *key = chain_key(table, c->name);
        GArray *old_h = g_hash_table_lookup(a->handles, key);
        const ZwNftTable *at = a->applied ? zw_nft_plan_get_table(a->applied, table) : NULL;
        const ZwNftChain *ac = at ? zw_nft_table_get_chain(at, c->name) : NULL;
        guint no = oc->rules->len, nn = c->rules->len;
        g_autoptr(GPtrArray) os = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GPtrArray) ns = g_ptr_array_new_with_free_func(g_free);
        g_autofree guint *lcs = NULL;
        g_autofree int *keep_old = NULL; /* old index -> new index, -1: deleted */
        g_autofree int *from_old = NULL; /* new index -> old index, -1: inserted */
        guint pre = 0, post = 0, mo, mn;
        GArray *h;

        /* the handles must describe exactly the rules `oc` says the kernel has */
        if (old_h == NULL || ac == NULL || old_h->len != no || (ac != oc && !rules_equal(ac, oc)))
                return FALSE;
        for (guint i = 0; i < no; i++)
                if (g_array_index(old_h, guint64, i) == 0)
                        return FALSE;
        keep_old = g_new(int, no + 1);
        from_old = g_new(int, nn + 1);
        for (guint i = 0; i < no; i++)
                keep_old[i] = -1;
        for (guint j = 0; j < nn; j++)
                from_old[j] = -1;
        /* the rules both ends share stay; a change is usually a rule or two in between */
        while (pre < no && pre < nn &&
               zw_nft_rule_equal(g_ptr_array_index(oc->rules, pre),
                                 g_ptr_array_index(c->rules, pre))) {
                keep_old[pre] = from_old[pre] = (int)pre;
                pre++;
        }
        while (post < no - pre && post < nn - pre &&
               zw_nft_rule_equal(g_ptr_array_index(oc->rules, no - 1 - post),
                                 g_ptr_array_index(c->rules, nn - 1 - post))) {
                keep_old[no - 1 - post] = (int)(nn - 1 - post);
                from_old[nn - 1 - post] = (int)(no - 1 - post);
                post++;
        }
        /* the longest common subsequence of what is left between them, by rule text */
        mo = no - pre - post;
        mn = nn - pre - post;
        for (guint i = 0; i < mo; i++)
                g_ptr_array_add(os, zw_nft_rule_to_string(g_ptr_array_index(oc->rules, pre + i)));
        for (guint j = 0; j < mn; j++)
                g_ptr_array_add(ns, zw_nft_rule_to_string(g_ptr_array_index(c->rules, pre + j)));
        /* lcs[i * (mn + 1) + j]: LCS length of os[i..] and ns[j..] */
        lcs = g_new0(guint, (gsize)(mo + 1) * (mn + 1));
        for (guint i = mo; i-- > 0;)
                for (guint j = mn; j-- > 0;)
                        lcs[i * (mn + 1) + j] =
                                g_str_equal(g_ptr_array_index(os, i), g_ptr_array_index(ns, j))
                                        ? lcs[(i + 1) * (mn + 1) + j + 1] + 1
                                        : MAX(lcs[(i + 1) * (mn + 1) + j],
                                              lcs[i * (mn + 1) + j + 1]);
        for (guint i = 0, j = 0; i < mo && j < mn;) {
                if (g_str_equal(g_ptr_array_index(os, i), g_ptr_array_index(ns, j))) {
                        keep_old[pre + i] = (int)(pre + j);
                        from_old[pre + j] = (int)(pre + i);
                        i++;
                        j++;
                } else if (lcs[(i + 1) * (mn + 1) + j] >= lcs[i * (mn + 1) + j + 1]) {
                        i++;
                } else {
                        j++;
                }
        }
        for (guint i = 0; i < no; i++)
                if (keep_old[i] < 0)
                        del_rule_msg(b, table, c->name, g_array_index(old_h, guint64, i));
        h = g_array_sized_new(FALSE, TRUE, sizeof(guint64), nn);
        g_array_set_size(h, nn);
        for (guint j = 0; j < nn; j++)
                if (from_old[j] >= 0)
                        g_array_index(h, guint64, j) = g_array_index(old_h, guint64, from_old[j]);
        g_hash_table_replace(b->pending, g_strdup(key), h);
        for (guint j = 0; j < nn; j++) {
                guint64 before = 0;

                if (from_old[j] >= 0)
                        continue;
                for (guint k = j + 1; k < nn && before == 0; k++)
                        if (from_old[k] >= 0)
                                before = g_array_index(old_h, guint64, from_old[k]);
                rule_msg(b, table, c->name, g_ptr_array_index(c->rules, j), before, j);
        }
        return TRUE;
}

static void
diff_table(ZwNftApplier *a, Batch *b, const ZwNftTable *o, const ZwNftTable *n)
{
        /* 1. new objects: helpers, chains, sets (with elements) */
        for (guint i = 0; i < n->helpers->len; i++) {
                const ZwNftCtHelper *h = g_ptr_array_index(n->helpers, i);

                if (find_helper(o, h->name) == NULL)
                        helper_msg(b, n->name, h, NFT_MSG_NEWOBJ);
        }
        diff_counters(b, o, n, TRUE);
        for (guint i = 0; i < n->chains->len; i++) {
                const ZwNftChain *c = g_ptr_array_index(n->chains, i);

                if (zw_nft_table_get_chain(o, c->name) == NULL)
                        chain_msg(b, n->name, c, NFT_MSG_NEWCHAIN);
        }
        for (guint i = 0; i < n->sets->len; i++) {
                const ZwNftSet *s = g_ptr_array_index(n->sets, i);

                if (zw_nft_table_get_set(o, s->name) == NULL) {
                        set_msg(b, n->name, s);
                        if (s->elems->len > 0)
                                elems_msgs(b, n->name, s, s->elems, TRUE);
                }
        }
        /* 2. elements of kept sets */
        for (guint i = 0; i < n->sets->len; i++) {
                const ZwNftSet *s = g_ptr_array_index(n->sets, i);
                const ZwNftSet *os = zw_nft_table_get_set(o, s->name);
                g_autoptr(GPtrArray) gone = NULL;
                g_autoptr(GPtrArray) added = NULL;

                if (os == NULL)
                        continue;
                gone = elems_minus(os, s);
                added = elems_minus(s, os);
                if (gone->len == 0 && added->len == 0)
                        continue;
                if (s->interval && s->n_key == 1) {
                        interval_diff_msgs(b, n->name, os, s);
                        continue;
                }
                if (gone->len > 0)
                        elems_msgs(b, n->name, os, gone, FALSE);
                if (added->len > 0)
                        elems_msgs(b, n->name, s, added, TRUE);
        }
        /* 3. chains whose rules changed: single rule deletes/inserts where the handles are
         * known, else flush and refill; removed chains: flush */
        for (guint i = 0; i < n->chains->len; i++) {
                const ZwNftChain *c = g_ptr_array_index(n->chains, i);
                const ZwNftChain *oc = zw_nft_table_get_chain(o, c->name);

                if (oc != NULL && rules_equal(oc, c))
                        continue;
                if (oc != NULL && edit_chain(a, b, n->name, oc, c))
                        continue;
                if (oc != NULL && oc->rules->len > 0)
                        flush_chain_msg(b, n->name, c->name);
                fill_chain(b, n->name, c);
        }
        for (guint i = 0; i < o->chains->len; i++) {
                const ZwNftChain *c = g_ptr_array_index(o->chains, i);

                if (zw_nft_table_get_chain(n, c->name) != NULL)
                        continue;
                if (c->rules->len > 0)
                        flush_chain_msg(b, n->name, c->name);
                g_ptr_array_add(b->dead_keys, chain_key(n->name, c->name));
        }
        /* 4. removed objects, now unreferenced */
        for (guint i = 0; i < o->sets->len; i++) {
                const ZwNftSet *s = g_ptr_array_index(o->sets, i);

                if (zw_nft_table_get_set(n, s->name) == NULL)
                        del_set_msg(b, n->name, s);
        }
        for (guint i = 0; i < o->chains->len; i++) {
                const ZwNftChain *c = g_ptr_array_index(o->chains, i);

                if (zw_nft_table_get_chain(n, c->name) == NULL)
                        chain_msg(b, n->name, c, NFT_MSG_DELCHAIN);
        }
        for (guint i = 0; i < o->helpers->len; i++) {
                const ZwNftCtHelper *h = g_ptr_array_index(o->helpers, i);

                if (find_helper(n, h->name) == NULL)
                        helper_msg(b, n->name, h, NFT_MSG_DELOBJ);
        }
        diff_counters(b, o, n, FALSE);
}

/* On success the applier keeps NEW_PLAN; on failure the caller keeps it. */
static gboolean
diff_send(ZwNftApplier *applier, const ZwNftPlan *old_plan, ZwNftPlan *new_plan,
          GError **error)
{
        Batch b;
        gboolean ok;
        guint before;

        batch_start(applier, &b);
        before = b.what->len;
        for (guint i = 0; i < new_plan->tables->len; i++) {
                const ZwNftTable *n = g_ptr_array_index(new_plan->tables, i);
                const ZwNftTable *o = zw_nft_plan_get_table(old_plan, n->name);

                if (o == NULL || !diffable(o, n))
                        replace_table(&b, n);
                else
                        diff_table(applier, &b, o, n);
        }
        for (guint i = 0; i < old_plan->tables->len; i++) {
                const ZwNftTable *o = g_ptr_array_index(old_plan->tables, i);

                if (zw_nft_plan_get_table(new_plan, o->name) == NULL)
                        drop_table(&b, o->name);
        }
        if (b.what->len == before) {
                batch_clear(&b); /* nothing to do: no transaction */
                adopt(applier, new_plan);
                return TRUE;
        }
        ok = batch_send(applier, &b, error);
        batch_clear(&b);
        /* a refused batch changed nothing: what was applied still is */
        if (ok)
                adopt(applier, new_plan);
        return ok;
}

gboolean
zw_nft_apply_diff(ZwNftApplier *applier, const ZwNftPlan *old_plan, const ZwNftPlan *new_plan,
                  GError **error)
{
        g_autoptr(ZwNftPlan) plan = NULL;

        g_return_val_if_fail(applier != NULL && new_plan != NULL, FALSE);
        plan = zw_nft_plan_dup(new_plan);
        if (old_plan == NULL)
                return replace_all(applier, g_steal_pointer(&plan), error);
        if (diff_send(applier, old_plan, plan, NULL)) {
                plan = NULL; /* the applier's now */
                return TRUE;
        }
        /* the kernel refused the difference (our table was changed behind our back, or the
         * new plan itself is refused): nothing changed; replace the whole table instead,
         * which reports the kernel's reason if the plan is at fault */
        return replace_all(applier, g_steal_pointer(&plan), error);
}

gboolean
zw_nft_apply_additions(ZwNftApplier *applier, ZwNftPlan *additions, gboolean *out_fitted,
                       GError **error)
{
        g_autoptr(ZwNftPlan) owned = additions;
        g_autoptr(GPtrArray) news = g_ptr_array_new_with_free_func(
                (GDestroyNotify)g_ptr_array_unref);
        const ZwNftTable *nt;
        ZwNftTable *at;
        Batch b;
        guint before;
        gboolean ok = TRUE;

        g_return_val_if_fail(applier != NULL && additions != NULL, FALSE);
        *out_fitted = FALSE;
        if (applier->applied == NULL || additions->tables->len != 1)
                return TRUE;
        nt = g_ptr_array_index(additions->tables, 0);
        at = zw_nft_plan_get_table(applier->applied, nt->name);
        for (guint i = 0; at != NULL && i < nt->sets->len; i++) {
                const ZwNftSet *ns = g_ptr_array_index(nt->sets, i);
                const ZwNftSet *as = zw_nft_table_get_set(at, ns->name);

                /* interval sets merge adjacent elements in the kernel: not a plain add */
                if (as == NULL || as->interval || !zw_nft_set_same_decl(as, ns))
                        return TRUE;
        }
        if (at == NULL)
                return TRUE;
        *out_fitted = TRUE;
        batch_start(applier, &b);
        before = b.what->len;
        for (guint i = 0; i < nt->sets->len; i++) {
                const ZwNftSet *ns = g_ptr_array_index(nt->sets, i);
                GPtrArray *added = elems_minus(ns, zw_nft_table_get_set(at, ns->name));

                g_ptr_array_add(news, added);
                if (added->len > 0)
                        elems_msgs(&b, at->name, ns, added, TRUE);
        }
        if (b.what->len > before)
                ok = batch_send(applier, &b, error);
        batch_clear(&b);
        for (guint i = 0; ok && i < nt->sets->len; i++) {
                const ZwNftSet *ns = g_ptr_array_index(nt->sets, i);
                ZwNftSet *as = zw_nft_table_get_set(at, ns->name);
                const GPtrArray *added = g_ptr_array_index(news, i);

                for (guint k = 0; k < added->len; k++) {
                        const ZwNftElem *e = g_ptr_array_index(added, k);

                        zw_nft_set_add_elem(as, e->keys, e->verdict, e->chain);
                }
        }
        return ok;
}

/* a table holding borrowed pointers to OWNER's chains, sets and counters of T (no helpers) */
static ZwNftTable *
part_view(const ZwNftTable *t, const char *owner)
{
        const GPtrArray *part = zw_nft_table_part(t, owner);
        ZwNftTable *v = g_new0(ZwNftTable, 1);

        v->name = t->name;
        v->helpers = g_ptr_array_new();
        v->sets = g_ptr_array_new();
        v->chains = g_ptr_array_new();
        v->chain_index = g_hash_table_new(g_str_hash, g_str_equal);
        v->set_index = g_hash_table_new(g_str_hash, g_str_equal);
        v->counters = g_ptr_array_new();
        v->counter_index = g_hash_table_new(g_str_hash, g_str_equal);
        for (guint i = 0; part != NULL && i < part->len; i++) {
                const char *e = g_ptr_array_index(part, i);

                if (e[0] == 'k') {
                        g_ptr_array_add(v->counters, (gpointer)(e + 2));
                        g_hash_table_add(v->counter_index, (gpointer)(e + 2));
                } else if (e[0] == 'c') {
                        ZwNftChain *c = zw_nft_table_get_chain(t, e + 2);

                        g_ptr_array_add(v->chains, c);
                        g_hash_table_insert(v->chain_index, c->name, c);
                } else if (e[0] == 's') {
                        ZwNftSet *s = zw_nft_table_get_set(t, e + 2);

                        g_ptr_array_add(v->sets, s);
                        g_hash_table_insert(v->set_index, s->name, s);
                }
        }
        return v;
}

static void
part_view_free(ZwNftTable *v)
{
        g_ptr_array_unref(v->helpers);
        g_ptr_array_unref(v->sets);
        g_ptr_array_unref(v->chains);
        g_hash_table_unref(v->chain_index);
        g_hash_table_unref(v->set_index);
        g_ptr_array_unref(v->counters);
        g_hash_table_unref(v->counter_index);
        g_free(v);
}

gboolean
zw_nft_apply_part(ZwNftApplier *applier, ZwNftPlan *part, const char *owner,
                  gboolean *out_fitted, GError **error)
{
        g_autoptr(ZwNftPlan) owned = part;
        ZwNftTable *nt, *at, *ov, *nv;
        Batch b;
        guint before;
        gboolean ok = TRUE;

        g_return_val_if_fail(applier != NULL && part != NULL && owner != NULL, FALSE);
        *out_fitted = FALSE;
        if (applier->applied == NULL || part->tables->len != 1)
                return TRUE;
        nt = g_ptr_array_index(part->tables, 0);
        at = zw_nft_plan_get_table(applier->applied, nt->name);
        if (at == NULL || !zw_nft_table_part_fits(at, nt, owner))
                return TRUE;
        *out_fitted = TRUE;
        ov = part_view(at, owner);
        nv = part_view(nt, owner);
        batch_start(applier, &b);
        before = b.what->len;
        diff_table(applier, &b, ov, nv);
        if (b.what->len > before)
                ok = batch_send(applier, &b, error);
        batch_clear(&b);
        part_view_free(ov);
        part_view_free(nv);
        if (ok)
                zw_nft_table_take_part(at, nt, owner);
        return ok;
}

gboolean
zw_nft_set_panic(ZwNftApplier *applier, gboolean enable, GError **error)
{
        g_autoptr(ZwNftPlan) plan = zw_nft_panic_plan(applier->table);
        const ZwNftTable *t = g_ptr_array_index(plan->tables, 0);
        Batch b;
        gboolean ok;

        batch_start(applier, &b);
        if (enable)
                replace_table(&b, t);
        else
                drop_table(&b, t->name);
        ok = batch_send(applier, &b, error);
        batch_clear(&b);
        return ok;
}

gboolean
zw_nft_remove_all(ZwNftApplier *applier, GError **error)
{
        g_autofree char *panic = g_strdup_printf("%s_panic", applier->table);
        Batch b;
        gboolean ok;

        batch_start(applier, &b);
        drop_table(&b, applier->table);
        drop_table(&b, panic);
        ok = batch_send(applier, &b, error);
        batch_clear(&b);
        adopt(applier, NULL);
        return ok;
}

/* ---- kernel modules ---- */

static gboolean
module_present(const char *module)
{
        g_autofree char *name = g_strdup(module);
        g_autofree char *path = NULL;

        g_strdelimit(name, "-", '_');
        path = g_build_filename("/sys/module", name, NULL);
        return g_file_test(path, G_FILE_TEST_IS_DIR);
}

static gboolean
run(const char *const *argv, int *out_status)
{
        return g_spawn_sync(NULL, (char **)argv, NULL,
                            G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                                    G_SPAWN_STDERR_TO_DEV_NULL,
                            NULL, NULL, NULL, NULL, out_status, NULL);
}

gboolean
zw_nft_load_modules(const char *const *modules, GError **error)
{
        for (guint i = 0; modules != NULL && modules[i] != NULL; i++) {
                const char *m = modules[i];
                const char *probe[] = { "modprobe", "-q", m, NULL };
                const char *info[] = { "modinfo", "-F", "filename", m, NULL };
                int status = 0;

                /* loaded already, or built in (built-ins also show in /sys/module) */
                if (module_present(m))
                        continue;
                if (run(probe, &status) && g_spawn_check_wait_status(status, NULL))
                        continue;
                /* absent from this kernel: the helper simply does not exist here */
                if (!run(info, &status) || !g_spawn_check_wait_status(status, NULL))
                        continue;
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED,
                            "modprobe %s failed", m);
                return FALSE;
        }
        return TRUE;
}
