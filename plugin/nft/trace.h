/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nft/trace.h: trace one real packet through our table (meta nftrace + NFNLGRP_NFTRACE) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The packets to trace: every given field must match; the first such packet is traced.
 * TCP: only a connection's first packet (SYN without ACK), so a session already open on
 * the same tuple (the operator's own ssh) is not mistaken for the probe. */
typedef struct {
        int family;        /* 4 or 6; 0: either (then no address may be given) */
        const char *iface; /* ingress interface; NULL: any ("lo" also traces output) */
        const char *saddr; /* one address; NULL: any */
        const char *daddr;
        int l4proto;       /* IPPROTO_*; -1: any */
        int dport;         /* tcp/udp/sctp/dccp destination port; -1: any */
        int sport;         /* and source port; -1: any */
        int icmp_type;     /* icmp/icmpv6 type; -1: any */
} ZwNftTraceMatch;

typedef enum {
        ZW_NFT_TRACE_RULE,   /* a rule matched; verdict is what it did */
        ZW_NFT_TRACE_RETURN, /* the end of a regular chain was reached */
        ZW_NFT_TRACE_POLICY, /* the end of a base chain: its policy */
} ZwNftTraceKind;

typedef struct {
        ZwNftTraceKind kind;
        char *table;
        char *chain;
        guint64 handle; /* rule events; 0 otherwise */
        int position;   /* the rule's index in its chain (kernel order); -1: unknown */
        int chain_len;  /* rules in that chain in the kernel when the trace ended; -1: unknown */
        char *verdict;  /* "accept" "drop" "continue" "return" "jump X" "goto X" ... */
} ZwNftTraceEvent;

void zw_nft_trace_event_free(ZwNftTraceEvent *event);

typedef struct _ZwNftTracer ZwNftTracer;

/* Called once from the main loop when the trace ends: `events` (ZwNftTraceEvent *, owned by
 * the callee) of the first matching packet, in `table` and its panic table `<table>_panic`
 * only; or NULL and `error` (ZW_ERROR
 * COMMAND_FAILED, netlink); or NULL and NULL when no packet came in time.
 * The trace table is gone already; the callback may free the tracer. */
typedef void (*ZwNftTraceDone)(GPtrArray *events, const GError *error, gpointer user_data);

/* Subscribe to NFNLGRP_NFTRACE, then add `table inet <table>_trace` with prerouting and
 * output chains (priority -350, before conntrack and all of ours) holding one rule that
 * matches `match` and sets meta nftrace. The table is removed when the trace ends, times
 * out (after `seconds`), fails, or the tracer is freed. Errors: INVALID_ADDR, COMMAND_FAILED. */
ZwNftTracer *zw_nft_trace_start(const char *table, const ZwNftTraceMatch *match, guint seconds,
                                ZwNftTraceDone done, gpointer user_data, GError **error);
/* Cancel if still running (no callback then) and remove the trace table. */
void zw_nft_tracer_free(ZwNftTracer *tracer);
/* "<table>_trace" (caller frees) */
char *zw_nft_trace_table_name(const char *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwNftTraceEvent, zw_nft_trace_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwNftTracer, zw_nft_tracer_free)

G_END_DECLS
