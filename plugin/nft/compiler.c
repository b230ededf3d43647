/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nft/compiler.c: runtime model -> plan, firewalld 1.3.3 semantics, pure (no netlink) */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/conf.h"
#include "core/error.h"
#include "nft/counter-names.h"
#include "nft/plan.h"

/*
 * Layout of `table inet <name>` (firewalld 1.3.3 semantics, our own names where it helps):
 *
 *   base chains   filter_PREROUTING (ND accept, IPv6 rpfilter), mangle_PREROUTING,
 *                 nat_PREROUTING, nat_POSTROUTING, nat_OUTPUT, filter_INPUT, filter_FORWARD
 *                 (established/related, dnat, lo, invalid, RFC3964, dispatch, final reject),
 *                 filter_OUTPUT (+ policies from HOST); priorities standard + 10.
 *   dispatch      <hook>_ZONES: sources first (one hash vmap per prefix length, longest
 *                 first: `ip saddr & mask vmap @filter_in_zones_saddr4_24`), ipset sources,
 *                 MAC vmap, interface vmap, wildcard interfaces, then `goto` the default zone.
 *   zones         filter_IN_Z, filter_FWD_Z, nat_PRE_Z, nat_POST_Z (egress), mangle_PRE_Z:
 *                 policy jumps (priority < 0), sub-chains _pre _log _deny _allow _post (only
 *                 those with rules), policy jumps (> 0), target rules.
 *   per zone      sets zone_Z_ports / zone_Z_sports (inet_proto . inet_service),
 *                 zone_Z_protos (inet_proto), rpc_Z (fed by the RPC follower): one lookup
 *                 each in filter_IN_Z_allow, whatever the number of ports.
 *   policies      <prefix>_policy_P (+ sub-chains, target at the end) entered from the zone
 *                 chains; the other side's zone is found by a small dispatch chain
 *                 <prefix>_<zone>_egress|ingress_pre|post -> <prefix>_<in>_to_<out>_pre|post.
 *   ipsets        sets named as the ipset; ct helpers `helper-<helper>-<proto>`.
 *
 * No interval sets on the hot path: see MAX_EXPANDED_RANGE.
 */

/* hook priorities: standard + 10 as firewalld, so ordering against other tables is the same */
#define PRIO_FILTER 10
#define PRIO_MANGLE (-140)
#define PRIO_DSTNAT (-90)
#define PRIO_SRCNAT 110
#define PRIO_PANIC (-291) /* raw + 9 */

#define NFPROTO_V4 2
#define NFPROTO_V6 10
#define CT_INVALID 0x1
#define CT_ESTABLISHED 0x2
#define CT_RELATED 0x4
#define CT_STATUS_DNAT 0x20
#define ICMPX_ADMIN_PROHIBITED 3
#define ICMPX_PORT_UNREACHABLE 1

/* Where a zone or policy puts its rules. Zones use the names of firewalld's chains; a zone is
 * dispatched to by source/interface (ingress), or, in nat postrouting, as egress. */
typedef enum {
        WHERE_IN,     /* filter input */
        WHERE_FWD,    /* filter forward */
        WHERE_OUT,    /* filter output (policies from HOST) */
        WHERE_PRE,    /* nat prerouting */
        WHERE_POST,   /* nat postrouting */
        WHERE_NATOUT, /* nat output (policies from HOST) */
        WHERE_MANGLE, /* mangle prerouting */
        WHERE_N,
} Where;

static const char *const where_prefix[WHERE_N] = { "filter_IN", "filter_FWD", "filter_OUT",
                                                   "nat_PRE",   "nat_POST",   "nat_OUT",
                                                   "mangle_PRE" };
static const char *const sub_names[] = { "pre", "log", "deny", "allow", "post" };
enum { SUB_PRE, SUB_LOG, SUB_DENY, SUB_ALLOW, SUB_POST, SUB_N };

/* What zones and policies have in common (firewalld implements zones as policies). */
typedef struct {
        const char *name;
        gboolean is_zone;
        const ZwZone *zone;
        const ZwPolicy *policy;
        GPtrArray *services, *ports, *protocols, *icmp_blocks, *forward_ports, *source_ports,
                *rules;
        gboolean masquerade;
        gboolean inversion;
        const char *target;
        Where filter; /* the filter chain holding services/ports */
} Obj;

typedef struct {
        const ZwRuntime *rt;
        const ZwNftOptions *opts;
        ZwNftPlan *plan;
        ZwNftTable *t;
        GPtrArray *zones;    /* used ZwZone *, sorted by name */
        GPtrArray *policies; /* active ZwPolicy *, by priority then name */
        const ZwZone *default_zone;
        int log_pkttype;     /* -1 off, 0 host, 1 broadcast, 2 multicast, 3 all */
        guint log_rate;      /* LogDeniedLimit per log_unit seconds, 0: unlimited */
        guint log_unit;
        guint log_burst;
        gboolean log_invalid;/* ConntrackLogInvalid=yes: log invalid drops even if LogDenied off */
        GPtrArray *wide;     /* "set proto lo-hi" port ranges too wide for a hash set */
        GError *error;
} Ctx;

static gpointer
lookup_obj(const Ctx *c, ZwKind kind, const char *name)
{
        if (c->rt->tree == NULL || c->rt->tree->objects[kind] == NULL || name == NULL)
                return NULL;
        return g_hash_table_lookup(c->rt->tree->objects[kind], name);
}

static void
fail(Ctx *c, int code, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void
fail(Ctx *c, int code, const char *fmt, ...)
{
        va_list ap;
        g_autofree char *msg = NULL;

        if (c->error != NULL)
                return;
        va_start(ap, fmt);
        msg = g_strdup_vprintf(fmt, ap);
        va_end(ap);
        c->error = g_error_new_literal(ZW_ERROR, code, msg);
}

/* ---- chains ---- */

static char *
obj_chain_name(const Obj *o, Where w, int sub)
{
        if (sub < 0)
                return g_strdup_printf("%s_%s%s", where_prefix[w], o->is_zone ? "" : "policy_",
                                       o->name);
        return g_strdup_printf("%s_%s%s_%s", where_prefix[w], o->is_zone ? "" : "policy_",
                               o->name, sub_names[sub]);
}

static ZwNftChain *
get_chain(Ctx *c, const char *name)
{
        ZwNftChain *ch = zw_nft_table_get_chain(c->t, name);

        return ch != NULL ? ch : zw_nft_table_add_chain(c->t, name);
}

/* a sub-chain (created on first use) */
static ZwNftChain *
sub_chain(Ctx *c, const Obj *o, Where w, int sub)
{
        g_autofree char *top = obj_chain_name(o, w, -1);
        g_autofree char *name = obj_chain_name(o, w, sub);

        get_chain(c, top);
        return get_chain(c, name);
}

static ZwNftRule *
add_rule(Ctx *c, const Obj *o, Where w, int sub)
{
        return zw_nft_chain_add_rule(sub_chain(c, o, w, sub));
}

/* the log of a denied packet: limited per rule (LogDeniedLimit), over the limit the rule does
 * not match and the packet goes on to its drop/reject unlogged */
static void
log_denied_tail(Ctx *c, ZwNftRule *r, const char *prefix)
{
        if (c->log_rate > 0)
                zw_nft_rule_limit_burst(r, c->log_rate, c->log_unit, c->log_burst);
        zw_nft_rule_log(r, prefix, -1, -1, -1);
}

static void
rule_log_denied(Ctx *c, ZwNftChain *ch, const char *prefix)
{
        ZwNftRule *r;

        if (c->log_pkttype < 0)
                return;
        r = zw_nft_chain_add_rule(ch);
        if (c->log_pkttype < 3)
                zw_nft_rule_match_u8(r, ZW_NFT_F_PKTTYPE, ZW_NFT_OP_EQ, (guint8)c->log_pkttype);
        log_denied_tail(c, r, prefix);
}

/* ---- small parsers ---- */

static int
addr_family(const char *addr)
{
        if (addr == NULL)
                return 0;
        if (strlen(addr) == 17 && addr[2] == ':' && addr[5] == ':' && strchr(addr, '.') == NULL &&
            addr[14] == ':')
                return -1; /* MAC */
        return strchr(addr, ':') != NULL ? 6 : 4;
}

static ZwNftField
port_field(const char *proto, gboolean source)
{
        if (g_strcmp0(proto, "udp") == 0)
                return source ? ZW_NFT_F_UDP_SPORT : ZW_NFT_F_UDP_DPORT;
        if (g_strcmp0(proto, "sctp") == 0)
                return source ? ZW_NFT_F_SCTP_SPORT : ZW_NFT_F_SCTP_DPORT;
        if (g_strcmp0(proto, "dccp") == 0)
                return source ? ZW_NFT_F_DCCP_SPORT : ZW_NFT_F_DCCP_DPORT;
        return source ? ZW_NFT_F_TCP_SPORT : ZW_NFT_F_TCP_DPORT;
}

static gboolean
match_port(Ctx *c, ZwNftRule *r, const char *proto, const char *port, gboolean source)
{
        ZwNftValue v;

        if (!zw_nft_value_parse(ZW_NFT_T_SERVICE, port, &v)) {
                fail(c, ZW_ERROR_INVALID_PORT, "'%s' is invalid port range", port);
                return FALSE;
        }
        zw_nft_rule_match(r, port_field(proto, source), ZW_NFT_OP_EQ, &v);
        return TRUE;
}

/* address/prefix match on ip/ip6 saddr/daddr; family from the address */
static gboolean
match_addr(Ctx *c, ZwNftRule *r, const char *addr, gboolean dst, gboolean negate)
{
        int fam = addr_family(addr);
        ZwNftValue v;
        ZwNftField f;

        if (fam == -1) {
                if (dst || !zw_nft_value_parse(ZW_NFT_T_ETHER, addr, &v)) {
                        fail(c, ZW_ERROR_INVALID_ADDR, "%s", addr);
                        return FALSE;
                }
                zw_nft_rule_match(r, ZW_NFT_F_ETHER_SADDR, negate ? ZW_NFT_OP_NEQ : ZW_NFT_OP_EQ,
                                  &v);
                return TRUE;
        }
        if (!zw_nft_value_parse(fam == 4 ? ZW_NFT_T_IPV4 : ZW_NFT_T_IPV6, addr, &v)) {
                fail(c, ZW_ERROR_INVALID_ADDR, "%s", addr);
                return FALSE;
        }
        if (fam == 4)
                f = dst ? ZW_NFT_F_IP_DADDR : ZW_NFT_F_IP_SADDR;
        else
                f = dst ? ZW_NFT_F_IP6_DADDR : ZW_NFT_F_IP6_SADDR;
        zw_nft_rule_match(r, f, negate ? ZW_NFT_OP_NEQ : ZW_NFT_OP_EQ, &v);
        return TRUE;
}

static const char *
ipset_option(const ZwIpset *set, const char *name)
{
        for (guint i = 0; set->options != NULL && i < set->options->len; i++) {
                const ZwIpsetOption *o = g_ptr_array_index(set->options, i);

                if (g_strcmp0(o->name, name) == 0)
                        return o->value != NULL ? o->value : "";
        }
        return NULL;
}

static int
ipset_family(const ZwIpset *set)
{
        return g_strcmp0(ipset_option(set, "family"), "inet6") == 0 ? 6 : 4;
}

/* The selectors an ipset of `type` is matched with (source side first). */
static guint
ipset_keys(const ZwIpset *set, gboolean dst, ZwNftField *out_keys)
{
        g_auto(GStrv) parts = NULL;
        int fam = ipset_family(set);
        guint n = 0;
        guint n_ip = 0;

        if (set->type == NULL || !g_str_has_prefix(set->type, "hash:"))
                return 0;
        parts = g_strsplit(set->type + 5, ",", -1);
        for (guint i = 0; parts[i] != NULL && n < 4; i++) {
                const char *p = parts[i];

                if (g_str_equal(p, "ip") || g_str_equal(p, "net")) {
                        gboolean d = (n_ip++ == 0) ? dst : !dst;

                        if (fam == 4)
                                out_keys[n++] = d ? ZW_NFT_F_IP_DADDR : ZW_NFT_F_IP_SADDR;
                        else
                                out_keys[n++] = d ? ZW_NFT_F_IP6_DADDR : ZW_NFT_F_IP6_SADDR;
                } else if (g_str_equal(p, "port")) {
                        if (n + 2 > 4)
                                return 0;
                        out_keys[n++] = ZW_NFT_F_L4PROTO;
                        out_keys[n++] = dst ? ZW_NFT_F_TH_SPORT : ZW_NFT_F_TH_DPORT;
                } else if (g_str_equal(p, "mark")) {
                        out_keys[n++] = ZW_NFT_F_MARK;
                } else if (g_str_equal(p, "iface")) {
                        out_keys[n++] = dst ? ZW_NFT_F_OIFNAME : ZW_NFT_F_IIFNAME;
                } else if (g_str_equal(p, "mac")) {
                        out_keys[n++] = dst ? ZW_NFT_F_ETHER_DADDR : ZW_NFT_F_ETHER_SADDR;
                } else {
                        return 0;
                }
        }
        return n;
}

static gboolean
match_ipset(Ctx *c, ZwNftRule *r, const char *name, gboolean dst, gboolean negate)
{
        const ZwIpset *set = lookup_obj(c, ZW_KIND_IPSET, name);
        ZwNftField keys[4];
        guint n;

        if (set == NULL) {
                fail(c, ZW_ERROR_INVALID_IPSET, "%s", name);
                return FALSE;
        }
        n = ipset_keys(set, dst, keys);
        if (n == 0) {
                fail(c, ZW_ERROR_INVALID_TYPE, "ipset '%s' of type '%s' can not be matched", name,
                     set->type);
                return FALSE;
        }
        zw_nft_rule_lookup(r, keys, n, name, negate, FALSE);
        return TRUE;
}

/* a zone source binding: address, MAC or "ipset:NAME" */
static gboolean
match_source(Ctx *c, ZwNftRule *r, const char *source, gboolean dst)
{
        if (g_str_has_prefix(source, "ipset:"))
                return match_ipset(c, r, source + 6, dst, FALSE);
        return match_addr(c, r, source, dst, FALSE);
}

/* ---- ipsets ---- */

static gboolean
ipset_entry_keys(const ZwIpset *set, const ZwNftType *types, guint n, const char *entry,
                 ZwNftValue *out)
{
        g_auto(GStrv) parts = g_strsplit(entry, ",", -1);
        guint k = 0;

        for (guint i = 0; parts[i] != NULL; i++) {
                const char *p = g_strstrip(parts[i]);

                if (k >= n)
                        return FALSE;
                if (types[k] == ZW_NFT_T_PROTO) {
                        g_auto(GStrv) pp = g_strsplit(p, ":", 2);
                        const char *proto = pp[1] != NULL ? pp[0] : "tcp";
                        const char *port = pp[1] != NULL ? pp[1] : pp[0];

                        if (k + 1 >= n || !zw_nft_value_parse(ZW_NFT_T_PROTO, proto, &out[k]) ||
                            !zw_nft_value_parse(ZW_NFT_T_SERVICE, port, &out[k + 1]))
                                return FALSE;
                        k += 2;
                        continue;
                }
                if (!zw_nft_value_parse(types[k], p, &out[k]))
                        return FALSE;
                k++;
        }
        return k == n;
}

/* the set of one ipset, owned by it (its part) */
static void
compile_ipset(Ctx *c, const ZwIpset *set)
{
        g_autofree char *owner = zw_nft_owner("ipset", set->info.name);
        ZwNftField keys[4];
        ZwNftType types[4];
        guint n = ipset_keys(set, FALSE, keys);
        const char *timeout = ipset_option(set, "timeout");
        const char *maxelem = ipset_option(set, "maxelem");
        gboolean interval;
        ZwNftSet *s;

        if (n == 0)
                return; /* a type we cannot express (icmp ports are rare) */
        for (guint i = 0; i < n; i++)
                types[i] = zw_nft_field_info(keys[i])->type;
        /* firewalld flags every ip/net/port set interval; an interval set misses its
         * elements for a moment when the table is replaced (MAX_EXPANDED_RANGE), so
         * plain addresses stay in a hash set and only real ranges get intervals */
        interval = strstr(set->type, "net") != NULL || timeout != NULL;
        for (guint i = 0; !interval && set->entries != NULL && i < set->entries->len; i++) {
                const char *e = g_ptr_array_index(set->entries, i);

                interval = strchr(e, '/') != NULL || strchr(e, '-') != NULL;
        }
        zw_nft_table_set_owner(c->t, owner);
        s = zw_nft_table_add_set(c->t, set->info.name, types, n, FALSE, interval);
        zw_nft_table_set_owner(c->t, NULL);
        if (timeout != NULL)
                s->timeout = (guint)g_ascii_strtoull(timeout, NULL, 10);
        if (maxelem != NULL)
                s->size = (guint)g_ascii_strtoull(maxelem, NULL, 10);
        /* entries of a set with a timeout are runtime-only (config-formats.md §8) */
        if (s->timeout != 0 || set->entries == NULL)
                return;
        for (guint i = 0; i < set->entries->len; i++) {
                ZwNftValue v[4];

                if (ipset_entry_keys(set, types, n, g_ptr_array_index(set->entries, i), v))
                        zw_nft_set_add_elem(s, v, ZW_NFT_V_ACCEPT, NULL);
        }
}

static void
compile_ipsets(Ctx *c)
{
        g_autoptr(GList) names = NULL;

        if (c->rt->tree == NULL || c->rt->tree->objects[ZW_KIND_IPSET] == NULL)
                return;
        names = g_list_sort(g_hash_table_get_keys(c->rt->tree->objects[ZW_KIND_IPSET]),
                            (GCompareFunc)g_strcmp0);
        for (GList *l = names; l != NULL; l = l->next)
                compile_ipset(c, lookup_obj(c, ZW_KIND_IPSET, l->data));
}

/* ---- services, ports, helpers ---- */

static ZwNftSet *
obj_set(Ctx *c, const Obj *o, const char *what, const ZwNftType *types, guint n)
{
        g_autofree char *name =
                g_strdup_printf("%s_%s_%s", o->is_zone ? "zone" : "policy", o->name, what);
        ZwNftSet *s = zw_nft_table_get_set(c->t, name);

        if (s != NULL)
                return s;
        s = zw_nft_table_add_set(c->t, name, types, n, FALSE, FALSE);
        /* per (protocol, port) counts for `zonewall counters`: nft/counter-names.h */
        s->counter = g_str_equal(what, "ports");
        return s;
}

static const ZwNftType port_types[] = { ZW_NFT_T_PROTO, ZW_NFT_T_SERVICE };

/* Ranges up to this many ports become single elements of a hash set; wider ones get a rule.
 * Why no interval set: the kernel's interval backends (pipapo, rbtree) publish a set's new
 * contents only after the generation switch of a transaction, so a table replaced in one
 * transaction briefly misses every element: new connections to open ports were refused
 * during reloads (tests/integration/test-nft-reload.sh). Hash sets switch atomically. */
#define MAX_EXPANDED_RANGE 256

static void
add_port_elem(Ctx *c, ZwNftSet *s, const char *proto, const char *port)
{
        ZwNftValue v[2];
        guint lo, hi;

        if (!zw_nft_value_parse(ZW_NFT_T_PROTO, proto, &v[0]) ||
            !zw_nft_value_parse(ZW_NFT_T_SERVICE, port, &v[1])) {
                fail(c, ZW_ERROR_INVALID_PORT, "'%s/%s'", port, proto);
                return;
        }
        lo = ((guint)v[1].lo[0] << 8) | v[1].lo[1];
        hi = ((guint)v[1].hi[0] << 8) | v[1].hi[1];
        if (s->interval || hi == lo) {
                zw_nft_set_add_elem(s, v, ZW_NFT_V_ACCEPT, NULL);
                return;
        }
        if (hi - lo + 1 > MAX_EXPANDED_RANGE) {
                /* the caller's chain gets a range rule: see wide_ranges() */
                g_ptr_array_add(c->wide, g_strdup_printf("%s %s %s", s->name, proto, port));
                return;
        }
        for (guint p = lo; p <= hi; p++) {
                ZwNftValue one[2] = { v[0], v[1] };

                one[1].interval = FALSE;
                one[1].lo[0] = one[1].hi[0] = (guint8)(p >> 8);
                one[1].lo[1] = one[1].hi[1] = (guint8)p;
                zw_nft_set_add_elem(s, one, ZW_NFT_V_ACCEPT, NULL);
        }
}

/* rules for port ranges too wide to expand, recorded by add_port_elem() for set `s` */
static void
wide_ranges(Ctx *c, ZwNftChain *ch, const ZwNftSet *s, gboolean source)
{
        for (guint i = 0; i < c->wide->len; i++) {
                g_auto(GStrv) w = g_strsplit(g_ptr_array_index(c->wide, i), " ", 3);
                ZwNftRule *r;

                if (g_strcmp0(w[0], s->name) != 0)
                        continue;
                r = zw_nft_chain_add_rule(ch);
                match_port(c, r, w[1], w[2], source);
                zw_nft_rule_verdict(r, ZW_NFT_V_ACCEPT, NULL);
        }
}

static void
add_proto_elem(Ctx *c, ZwNftSet *s, const char *proto)
{
        ZwNftValue v;

        if (!zw_nft_value_parse(ZW_NFT_T_PROTO, proto, &v)) {
                fail(c, ZW_ERROR_INVALID_PROTOCOL, "%s", proto);
                return;
        }
        zw_nft_set_add_elem(s, &v, ZW_NFT_V_ACCEPT, NULL);
}

static char *
helper_type_name(const ZwHelper *h)
{
        const char *m = h->module != NULL ? h->module : h->info.name;
        char *t;

        if (g_str_has_prefix(m, "nf_conntrack_"))
                m += strlen("nf_conntrack_");
        t = g_strdup(m);
        g_strdelimit(t, "_", '-');
        return t;
}

static void
add_helper_modules(Ctx *c, const ZwHelper *h)
{
        g_autofree char *nat = NULL;

        if (h->module == NULL)
                return;
        zw_nft_plan_add_module(c->plan, h->module);
        zw_nft_table_note_module(c->t, h->module);
        if (g_str_has_prefix(h->module, "nf_conntrack_")) {
                nat = g_strconcat("nf_nat_", h->module + strlen("nf_conntrack_"), NULL);
                zw_nft_plan_add_module(c->plan, nat);
                zw_nft_table_note_module(c->t, nat);
        }
}

static const ZwHelper *
find_helper(Ctx *c, const char *name)
{
        const ZwHelper *h = lookup_obj(c, ZW_KIND_HELPER, name);
        GHashTableIter it;
        gpointer v;

        if (h != NULL || c->rt->tree == NULL || c->rt->tree->objects[ZW_KIND_HELPER] == NULL)
                return h;
        /* legacy <module> entries name the helper by module short name */
        g_hash_table_iter_init(&it, c->rt->tree->objects[ZW_KIND_HELPER]);
        while (g_hash_table_iter_next(&it, NULL, &v)) {
                g_autofree char *t = helper_type_name(v);

                if (g_strcmp0(t, name) == 0)
                        return v;
        }
        return NULL;
}

/* prefix matches a service adds for `fam` (0: no restriction); FALSE if the service has no
 * rules for that family */
typedef struct {
        int fam;           /* 0, 4 or 6 */
        const char *daddr; /* NULL or destination */
} SvcFam;

static guint
service_families(const ZwService *svc, SvcFam *out)
{
        guint n = 0;

        if (svc->destination_ipv4 == NULL && svc->destination_ipv6 == NULL) {
                out[n++] = (SvcFam){ 0, NULL };
                return n;
        }
        if (svc->destination_ipv4 != NULL)
                out[n++] = (SvcFam){ 4, svc->destination_ipv4 };
        if (svc->destination_ipv6 != NULL)
                out[n++] = (SvcFam){ 6, svc->destination_ipv6 };
        return n;
}

/* Rule prefix for services used by rich rules: set by the caller (source, family, ...). */
typedef void (*PrefixFunc)(Ctx *c, ZwNftRule *r, gpointer data);

static void
service_collect(Ctx *c, const char *name, GPtrArray *out, GHashTable *seen)
{
        const ZwService *svc;

        if (g_hash_table_contains(seen, name))
                return;
        g_hash_table_add(seen, (gpointer)name);
        svc = lookup_obj(c, ZW_KIND_SERVICE, name);
        if (svc == NULL) {
                fail(c, ZW_ERROR_INVALID_SERVICE, "'%s' not among existing services", name);
                return;
        }
        for (guint i = 0; svc->includes != NULL && i < svc->includes->len; i++)
                service_collect(c, g_ptr_array_index(svc->includes, i), out, seen);
        g_ptr_array_add(out, (gpointer)svc);
}

static void
fam_prefix(Ctx *c, ZwNftRule *r, const SvcFam *f, int rule_fam)
{
        if (f->daddr != NULL)
                match_addr(c, r, f->daddr, TRUE, FALSE);
        else if (rule_fam == 0 && f->fam != 0)
                zw_nft_rule_match_u8(r, ZW_NFT_F_NFPROTO, ZW_NFT_OP_EQ,
                                     f->fam == 4 ? NFPROTO_V4 : NFPROTO_V6);
}

/* ct helper rules of one service (one family): `[daddr] proto dport P ct helper set "..."` */
static void
service_helpers(Ctx *c, const ZwService *svc, const SvcFam *f, ZwNftChain *ch, PrefixFunc prefix,
                gpointer data, int rule_fam)
{
        g_autoptr(GPtrArray) names = g_ptr_array_new();

        for (guint i = 0; svc->helpers != NULL && i < svc->helpers->len; i++)
                g_ptr_array_add(names, g_ptr_array_index(svc->helpers, i));
        for (guint i = 0; svc->modules != NULL && i < svc->modules->len; i++)
                g_ptr_array_add(names, g_ptr_array_index(svc->modules, i));
        for (guint i = 0; i < names->len; i++) {
                const char *hname = g_ptr_array_index(names, i);
                const ZwHelper *h = find_helper(c, hname);
                g_autofree char *type = NULL;
                int hfam;

                if (h == NULL) {
                        fail(c, ZW_ERROR_INVALID_HELPER, "'%s' is not available", hname);
                        return;
                }
                add_helper_modules(c, h);
                hfam = g_strcmp0(h->family, "ipv4") == 0   ? 4
                       : g_strcmp0(h->family, "ipv6") == 0 ? 6
                                                           : 0;
                /* helpers restricted to a family are skipped for the other one */
                if (hfam != 0 && ((f->fam != 0 && f->fam != hfam) ||
                                  (rule_fam != 0 && rule_fam != hfam)))
                        continue;
                type = helper_type_name(h);
                for (guint j = 0; h->ports != NULL && j < h->ports->len; j++) {
                        const ZwPort *p = g_ptr_array_index(h->ports, j);
                        g_autofree char *oname =
                                g_strdup_printf("helper-%s-%s", h->info.name, p->protocol);
                        guint8 l4 = 6;
                        ZwNftRule *r;

                        zw_nft_proto_number(p->protocol, &l4);
                        zw_nft_table_add_helper(c->t, oname, type, l4);
                        r = zw_nft_chain_add_rule(ch);
                        if (prefix != NULL)
                                prefix(c, r, data);
                        if (hfam != 0 && f->fam == 0 && rule_fam == 0)
                                zw_nft_rule_match_u8(r, ZW_NFT_F_NFPROTO, ZW_NFT_OP_EQ,
                                                     hfam == 4 ? NFPROTO_V4 : NFPROTO_V6);
                        fam_prefix(c, r, f, -1);
                        match_port(c, r, p->protocol, p->port, FALSE);
                        zw_nft_rule_ct_helper(r, oname);
                }
        }
}

/* ---- zones and policies: contents ---- */

static void
obj_from_zone(Obj *o, const ZwZone *z)
{
        memset(o, 0, sizeof(*o));
        o->name = z->info.name;
        o->is_zone = TRUE;
        o->zone = z;
        o->services = z->services;
        o->ports = z->ports;
        o->protocols = z->protocols;
        o->icmp_blocks = z->icmp_blocks;
        o->forward_ports = z->forward_ports;
        o->source_ports = z->source_ports;
        o->rules = z->rules;
        o->masquerade = z->masquerade;
        o->inversion = z->icmp_block_inversion;
        o->target = z->target;
        o->filter = WHERE_IN;
}

static gboolean
list_has(GPtrArray *a, const char *s)
{
        for (guint i = 0; a != NULL && i < a->len; i++)
                if (g_strcmp0(g_ptr_array_index(a, i), s) == 0)
                        return TRUE;
        return FALSE;
}

static void
obj_from_policy(Obj *o, const ZwPolicy *p)
{
        memset(o, 0, sizeof(*o));
        o->name = p->info.name;
        o->policy = p;
        o->services = p->services;
        o->ports = p->ports;
        o->protocols = p->protocols;
        o->icmp_blocks = p->icmp_blocks;
        o->forward_ports = p->forward_ports;
        o->source_ports = p->source_ports;
        o->rules = p->rules;
        o->masquerade = p->masquerade;
        o->target = p->target;
        if (list_has(p->egress_zones, "HOST"))
                o->filter = WHERE_IN;
        else if (list_has(p->ingress_zones, "HOST"))
                o->filter = WHERE_OUT;
        else
                o->filter = WHERE_FWD;
}

static Where
obj_nat_pre(const Obj *o)
{
        return o->filter == WHERE_OUT ? WHERE_NATOUT : WHERE_PRE;
}

static void
compile_services(Ctx *c, const Obj *o)
{
        g_autoptr(GPtrArray) svcs = g_ptr_array_new();
        g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
        ZwNftSet *ports = obj_set(c, o, "ports", port_types, 2);
        ZwNftSet *sports = obj_set(c, o, "sports", port_types, 2);
        ZwNftSet *protos = obj_set(c, o, "protos", port_types, 1);

        for (guint i = 0; o->services != NULL && i < o->services->len; i++)
                service_collect(c, g_ptr_array_index(o->services, i), svcs, seen);
        for (guint i = 0; i < svcs->len; i++) {
                const ZwService *svc = g_ptr_array_index(svcs, i);
                SvcFam fams[2];
                guint nf = service_families(svc, fams);
                g_autofree char *dst_counter =
                        zw_nft_counter_service_name(o->is_zone, o->name, svc->info.name);

                for (guint f = 0; f < nf; f++) {
                        ZwNftChain *allow = sub_chain(c, o, o->filter, SUB_ALLOW);

                        service_helpers(c, svc, &fams[f], allow, NULL, NULL, 0);
                        for (guint j = 0; svc->ports != NULL && j < svc->ports->len; j++) {
                                const ZwPort *p = g_ptr_array_index(svc->ports, j);
                                ZwNftRule *r;

                                if (fams[f].daddr == NULL) {
                                        add_port_elem(c, ports, p->protocol, p->port);
                                        continue;
                                }
                                r = zw_nft_chain_add_rule(allow);
                                fam_prefix(c, r, &fams[f], 0);
                                match_port(c, r, p->protocol, p->port, FALSE);
                                /* not in the port set: a counter of its own */
                                zw_nft_table_add_counter(c->t, dst_counter);
                                zw_nft_rule_counter_ref(r, dst_counter);
                                zw_nft_rule_verdict(r, ZW_NFT_V_ACCEPT, NULL);
                        }
                        for (guint j = 0; svc->protocols != NULL && j < svc->protocols->len; j++) {
                                const char *proto = g_ptr_array_index(svc->protocols, j);
                                ZwNftRule *r;
                                ZwNftValue v;

                                if (fams[f].daddr == NULL) {
                                        add_proto_elem(c, protos, proto);
                                        continue;
                                }
                                if (!zw_nft_value_parse(ZW_NFT_T_PROTO, proto, &v)) {
                                        fail(c, ZW_ERROR_INVALID_PROTOCOL, "%s", proto);
                                        continue;
                                }
                                r = zw_nft_chain_add_rule(allow);
                                fam_prefix(c, r, &fams[f], 0);
                                zw_nft_rule_match(r, ZW_NFT_F_L4PROTO, ZW_NFT_OP_EQ, &v);
                                zw_nft_rule_verdict(r, ZW_NFT_V_ACCEPT, NULL);
                        }
                        for (guint j = 0; svc->source_ports != NULL && j < svc->source_ports->len;
                             j++) {
                                const ZwPort *p = g_ptr_array_index(svc->source_ports, j);
                                ZwNftRule *r;

                                if (fams[f].daddr == NULL) {
                                        add_port_elem(c, sports, p->protocol, p->port);
                                        continue;
                                }
                                r = zw_nft_chain_add_rule(allow);
                                fam_prefix(c, r, &fams[f], 0);
                                match_port(c, r, p->protocol, p->port, TRUE);
                                zw_nft_rule_verdict(r, ZW_NFT_V_ACCEPT, NULL);
                        }
                }
        }
        for (guint i = 0; o->ports != NULL && i < o->ports->len; i++) {
                const ZwPort *p = g_ptr_array_index(o->ports, i);

                add_port_elem(c, ports, p->protocol, p->port);
        }
        for (guint i = 0; o->protocols != NULL && i < o->protocols->len; i++)
                add_proto_elem(c, protos, g_ptr_array_index(o->protocols, i));
        for (guint i = 0; o->source_ports != NULL && i < o->source_ports->len; i++) {
                const ZwPort *p = g_ptr_array_index(o->source_ports, i);

                add_port_elem(c, sports, p->protocol, p->port);
        }
}

/* O(1) in the number of ports: one concatenated interval set per zone/policy */
static void
compile_port_sets(Ctx *c, const Obj *o)
{
        static const ZwNftField dkeys[] = { ZW_NFT_F_L4PROTO, ZW_NFT_F_TH_DPORT };
        static const ZwNftField skeys[] = { ZW_NFT_F_L4PROTO, ZW_NFT_F_TH_SPORT };
        ZwNftChain *allow = sub_chain(c, o, o->filter, SUB_ALLOW);
        ZwNftSet *s;
        ZwNftRule *r;

        s = obj_set(c, o, "ports", port_types, 2);
        r = zw_nft_chain_add_rule(allow);
        zw_nft_rule_lookup(r, dkeys, 2, s->name, FALSE, FALSE);
        zw_nft_rule_verdict(r, ZW_NFT_V_ACCEPT, NULL);
        wide_ranges(c, allow, s, FALSE);
        s = obj_set(c, o, "sports", port_types, 2);
        r = zw_nft_chain_add_rule(allow);
        zw_nft_rule_lookup(r, skeys, 2, s->name, FALSE, FALSE);
        zw_nft_rule_verdict(r, ZW_NFT_V_ACCEPT, NULL);
        wide_ranges(c, allow, s, TRUE);
        s = obj_set(c, o, "protos", port_types, 1);
        r = zw_nft_chain_add_rule(allow);
        zw_nft_rule_lookup(r, dkeys, 1, s->name, FALSE, FALSE);
        zw_nft_rule_verdict(r, ZW_NFT_V_ACCEPT, NULL);

        if (o->is_zone) {
                /* RPC ports follow rpcbind: the follower only updates this set's elements */
                g_autofree char *name = g_strdup_printf("rpc_%s", o->name);
                GPtrArray *rpc = c->opts->rpc_ports != NULL
                                         ? g_hash_table_lookup(c->opts->rpc_ports, o->name)
                                         : NULL;

                s = zw_nft_table_add_set(c->t, name, port_types, 2, FALSE, FALSE);
                for (guint i = 0; rpc != NULL && i < rpc->len; i++) {
                        g_autofree char *e = g_strdup(g_ptr_array_index(rpc, i));
                        g_auto(GStrv) pp = NULL;

                        g_strdelimit(e, ".:/", ' ');
                        pp = g_strsplit_set(g_strstrip(e), " ", -1);
                        {
                                g_autoptr(GPtrArray) toks = g_ptr_array_new();

                                for (guint k = 0; pp[k] != NULL; k++)
                                        if (*pp[k] != '\0')
                                                g_ptr_array_add(toks, pp[k]);
                                if (toks->len == 2)
                                        add_port_elem(c, s, g_ptr_array_index(toks, 0),
                                                      g_ptr_array_index(toks, 1));
                        }
                }
                r = zw_nft_chain_add_rule(allow);
                zw_nft_rule_lookup(r, dkeys, 2, name, FALSE, FALSE);
                zw_nft_rule_verdict(r, ZW_NFT_V_ACCEPT, NULL);
        }
}

static gboolean
icmptype_families(Ctx *c, const char *name, gboolean *out_v4, gboolean *out_v6)
{
        const ZwIcmpType *it = lookup_obj(c, ZW_KIND_ICMPTYPE, name);

        *out_v4 = it == NULL || it->ipv4;
        *out_v6 = it == NULL || it->ipv6;
        return TRUE;
}

static void
match_icmp(ZwNftRule *r, int fam, guint8 type, int code)
{
        zw_nft_rule_match_u8(r, fam == 4 ? ZW_NFT_F_ICMP_TYPE : ZW_NFT_F_ICMPV6_TYPE,
                             ZW_NFT_OP_EQ, type);
        if (code >= 0)
                zw_nft_rule_match_u8(r, fam == 4 ? ZW_NFT_F_ICMP_CODE : ZW_NFT_F_ICMPV6_CODE,
                                     ZW_NFT_OP_EQ, (guint8)code);
}

static void
compile_icmp_blocks(Ctx *c, const Obj *o)
{
        for (guint i = 0; o->icmp_blocks != NULL && i < o->icmp_blocks->len; i++) {
                const char *name = g_ptr_array_index(o->icmp_blocks, i);
                gboolean fam_ok[2];

                icmptype_families(c, name, &fam_ok[0], &fam_ok[1]);
                for (int f = 0; f < 2; f++) {
                        int fam = f == 0 ? 4 : 6;
                        guint8 type;
                        int code;
                        ZwNftRule *r;

                        /* unsupported types are ignored, as firewalld does */
                        if (!fam_ok[f] || !zw_nft_icmptype_lookup(name, fam, &type, &code))
                                continue;
                        if (o->inversion) {
                                r = add_rule(c, o, o->filter, SUB_ALLOW);
                                match_icmp(r, fam, type, code);
                                zw_nft_rule_verdict(r, ZW_NFT_V_ACCEPT, NULL);
                                continue;
                        }
                        if (c->log_pkttype >= 0) {
                                g_autofree char *prefix =
                                        g_strdup_printf("filter_%s_ICMP_BLOCK: ", o->name);

                                r = add_rule(c, o, o->filter, SUB_DENY);
                                match_icmp(r, fam, type, code);
                                if (c->log_pkttype < 3)
                                        zw_nft_rule_match_u8(r, ZW_NFT_F_PKTTYPE, ZW_NFT_OP_EQ,
                                                             (guint8)c->log_pkttype);
                                log_denied_tail(c, r, prefix);
                        }
                        r = add_rule(c, o, o->filter, SUB_DENY);
                        match_icmp(r, fam, type, code);
                        zw_nft_rule_reject(r, ZW_NFT_REJECT_ICMPX, ICMPX_ADMIN_PROHIBITED);
                }
        }
}

static void
masquerade_rule(Ctx *c, ZwNftRule *r, gboolean v4_only)
{
        if (v4_only)
                zw_nft_rule_match_u8(r, ZW_NFT_F_NFPROTO, ZW_NFT_OP_EQ, NFPROTO_V4);
        zw_nft_rule_match_ifname(r, ZW_NFT_F_OIFNAME, ZW_NFT_OP_NEQ, "lo");
        zw_nft_rule_masquerade(r);
}

static guint16
first_port(const char *port)
{
        return (guint16)g_ascii_strtoull(port, NULL, 10);
}

/* `[prefix] proto dport P redirect to :TP | dnat ip to A[:TP]` */
static void
forward_port_rule(Ctx *c, ZwNftRule *r, int fam, const char *proto, const char *port,
                  const char *to_port, const char *to_addr)
{
        gboolean has_addr = to_addr != NULL && *to_addr != '\0';
        guint16 tp = to_port != NULL && *to_port != '\0' ? first_port(to_port) : 0;

        if (fam != 0)
                zw_nft_rule_match_u8(r, ZW_NFT_F_NFPROTO, ZW_NFT_OP_EQ,
                                     fam == 4 ? NFPROTO_V4 : NFPROTO_V6);
        match_port(c, r, proto, port, FALSE);
        if (!has_addr) {
                zw_nft_rule_redirect(r, tp);
        } else {
                int afam = addr_family(to_addr);
                ZwNftValue v;

                if (afam <= 0 ||
                    !zw_nft_value_parse(afam == 4 ? ZW_NFT_T_IPV4 : ZW_NFT_T_IPV6, to_addr, &v)) {
                        fail(c, ZW_ERROR_INVALID_ADDR, "%s", to_addr);
                        return;
                }
                zw_nft_rule_dnat(r, afam == 4 ? NFPROTO_V4 : NFPROTO_V6, &v, tp);
        }
}

static void
compile_nat(Ctx *c, const Obj *o)
{
        if (o->masquerade)
                masquerade_rule(c, add_rule(c, o, WHERE_POST, SUB_ALLOW), TRUE);
        for (guint i = 0; o->forward_ports != NULL && i < o->forward_ports->len; i++) {
                const ZwForwardPort *fp = g_ptr_array_index(o->forward_ports, i);
                int fam = addr_family(fp->to_addr);

                /* observed firewalld 1.3.3: a zone forward port is IPv4 unless to-addr is IPv6 */
                forward_port_rule(c, add_rule(c, o, obj_nat_pre(o), SUB_ALLOW), fam == 6 ? 6 : 4,
                                  fp->protocol, fp->port, fp->to_port, fp->to_addr);
        }
}

/* ---- rich rules ---- */

typedef struct {
        const ZwRichRule *rule;
        int fam; /* 0, 4, 6 */
        char *counter; /* named counter of the rule's action (counter-names.h) */
} RichCtx;

static int
rich_family(const ZwRichRule *rule)
{
        if (g_strcmp0(rule->family, "ipv4") == 0)
                return 4;
        if (g_strcmp0(rule->family, "ipv6") == 0)
                return 6;
        return 0;
}

static void
rich_prefix(Ctx *c, ZwNftRule *r, gpointer data)
{
        const RichCtx *rc = data;
        const ZwRichRule *rule = rc->rule;
        gboolean implied = FALSE;

        if (rule->source != NULL) {
                if (rule->source->address != NULL) {
                        match_addr(c, r, rule->source->address, FALSE, rule->source->invert);
                        implied = TRUE;
                } else if (rule->source->mac != NULL) {
                        match_addr(c, r, rule->source->mac, FALSE, rule->source->invert);
                } else if (rule->source->ipset != NULL) {
                        match_ipset(c, r, rule->source->ipset, FALSE, rule->source->invert);
                        implied = TRUE;
                }
        }
        if (rule->destination != NULL) {
                if (rule->destination->address != NULL) {
                        match_addr(c, r, rule->destination->address, TRUE,
                                   rule->destination->invert);
                        implied = TRUE;
                } else if (rule->destination->ipset != NULL) {
                        match_ipset(c, r, rule->destination->ipset, TRUE,
                                    rule->destination->invert);
                        implied = TRUE;
                }
        }
        if (rc->fam != 0 && !implied) {
                /* nfproto first reads better; insert at the front */
                ZwNftExpr *e;

                zw_nft_rule_match_u8(r, ZW_NFT_F_NFPROTO, ZW_NFT_OP_EQ,
                                     rc->fam == 4 ? NFPROTO_V4 : NFPROTO_V6);
                e = g_ptr_array_steal_index(r->exprs, r->exprs->len - 1);
                g_ptr_array_insert(r->exprs, 0, e);
        }
}

static gboolean
parse_limit(const char *limit, guint64 *out_rate, guint64 *out_unit)
{
        g_auto(GStrv) p = NULL;

        if (limit == NULL)
                return FALSE;
        p = g_strsplit(limit, "/", 2);
        if (p[1] == NULL || !g_ascii_string_to_unsigned(p[0], 10, 1, G_MAXUINT32, out_rate, NULL))
                return FALSE;
        switch (p[1][0]) {
        case 's':
                *out_unit = 1;
                return TRUE;
        case 'm':
                *out_unit = 60;
                return TRUE;
        case 'h':
                *out_unit = 3600;
                return TRUE;
        case 'd':
                *out_unit = 86400;
                return TRUE;
        default:
                return FALSE;
        }
}

static void
add_limit(ZwNftRule *r, const char *limit)
{
        guint64 rate, unit;

        if (parse_limit(limit, &rate, &unit))
                zw_nft_rule_limit(r, rate, unit);
}

static int
log_level(const char *level)
{
        static const char *const names[] = { "emerg", "alert", "crit", "error",
                                             "warning", "notice", "info", "debug" };

        for (guint i = 0; level != NULL && i < G_N_ELEMENTS(names); i++)
                if (g_str_equal(level, names[i]))
                        return (int)i;
        return -1;
}

static gboolean
reject_type(const char *type, ZwNftRejectKind *kind, guint8 *code)
{
        static const struct {
                const char *name;
                ZwNftRejectKind kind;
                guint8 code;
        } map[] = {
                { "icmp-host-prohibited", ZW_NFT_REJECT_ICMP, 10 },
                { "host-prohib", ZW_NFT_REJECT_ICMP, 10 },
                { "icmp-net-unreachable", ZW_NFT_REJECT_ICMP, 0 },
                { "net-unreach", ZW_NFT_REJECT_ICMP, 0 },
                { "icmp-host-unreachable", ZW_NFT_REJECT_ICMP, 1 },
                { "host-unreach", ZW_NFT_REJECT_ICMP, 1 },
                { "icmp-port-unreachable", ZW_NFT_REJECT_ICMP, 3 },
                { "icmp-proto-unreachable", ZW_NFT_REJECT_ICMP, 2 },
                { "proto-unreach", ZW_NFT_REJECT_ICMP, 2 },
                { "icmp-net-prohibited", ZW_NFT_REJECT_ICMP, 9 },
                { "net-prohib", ZW_NFT_REJECT_ICMP, 9 },
                { "icmp-admin-prohibited", ZW_NFT_REJECT_ICMP, 13 },
                { "admin-prohib", ZW_NFT_REJECT_ICMP, 13 },
                { "icmp6-adm-prohibited", ZW_NFT_REJECT_ICMPV6, 1 },
                { "adm-prohibited", ZW_NFT_REJECT_ICMPV6, 1 },
                { "icmp6-no-route", ZW_NFT_REJECT_ICMPV6, 0 },
                { "no-route", ZW_NFT_REJECT_ICMPV6, 0 },
                { "icmp6-addr-unreachable", ZW_NFT_REJECT_ICMPV6, 3 },
                { "addr-unreach", ZW_NFT_REJECT_ICMPV6, 3 },
                { "icmp6-port-unreachable", ZW_NFT_REJECT_ICMPV6, 4 },
                { "tcp-reset", ZW_NFT_REJECT_TCP_RST, 0 },
                { "tcp-rst", ZW_NFT_REJECT_TCP_RST, 0 },
        };

        for (guint i = 0; i < G_N_ELEMENTS(map); i++) {
                if (g_str_equal(type, map[i].name)) {
                        *kind = map[i].kind;
                        *code = map[i].code;
                        return TRUE;
                }
        }
        return FALSE;
}

/* "port-unreach" is ambiguous between the families */
static void
rich_reject(ZwNftRule *r, const ZwRichRule *rule, int fam)
{
        ZwNftRejectKind kind;
        guint8 code;
        const char *type = rule->action.reject_type;

        if (type == NULL) {
                zw_nft_rule_reject(r, ZW_NFT_REJECT_ICMPX, ICMPX_PORT_UNREACHABLE);
                return;
        }
        if (g_str_equal(type, "port-unreach")) {
                zw_nft_rule_reject(r, fam == 6 ? ZW_NFT_REJECT_ICMPV6 : ZW_NFT_REJECT_ICMP,
                                   fam == 6 ? 4 : 3);
                return;
        }
        if (!reject_type(type, &kind, &code)) {
                zw_nft_rule_reject(r, ZW_NFT_REJECT_ICMPX, ICMPX_PORT_UNREACHABLE);
                return;
        }
        if (kind == ZW_NFT_REJECT_TCP_RST) {
                /* tcp reset needs a tcp packet: firewalld prefixes `meta l4proto tcp` */
                ZwNftExpr *e;

                zw_nft_rule_match_u8(r, ZW_NFT_F_L4PROTO, ZW_NFT_OP_EQ, 6);
                e = g_ptr_array_steal_index(r->exprs, r->exprs->len - 1);
                g_ptr_array_insert(r->exprs, 0, e);
        }
        zw_nft_rule_reject(r, kind, code);
}

static gboolean
parse_u32(const char *s, guint32 *out)
{
        char *end = NULL;
        guint64 v;

        if (s == NULL || *s == '\0' || *s == '-')
                return FALSE;
        v = g_ascii_strtoull(s, &end, 0);
        if (*end != '\0' || v > G_MAXUINT32)
                return FALSE;
        *out = (guint32)v;
        return TRUE;
}

static gboolean
parse_mark(const char *s, guint32 *out_mark, guint32 *out_mask, gboolean *out_has_mask)
{
        g_auto(GStrv) p = g_strsplit(s != NULL ? s : "", "/", 2);
        guint32 v, m = 0;

        if (!parse_u32(p[0], &v) || (p[1] != NULL && !parse_u32(p[1], &m)))
                return FALSE;
        *out_mark = v;
        *out_mask = m;
        *out_has_mask = p[1] != NULL;
        return TRUE;
}

/* The element matches of one rich rule, as a list of "variants": each variant is a callback
 * that appends the element match to a rule. A service expands to several. */
typedef struct {
        enum { EL_NONE, EL_PORT, EL_SPORT, EL_PROTO, EL_ICMP } kind;
        const char *proto;
        const char *port;
        int fam;           /* icmp / service destination family */
        const char *daddr; /* service destination */
        guint8 icmp_type;
        int icmp_code;
} Variant;

static void
variant_apply(Ctx *c, ZwNftRule *r, const Variant *v)
{
        ZwNftValue val;

        if (v->daddr != NULL)
                match_addr(c, r, v->daddr, TRUE, FALSE);
        switch (v->kind) {
        case EL_PORT:
                match_port(c, r, v->proto, v->port, FALSE);
                break;
        case EL_SPORT:
                match_port(c, r, v->proto, v->port, TRUE);
                break;
        case EL_PROTO:
                if (zw_nft_value_parse(ZW_NFT_T_PROTO, v->proto, &val))
                        zw_nft_rule_match(r, ZW_NFT_F_L4PROTO, ZW_NFT_OP_EQ, &val);
                else
                        fail(c, ZW_ERROR_INVALID_PROTOCOL, "%s", v->proto);
                break;
        case EL_ICMP:
                match_icmp(r, v->fam, v->icmp_type, v->icmp_code);
                break;
        case EL_NONE:
        default:
                break;
        }
}

static void
rich_log_rules(Ctx *c, ZwNftChain *ch, const ZwRichRule *rule, RichCtx *rc, const Variant *v)
{
        ZwNftRule *r;

        if (rule->log.type != ZW_RICH_LOG_NONE) {
                r = zw_nft_chain_add_rule(ch);
                rich_prefix(c, r, rc);
                variant_apply(c, r, v);
                add_limit(r, rule->log.limit);
                if (rule->log.type == ZW_RICH_LOG_NFLOG)
                        zw_nft_rule_log(r, rule->log.prefix, -1,
                                        rule->log.group ? atoi(rule->log.group) : 0,
                                        rule->log.queue_size ? atoi(rule->log.queue_size) : -1);
                else
                        zw_nft_rule_log(r, rule->log.prefix, log_level(rule->log.level), -1, -1);
        }
        if (rule->audit.enabled) {
                r = zw_nft_chain_add_rule(ch);
                rich_prefix(c, r, rc);
                variant_apply(c, r, v);
                add_limit(r, rule->audit.limit);
                zw_nft_rule_log(r, NULL, 8, -1, -1);
        }
}

static void
rich_action_rule(Ctx *c, ZwNftChain *ch, const ZwRichRule *rule, RichCtx *rc, const Variant *v,
                 gboolean icmp_block)
{
        ZwNftRule *r = zw_nft_chain_add_rule(ch);

        rich_prefix(c, r, rc);
        variant_apply(c, r, v);
        add_limit(r, rule->action.limit);
        zw_nft_table_add_counter(c->t, rc->counter);
        zw_nft_rule_counter_ref(r, rc->counter);
        if (icmp_block && rule->action.type == ZW_RICH_ACTION_NONE) {
                zw_nft_rule_reject(r, ZW_NFT_REJECT_ICMPX, ICMPX_ADMIN_PROHIBITED);
                return;
        }
        switch (rule->action.type) {
        case ZW_RICH_ACTION_ACCEPT:
                zw_nft_rule_verdict(r, ZW_NFT_V_ACCEPT, NULL);
                break;
        case ZW_RICH_ACTION_DROP:
                zw_nft_rule_verdict(r, ZW_NFT_V_DROP, NULL);
                break;
        case ZW_RICH_ACTION_REJECT:
                rich_reject(r, rule, rc->fam != 0 ? rc->fam : v->fam);
                break;
        case ZW_RICH_ACTION_MARK: {
                guint32 mark, mask;
                gboolean has_mask;

                if (!parse_mark(rule->action.mark_set, &mark, &mask, &has_mask)) {
                        fail(c, ZW_ERROR_INVALID_MARK, "%s", rule->action.mark_set);
                        return;
                }
                /* observed firewalld: set="X/M" -> meta mark & M ^ X */
                zw_nft_rule_mark_set(r, has_mask ? mask : 0, mark);
                break;
        }
        case ZW_RICH_ACTION_NONE:
        default:
                break;
        }
}

static int
rich_sub(const ZwRichRule *rule, gboolean log_part)
{
        if (rule->priority < 0)
                return SUB_PRE;
        if (rule->priority > 0)
                return SUB_POST;
        if (log_part)
                return SUB_LOG;
        switch (rule->action.type) {
        case ZW_RICH_ACTION_REJECT:
        case ZW_RICH_ACTION_DROP:
                return SUB_DENY;
        case ZW_RICH_ACTION_ACCEPT:
        case ZW_RICH_ACTION_MARK:
        case ZW_RICH_ACTION_NONE:
        default:
                return SUB_ALLOW;
        }
}

static void
compile_rich_variant(Ctx *c, const Obj *o, const ZwRichRule *rule, RichCtx *rc, const Variant *v,
                     Where w, gboolean icmp_block)
{
        if (rule->log.type != ZW_RICH_LOG_NONE || rule->audit.enabled)
                rich_log_rules(c, sub_chain(c, o, w, rich_sub(rule, TRUE)), rule, rc, v);
        if (rule->action.type != ZW_RICH_ACTION_NONE || icmp_block) {
                ZwNftChain *ch;

                if (icmp_block)
                        ch = sub_chain(c, o, w, rule->priority == 0 ? SUB_DENY
                                                                    : rich_sub(rule, FALSE));
                else
                        ch = sub_chain(c, o, w, rich_sub(rule, FALSE));
                rich_action_rule(c, ch, rule, rc, v, icmp_block);
        }
}

static void
compile_rich_rule(Ctx *c, const Obj *o, const ZwRichRule *rule)
{
        g_autofree char *counter = zw_nft_counter_rule_name(o->is_zone, o->name, rule);
        RichCtx rc = { rule, rich_family(rule), counter };
        Where w = rule->action.type == ZW_RICH_ACTION_MARK ? WHERE_MANGLE : o->filter;
        Variant none = { 0 };

        switch (rule->element.type) {
        case ZW_RICH_ELEMENT_SERVICE: {
                g_autoptr(GPtrArray) svcs = g_ptr_array_new();
                g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

                service_collect(c, rule->element.name, svcs, seen);
                for (guint i = 0; i < svcs->len; i++) {
                        const ZwService *svc = g_ptr_array_index(svcs, i);
                        SvcFam fams[2];
                        guint nf = service_families(svc, fams);

                        for (guint f = 0; f < nf; f++) {
                                Variant v = { .fam = fams[f].fam, .daddr = fams[f].daddr };

                                if (rc.fam != 0 && fams[f].fam != 0 && fams[f].fam != rc.fam)
                                        continue;
                                if (rule->action.type == ZW_RICH_ACTION_ACCEPT)
                                        service_helpers(c, svc, &fams[f],
                                                        sub_chain(c, o, w, rich_sub(rule, FALSE)),
                                                        rich_prefix, &rc, rc.fam);
                                for (guint j = 0; svc->ports != NULL && j < svc->ports->len; j++) {
                                        const ZwPort *p = g_ptr_array_index(svc->ports, j);

                                        v.kind = EL_PORT;
                                        v.proto = p->protocol;
                                        v.port = p->port;
                                        compile_rich_variant(c, o, rule, &rc, &v, w, FALSE);
                                }
                                for (guint j = 0; svc->protocols != NULL && j < svc->protocols->len;
                                     j++) {
                                        v.kind = EL_PROTO;
                                        v.proto = g_ptr_array_index(svc->protocols, j);
                                        compile_rich_variant(c, o, rule, &rc, &v, w, FALSE);
                                }
                                for (guint j = 0;
                                     svc->source_ports != NULL && j < svc->source_ports->len;
                                     j++) {
                                        const ZwPort *p = g_ptr_array_index(svc->source_ports, j);

                                        v.kind = EL_SPORT;
                                        v.proto = p->protocol;
                                        v.port = p->port;
                                        compile_rich_variant(c, o, rule, &rc, &v, w, FALSE);
                                }
                        }
                }
                break;
        }
        case ZW_RICH_ELEMENT_PORT:
        case ZW_RICH_ELEMENT_SOURCE_PORT: {
                Variant v = { .kind = rule->element.type == ZW_RICH_ELEMENT_PORT ? EL_PORT
                                                                                  : EL_SPORT,
                              .proto = rule->element.protocol,
                              .port = rule->element.port };

                compile_rich_variant(c, o, rule, &rc, &v, w, FALSE);
                break;
        }
        case ZW_RICH_ELEMENT_PROTOCOL: {
                Variant v = { .kind = EL_PROTO, .proto = rule->element.name };

                compile_rich_variant(c, o, rule, &rc, &v, w, FALSE);
                break;
        }
        case ZW_RICH_ELEMENT_ICMP_BLOCK:
        case ZW_RICH_ELEMENT_ICMP_TYPE: {
                gboolean fam_ok[2];

                icmptype_families(c, rule->element.name, &fam_ok[0], &fam_ok[1]);
                for (int f = 0; f < 2; f++) {
                        int fam = f == 0 ? 4 : 6;
                        Variant v = { .kind = EL_ICMP, .fam = fam };

                        if (!fam_ok[f] || (rc.fam != 0 && rc.fam != fam) ||
                            !zw_nft_icmptype_lookup(rule->element.name, fam, &v.icmp_type,
                                                    &v.icmp_code))
                                continue;
                        compile_rich_variant(c, o, rule, &rc, &v, w,
                                             rule->element.type == ZW_RICH_ELEMENT_ICMP_BLOCK);
                }
                break;
        }
        case ZW_RICH_ELEMENT_MASQUERADE: {
                ZwNftRule *r = add_rule(c, o, WHERE_POST, rich_sub(rule, FALSE));

                rich_prefix(c, r, &rc);
                masquerade_rule(c, r, FALSE);
                break;
        }
        case ZW_RICH_ELEMENT_FORWARD_PORT: {
                ZwNftRule *r = add_rule(c, o, obj_nat_pre(o), rich_sub(rule, FALSE));

                rich_prefix(c, r, &rc);
                forward_port_rule(c, r, 0, rule->element.protocol, rule->element.port,
                                  rule->element.to_port, rule->element.to_addr);
                break;
        }
        case ZW_RICH_ELEMENT_TCP_MSS_CLAMP: {
                Where fw = o->is_zone ? WHERE_FWD : o->filter;
                ZwNftRule *r = add_rule(c, o, fw, rich_sub(rule, FALSE));
                const char *val = rule->element.value;
                guint16 size = 0;

                rich_prefix(c, r, &rc);
                zw_nft_rule_match_u8(r, ZW_NFT_F_TCP_FLAGS, ZW_NFT_OP_ANY, 0x02);
                if (val != NULL && g_strcmp0(val, "pmtu") != 0)
                        size = (guint16)g_ascii_strtoull(val, NULL, 10);
                zw_nft_rule_mss_clamp(r, size);
                break;
        }
        case ZW_RICH_ELEMENT_NONE:
        default:
                compile_rich_variant(c, o, rule, &rc, &none, w, FALSE);
                break;
        }
}

static gint
rich_priority_cmp(gconstpointer a, gconstpointer b)
{
        const ZwRichRule *ra = *(ZwRichRule *const *)a;
        const ZwRichRule *rb = *(ZwRichRule *const *)b;

        return (ra->priority > rb->priority) - (ra->priority < rb->priority);
}

/* what a zone or policy creates from here on is its part (NULL: no owner) */
static void
set_owner(Ctx *c, const char *kind, const char *name)
{
        g_autofree char *owner = name != NULL ? zw_nft_owner(kind, name) : NULL;

        zw_nft_table_set_owner(c->t, owner);
}

static void
compile_obj(Ctx *c, const Obj *o)
{
        /* top chains exist even when empty: dispatch and policy jumps target them */
        if (o->is_zone) {
                static const Where zone_chains[] = { WHERE_IN, WHERE_FWD, WHERE_PRE, WHERE_POST,
                                                     WHERE_MANGLE };

                for (guint i = 0; i < G_N_ELEMENTS(zone_chains); i++) {
                        g_autofree char *n = obj_chain_name(o, zone_chains[i], -1);

                        get_chain(c, n);
                }
        } else {
                g_autofree char *n = obj_chain_name(o, o->filter, -1);

                get_chain(c, n);
        }
        compile_services(c, o);
        compile_port_sets(c, o);
        compile_icmp_blocks(c, o);
        compile_nat(c, o);
        if (o->rules != NULL) {
                /* rules run by priority (stable: equal priorities keep their order) */
                /* borrowed pointers: g_ptr_array_copy() would keep the owner's free func */
                g_autoptr(GPtrArray) rules = g_ptr_array_sized_new(o->rules->len);

                for (guint i = 0; i < o->rules->len; i++)
                        g_ptr_array_add(rules, g_ptr_array_index(o->rules, i));

                g_ptr_array_sort(rules, rich_priority_cmp);
                for (guint i = 0; i < rules->len; i++)
                        compile_rich_rule(c, o, g_ptr_array_index(rules, i));
        }
        if (o->is_zone && o->zone->forward) {
                /* intra-zone forwarding: to the zone's own interfaces and sources */
                for (guint i = 0; o->zone->interfaces != NULL && i < o->zone->interfaces->len;
                     i++) {
                        ZwNftRule *r = add_rule(c, o, WHERE_FWD, SUB_ALLOW);

                        zw_nft_rule_match_ifname(r, ZW_NFT_F_OIFNAME, ZW_NFT_OP_EQ,
                                                 g_ptr_array_index(o->zone->interfaces, i));
                        zw_nft_rule_verdict(r, ZW_NFT_V_ACCEPT, NULL);
                }
                for (guint i = 0; o->zone->sources != NULL && i < o->zone->sources->len; i++) {
                        const char *src = g_ptr_array_index(o->zone->sources, i);
                        ZwNftRule *r;

                        if (addr_family(src) == -1)
                                continue; /* a MAC is no destination */
                        r = add_rule(c, o, WHERE_FWD, SUB_ALLOW);
                        match_source(c, r, src, TRUE);
                        zw_nft_rule_verdict(r, ZW_NFT_V_ACCEPT, NULL);
                }
        }
}

/* ---- policies: entry points ---- */

static gboolean
zone_is_used(const Ctx *c, const char *name)
{
        for (guint i = 0; i < c->zones->len; i++)
                if (g_strcmp0(((ZwZone *)g_ptr_array_index(c->zones, i))->info.name, name) == 0)
                        return TRUE;
        return FALSE;
}

static gboolean
policy_active(const Ctx *c, const ZwPolicy *p)
{
        GPtrArray *lists[] = { p->ingress_zones, p->egress_zones };

        for (guint l = 0; l < 2; l++) {
                if (lists[l] == NULL || lists[l]->len == 0)
                        return FALSE;
                for (guint i = 0; i < lists[l]->len; i++) {
                        const char *z = g_ptr_array_index(lists[l], i);

                        if (g_strcmp0(z, "ANY") != 0 && g_strcmp0(z, "HOST") != 0 &&
                            !zone_is_used(c, z))
                                return FALSE;
                }
        }
        return TRUE;
}

static gint
policy_cmp(gconstpointer a, gconstpointer b)
{
        const ZwPolicy *pa = *(ZwPolicy *const *)a;
        const ZwPolicy *pb = *(ZwPolicy *const *)b;

        if (pa->priority != pb->priority)
                return pa->priority < pb->priority ? -1 : 1;
        return g_strcmp0(pa->info.name, pb->info.name);
}

/* does policy p apply to a packet whose ingress/egress zone is `zone` ("HOST" for the host)? */
static gboolean
side_matches(GPtrArray *list, const char *zone)
{
        if (list_has(list, zone))
                return TRUE;
        return g_strcmp0(zone, "HOST") != 0 && list_has(list, "ANY");
}

/* rules "binding of zone Z matches" in dispatch order, each completed by `verdict chain` */
static void
binding_rules(Ctx *c, ZwNftChain *ch, const ZwZone *z, gboolean dst, gboolean sources,
              ZwNftVerdictKind vk, const char *target)
{
        for (guint i = 0; sources && z->sources != NULL && i < z->sources->len; i++) {
                const char *src = g_ptr_array_index(z->sources, i);
                ZwNftRule *r;

                if (dst && addr_family(src) == -1)
                        continue;
                r = zw_nft_chain_add_rule(ch);
                match_source(c, r, src, dst);
                zw_nft_rule_verdict(r, vk, target);
        }
        for (guint i = 0; !sources && z->interfaces != NULL && i < z->interfaces->len; i++) {
                ZwNftRule *r = zw_nft_chain_add_rule(ch);

                zw_nft_rule_match_ifname(r, dst ? ZW_NFT_F_OIFNAME : ZW_NFT_F_IIFNAME,
                                         ZW_NFT_OP_EQ, g_ptr_array_index(z->interfaces, i));
                zw_nft_rule_verdict(r, vk, target);
        }
}

/* Jumps into the policies that apply between `zone` (on side `known_ingress`) and the other
 * side, for one priority sign, added to `ch`. The other side's zone is found by a dispatch
 * chain (bindings then default zone), so a policy sees exactly firewalld's zone of a packet. */
static void
policy_jumps(Ctx *c, ZwNftChain *ch, Where w, const char *zone, gboolean known_ingress,
             gboolean pre)
{
        g_autofree char *disp = NULL;
        ZwNftChain *dch = NULL;

        /* input: the other side is HOST. prerouting: the egress is not known yet (routing has
         * not happened), so policies are entered by their ingress side alone. */
        if (w == WHERE_IN || w == WHERE_PRE || w == WHERE_MANGLE) {
                for (guint i = 0; i < c->policies->len; i++) {
                        const ZwPolicy *p = g_ptr_array_index(c->policies, i);
                        Obj o;
                        g_autofree char *pc = NULL;

                        if ((p->priority < 0) != pre || !side_matches(p->ingress_zones, zone))
                                continue;
                        if (w == WHERE_IN && !list_has(p->egress_zones, "HOST"))
                                continue;
                        obj_from_policy(&o, p);
                        pc = obj_chain_name(&o, w, -1);
                        if (zw_nft_table_get_chain(c->t, pc) == NULL)
                                continue;
                        zw_nft_rule_verdict(zw_nft_chain_add_rule(ch), ZW_NFT_V_JUMP, pc);
                }
                return;
        }
        /* the other side is a zone: dispatch on it like the zone dispatch does (all source
         * bindings, then interfaces, then the default zone) */
        {
                g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func(g_free);

                for (guint zi = 0; zi <= c->zones->len; zi++) {
                        const ZwZone *oz = zi < c->zones->len ? g_ptr_array_index(c->zones, zi)
                                                              : c->default_zone;
                        char *target = g_strdup_printf(
                                "%s_%s_to_%s_%s", where_prefix[w],
                                known_ingress ? zone : oz->info.name,
                                known_ingress ? oz->info.name : zone, pre ? "pre" : "post");
                        ZwNftChain *tch = zw_nft_table_get_chain(c->t, target);

                        for (guint i = 0; tch == NULL && i < c->policies->len; i++) {
                                const ZwPolicy *p = g_ptr_array_index(c->policies, i);
                                const char *in = known_ingress ? zone : oz->info.name;
                                const char *out = known_ingress ? oz->info.name : zone;
                                Obj o;
                                g_autofree char *pc = NULL;

                                if ((p->priority < 0) != pre ||
                                    !side_matches(p->ingress_zones, in) ||
                                    !side_matches(p->egress_zones, out))
                                        continue;
                                obj_from_policy(&o, p);
                                pc = obj_chain_name(&o, w, -1);
                                if (zw_nft_table_get_chain(c->t, pc) == NULL)
                                        continue;
                                zw_nft_rule_verdict(zw_nft_chain_add_rule(get_chain(c, target)),
                                                    ZW_NFT_V_JUMP, pc);
                        }
                        if (zw_nft_table_get_chain(c->t, target) == NULL)
                                g_clear_pointer(&target, g_free);
                        g_ptr_array_add(targets, target);
                }
                for (int pass = 0; pass < 3; pass++) {
                        for (guint zi = 0; zi < targets->len; zi++) {
                                const char *target = g_ptr_array_index(targets, zi);

                                if (target == NULL || (pass < 2 && zi == c->zones->len) ||
                                    (pass == 2 && zi != c->zones->len))
                                        continue;
                                if (dch == NULL) {
                                        disp = g_strdup_printf(
                                                "%s_%s_%s_%s", where_prefix[w], zone,
                                                known_ingress ? "egress" : "ingress",
                                                pre ? "pre" : "post");
                                        dch = get_chain(c, disp);
                                        zw_nft_rule_verdict(zw_nft_chain_add_rule(ch),
                                                            ZW_NFT_V_JUMP, disp);
                                }
                                if (pass < 2)
                                        binding_rules(c, dch, g_ptr_array_index(c->zones, zi),
                                                      known_ingress, pass == 0, ZW_NFT_V_GOTO,
                                                      target);
                                else
                                        zw_nft_rule_verdict(zw_nft_chain_add_rule(dch),
                                                            ZW_NFT_V_GOTO, target);
                        }
                }
        }
}

/* a rule counting into the named counter `name` (created here), or a plain rule (NULL) */
static ZwNftRule *
counted_rule(Ctx *c, ZwNftChain *ch, const char *name)
{
        ZwNftRule *r = zw_nft_chain_add_rule(ch);

        if (name != NULL) {
                zw_nft_table_add_counter(c->t, name);
                zw_nft_rule_counter_ref(r, name);
        }
        return r;
}

/* `counter`: named counter of the target's verdict rule, NULL: none */
static void
target_rules(Ctx *c, ZwNftChain *ch, const char *target, const char *log_prefix,
             const char *counter)
{
        ZwNftRule *r;

        if (g_strcmp0(target, "ACCEPT") == 0) {
                zw_nft_rule_verdict(counted_rule(c, ch, counter), ZW_NFT_V_ACCEPT, NULL);
        } else if (g_strcmp0(target, "DROP") == 0) {
                g_autofree char *p = g_strdup_printf("%s_DROP: ", log_prefix);

                rule_log_denied(c, ch, p);
                zw_nft_rule_verdict(counted_rule(c, ch, counter), ZW_NFT_V_DROP, NULL);
        } else if (g_strcmp0(target, "CONTINUE") != 0) {
                g_autofree char *p = g_strdup_printf("%s_REJECT: ", log_prefix);

                rule_log_denied(c, ch, p);
                r = counted_rule(c, ch, counter);
                zw_nft_rule_reject(r, ZW_NFT_REJECT_ICMPX, ICMPX_ADMIN_PROHIBITED);
        }
}

/* the first rule of an owner's filter chain counts what enters it: `counter name "X.in"` */
static void
entry_counter(Ctx *c, const Obj *o)
{
        g_autofree char *chain = obj_chain_name(o, o->filter, -1);
        g_autofree char *name = zw_nft_counter_name(o->is_zone, o->name, "in");
        ZwNftChain *ch = zw_nft_table_get_chain(c->t, chain);
        ZwNftRule *r;

        if (ch == NULL)
                return;
        r = counted_rule(c, ch, name);
        g_ptr_array_steal_index(ch->rules, ch->rules->len - 1);
        g_ptr_array_insert(ch->rules, 0, r);
}

static void
finish_chain(Ctx *c, const Obj *o, Where w, const char *pol_zone, gboolean known_ingress)
{
        g_autofree char *name = obj_chain_name(o, w, -1);
        ZwNftChain *ch = zw_nft_table_get_chain(c->t, name);

        if (ch == NULL)
                return;
        if (pol_zone != NULL)
                policy_jumps(c, ch, w, pol_zone, known_ingress, TRUE);
        for (int s = 0; s < SUB_N; s++) {
                g_autofree char *sub = obj_chain_name(o, w, s);

                if (zw_nft_table_get_chain(c->t, sub) != NULL)
                        zw_nft_rule_verdict(zw_nft_chain_add_rule(ch), ZW_NFT_V_JUMP, sub);
        }
        if (pol_zone != NULL)
                policy_jumps(c, ch, w, pol_zone, known_ingress, FALSE);
}

static void
finish_zone(Ctx *c, const ZwZone *z)
{
        Obj o;
        g_autofree char *in = NULL;
        g_autofree char *fwd = NULL;
        g_autofree char *lp = NULL;
        g_autofree char *tc = NULL;
        const char *target = z->target != NULL ? z->target : "default";
        ZwNftChain *ch;

        /* firewalld's internal "{chain}_{zone}" (and anything unknown) is the default target */
        if (g_strcmp0(target, "ACCEPT") != 0 && g_strcmp0(target, "DROP") != 0 &&
            g_strcmp0(target, "%%REJECT%%") != 0)
                target = "default";

        obj_from_zone(&o, z);
        entry_counter(c, &o);
        finish_chain(c, &o, WHERE_IN, z->info.name, TRUE);
        finish_chain(c, &o, WHERE_FWD, z->info.name, TRUE);
        finish_chain(c, &o, WHERE_PRE, z->info.name, TRUE);
        finish_chain(c, &o, WHERE_MANGLE, z->info.name, TRUE);
        finish_chain(c, &o, WHERE_POST, z->info.name, FALSE);

        in = obj_chain_name(&o, WHERE_IN, -1);
        ch = zw_nft_table_get_chain(c->t, in);
        lp = g_strdup_printf("filter_IN_%s", z->info.name);
        tc = zw_nft_counter_name(TRUE, z->info.name, "target");
        if (g_strcmp0(target, "default") == 0) {
                /* ICMP is accepted by default, rejected with icmp-block-inversion */
                for (int f = 0; f < 2; f++) {
                        ZwNftRule *r = zw_nft_chain_add_rule(ch);

                        zw_nft_rule_match_u8(r, ZW_NFT_F_L4PROTO, ZW_NFT_OP_EQ, f == 0 ? 1 : 58);
                        if (z->icmp_block_inversion)
                                zw_nft_rule_reject(r, ZW_NFT_REJECT_ICMPX, ICMPX_ADMIN_PROHIBITED);
                        else
                                zw_nft_rule_verdict(r, ZW_NFT_V_ACCEPT, NULL);
                }
                target_rules(c, ch, "REJECT", lp, tc);
        } else {
                target_rules(c, ch, g_strcmp0(target, "%%REJECT%%") == 0 ? "REJECT" : target, lp,
                             tc);
        }
        fwd = obj_chain_name(&o, WHERE_FWD, -1);
        ch = zw_nft_table_get_chain(c->t, fwd);
        g_free(lp);
        lp = g_strdup_printf("filter_FWD_%s", z->info.name);
        target_rules(c, ch,
                     g_strcmp0(target, "default") == 0 || g_strcmp0(target, "%%REJECT%%") == 0
                             ? "REJECT"
                             : target,
                     lp, NULL);
}

static void
finish_policy(Ctx *c, const ZwPolicy *p)
{
        Obj o;
        static const Where ws[] = { WHERE_IN, WHERE_FWD, WHERE_OUT, WHERE_PRE,
                                    WHERE_POST, WHERE_NATOUT, WHERE_MANGLE };

        obj_from_policy(&o, p);
        entry_counter(c, &o);
        for (guint i = 0; i < G_N_ELEMENTS(ws); i++) {
                g_autofree char *name = obj_chain_name(&o, ws[i], -1);
                ZwNftChain *ch = zw_nft_table_get_chain(c->t, name);

                if (ch == NULL)
                        continue;
                finish_chain(c, &o, ws[i], NULL, FALSE);
                if (ws[i] == o.filter) {
                        g_autofree char *lp = g_strdup_printf("%s_policy_%s", where_prefix[ws[i]],
                                                              p->info.name);
                        g_autofree char *tc = zw_nft_counter_name(FALSE, p->info.name, "target");

                        target_rules(c, ch, p->target, lp, tc);
                }
        }
}

/* ---- dispatch ---- */

typedef struct {
        ZwNftValue v;
        const ZwZone *zone;
        guint order;
} SrcRange;

static void
dispatch(Ctx *c, const char *chain_name, Where w, gboolean dst)
{
        ZwNftChain *ch = get_chain(c, chain_name);
        const char *tag = dst ? "daddr" : "saddr";
        g_autofree char *prefix = g_strdup_printf("%s_", where_prefix[w]);
        g_autoptr(GArray) v4 = g_array_new(FALSE, FALSE, sizeof(SrcRange));
        g_autoptr(GArray) v6 = g_array_new(FALSE, FALSE, sizeof(SrcRange));
        ZwNftType t;
        ZwNftSet *mac = NULL;
        ZwNftSet *ifs = NULL;
        g_autoptr(GPtrArray) wild = g_ptr_array_new();
        g_autoptr(GPtrArray) ipsets = g_ptr_array_new();
        g_autofree char *base = g_ascii_strdown(where_prefix[w], -1);

        for (guint i = 0; i < c->zones->len; i++) {
                const ZwZone *z = g_ptr_array_index(c->zones, i);

                for (guint j = 0; z->sources != NULL && j < z->sources->len; j++) {
                        const char *src = g_ptr_array_index(z->sources, j);
                        int fam = addr_family(src);
                        SrcRange r = { .zone = z, .order = j };

                        if (g_str_has_prefix(src, "ipset:")) {
                                g_ptr_array_add(ipsets, (gpointer)z);
                                g_ptr_array_add(ipsets, (gpointer)src);
                                continue;
                        }
                        if (fam == -1) {
                                ZwNftValue v;
                                g_autofree char *target = NULL;

                                if (dst || !zw_nft_value_parse(ZW_NFT_T_ETHER, src, &v))
                                        continue; /* MAC bindings are ingress only */
                                if (mac == NULL) {
                                        g_autofree char *n =
                                                g_strdup_printf("%s_zones_ether", base);

                                        t = ZW_NFT_T_ETHER;
                                        mac = zw_nft_table_add_set(c->t, n, &t, 1, TRUE, FALSE);
                                }
                                target = g_strdup_printf("%s%s", prefix, z->info.name);
                                zw_nft_set_add_elem(mac, &v, ZW_NFT_V_GOTO, target);
                                continue;
                        }
                        if (!zw_nft_value_parse(fam == 4 ? ZW_NFT_T_IPV4 : ZW_NFT_T_IPV6, src,
                                                &r.v)) {
                                fail(c, ZW_ERROR_INVALID_ADDR, "%s", src);
                                continue;
                        }
                        g_array_append_val(fam == 4 ? v4 : v6, r);
                }
        }
        /* Sources: one hash map per prefix length, keyed by the masked address, looked up
         * longest prefix first; the first hit is the most specific binding. Hash maps, not
         * interval maps: see MAX_EXPANDED_RANGE on interval sets and reloads. */
        for (int f = 0; f < 2; f++) {
                GArray *a = f == 0 ? v4 : v6;
                int maxlen = f == 0 ? 32 : 128;

                t = f == 0 ? ZW_NFT_T_IPV4 : ZW_NFT_T_IPV6;
                for (int plen = maxlen; plen >= 0; plen--) {
                        ZwNftField key;
                        ZwNftSet *map = NULL;
                        g_autofree char *n = NULL;

                        for (guint i = 0; i < a->len; i++) {
                                SrcRange *sr = &g_array_index(a, SrcRange, i);
                                int rp = sr->v.interval ? sr->v.plen : maxlen;
                                g_autofree char *target = NULL;
                                ZwNftValue v = sr->v;

                                if (rp != plen)
                                        continue;
                                if (map == NULL) {
                                        n = g_strdup_printf("%s_zones_%s%d_%d", base, tag,
                                                            f == 0 ? 4 : 6, plen);
                                        map = zw_nft_table_add_set(c->t, n, &t, 1, TRUE, FALSE);
                                }
                                v.interval = FALSE;
                                v.plen = -1;
                                memcpy(v.hi, v.lo, sizeof(v.lo));
                                target = g_strdup_printf("%s%s", prefix, sr->zone->info.name);
                                zw_nft_set_add_elem(map, &v, ZW_NFT_V_GOTO, target);
                        }
                        if (map == NULL)
                                continue;
                        if (f == 0)
                                key = dst ? ZW_NFT_F_IP_DADDR : ZW_NFT_F_IP_SADDR;
                        else
                                key = dst ? ZW_NFT_F_IP6_DADDR : ZW_NFT_F_IP6_SADDR;
                        zw_nft_rule_lookup_masked(zw_nft_chain_add_rule(ch), key,
                                                  plen == maxlen ? -1 : plen, n, TRUE);
                }
        }
        for (guint i = 0; i < ipsets->len; i += 2) {
                const ZwZone *z = g_ptr_array_index(ipsets, i);
                g_autofree char *target = g_strdup_printf("%s%s", prefix, z->info.name);
                ZwNftRule *r = zw_nft_chain_add_rule(ch);

                match_source(c, r, g_ptr_array_index(ipsets, i + 1), dst);
                zw_nft_rule_verdict(r, ZW_NFT_V_GOTO, target);
        }
        if (mac != NULL) {
                ZwNftField key = ZW_NFT_F_ETHER_SADDR;

                zw_nft_rule_lookup(zw_nft_chain_add_rule(ch), &key, 1, mac->name, FALSE, TRUE);
        }
        for (guint i = 0; i < c->zones->len; i++) {
                const ZwZone *z = g_ptr_array_index(c->zones, i);

                for (guint j = 0; z->interfaces != NULL && j < z->interfaces->len; j++) {
                        const char *ifn = g_ptr_array_index(z->interfaces, j);
                        g_autofree char *target = g_strdup_printf("%s%s", prefix, z->info.name);
                        ZwNftValue v;

                        if (!zw_nft_value_parse(ZW_NFT_T_IFNAME, ifn, &v)) {
                                fail(c, ZW_ERROR_INVALID_INTERFACE, "%s", ifn);
                                continue;
                        }
                        if (v.wildcard) {
                                g_ptr_array_add(wild, (gpointer)z);
                                g_ptr_array_add(wild, (gpointer)ifn);
                                continue;
                        }
                        if (ifs == NULL) {
                                g_autofree char *n = g_strdup_printf("%s_zones_ifname", base);

                                t = ZW_NFT_T_IFNAME;
                                ifs = zw_nft_table_add_set(c->t, n, &t, 1, TRUE, FALSE);
                        }
                        zw_nft_set_add_elem(ifs, &v, ZW_NFT_V_GOTO, target);
                }
        }
        if (ifs != NULL) {
                ZwNftField key = dst ? ZW_NFT_F_OIFNAME : ZW_NFT_F_IIFNAME;

                zw_nft_rule_lookup(zw_nft_chain_add_rule(ch), &key, 1, ifs->name, FALSE, TRUE);
        }
        for (guint i = 0; i < wild->len; i += 2) {
                const ZwZone *z = g_ptr_array_index(wild, i);
                g_autofree char *target = g_strdup_printf("%s%s", prefix, z->info.name);
                ZwNftRule *r = zw_nft_chain_add_rule(ch);

                zw_nft_rule_match_ifname(r, dst ? ZW_NFT_F_OIFNAME : ZW_NFT_F_IIFNAME,
                                         ZW_NFT_OP_EQ, g_ptr_array_index(wild, i + 1));
                zw_nft_rule_verdict(r, ZW_NFT_V_GOTO, target);
        }
        if (c->default_zone != NULL) {
                g_autofree char *target =
                        g_strdup_printf("%s%s", prefix, c->default_zone->info.name);

                zw_nft_rule_verdict(zw_nft_chain_add_rule(ch), ZW_NFT_V_GOTO, target);
        }
}

/* ---- base chains ---- */

static void
rule_ct_state(ZwNftChain *ch, guint32 states, ZwNftVerdictKind v)
{
        ZwNftRule *r = zw_nft_chain_add_rule(ch);

        zw_nft_rule_match_u32(r, ZW_NFT_F_CT_STATE, ZW_NFT_OP_ANY, states);
        zw_nft_rule_verdict(r, v, NULL);
}

static void
rfc3964(Ctx *c, ZwNftChain *ch)
{
        ZwNftRule *r;
        ZwNftField key = ZW_NFT_F_IP6_DADDR;

        if (!c->opts->rfc3964_ipv4)
                return;
        if (c->log_pkttype >= 0) {
                r = zw_nft_chain_add_rule(ch);
                zw_nft_rule_lookup(r, &key, 1, "rfc3964_ipv4", FALSE, FALSE);
                if (c->log_pkttype < 3)
                        zw_nft_rule_match_u8(r, ZW_NFT_F_PKTTYPE, ZW_NFT_OP_EQ,
                                             (guint8)c->log_pkttype);
                log_denied_tail(c, r, "RFC3964_IPv4_REJECT: ");
        }
        r = zw_nft_chain_add_rule(ch);
        zw_nft_rule_lookup(r, &key, 1, "rfc3964_ipv4", FALSE, FALSE);
        zw_nft_rule_reject(r, ZW_NFT_REJECT_ICMPV6, 3);
}

static void
input_forward_head(Ctx *c, ZwNftChain *ch)
{
        ZwNftRule *r;

        rule_ct_state(ch, CT_ESTABLISHED | CT_RELATED, ZW_NFT_V_ACCEPT);
        r = zw_nft_chain_add_rule(ch);
        zw_nft_rule_match_u32(r, ZW_NFT_F_CT_STATUS, ZW_NFT_OP_ANY, CT_STATUS_DNAT);
        zw_nft_rule_verdict(r, ZW_NFT_V_ACCEPT, NULL);
        r = zw_nft_chain_add_rule(ch);
        zw_nft_rule_match_ifname(r, ZW_NFT_F_IIFNAME, ZW_NFT_OP_EQ, "lo");
        zw_nft_rule_verdict(r, ZW_NFT_V_ACCEPT, NULL);
        if (c->log_pkttype >= 0 || c->log_invalid) {
                r = zw_nft_chain_add_rule(ch);
                zw_nft_rule_match_u32(r, ZW_NFT_F_CT_STATE, ZW_NFT_OP_ANY, CT_INVALID);
                /* ConntrackLogInvalid alone logs every invalid packet, as the sysctl does */
                if (c->log_pkttype >= 0 && c->log_pkttype < 3)
                        zw_nft_rule_match_u8(r, ZW_NFT_F_PKTTYPE, ZW_NFT_OP_EQ,
                                             (guint8)c->log_pkttype);
                log_denied_tail(c, r, "STATE_INVALID_DROP: ");
        }
        rule_ct_state(ch, CT_INVALID, ZW_NFT_V_DROP);
}

static void
final_reject(Ctx *c, ZwNftChain *ch)
{
        rule_log_denied(c, ch, "FINAL_REJECT: ");
        zw_nft_rule_reject(zw_nft_chain_add_rule(ch), ZW_NFT_REJECT_ICMPX, ICMPX_ADMIN_PROHIBITED);
}

static void
base_chains(Ctx *c)
{
        ZwNftChain *ch;
        ZwNftRule *r;

        if (c->opts->rfc3964_ipv4) {
                static const char *const nets[] = { "::/96",         "::ffff:0.0.0.0/96",
                                                    "2002::/24",     "2002:a00::/24",
                                                    "2002:7f00::/24", "2002:a9fe::/32",
                                                    "2002:ac10::/28", "2002:c0a8::/32",
                                                    "2002:e000::/19" };
                ZwNftType t = ZW_NFT_T_IPV6;
                ZwNftSet *s = zw_nft_table_add_set(c->t, "rfc3964_ipv4", &t, 1, FALSE, TRUE);

                for (guint i = 0; i < G_N_ELEMENTS(nets); i++) {
                        ZwNftValue v;

                        if (zw_nft_value_parse(t, nets[i], &v))
                                zw_nft_set_add_elem(s, &v, ZW_NFT_V_ACCEPT, NULL);
                }
        }

        ch = zw_nft_table_add_base_chain(c->t, "filter_PREROUTING", ZW_NFT_HOOK_PREROUTING, FALSE,
                                         PRIO_FILTER);
        for (int i = 0; i < 2; i++) {
                r = zw_nft_chain_add_rule(ch);
                zw_nft_rule_match_u8(r, ZW_NFT_F_ICMPV6_TYPE, ZW_NFT_OP_EQ, i == 0 ? 134 : 135);
                zw_nft_rule_verdict(r, ZW_NFT_V_ACCEPT, NULL);
        }
        if (c->opts->ipv6_rpfilter) {
                if (c->log_pkttype >= 0) {
                        r = zw_nft_chain_add_rule(ch);
                        zw_nft_rule_match_u8(r, ZW_NFT_F_NFPROTO, ZW_NFT_OP_EQ, NFPROTO_V6);
                        zw_nft_rule_fib_rpf(r);
                        if (c->log_pkttype < 3)
                                zw_nft_rule_match_u8(r, ZW_NFT_F_PKTTYPE, ZW_NFT_OP_EQ,
                                                     (guint8)c->log_pkttype);
                        log_denied_tail(c, r, "rpfilter_DROP: ");
                }
                r = zw_nft_chain_add_rule(ch);
                zw_nft_rule_match_u8(r, ZW_NFT_F_NFPROTO, ZW_NFT_OP_EQ, NFPROTO_V6);
                zw_nft_rule_fib_rpf(r);
                zw_nft_rule_verdict(r, ZW_NFT_V_DROP, NULL);
        }

        ch = zw_nft_table_add_base_chain(c->t, "mangle_PREROUTING", ZW_NFT_HOOK_PREROUTING, FALSE,
                                         PRIO_MANGLE);
        zw_nft_rule_verdict(zw_nft_chain_add_rule(ch), ZW_NFT_V_JUMP, "mangle_PREROUTING_ZONES");
        ch = zw_nft_table_add_base_chain(c->t, "nat_PREROUTING", ZW_NFT_HOOK_PREROUTING, TRUE,
                                         PRIO_DSTNAT);
        zw_nft_rule_verdict(zw_nft_chain_add_rule(ch), ZW_NFT_V_JUMP, "nat_PREROUTING_ZONES");
        ch = zw_nft_table_add_base_chain(c->t, "nat_POSTROUTING", ZW_NFT_HOOK_POSTROUTING, TRUE,
                                         PRIO_SRCNAT);
        zw_nft_rule_verdict(zw_nft_chain_add_rule(ch), ZW_NFT_V_JUMP, "nat_POSTROUTING_ZONES");
        zw_nft_table_add_base_chain(c->t, "nat_OUTPUT", ZW_NFT_HOOK_OUTPUT, TRUE, PRIO_DSTNAT);

        ch = zw_nft_table_add_base_chain(c->t, "filter_INPUT", ZW_NFT_HOOK_INPUT, FALSE,
                                         PRIO_FILTER);
        input_forward_head(c, ch);
        zw_nft_rule_verdict(zw_nft_chain_add_rule(ch), ZW_NFT_V_JUMP, "filter_INPUT_ZONES");
        final_reject(c, ch);

        ch = zw_nft_table_add_base_chain(c->t, "filter_FORWARD", ZW_NFT_HOOK_FORWARD, FALSE,
                                         PRIO_FILTER);
        input_forward_head(c, ch);
        rfc3964(c, ch);
        zw_nft_rule_verdict(zw_nft_chain_add_rule(ch), ZW_NFT_V_JUMP, "filter_FORWARD_ZONES");
        final_reject(c, ch);

        ch = zw_nft_table_add_base_chain(c->t, "filter_OUTPUT", ZW_NFT_HOOK_OUTPUT, FALSE,
                                         PRIO_FILTER);
        rule_ct_state(ch, CT_ESTABLISHED | CT_RELATED, ZW_NFT_V_ACCEPT);
        r = zw_nft_chain_add_rule(ch);
        zw_nft_rule_match_ifname(r, ZW_NFT_F_OIFNAME, ZW_NFT_OP_EQ, "lo");
        zw_nft_rule_verdict(r, ZW_NFT_V_ACCEPT, NULL);
        rfc3964(c, ch);
}

/* ---- entry ---- */

void
zw_nft_options_init(ZwNftOptions *opts)
{
        memset(opts, 0, sizeof(*opts));
        opts->table_name = "zonewall";
        opts->ipv6_rpfilter = TRUE;
        opts->rfc3964_ipv4 = TRUE;
}

static gint
zone_cmp(gconstpointer a, gconstpointer b)
{
        return g_strcmp0((*(ZwZone *const *)a)->info.name, (*(ZwZone *const *)b)->info.name);
}

/* a context compiling RT into PLAN's new table (OPTS NULL: DEFAULTS, filled here) */
static void
ctx_init(Ctx *c, const ZwRuntime *rt, const ZwNftOptions *opts, ZwNftOptions *defaults,
         ZwNftPlan *plan, GPtrArray *wide)
{
        if (opts == NULL) {
                zw_nft_options_init(defaults);
                opts = defaults;
        }
        c->rt = rt;
        c->opts = opts;
        c->plan = plan;
        c->t = zw_nft_plan_add_table(plan, opts->table_name ? opts->table_name : "zonewall");
        c->wide = wide;
}

static void
collect(Ctx *c)
{
        GHashTableIter it;
        gpointer v;
        const char *ld = c->rt->log_denied;

        c->zones = g_ptr_array_new();
        c->policies = g_ptr_array_new();
        c->default_zone = lookup_obj(c, ZW_KIND_ZONE, c->rt->default_zone);
        c->log_pkttype = g_strcmp0(ld, "all") == 0         ? 3
                         : g_strcmp0(ld, "unicast") == 0   ? 0
                         : g_strcmp0(ld, "broadcast") == 0 ? 1
                         : g_strcmp0(ld, "multicast") == 0 ? 2
                                                           : -1;
        {
                const ZwConf *conf = c->rt->tree != NULL ? c->rt->tree->conf : NULL;

                if (!zw_conf_get_log_denied_limit(conf, &c->log_rate, &c->log_unit,
                                                  &c->log_burst))
                        c->log_rate = 0;
                c->log_invalid = conf != NULL && zw_conf_get_bool(conf, "ConntrackLogInvalid");
        }
        if (c->rt->tree == NULL)
                return;
        if (c->rt->tree->objects[ZW_KIND_ZONE] != NULL) {
                g_hash_table_iter_init(&it, c->rt->tree->objects[ZW_KIND_ZONE]);
                while (g_hash_table_iter_next(&it, NULL, &v)) {
                        const ZwZone *z = v;

                        if (z == c->default_zone ||
                            (z->interfaces != NULL && z->interfaces->len > 0) ||
                            (z->sources != NULL && z->sources->len > 0))
                                g_ptr_array_add(c->zones, v);
                }
        }
        g_ptr_array_sort(c->zones, zone_cmp);
        if (c->rt->tree->objects[ZW_KIND_POLICY] != NULL) {
                g_hash_table_iter_init(&it, c->rt->tree->objects[ZW_KIND_POLICY]);
                while (g_hash_table_iter_next(&it, NULL, &v))
                        if (policy_active(c, v))
                                g_ptr_array_add(c->policies, v);
        }
        g_ptr_array_sort(c->policies, policy_cmp);
}

/* the contents of the active policies, each its own part */
static void
compile_policies(Ctx *c)
{
        for (guint i = 0; i < c->policies->len; i++) {
                Obj o;

                obj_from_policy(&o, g_ptr_array_index(c->policies, i));
                set_owner(c, "policy", o.name);
                compile_obj(c, &o);
        }
        set_owner(c, NULL, NULL);
}

ZwNftPlan *
zw_nft_compile(const ZwRuntime *rt, const ZwNftOptions *opts, GError **error)
{
        g_autoptr(ZwNftPlan) plan = zw_nft_plan_new();
        ZwNftOptions defaults;
        Ctx c = { 0 };
        g_autoptr(GPtrArray) zones = NULL;
        g_autoptr(GPtrArray) wide = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GPtrArray) policies = NULL;
        ZwNftChain *ch;

        g_return_val_if_fail(rt != NULL, NULL);
        ctx_init(&c, rt, opts, &defaults, plan, wide);
        collect(&c);
        zones = c.zones;
        policies = c.policies;
        if (c.default_zone == NULL) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ZONE, "default zone '%s'",
                            rt->default_zone ? rt->default_zone : "");
                return NULL;
        }

        base_chains(&c);
        compile_ipsets(&c);
        dispatch(&c, "filter_INPUT_ZONES", WHERE_IN, FALSE);
        dispatch(&c, "filter_FORWARD_ZONES", WHERE_FWD, FALSE);
        dispatch(&c, "nat_PREROUTING_ZONES", WHERE_PRE, FALSE);
        dispatch(&c, "mangle_PREROUTING_ZONES", WHERE_MANGLE, FALSE);
        dispatch(&c, "nat_POSTROUTING_ZONES", WHERE_POST, TRUE);
        compile_policies(&c);
        for (guint i = 0; i < c.zones->len; i++) {
                Obj o;

                obj_from_zone(&o, g_ptr_array_index(c.zones, i));
                set_owner(&c, "zone", o.name);
                compile_obj(&c, &o);
        }
        for (guint i = 0; i < c.policies->len; i++) {
                const ZwPolicy *p = g_ptr_array_index(c.policies, i);

                set_owner(&c, "policy", p->info.name);
                finish_policy(&c, p);
        }
        for (guint i = 0; i < c.zones->len; i++) {
                const ZwZone *z = g_ptr_array_index(c.zones, i);

                set_owner(&c, "zone", z->info.name);
                finish_zone(&c, z);
        }
        set_owner(&c, NULL, NULL);
        /* traffic from the host itself: policies with ingress HOST */
        ch = zw_nft_table_get_chain(c.t, "filter_OUTPUT");
        policy_jumps(&c, ch, WHERE_OUT, "HOST", TRUE, TRUE);
        policy_jumps(&c, ch, WHERE_OUT, "HOST", TRUE, FALSE);
        ch = zw_nft_table_get_chain(c.t, "nat_OUTPUT");
        policy_jumps(&c, ch, WHERE_NATOUT, "HOST", TRUE, TRUE);
        policy_jumps(&c, ch, WHERE_NATOUT, "HOST", TRUE, FALSE);

        if (c.error != NULL) {
                g_propagate_error(error, c.error);
                return NULL;
        }
        return g_steal_pointer(&plan);
}

ZwNftPlan *
zw_nft_compile_part(const ZwRuntime *rt, const ZwNftOptions *opts, const char *kind,
                    const char *name, GError **error)
{
        g_autoptr(ZwNftPlan) plan = zw_nft_plan_new();
        g_autoptr(GPtrArray) wide = g_ptr_array_new_with_free_func(g_free);
        ZwNftOptions defaults;
        Ctx c = { 0 };

        g_return_val_if_fail(rt != NULL && kind != NULL && name != NULL, NULL);
        ctx_init(&c, rt, opts, &defaults, plan, wide);
        collect(&c);
        if (g_str_equal(kind, "ipset")) {
                const ZwIpset *set = lookup_obj(&c, ZW_KIND_IPSET, name);

                if (set != NULL)
                        compile_ipset(&c, set);
        } else if (g_str_equal(kind, "zone")) {
                const ZwZone *z = lookup_obj(&c, ZW_KIND_ZONE, name);

                /* an unused zone has no part; a used one is finished against the policies'
                 * chains, as in the whole plan */
                if (z != NULL && zone_is_used(&c, name)) {
                        Obj o;

                        compile_policies(&c);
                        obj_from_zone(&o, z);
                        set_owner(&c, "zone", name);
                        compile_obj(&c, &o);
                        finish_zone(&c, z);
                        set_owner(&c, NULL, NULL);
                }
        } else {
                g_return_val_if_reached(NULL);
        }
        g_ptr_array_unref(c.zones);
        g_ptr_array_unref(c.policies);
        if (c.error != NULL) {
                g_propagate_error(error, c.error);
                return NULL;
        }
        return g_steal_pointer(&plan);
}

/* the element of one entry added to ipset NAME, in a set declared as compile_ipset() would
 * declare it with that entry; NULL: not a plain element (a range, a timeout, a type that
 * takes an interval set) */
static ZwNftPlan *
entry_addition(Ctx *c, const char *name, const char *entry)
{
        const ZwIpset *set = lookup_obj(c, ZW_KIND_IPSET, name);
        ZwNftField keys[4];
        ZwNftType types[4];
        ZwNftValue v[4];
        guint n;
        ZwNftSet *s;

        if (set == NULL || set->type == NULL || strstr(set->type, "net") != NULL ||
            ipset_option(set, "timeout") != NULL || strchr(entry, '/') != NULL ||
            strchr(entry, '-') != NULL)
                return NULL;
        n = ipset_keys(set, FALSE, keys);
        if (n == 0)
                return NULL;
        for (guint i = 0; i < n; i++)
                types[i] = zw_nft_field_info(keys[i])->type;
        s = zw_nft_table_add_set(c->t, set->info.name, types, n, FALSE, FALSE);
        if (ipset_option(set, "maxelem") != NULL)
                s->size = (guint)g_ascii_strtoull(ipset_option(set, "maxelem"), NULL, 10);
        if (!ipset_entry_keys(set, types, n, entry, v))
                return NULL;
        zw_nft_set_add_elem(s, v, ZW_NFT_V_ACCEPT, NULL);
        return g_steal_pointer(&c->plan);
}

ZwNftPlan *
zw_nft_compile_addition(const ZwRuntime *rt, const ZwNftOptions *opts, const char *zone,
                        ZwItemType type, const char *value, const char *protocol,
                        GError **error)
{
        g_autoptr(ZwNftPlan) plan = zw_nft_plan_new();
        g_autoptr(GPtrArray) wide = g_ptr_array_new_with_free_func(g_free);
        ZwNftOptions defaults;
        const ZwZone *z;
        ZwNftSet *s;
        Ctx c = { 0 };
        Obj o;

        g_return_val_if_fail(rt != NULL && zone != NULL && value != NULL, NULL);
        ctx_init(&c, rt, opts, &defaults, plan, wide);
        if (type == ZW_ITEM_ENTRY) {
                ZwNftPlan *added;

                c.plan = g_steal_pointer(&plan);
                added = entry_addition(&c, zone, value);
                zw_nft_plan_free(c.plan);
                return added;
        }
        z = lookup_obj(&c, ZW_KIND_ZONE, zone);
        if (z == NULL || !zw_runtime_zone_is_used(rt, zone))
                return NULL;
        obj_from_zone(&o, z);
        /* the same sets compile_services() and compile_port_sets() fill */
        switch (type) {
        case ZW_ITEM_PORT:
                s = obj_set(&c, &o, "ports", port_types, 2);
                add_port_elem(&c, s, protocol, value);
                break;
        case ZW_ITEM_SOURCE_PORT:
                s = obj_set(&c, &o, "sports", port_types, 2);
                add_port_elem(&c, s, protocol, value);
                break;
        case ZW_ITEM_PROTOCOL:
                s = obj_set(&c, &o, "protos", port_types, 1);
                add_proto_elem(&c, s, value);
                break;
        default:
                return NULL;
        }
        if (c.error != NULL) {
                g_propagate_error(error, c.error);
                return NULL;
        }
        /* a range too wide for set elements gets a rule: not an addition of elements */
        return wide->len == 0 ? g_steal_pointer(&plan) : NULL;
}

/* Panic mode: its own table, dropping everything before conntrack (raw + 9). */
ZwNftPlan *
zw_nft_panic_plan(const char *table_name)
{
        ZwNftPlan *plan = zw_nft_plan_new();
        g_autofree char *name = g_strdup_printf("%s_panic", table_name ? table_name : "zonewall");
        ZwNftTable *t = zw_nft_plan_add_table(plan, name);

        zw_nft_table_add_base_chain(t, "raw_prerouting", ZW_NFT_HOOK_PREROUTING, FALSE, PRIO_PANIC)
                ->policy_drop = TRUE;
        zw_nft_table_add_base_chain(t, "raw_output", ZW_NFT_HOOK_OUTPUT, FALSE, PRIO_PANIC)
                ->policy_drop = TRUE;
        return plan;
}
