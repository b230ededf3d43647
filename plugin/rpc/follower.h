/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rpc/follower.h: keep each zone's RPC port set equal to what rpcbind currently hands out */
#pragma once

#include <glib.h>

#include "rpc/rpcbind.h"
#include "rpc/spec.h"

G_BEGIN_DECLS

#define ZW_RPC_FOLLOWER_INTERVAL_MS 1000

/* One element of a zone's nft set rpc_<zone> (inet_proto . inet_service). */
typedef struct {
        ZwRpcProto proto; /* one bit */
        guint16 port;
} ZwRpcPort;

/* Why a port is open: one row per (zone, port, service, program, version). */
typedef struct {
        char *zone;
        ZwRpcProto proto;
        guint16 port;
        char *service;      /* the service whose .rpc file names the program */
        guint32 program;
        char *program_name; /* as the spec names it ("mountd", or the number) */
        guint32 version;
} ZwRpcOpen;

/* Called with only the differences for ZONE: ADDED and REMOVED hold ZwRpcPort *, sorted,
 * never both empty. Both arrays are borrowed for the call. */
typedef void (*ZwRpcChangedFunc)(const char *zone, GPtrArray *added, GPtrArray *removed,
                                 gpointer user_data);
/* What a poll asks; runs in a worker thread. Returns ZwRpcMapping array or NULL + error. */
typedef GArray *(*ZwRpcQueryFunc)(gpointer query_data, GError **error);

typedef struct _ZwRpcFollower ZwRpcFollower;

/* A follower attached to the caller's thread-default main context; it polls only while it is
 * started and some zone wants RPC ports. */
ZwRpcFollower *zw_rpc_follower_new(ZwRpcChangedFunc changed, gpointer user_data);
void zw_rpc_follower_free(ZwRpcFollower *follower);

/* Poll interval, default ZW_RPC_FOLLOWER_INTERVAL_MS; takes effect at the next tick. */
void zw_rpc_follower_set_interval(ZwRpcFollower *follower, guint interval_ms);
/* Where rpcbind is asked (copied); default zw_rpcbind_options_init(). */
void zw_rpc_follower_set_rpcbind(ZwRpcFollower *follower, const ZwRpcbindOptions *opts);
/* Replace the rpcbind query (tests). QUERY_DATA must outlive the follower and any query it
 * started; NULL restores the real rpcbind query. */
void zw_rpc_follower_set_query_func(ZwRpcFollower *follower, ZwRpcQueryFunc func,
                                    gpointer query_data);

/* The wanted programs: SERVICE (with SPEC, copied) is enabled in ZONE. Changes are applied
 * (and changed() called) by zw_rpc_follower_commit(). */
void zw_rpc_follower_want(ZwRpcFollower *follower, const char *zone, const char *service,
                          const ZwRpcSpec *spec);
/* Forget every want (before re-adding the full set after a reload). */
void zw_rpc_follower_clear(ZwRpcFollower *follower);
/* Forget the wants of ZONE only (before re-adding that zone's after a change inside it). */
void zw_rpc_follower_clear_zone(ZwRpcFollower *follower, const char *zone);
/* Recompute from the last known mappings and report the differences now; a zone that lost
 * all its wants gets its ports removed. */
void zw_rpc_follower_commit(ZwRpcFollower *follower);

/* Feed one poll result: MAPPINGS (ZwRpcMapping) on success, or NULL and ERROR for an outage
 * (ports are kept; one g_warning per outage). Normally called by the poll itself. */
void zw_rpc_follower_feed(ZwRpcFollower *follower, const GArray *mappings, const GError *error);

/* Start/stop polling (start polls at once). */
void zw_rpc_follower_start(ZwRpcFollower *follower);
void zw_rpc_follower_stop(ZwRpcFollower *follower);
/* Start one poll now unless one is running; changed() follows when it completes. */
void zw_rpc_follower_poll_now(ZwRpcFollower *follower);

/* FALSE while rpcbind cannot be asked (after the first failed poll until a good one) */
gboolean zw_rpc_follower_is_reachable(const ZwRpcFollower *follower);
/* Polls completed so far (good or failed) */
guint64 zw_rpc_follower_polls(const ZwRpcFollower *follower);

/* The ports open now, zone -> GPtrArray of "tcp:2049" strings: the form ZwNftOptions.rpc_ports
 * takes for a full compile. Caller owns the table. */
GHashTable *zw_rpc_follower_dup_port_table(const ZwRpcFollower *follower);
/* The ports open now and why (ZwRpcOpen *), sorted by zone, proto, port, service, program,
 * version. Caller owns the array. */
GPtrArray *zw_rpc_follower_dup_open(const ZwRpcFollower *follower);

ZwRpcPort *zw_rpc_port_new(ZwRpcProto proto, guint16 port);
void zw_rpc_port_free(ZwRpcPort *port);
/* "tcp:2049" */
char *zw_rpc_port_to_string(const ZwRpcPort *port);
void zw_rpc_open_free(ZwRpcOpen *open);
/* "public tcp 20048 mountd(100005) v3 service=nfs3" */
char *zw_rpc_open_to_string(const ZwRpcOpen *open);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwRpcFollower, zw_rpc_follower_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwRpcPort, zw_rpc_port_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwRpcOpen, zw_rpc_open_free)

G_END_DECLS
