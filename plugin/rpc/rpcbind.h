/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rpc/rpcbind.h: ask the local rpcbind which RPC programs listen on which ports */
#pragma once

#include <gio/gio.h>

#include "rpc/spec.h"

G_BEGIN_DECLS

/* rpcbind's local socket (rpcbind(8), libtirpc _PATH_RPCBINDSOCK under /run) */
#define ZW_RPCBIND_SOCKET "/run/rpcbind.sock"
#define ZW_RPCBIND_TIMEOUT_MS 250

/* One registration as rpcbind lists it (RPCBPROC_DUMP); only tcp/udp/tcp6/udp6 entries. */
typedef struct {
        guint32 program;
        guint32 version;
        ZwRpcProto proto;  /* one bit */
        guint16 port;
        guint8 family;     /* 4 or 6 (the netid's address family) */
} ZwRpcMapping;

/* Where and how long to ask. */
typedef struct {
        const char *socket_path; /* NULL: ZW_RPCBIND_SOCKET; "": skip the local socket */
        gboolean tcp_fallback;   /* then try 127.0.0.1:111 over TCP */
        guint timeout_ms;        /* per connect and per call; 0: ZW_RPCBIND_TIMEOUT_MS */
} ZwRpcbindOptions;

void zw_rpcbind_options_init(ZwRpcbindOptions *opts);

/* Blocking (at most about 2 * timeout_ms per endpoint): every tcp/udp mapping, sorted by
 * program, version, proto, family, port. rpcbind absent, refusing or silent:
 * COMMAND_FAILED with the reason. */
GArray *zw_rpcbind_query(const ZwRpcbindOptions *opts, GError **error);
/* Same in a GTask worker thread; the callback runs in the caller's thread-default context. */
void zw_rpcbind_query_async(const ZwRpcbindOptions *opts, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data);
GArray *zw_rpcbind_query_finish(GAsyncResult *result, GError **error);

/* Port of an RPC universal address ("0.0.0.0.8.1" -> 2049, "::.8.1" -> 2049) */
gboolean zw_rpc_uaddr_port(const char *uaddr, guint16 *out_port);
/* Sort order of zw_rpcbind_query() */
gint zw_rpc_mapping_compare(gconstpointer a, gconstpointer b);

G_END_DECLS
