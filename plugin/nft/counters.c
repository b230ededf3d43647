/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nft/counters.c: dump our table's counter objects and per-element set counters (netlink) */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/object.h>
#include <libnftnl/set.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include "core/error.h"
#include "nft/counters.h"

typedef struct nftnl_obj NftnlObj;
typedef struct nftnl_set NftnlSet;
typedef struct mnl_socket MnlSocket;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NftnlObj, nftnl_obj_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NftnlSet, nftnl_set_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MnlSocket, mnl_socket_close)

/* concatenated key inet_proto . inet_service: two 4-byte slots */
#define PORT_KEY_LEN 8
/* one receive: the kernel fills up to 16 KiB per dump message batch; leave room */
#define DUMP_BUF (64 * 1024)

typedef struct {
        const char *table;
        GHashTable *out;     /* name -> ZwNftCount * */
        GPtrArray *sets;     /* char *: sets of `table` with a counter declaration */
        const char *set;     /* set whose elements are being read */
} Reader;

static void
put(Reader *r, char *name, guint64 packets, guint64 bytes)
{
        ZwNftCount *c = g_hash_table_lookup(r->out, name);

        if (c == NULL) {
                c = g_new0(ZwNftCount, 1);
                g_hash_table_insert(r->out, name, c);
        } else {
                g_free(name);
        }
        c->packets += packets;
        c->bytes += bytes;
}

/* send one dump request and feed every reply to `cb` */
static gboolean
dump(MnlSocket *nl, guint32 *seq, guint16 type, gpointer payload_obj,
     void (*build)(struct nlmsghdr *, gpointer), mnl_cb_t cb, Reader *r, GError **error)
{
        g_autofree char *buf = g_malloc(DUMP_BUF);
        guint32 portid = mnl_socket_get_portid(nl);
        guint32 s = (*seq)++;
        struct nlmsghdr *nlh = nftnl_nlmsg_build_hdr(buf, type, NFPROTO_INET, NLM_F_DUMP, s);
        ssize_t n;
        int ret = MNL_CB_OK;

        build(nlh, payload_obj);
        if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "netlink send: %s",
                            g_strerror(errno));
                return FALSE;
        }
        while ((n = mnl_socket_recvfrom(nl, buf, DUMP_BUF)) > 0) {
                ret = mnl_cb_run(buf, (size_t)n, s, portid, cb, r);
                if (ret <= MNL_CB_STOP)
                        break;
        }
        if (n < 0 || ret < 0) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED,
                            "reading counters of table %s: %s", r->table, g_strerror(errno));
                return FALSE;
        }
        return TRUE;
}

static void
build_obj(struct nlmsghdr *nlh, gpointer o)
{
        nftnl_obj_nlmsg_build_payload(nlh, o);
}

static void
build_set(struct nlmsghdr *nlh, gpointer s)
{
        nftnl_set_nlmsg_build_payload(nlh, s);
}

static void
build_elems(struct nlmsghdr *nlh, gpointer s)
{
        nftnl_set_elems_nlmsg_build_payload(nlh, s);
}

static int
obj_cb(const struct nlmsghdr *nlh, void *data)
{
        Reader *r = data;
        g_autoptr(NftnlObj) o = nftnl_obj_alloc();

        if (nftnl_obj_nlmsg_parse(nlh, o) < 0)
                return MNL_CB_OK; /* not ours to judge: skip what does not parse */
        if (nftnl_obj_get_u32(o, NFTNL_OBJ_TYPE) != NFT_OBJECT_COUNTER ||
            g_strcmp0(nftnl_obj_get_str(o, NFTNL_OBJ_TABLE), r->table) != 0)
                return MNL_CB_OK;
        put(r, g_strdup(nftnl_obj_get_str(o, NFTNL_OBJ_NAME)),
            nftnl_obj_get_u64(o, NFTNL_OBJ_CTR_PKTS), nftnl_obj_get_u64(o, NFTNL_OBJ_CTR_BYTES));
        return MNL_CB_OK;
}

static int
set_cb(const struct nlmsghdr *nlh, void *data)
{
        Reader *r = data;
        g_autoptr(NftnlSet) s = nftnl_set_alloc();

        if (nftnl_set_nlmsg_parse(nlh, s) < 0)
                return MNL_CB_OK;
        if (g_strcmp0(nftnl_set_get_str(s, NFTNL_SET_TABLE), r->table) != 0)
                return MNL_CB_OK;
        if (!nftnl_set_is_set(s, NFTNL_SET_EXPR) && !nftnl_set_is_set(s, NFTNL_SET_EXPRESSIONS))
                return MNL_CB_OK;
        if (nftnl_set_get_u32(s, NFTNL_SET_KEY_LEN) != PORT_KEY_LEN)
                return MNL_CB_OK;
        g_ptr_array_add(r->sets, g_strdup(nftnl_set_get_str(s, NFTNL_SET_NAME)));
        return MNL_CB_OK;
}

typedef struct {
        guint64 packets, bytes;
        gboolean found;
} ElemCount;

static int
elem_expr_cb(struct nftnl_expr *e, void *data)
{
        ElemCount *ec = data;

        if (g_strcmp0(nftnl_expr_get_str(e, NFTNL_EXPR_NAME), "counter") == 0) {
                ec->packets += nftnl_expr_get_u64(e, NFTNL_EXPR_CTR_PACKETS);
                ec->bytes += nftnl_expr_get_u64(e, NFTNL_EXPR_CTR_BYTES);
                ec->found = TRUE;
        }
        return 0;
}

static int
elem_cb(struct nftnl_set_elem *e, void *data)
{
        Reader *r = data;
        ElemCount ec = { 0 };
        const guint8 *key;
        guint32 len = 0;

        key = nftnl_set_elem_get(e, NFTNL_SET_ELEM_KEY, &len);
        if (key == NULL || len != PORT_KEY_LEN)
                return 0;
        nftnl_set_elem_expr_foreach(e, elem_expr_cb, &ec);
        if (!ec.found)
                return 0;
        /* slot 0: protocol (1 byte), slot 1: port, big endian */
        put(r, zw_nft_counter_elem_key(r->set, key[0], (guint16)(((guint)key[4] << 8) | key[5])),
            ec.packets, ec.bytes);
        return 0;
}

static int
elems_cb(const struct nlmsghdr *nlh, void *data)
{
        g_autoptr(NftnlSet) s = nftnl_set_alloc();

        if (nftnl_set_elems_nlmsg_parse(nlh, s) < 0)
                return MNL_CB_OK;
        nftnl_set_elem_foreach(s, elem_cb, data);
        return MNL_CB_OK;
}

GHashTable *
zw_nft_counters_read(const char *table, GError **error)
{
        g_autoptr(MnlSocket) nl = NULL;
        g_autoptr(GHashTable) out = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(NftnlObj) o = nftnl_obj_alloc();
        g_autoptr(NftnlSet) s = nftnl_set_alloc();
        Reader r = { table, out, sets, NULL };
        guint32 seq = (guint32)g_get_real_time();

        g_return_val_if_fail(table != NULL, NULL);
        nl = mnl_socket_open(NETLINK_NETFILTER);
        if (nl == NULL || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "netlink: %s",
                            g_strerror(errno));
                return NULL;
        }
        /* the kernel filters object dumps by table and type */
        nftnl_obj_set_str(o, NFTNL_OBJ_TABLE, table);
        nftnl_obj_set_u32(o, NFTNL_OBJ_TYPE, NFT_OBJECT_COUNTER);
        if (!dump(nl, &seq, NFT_MSG_GETOBJ, o, build_obj, obj_cb, &r, error))
                return NULL;
        nftnl_set_set_str(s, NFTNL_SET_TABLE, table);
        if (!dump(nl, &seq, NFT_MSG_GETSET, s, build_set, set_cb, &r, error))
                return NULL;
        for (guint i = 0; i < sets->len; i++) {
                g_autoptr(NftnlSet) es = nftnl_set_alloc();

                r.set = g_ptr_array_index(sets, i);
                nftnl_set_set_str(es, NFTNL_SET_TABLE, table);
                nftnl_set_set_str(es, NFTNL_SET_NAME, r.set);
                nftnl_set_set_u32(es, NFTNL_SET_FAMILY, NFPROTO_INET);
                if (!dump(nl, &seq, NFT_MSG_GETSETELEM, es, build_elems, elems_cb, &r, error))
                        return NULL;
        }
        return g_steal_pointer(&out);
}
