/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rpc/spec.c: the RPC programs a service names, read from its side file services/NAME.rpc */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <string.h>

#include "core/error.h"
#include "rpc/spec.h"

/* Used when /etc/rpc (netbase) is missing or lacks an entry; numbers as in RFC 5531's
 * registry and Debian's /etc/rpc. */
static const struct {
        const char *name;
        guint32 number;
} builtin_programs[] = {
        { "portmapper", 100000 }, { "portmap", 100000 }, { "sunrpc", 100000 },
        { "rpcbind", 100000 },    { "nfs", 100003 },     { "nfsprog", 100003 },
        { "ypserv", 100004 },     { "ypprog", 100004 },  { "mountd", 100005 },
        { "mount", 100005 },      { "showmount", 100005 }, { "ypbind", 100007 },
        { "rquotad", 100011 },    { "rquotaprog", 100011 }, { "quota", 100011 },
        { "rquota", 100011 },     { "nlockmgr", 100021 }, { "status", 100024 },
        { "nfs_acl", 100227 },
};

static const char *const spec_keys[] = { "programs", "transports", NULL };

ZwRpcSpec *
zw_rpc_spec_new(void)
{
        ZwRpcSpec *spec = g_new0(ZwRpcSpec, 1);

        spec->programs = g_array_new(FALSE, FALSE, sizeof(guint32));
        spec->names = g_ptr_array_new_with_free_func(g_free);
        spec->transports = ZW_RPC_PROTO_ALL;
        return spec;
}

void
zw_rpc_spec_free(ZwRpcSpec *spec)
{
        if (spec == NULL)
                return;
        g_array_unref(spec->programs);
        g_ptr_array_unref(spec->names);
        g_free(spec);
}

ZwRpcSpec *
zw_rpc_spec_dup(const ZwRpcSpec *spec)
{
        ZwRpcSpec *copy;

        g_return_val_if_fail(spec != NULL, NULL);
        copy = zw_rpc_spec_new();
        g_array_append_vals(copy->programs, spec->programs->data, spec->programs->len);
        for (guint i = 0; i < spec->names->len; i++)
                g_ptr_array_add(copy->names, g_strdup(g_ptr_array_index(spec->names, i)));
        copy->transports = spec->transports;
        return copy;
}

const char *
zw_rpc_proto_name(ZwRpcProto proto)
{
        switch (proto) {
        case ZW_RPC_PROTO_TCP:
                return "tcp";
        case ZW_RPC_PROTO_UDP:
                return "udp";
        default:
                return NULL;
        }
}

gboolean
zw_rpc_proto_from_name(const char *name, ZwRpcProto *out_proto)
{
        g_return_val_if_fail(name != NULL, FALSE);
        if (g_strcmp0(name, "tcp") == 0) {
                if (out_proto != NULL)
                        *out_proto = ZW_RPC_PROTO_TCP;
                return TRUE;
        }
        if (g_strcmp0(name, "udp") == 0) {
                if (out_proto != NULL)
                        *out_proto = ZW_RPC_PROTO_UDP;
                return TRUE;
        }
        return FALSE;
}

static gboolean
name_is_valid(const char *name)
{
        if (*name == '\0' || strlen(name) > 64)
                return FALSE;
        for (const char *p = name; *p != '\0'; p++) {
                if (!g_ascii_isalnum(*p) && *p != '_' && *p != '-' && *p != '.')
                        return FALSE;
        }
        return TRUE;
}

/* /etc/rpc through NSS; the _r variant because the follower's worker thread may look up
 * names at the same time */
static gboolean
etc_rpc_number(const char *name, guint32 *out_program)
{
        struct rpcent ent;
        struct rpcent *res = NULL;
        char buf[1024];

        if (getrpcbyname_r(name, &ent, buf, sizeof(buf), &res) != 0 || res == NULL)
                return FALSE;
        if (res->r_number <= 0)
                return FALSE;
        *out_program = (guint32) res->r_number;
        return TRUE;
}

static char *
etc_rpc_name(guint32 program)
{
        struct rpcent ent;
        struct rpcent *res = NULL;
        char buf[1024];

        if (program > G_MAXINT)
                return NULL;
        if (getrpcbynumber_r((int) program, &ent, buf, sizeof(buf), &res) != 0 || res == NULL)
                return NULL;
        return g_strdup(res->r_name);
}

gboolean
zw_rpc_program_from_string(const char *text, guint32 *out_program)
{
        guint64 number = 0;

        g_return_val_if_fail(text != NULL, FALSE);
        if (g_ascii_isdigit(*text)) {
                if (!g_ascii_string_to_unsigned(text, 10, 1, G_MAXUINT32, &number, NULL))
                        return FALSE;
                if (out_program != NULL)
                        *out_program = (guint32) number;
                return TRUE;
        }
        if (!name_is_valid(text))
                return FALSE;
        {
                guint32 found = 0;

                if (etc_rpc_number(text, &found)) {
                        if (out_program != NULL)
                                *out_program = found;
                        return TRUE;
                }
        }
        for (guint i = 0; i < G_N_ELEMENTS(builtin_programs); i++) {
                if (g_strcmp0(builtin_programs[i].name, text) == 0) {
                        if (out_program != NULL)
                                *out_program = builtin_programs[i].number;
                        return TRUE;
                }
        }
        return FALSE;
}

char *
zw_rpc_program_dup_name(guint32 program)
{
        char *name = etc_rpc_name(program);

        if (name != NULL)
                return name;
        for (guint i = 0; i < G_N_ELEMENTS(builtin_programs); i++) {
                if (builtin_programs[i].number == program)
                        return g_strdup(builtin_programs[i].name);
        }
        return NULL;
}

static gint
program_index(const ZwRpcSpec *spec, guint32 program)
{
        for (guint i = 0; i < spec->programs->len; i++) {
                if (g_array_index(spec->programs, guint32, i) == program)
                        return (gint) i;
        }
        return -1;
}

gboolean
zw_rpc_spec_add_program(ZwRpcSpec *spec, const char *program, GError **error)
{
        guint32 number = 0;
        char *name;

        g_return_val_if_fail(spec != NULL, FALSE);
        g_return_val_if_fail(program != NULL, FALSE);
        if (!zw_rpc_program_from_string(program, &number)) {
                if (g_ascii_isdigit(*program))
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_VALUE,
                                    "'%s' is not an RPC program number (1-4294967295)", program);
                else
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_VALUE,
                                    "'%s' is not a known RPC program", program);
                return FALSE;
        }
        if (program_index(spec, number) >= 0)
                return TRUE;
        if (g_ascii_isdigit(*program)) {
                name = zw_rpc_program_dup_name(number);
                if (name == NULL)
                        name = g_strdup_printf("%" G_GUINT32_FORMAT, number);
        } else {
                name = g_strdup(program);
        }
        g_array_append_val(spec->programs, number);
        g_ptr_array_add(spec->names, name);
        return TRUE;
}

gboolean
zw_rpc_spec_matches(const ZwRpcSpec *spec, guint32 program, ZwRpcProto proto)
{
        g_return_val_if_fail(spec != NULL, FALSE);
        return (spec->transports & proto) != 0 && program_index(spec, program) >= 0;
}

const char *
zw_rpc_spec_program_name(const ZwRpcSpec *spec, guint32 program)
{
        gint i;

        g_return_val_if_fail(spec != NULL, NULL);
        i = program_index(spec, program);
        return i < 0 ? NULL : g_ptr_array_index(spec->names, i);
}

static gboolean
check_layout(GKeyFile *kf, GError **error)
{
        g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
        g_auto(GStrv) keys = NULL;

        for (guint i = 0; groups[i] != NULL; i++) {
                if (g_strcmp0(groups[i], ZW_RPC_SPEC_GROUP) != 0) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_OPTION,
                                    "unknown group [%s], only [" ZW_RPC_SPEC_GROUP "] is read",
                                    groups[i]);
                        return FALSE;
                }
        }
        if (!g_key_file_has_group(kf, ZW_RPC_SPEC_GROUP)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_MISSING_SETTING,
                            "no [" ZW_RPC_SPEC_GROUP "] group");
                return FALSE;
        }
        keys = g_key_file_get_keys(kf, ZW_RPC_SPEC_GROUP, NULL, NULL);
        for (guint i = 0; keys != NULL && keys[i] != NULL; i++) {
                if (!g_strv_contains(spec_keys, keys[i])) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_OPTION,
                                    "unknown key '%s' in [" ZW_RPC_SPEC_GROUP "]", keys[i]);
                        return FALSE;
                }
        }
        return TRUE;
}

static gboolean
read_programs(GKeyFile *kf, ZwRpcSpec *spec, GError **error)
{
        g_auto(GStrv) items = NULL;

        if (!g_key_file_has_key(kf, ZW_RPC_SPEC_GROUP, "programs", NULL)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_MISSING_SETTING, "no programs= key");
                return FALSE;
        }
        items = g_key_file_get_string_list(kf, ZW_RPC_SPEC_GROUP, "programs", NULL, NULL);
        for (guint i = 0; items != NULL && items[i] != NULL; i++) {
                char *item = g_strstrip(items[i]);

                if (*item == '\0')
                        continue;
                if (!zw_rpc_spec_add_program(spec, item, error))
                        return FALSE;
        }
        if (spec->programs->len == 0) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_VALUE, "programs= is empty");
                return FALSE;
        }
        return TRUE;
}

static gboolean
read_transports(GKeyFile *kf, ZwRpcSpec *spec, GError **error)
{
        g_auto(GStrv) items = NULL;
        guint transports = 0;

        if (!g_key_file_has_key(kf, ZW_RPC_SPEC_GROUP, "transports", NULL))
                return TRUE; /* default: both */
        items = g_key_file_get_string_list(kf, ZW_RPC_SPEC_GROUP, "transports", NULL, NULL);
        for (guint i = 0; items != NULL && items[i] != NULL; i++) {
                char *item = g_strstrip(items[i]);
                ZwRpcProto proto;

                if (*item == '\0')
                        continue;
                if (!zw_rpc_proto_from_name(item, &proto)) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PROTOCOL,
                                    "'%s' is not an RPC transport (tcp, udp)", item);
                        return FALSE;
                }
                transports |= proto;
        }
        if (transports == 0) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_VALUE, "transports= is empty");
                return FALSE;
        }
        spec->transports = transports;
        return TRUE;
}

gboolean
zw_rpc_spec_load_data(const char *data, gssize length, ZwRpcSpec **out_spec, GError **error)
{
        g_autoptr(GKeyFile) kf = g_key_file_new();
        g_autoptr(ZwRpcSpec) spec = zw_rpc_spec_new();
        g_autoptr(GError) local = NULL;

        g_return_val_if_fail(data != NULL, FALSE);
        if (length < 0)
                length = (gssize) strlen(data);
        if (!g_key_file_load_from_data(kf, data, (gsize) length, G_KEY_FILE_NONE, &local)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_PARSE_ERROR, "%s", local->message);
                return FALSE;
        }
        if (!check_layout(kf, error))
                return FALSE;
        if (!read_programs(kf, spec, error))
                return FALSE;
        if (!read_transports(kf, spec, error))
                return FALSE;
        if (out_spec != NULL)
                *out_spec = g_steal_pointer(&spec);
        return TRUE;
}

gboolean
zw_rpc_spec_load(const char *path, ZwRpcSpec **out_spec, GError **error)
{
        g_autofree char *data = NULL;
        gsize length = 0;
        g_autoptr(GError) local = NULL;

        g_return_val_if_fail(path != NULL, FALSE);
        if (!g_file_get_contents(path, &data, &length, &local)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_FILENAME, "%s", local->message);
                return FALSE;
        }
        if (length > G_MAXSSIZE || !zw_rpc_spec_load_data(data, (gssize) length, out_spec, error)) {
                g_prefix_error(error, "%s: ", path);
                return FALSE;
        }
        return TRUE;
}

gboolean
zw_rpc_spec_find(const char *const *dirs, const char *service, ZwRpcSpec **out_spec,
                 GError **error)
{
        g_autofree char *base = NULL;

        g_return_val_if_fail(service != NULL, FALSE);
        if (*service == '\0' || strchr(service, '/') != NULL) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_SERVICE, "'%s'", service);
                return FALSE;
        }
        base = g_strconcat(service, ZW_RPC_SPEC_SUFFIX, NULL);
        for (guint i = 0; dirs != NULL && dirs[i] != NULL; i++) {
                g_autofree char *path = g_build_filename(dirs[i], base, NULL);

                if (!g_file_test(path, G_FILE_TEST_EXISTS))
                        continue;
                return zw_rpc_spec_load(path, out_spec, error);
        }
        if (out_spec != NULL)
                *out_spec = NULL;
        return TRUE;
}
