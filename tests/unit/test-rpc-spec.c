/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-rpc-spec.c: services/NAME.rpc side files, rpcbind addresses, query errors */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "core/error.h"
#include "rpc/rpcbind.h"
#include "rpc/spec.h"

static guint32
prog_at(const ZwRpcSpec *spec, guint i)
{
        return g_array_index(spec->programs, guint32, i);
}

static void
test_load_names_and_numbers(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwRpcSpec) spec = NULL;
        const char *text = "# NFSv3\n"
                           "[rpc]\n"
                           "programs=mountd;nlockmgr;status;100003\n"
                           "transports=tcp;udp\n";

        assert_true(zw_rpc_spec_load_data(text, -1, &spec, &error));
        assert_null(error);
        assert_int_equal(spec->programs->len, 4);
        assert_int_equal(prog_at(spec, 0), 100005);
        assert_int_equal(prog_at(spec, 1), 100021);
        assert_int_equal(prog_at(spec, 2), 100024);
        assert_int_equal(prog_at(spec, 3), 100003);
        assert_string_equal(g_ptr_array_index(spec->names, 0), "mountd");
        assert_string_equal(g_ptr_array_index(spec->names, 2), "status");
        /* a number gets its /etc/rpc (or built-in) name for display */
        assert_string_equal(g_ptr_array_index(spec->names, 3), "nfs");
        assert_int_equal(spec->transports, ZW_RPC_PROTO_ALL);
        assert_true(zw_rpc_spec_matches(spec, 100005, ZW_RPC_PROTO_UDP));
        assert_false(zw_rpc_spec_matches(spec, 100004, ZW_RPC_PROTO_TCP));
        assert_string_equal(zw_rpc_spec_program_name(spec, 100021), "nlockmgr");
        assert_null(zw_rpc_spec_program_name(spec, 100000));
}

static void
test_transports_and_duplicates(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwRpcSpec) spec = NULL;
        g_autoptr(ZwRpcSpec) copy = NULL;
        g_autoptr(ZwRpcSpec) dflt = NULL;

        assert_true(zw_rpc_spec_load_data("[rpc]\nprograms= mountd ;100005;mount;;536870913\n"
                                          "transports=tcp;\n",
                                          -1, &spec, &error));
        assert_int_equal(spec->programs->len, 2);
        assert_int_equal(prog_at(spec, 1), 536870913);
        /* no name known for 536870913: the number stands for it */
        assert_string_equal(g_ptr_array_index(spec->names, 1), "536870913");
        assert_int_equal(spec->transports, ZW_RPC_PROTO_TCP);
        assert_false(zw_rpc_spec_matches(spec, 100005, ZW_RPC_PROTO_UDP));
        assert_true(zw_rpc_spec_matches(spec, 536870913, ZW_RPC_PROTO_TCP));

        copy = zw_rpc_spec_dup(spec);
        assert_int_equal(copy->programs->len, 2);
        assert_string_equal(g_ptr_array_index(copy->names, 0), "mountd");
        assert_int_equal(copy->transports, ZW_RPC_PROTO_TCP);

        /* transports= absent: both */
        assert_true(zw_rpc_spec_load_data("[rpc]\nprograms=nfs\n", -1, &dflt, &error));
        assert_int_equal(dflt->transports, ZW_RPC_PROTO_ALL);
}

static void
expect_error(const char *text, int code)
{
        g_autoptr(GError) error = NULL;
        ZwRpcSpec *spec = (ZwRpcSpec *) 0x1;

        assert_false(zw_rpc_spec_load_data(text, -1, &spec, &error));
        if (!g_error_matches(error, ZW_ERROR, code))
                fail_msg("'%s': expected %s, got %s", text, zw_error_code_name(code),
                         error != NULL ? error->message : "no error");
        /* out-parameters are written only on success */
        assert_ptr_equal(spec, (ZwRpcSpec *) 0x1);
}

static void
test_errors(void **state)
{
        expect_error("[rpc]\nprograms=nosuchprogram\n", ZW_ERROR_INVALID_VALUE);
        expect_error("[rpc]\nprograms=0\n", ZW_ERROR_INVALID_VALUE);
        expect_error("[rpc]\nprograms=4294967296\n", ZW_ERROR_INVALID_VALUE);
        expect_error("[rpc]\nprograms=12ab\n", ZW_ERROR_INVALID_VALUE);
        expect_error("[rpc]\nprograms=mountd nlockmgr\n", ZW_ERROR_INVALID_VALUE);
        expect_error("[rpc]\nprograms=../etc\n", ZW_ERROR_INVALID_VALUE);
        expect_error("[rpc]\nprograms=\n", ZW_ERROR_INVALID_VALUE);
        expect_error("[rpc]\nprograms=;;\n", ZW_ERROR_INVALID_VALUE);
        expect_error("[rpc]\nprograms=nfs\ntransports=sctp\n", ZW_ERROR_INVALID_PROTOCOL);
        expect_error("[rpc]\nprograms=nfs\ntransports=;\n", ZW_ERROR_INVALID_VALUE);
        expect_error("[rpc]\nprogram=nfs\n", ZW_ERROR_INVALID_OPTION);
        expect_error("[rpc]\nprograms=nfs\n[extra]\nx=1\n", ZW_ERROR_INVALID_OPTION);
        expect_error("[other]\nprograms=nfs\n", ZW_ERROR_INVALID_OPTION);
        expect_error("", ZW_ERROR_MISSING_SETTING);
        expect_error("[rpc]\ntransports=tcp\n", ZW_ERROR_MISSING_SETTING);
        expect_error("programs=nfs\n", ZW_ERROR_PARSE_ERROR);
        expect_error("[rpc\nprograms=nfs\n", ZW_ERROR_PARSE_ERROR);
}

static void
test_program_table(void **state)
{
        static const struct {
                const char *name;
                guint32 number;
        } known[] = {
                { "portmapper", 100000 }, { "rpcbind", 100000 }, { "nfs", 100003 },
                { "ypserv", 100004 },     { "mountd", 100005 },  { "ypbind", 100007 },
                { "rquotad", 100011 },    { "nlockmgr", 100021 }, { "status", 100024 },
                { "nfs_acl", 100227 },
        };
        guint32 n = 0;
        g_autofree char *name = NULL;

        for (guint i = 0; i < G_N_ELEMENTS(known); i++) {
                assert_true(zw_rpc_program_from_string(known[i].name, &n));
                assert_int_equal(n, known[i].number);
        }
        assert_true(zw_rpc_program_from_string("4294967295", &n));
        assert_int_equal(n, G_MAXUINT32);
        assert_false(zw_rpc_program_from_string("", &n));
        assert_false(zw_rpc_program_from_string("-1", &n));
        assert_false(zw_rpc_program_from_string("+5", &n));
        name = zw_rpc_program_dup_name(100021);
        assert_string_equal(name, "nlockmgr");
        assert_null(zw_rpc_program_dup_name(536870913));
        assert_string_equal(zw_rpc_proto_name(ZW_RPC_PROTO_UDP), "udp");
        assert_null(zw_rpc_proto_name(ZW_RPC_PROTO_ALL));
}

static void
write_file(const char *dir, const char *name, const char *text)
{
        g_autofree char *path = g_build_filename(dir, name, NULL);

        assert_true(g_file_set_contents(path, text, -1, NULL));
}

static void
test_files(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autofree char *top = g_dir_make_tmp("zw-rpc-XXXXXX", NULL);
        g_autofree char *admin = g_build_filename(top, "etc", NULL);
        g_autofree char *builtin = g_build_filename(top, "lib", NULL);
        g_autofree char *missing = g_build_filename(top, "none.rpc", NULL);
        g_autofree char *bad = g_build_filename(builtin, "bad.rpc", NULL);
        const char *dirs[] = { admin, builtin, NULL };
        ZwRpcSpec *spec = NULL;

        assert_non_null(top);
        assert_int_equal(g_mkdir(admin, 0755), 0);
        assert_int_equal(g_mkdir(builtin, 0755), 0);
        write_file(builtin, "nfs3.rpc", "[rpc]\nprograms=mountd;nlockmgr\n");
        write_file(admin, "nfs3.rpc", "[rpc]\nprograms=status\ntransports=udp\n");
        write_file(builtin, "gw.rpc", "[rpc]\nprograms=nfs\ntransports=tcp\n");
        write_file(builtin, "bad.rpc", "[rpc]\nprograms=nosuch\n");

        /* /etc wins over /usr/lib, as firewalld does for the XML */
        assert_true(zw_rpc_spec_find(dirs, "nfs3", &spec, &error));
        assert_non_null(spec);
        assert_int_equal(spec->programs->len, 1);
        assert_int_equal(prog_at(spec, 0), 100024);
        g_clear_pointer(&spec, zw_rpc_spec_free);

        assert_true(zw_rpc_spec_find(dirs, "gw", &spec, &error));
        assert_int_equal(prog_at(spec, 0), 100003);
        g_clear_pointer(&spec, zw_rpc_spec_free);

        spec = (ZwRpcSpec *) 0x1;
        assert_true(zw_rpc_spec_find(dirs, "ssh", &spec, &error));
        assert_null(spec);

        assert_false(zw_rpc_spec_find(dirs, "../etc/x", &spec, &error));
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_INVALID_SERVICE));
        g_clear_error(&error);

        assert_false(zw_rpc_spec_load(missing, &spec, &error));
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_INVALID_FILENAME));
        g_clear_error(&error);

        /* the path is named in the message */
        assert_false(zw_rpc_spec_load(bad, &spec, &error));
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_INVALID_VALUE));
        assert_non_null(strstr(error->message, "bad.rpc"));
        g_clear_error(&error);

        for (const char *const *d = dirs; *d != NULL; d++) {
                g_autoptr(GDir) dir = g_dir_open(*d, 0, NULL);
                const char *name;

                while ((name = g_dir_read_name(dir)) != NULL) {
                        g_autofree char *p = g_build_filename(*d, name, NULL);

                        g_unlink(p);
                }
                g_rmdir(*d);
        }
        g_rmdir(top);
}

static void
test_uaddr(void **state)
{
        guint16 port = 0;

        assert_true(zw_rpc_uaddr_port("0.0.0.0.8.1", &port));
        assert_int_equal(port, 2049);
        assert_true(zw_rpc_uaddr_port("::.0.111", &port));
        assert_int_equal(port, 111);
        assert_true(zw_rpc_uaddr_port("fd99::1.255.255", &port));
        assert_int_equal(port, 65535);
        assert_true(zw_rpc_uaddr_port("10.99.0.1.156.64", &port));
        assert_int_equal(port, 40000);
        port = 7;
        assert_false(zw_rpc_uaddr_port("", &port));
        assert_false(zw_rpc_uaddr_port("1.2", &port));
        assert_false(zw_rpc_uaddr_port(".1.2", &port));
        assert_false(zw_rpc_uaddr_port("0.0.0.0.256.1", &port));
        assert_false(zw_rpc_uaddr_port("0.0.0.0.1.", &port));
        assert_false(zw_rpc_uaddr_port("0.0.0.0.0.0", &port));
        assert_false(zw_rpc_uaddr_port("/run/rpcbind.sock", &port));
        assert_int_equal(port, 7);
}

/* no rpcbind, and an endpoint that accepts but never answers: an error, never a hang */
static void
test_query_errors(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autofree char *dir = g_dir_make_tmp("zw-rpcb-XXXXXX", NULL);
        g_autofree char *absent = g_build_filename(dir, "absent.sock", NULL);
        g_autofree char *silent = g_build_filename(dir, "silent.sock", NULL);
        struct sockaddr_un un = { .sun_family = AF_UNIX };
        ZwRpcbindOptions opts;
        GArray *maps;
        int fd;

        zw_rpcbind_options_init(&opts);
        assert_int_equal(opts.timeout_ms, ZW_RPCBIND_TIMEOUT_MS);
        assert_true(opts.tcp_fallback);
        opts.tcp_fallback = FALSE;
        opts.socket_path = absent;
        maps = zw_rpcbind_query(&opts, &error);
        assert_null(maps);
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED));
        assert_non_null(strstr(error->message, "absent.sock"));
        g_clear_error(&error);

        fd = socket(AF_UNIX, SOCK_STREAM, 0);
        assert_true(fd >= 0);
        assert_true(strlen(silent) < sizeof(un.sun_path));
        strcpy(un.sun_path, silent);
        assert_int_equal(bind(fd, (struct sockaddr *) &un, sizeof(un)), 0);
        assert_int_equal(listen(fd, 4), 0);
        opts.socket_path = silent;
        opts.timeout_ms = 50;
        maps = zw_rpcbind_query(&opts, &error);
        assert_null(maps);
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED));
        g_clear_error(&error);

        /* no endpoint at all */
        opts.socket_path = "";
        assert_null(zw_rpcbind_query(&opts, &error));
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED));

        close(fd);
        g_unlink(silent);
        g_rmdir(dir);
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_load_names_and_numbers),
                cmocka_unit_test(test_transports_and_duplicates),
                cmocka_unit_test(test_errors),
                cmocka_unit_test(test_program_table),
                cmocka_unit_test(test_files),
                cmocka_unit_test(test_uaddr),
                cmocka_unit_test(test_query_errors),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
