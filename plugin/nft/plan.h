/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nft/plan.h: the plan IR: tables, chains, sets/maps, ct helpers and rules as data */
#pragma once

#include <glib.h>

#include "nft/nft.h"

G_BEGIN_DECLS

/* Data types of values, set keys and concatenation members. Sizes are the kernel's. */
typedef enum {
        ZW_NFT_T_NFPROTO,     /* 1 byte: 2 ipv4, 10 ipv6 */
        ZW_NFT_T_PROTO,       /* inet_proto, 1 byte */
        ZW_NFT_T_SERVICE,     /* inet_service, 2 bytes big endian */
        ZW_NFT_T_IPV4,        /* ipv4_addr, 4 bytes */
        ZW_NFT_T_IPV6,        /* ipv6_addr, 16 bytes */
        ZW_NFT_T_ETHER,       /* ether_addr, 6 bytes */
        ZW_NFT_T_IFNAME,      /* ifname, 16 bytes, NUL padded */
        ZW_NFT_T_MARK,        /* mark, 4 bytes host order */
        ZW_NFT_T_ICMP_TYPE,   /* 1 byte */
        ZW_NFT_T_ICMPV6_TYPE, /* 1 byte */
        ZW_NFT_T_ICMP_CODE,   /* 1 byte */
        ZW_NFT_T_CT_STATE,    /* 4 bytes host order, bit mask */
        ZW_NFT_T_CT_STATUS,   /* 4 bytes host order, bit mask */
        ZW_NFT_T_PKTTYPE,     /* 1 byte */
        ZW_NFT_T_TCP_FLAGS,   /* 1 byte */
        ZW_NFT_T_N,
} ZwNftType;

/* nft type name ("ipv4_addr"), byte length */
const char *zw_nft_type_name(ZwNftType type);
guint zw_nft_type_len(ZwNftType type);

/* One value: a single value, an interval lo..hi, or an interface-name prefix ("eth*"). */
typedef struct {
        ZwNftType type;
        guint8 lo[16];     /* network byte order for addresses/ports, host order for marks */
        guint8 hi[16];     /* == lo for single values */
        gboolean interval; /* lo..hi */
        int plen;          /* interval that is a CIDR block: prefix length; otherwise -1 */
        gboolean wildcard; /* ifname prefix: lo holds the prefix, prefix_len its length */
        guint prefix_len;
} ZwNftValue;

/* Parse text into a value; FALSE if it does not parse ("10.0.0.0/8", "fd00::1", "22",
 * "5000-5010", "tcp", "eth+", "00:11:22:33:44:55"). */
gboolean zw_nft_value_parse(ZwNftType type, const char *text, ZwNftValue *out_value);
void zw_nft_value_u8(ZwNftType type, guint8 v, ZwNftValue *out_value);
void zw_nft_value_u32(ZwNftType type, guint32 v, ZwNftValue *out_value);
/* protocol names nft knows ("tcp", "ipv6-icmp") <-> numbers; numbers "0".."255" also parse */
const char *zw_nft_proto_name(guint8 num);
gboolean zw_nft_proto_number(const char *name, guint8 *out_num);
/* nft names of ICMP (family 4) / ICMPv6 (family 6) types, NULL if unnamed */
const char *zw_nft_icmp_type_name(int family, guint8 type);
/* firewalld icmptype name -> type and code (-1: any) for family 4 or 6 (config-formats §11.6) */
gboolean zw_nft_icmptype_lookup(const char *name, int family, guint8 *out_type, int *out_code);
gboolean zw_nft_value_equal(const ZwNftValue *a, const ZwNftValue *b);
char *zw_nft_value_to_string(const ZwNftValue *value);

/* Packet/meta selectors: what a match reads or a lookup key is built from. */
typedef enum {
        ZW_NFT_F_NFPROTO,
        ZW_NFT_F_L4PROTO,
        ZW_NFT_F_IIFNAME,
        ZW_NFT_F_OIFNAME,
        ZW_NFT_F_MARK,
        ZW_NFT_F_PKTTYPE,
        ZW_NFT_F_CT_STATE,
        ZW_NFT_F_CT_STATUS,
        ZW_NFT_F_IP_SADDR,
        ZW_NFT_F_IP_DADDR,
        ZW_NFT_F_IP6_SADDR,
        ZW_NFT_F_IP6_DADDR,
        ZW_NFT_F_ETHER_SADDR,
        ZW_NFT_F_ETHER_DADDR,
        ZW_NFT_F_TH_DPORT,
        ZW_NFT_F_TH_SPORT,
        ZW_NFT_F_TCP_DPORT,
        ZW_NFT_F_TCP_SPORT,
        ZW_NFT_F_UDP_DPORT,
        ZW_NFT_F_UDP_SPORT,
        ZW_NFT_F_SCTP_DPORT,
        ZW_NFT_F_SCTP_SPORT,
        ZW_NFT_F_DCCP_DPORT,
        ZW_NFT_F_DCCP_SPORT,
        ZW_NFT_F_ICMP_TYPE,
        ZW_NFT_F_ICMP_CODE,
        ZW_NFT_F_ICMPV6_TYPE,
        ZW_NFT_F_ICMPV6_CODE,
        ZW_NFT_F_TCP_FLAGS,
        ZW_NFT_F_N,
} ZwNftField;

typedef enum {
        ZW_NFT_BASE_NONE,      /* meta / ct */
        ZW_NFT_BASE_LL,
        ZW_NFT_BASE_NETWORK,
        ZW_NFT_BASE_TRANSPORT,
} ZwNftBase;

/* Static description of a selector: how render names it and how apply loads it. */
typedef struct {
        const char *text;  /* "tcp dport" */
        ZwNftType type;
        ZwNftBase base;    /* payload base, NONE for meta/ct */
        guint offset;      /* payload offset */
        int meta_key;      /* NFT_META_* for meta selectors, -1 otherwise */
        int ct_key;        /* NFT_CT_* for ct selectors, -1 otherwise */
        int nfproto;       /* implied dependency on meta nfproto (0: none) */
        int l4proto;       /* implied dependency on meta l4proto (-1: none) */
        gboolean ether;    /* implied dependency on meta iiftype ether */
} ZwNftFieldInfo;

const ZwNftFieldInfo *zw_nft_field_info(ZwNftField field);

typedef enum {
        ZW_NFT_OP_EQ,
        ZW_NFT_OP_NEQ,
        ZW_NFT_OP_ANY, /* bit mask: (x & value) != 0, "ct state established,related" */
} ZwNftOp;

typedef enum {
        ZW_NFT_V_ACCEPT,
        ZW_NFT_V_DROP,
        ZW_NFT_V_RETURN,
        ZW_NFT_V_JUMP,
        ZW_NFT_V_GOTO,
} ZwNftVerdictKind;

typedef enum {
        ZW_NFT_REJECT_ICMPX,   /* code: admin-prohibited etc. (icmpx codes) */
        ZW_NFT_REJECT_ICMP,    /* IPv4 code */
        ZW_NFT_REJECT_ICMPV6,  /* IPv6 code */
        ZW_NFT_REJECT_TCP_RST,
} ZwNftRejectKind;

typedef enum {
        ZW_NFT_X_MATCH,        /* field op value */
        ZW_NFT_X_LOOKUP,       /* key fields [!=] @set, or key fields vmap @map */
        ZW_NFT_X_FIB_RPF,      /* fib saddr . mark . iif oif missing */
        ZW_NFT_X_LOG,
        ZW_NFT_X_LIMIT,
        ZW_NFT_X_COUNTER,
        ZW_NFT_X_CT_HELPER_SET,
        ZW_NFT_X_MARK_SET,     /* meta mark set meta mark & and ^ xor */
        ZW_NFT_X_MSS_CLAMP,    /* tcp option maxseg size set rt mtu | N */
        ZW_NFT_X_MASQUERADE,
        ZW_NFT_X_REDIRECT,     /* to :port */
        ZW_NFT_X_DNAT,         /* ip|ip6 to addr[:port] */
        ZW_NFT_X_REJECT,
        ZW_NFT_X_VERDICT,
} ZwNftExprKind;

typedef struct {
        ZwNftExprKind kind;
        union {
                struct {
                        ZwNftField field;
                        ZwNftOp op;
                        ZwNftValue value;
                } match;
                struct {
                        ZwNftField keys[4];
                        guint n_keys;
                        char *set;
                        gboolean negate;
                        gboolean vmap;
                        int mask_plen; /* key 0 masked to this prefix length first; -1 none */
                } lookup;
                struct {
                        char *prefix;  /* NULL: none */
                        int level;     /* syslog level 0..7, -1 default, 8 audit */
                        int group;     /* nflog group, -1 for syslog logging */
                        int qthreshold;/* -1 if unset */
                } log;
                struct {
                        guint64 rate;
                        guint64 unit; /* seconds: 1, 60, 3600, 86400 */
                        guint32 burst; /* packets; 0: nft's default (5) */
                } limit;
                struct {
                        char *name;
                } helper;
                struct {
                        char *name; /* named counter object; NULL: anonymous counter */
                } counter;
                struct {
                        guint32 and_mask;
                        guint32 xor_value;
                } mark;
                struct {
                        guint16 size; /* 0: path MTU (rt mtu) */
                } mss;
                struct {
                        int nfproto;     /* dnat: 2 or 10 */
                        ZwNftValue addr; /* dnat: type IPV4/IPV6; unused otherwise */
                        gboolean has_addr;
                        guint16 port;    /* 0: keep */
                } nat;
                struct {
                        ZwNftRejectKind kind;
                        guint8 code;
                } reject;
                struct {
                        ZwNftVerdictKind kind;
                        char *chain;
                } verdict;
        } u;
} ZwNftExpr;

typedef struct {
        GPtrArray *exprs; /* ZwNftExpr *, owned */
} ZwNftRule;

typedef enum {
        ZW_NFT_HOOK_NONE, /* regular chain */
        ZW_NFT_HOOK_PREROUTING,
        ZW_NFT_HOOK_INPUT,
        ZW_NFT_HOOK_FORWARD,
        ZW_NFT_HOOK_OUTPUT,
        ZW_NFT_HOOK_POSTROUTING,
} ZwNftHook;

typedef struct {
        char *name;
        ZwNftHook hook;
        gboolean nat;         /* type nat (else filter) */
        int priority;
        gboolean policy_drop; /* base chains: policy drop instead of accept */
        GPtrArray *rules;     /* ZwNftRule *, owned */
} ZwNftChain;

typedef struct {
        ZwNftVerdictKind verdict; /* maps only */
        char *chain;              /* jump/goto target */
        guint n_key;              /* the set's */
        ZwNftValue keys[];        /* n_key values (most sets have one: no room for four) */
} ZwNftElem;

typedef struct {
        char *name;
        ZwNftType key[4];
        guint n_key;
        gboolean map;         /* verdict map */
        gboolean interval;
        guint timeout;        /* seconds, 0: none */
        guint size;           /* 0: default */
        GPtrArray *elems;     /* ZwNftElem *, owned */
        GHashTable *index;    /* ZwNftElem (borrowed) by its keys, no duplicates */
        gboolean counter;     /* `counter` in the declaration: each element counts its hits */
} ZwNftSet;

typedef struct {
        char *name;      /* "helper-ftp-tcp" */
        char *type;      /* "ftp" */
        guint8 l4proto;  /* 6 or 17 */
} ZwNftCtHelper;

typedef struct {
        char *name;
        GPtrArray *helpers; /* ZwNftCtHelper *, sorted by name */
        GPtrArray *sets;    /* ZwNftSet *, in creation order */
        GPtrArray *chains;  /* ZwNftChain *, in creation order */
        GHashTable *chain_index; /* name -> ZwNftChain (borrowed from chains) */
        GHashTable *set_index;   /* name -> ZwNftSet (borrowed from sets) */
        /* Parts: what each owner (a zone, a policy, an ipset: zw_nft_owner()) created while it
         * was the table's current owner: owner -> GPtrArray of "c:chain", "s:set", "h:helper"
         * (helpers it referenced, created or not), "k:counter", in creation order. */
        GHashTable *parts;
        char *owner; /* current owner, NULL: objects belong to no part */
        GPtrArray *counters; /* char *: names of named counter objects, in creation order */
        GHashTable *counter_index; /* the names (borrowed from counters) */
} ZwNftTable;

struct _ZwNftPlan {
        GPtrArray *tables;  /* ZwNftTable * (family inet, all ours) */
        GPtrArray *modules; /* char *, NULL-terminated */
};

ZwNftPlan *zw_nft_plan_new(void);
ZwNftPlan *zw_nft_plan_dup(const ZwNftPlan *plan);
ZwNftTable *zw_nft_plan_add_table(ZwNftPlan *plan, const char *name);
ZwNftTable *zw_nft_plan_get_table(const ZwNftPlan *plan, const char *name);
void zw_nft_plan_add_module(ZwNftPlan *plan, const char *module);

ZwNftChain *zw_nft_table_add_chain(ZwNftTable *table, const char *name);
ZwNftChain *zw_nft_table_add_base_chain(ZwNftTable *table, const char *name, ZwNftHook hook,
                                        gboolean nat, int priority);
ZwNftChain *zw_nft_table_get_chain(const ZwNftTable *table, const char *name);
ZwNftSet *zw_nft_table_add_set(ZwNftTable *table, const char *name, const ZwNftType *key,
                               guint n_key, gboolean map, gboolean interval);
ZwNftSet *zw_nft_table_get_set(const ZwNftTable *table, const char *name);
/* Parts: objects added while OWNER (zw_nft_owner()) is set are recorded as OWNER's part
 * (NULL: none). */
void zw_nft_table_set_owner(ZwNftTable *table, const char *owner);
/* record a kernel module the current owner needs (the plan's list is kept by the caller) */
void zw_nft_table_note_module(ZwNftTable *table, const char *module);
/* OWNER's part (NULL if it created nothing), borrowed */
const GPtrArray *zw_nft_table_part(const ZwNftTable *table, const char *owner);
/* Move OWNER's chains and sets from FROM into TABLE, replacing TABLE's objects of the same
 * names in place (their positions kept). Only when both parts hold the same names
 * (zw_nft_table_part_fits()); FROM loses them. OWNER's named counters become FROM's. */
void zw_nft_table_take_part(ZwNftTable *table, ZwNftTable *from, const char *owner);
/* Can OWNER's part of TABLE be replaced by FROM's without touching anything else: the same
 * chain, set and helper names with the same declarations? (Named counters may differ: the
 * diff adds and deletes them.) */
gboolean zw_nft_table_part_fits(const ZwNftTable *table, const ZwNftTable *from,
                                const char *owner);


/* idempotent: the same name is added once */
void zw_nft_table_add_helper(ZwNftTable *table, const char *name, const char *type,
                             guint8 l4proto);

/* named counter objects (nft `counter NAME { }`), idempotent; kept across diffs */
void zw_nft_table_add_counter(ZwNftTable *table, const char *name);
gboolean zw_nft_table_has_counter(const ZwNftTable *table, const char *name);

/* the element of SET with these key values (a map's verdict not compared), NULL if none */
const ZwNftElem *zw_nft_set_lookup(const ZwNftSet *set, const ZwNftValue *keys);
/* TRUE if added, FALSE if an equal element is present */
gboolean zw_nft_set_add_elem(ZwNftSet *set, const ZwNftValue *keys, ZwNftVerdictKind verdict,
                             const char *chain);
char *zw_nft_elem_to_string(const ZwNftSet *set, const ZwNftElem *elem);
/* same name, key, flags (elements not compared) */
gboolean zw_nft_set_same_decl(const ZwNftSet *a, const ZwNftSet *b);
gboolean zw_nft_chain_same_decl(const ZwNftChain *a, const ZwNftChain *b);

ZwNftRule *zw_nft_chain_add_rule(ZwNftChain *chain);
/* the same expressions with the same values (what zw_nft_rule_to_string() shows) */
gboolean zw_nft_rule_equal(const ZwNftRule *a, const ZwNftRule *b);
void zw_nft_rule_free(ZwNftRule *rule);
char *zw_nft_rule_to_string(const ZwNftRule *rule);

/* rule builders: each appends one expression */
void zw_nft_rule_match(ZwNftRule *rule, ZwNftField field, ZwNftOp op, const ZwNftValue *value);
void zw_nft_rule_match_u8(ZwNftRule *rule, ZwNftField field, ZwNftOp op, guint8 v);
void zw_nft_rule_match_u32(ZwNftRule *rule, ZwNftField field, ZwNftOp op, guint32 v);
void zw_nft_rule_match_ifname(ZwNftRule *rule, ZwNftField field, ZwNftOp op, const char *name);
void zw_nft_rule_lookup(ZwNftRule *rule, const ZwNftField *keys, guint n_keys, const char *set,
                        gboolean negate, gboolean vmap);
/* `ip saddr & 255.255.255.0 vmap @set` (plen -1: no mask) */
void zw_nft_rule_lookup_masked(ZwNftRule *rule, ZwNftField key, int plen, const char *set,
                               gboolean vmap);
/* the mask of a prefix length for an address type, network byte order */
void zw_nft_prefix_mask(ZwNftType type, int plen, guint8 *out_mask);
void zw_nft_rule_fib_rpf(ZwNftRule *rule);
void zw_nft_rule_log(ZwNftRule *rule, const char *prefix, int level, int group, int qthreshold);
void zw_nft_rule_limit(ZwNftRule *rule, guint64 rate, guint64 unit);
/* `limit rate RATE/UNIT burst BURST packets`; burst 0 is zw_nft_rule_limit() */
void zw_nft_rule_limit_burst(ZwNftRule *rule, guint64 rate, guint64 unit, guint32 burst);
void zw_nft_rule_counter(ZwNftRule *rule);
/* `counter name "NAME"`: counts into the table's named counter NAME */
void zw_nft_rule_counter_ref(ZwNftRule *rule, const char *name);
void zw_nft_rule_ct_helper(ZwNftRule *rule, const char *name);
void zw_nft_rule_mark_set(ZwNftRule *rule, guint32 and_mask, guint32 xor_value);
void zw_nft_rule_mss_clamp(ZwNftRule *rule, guint16 size);
void zw_nft_rule_masquerade(ZwNftRule *rule);
void zw_nft_rule_redirect(ZwNftRule *rule, guint16 port);
void zw_nft_rule_dnat(ZwNftRule *rule, int nfproto, const ZwNftValue *addr, guint16 port);
void zw_nft_rule_reject(ZwNftRule *rule, ZwNftRejectKind kind, guint8 code);
void zw_nft_rule_verdict(ZwNftRule *rule, ZwNftVerdictKind kind, const char *chain);

/* rendering of single objects (render.c) */
char *zw_nft_table_render(const ZwNftTable *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwNftRule, zw_nft_rule_free)

G_END_DECLS
