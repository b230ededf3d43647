/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rpc/spec.h: the RPC programs a service names, read from its side file services/NAME.rpc */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The side file sits next to the service XML because firewalld 1.3.3 rejects unknown XML
 * elements; see zonewall-rpc(5). */
#define ZW_RPC_SPEC_SUFFIX ".rpc"
#define ZW_RPC_SPEC_GROUP "rpc"

typedef enum {
        ZW_RPC_PROTO_TCP = 1 << 0,
        ZW_RPC_PROTO_UDP = 1 << 1,
} ZwRpcProto;

#define ZW_RPC_PROTO_ALL (ZW_RPC_PROTO_TCP | ZW_RPC_PROTO_UDP)

typedef struct {
        GArray *programs;   /* guint32 program numbers, unique, in file order */
        GPtrArray *names;   /* char *: a name for each of programs[] (as written, or looked
                             * up for a number; the decimal number if nothing is known) */
        guint transports;   /* ZwRpcProto bits, never 0 */
} ZwRpcSpec;

ZwRpcSpec *zw_rpc_spec_new(void);
void zw_rpc_spec_free(ZwRpcSpec *spec);
ZwRpcSpec *zw_rpc_spec_dup(const ZwRpcSpec *spec);
/* Add PROGRAM (a name from /etc/rpc or the built-in table, or a number); duplicates are
 * ignored. INVALID_VALUE if the name is unknown or the number out of range. */
gboolean zw_rpc_spec_add_program(ZwRpcSpec *spec, const char *program, GError **error);
/* TRUE if the spec covers PROGRAM over PROTO (one ZwRpcProto bit) */
gboolean zw_rpc_spec_matches(const ZwRpcSpec *spec, guint32 program, ZwRpcProto proto);
/* the name recorded for PROGRAM, or NULL if the spec does not list it (borrowed) */
const char *zw_rpc_spec_program_name(const ZwRpcSpec *spec, guint32 program);

/* Parse the key file text DATA. Errors: PARSE_ERROR (not a key file), INVALID_OPTION
 * (unknown group or key), MISSING_SETTING (no programs=), INVALID_VALUE (unknown program,
 * bad number, empty list), INVALID_PROTOCOL (transport other than tcp/udp). */
gboolean zw_rpc_spec_load_data(const char *data, gssize length, ZwRpcSpec **out_spec,
                               GError **error);
/* Same for the file PATH; INVALID_FILENAME if it cannot be read. */
gboolean zw_rpc_spec_load(const char *path, ZwRpcSpec **out_spec, GError **error);
/* Look for SERVICE.rpc in DIRS (NULL-terminated, first match wins: admin dir before builtin
 * dir, as firewalld picks /etc over /usr/lib). No file: TRUE with *out_spec = NULL. */
gboolean zw_rpc_spec_find(const char *const *dirs, const char *service, ZwRpcSpec **out_spec,
                          GError **error);

/* Program number of NAME (/etc/rpc first, then the built-in table) or of a decimal number */
gboolean zw_rpc_program_from_string(const char *text, guint32 *out_program);
/* Name of PROGRAM ("mountd"), or NULL if neither /etc/rpc nor the built-in table know it */
char *zw_rpc_program_dup_name(guint32 program);
/* "tcp" / "udp" for one ZwRpcProto bit, NULL otherwise */
const char *zw_rpc_proto_name(ZwRpcProto proto);
/* reverse of zw_rpc_proto_name */
gboolean zw_rpc_proto_from_name(const char *name, ZwRpcProto *out_proto);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwRpcSpec, zw_rpc_spec_free)

G_END_DECLS
