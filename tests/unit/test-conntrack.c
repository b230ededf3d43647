/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-conntrack.c: ConntrackLogInvalid drives nf_conntrack_log_invalid */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib/gstdio.h>

#include "core/error.h"
#include "daemon/conntrack.h"

static char *
value_of(const char *path)
{
        char *text = NULL;

        assert_true(g_file_get_contents(path, &text, NULL, NULL));
        return g_strstrip(text);
}

static void
test_follow(void **state)
{
        g_autofree char *dir = g_dir_make_tmp("zw-ct-XXXXXX", NULL);
        g_autofree char *path = g_build_filename(dir, "nf_conntrack_log_invalid", NULL);
        g_autoptr(ZwConf) yes = zw_conf_parse("ConntrackLogInvalid=yes\n", NULL);
        g_autoptr(ZwConf) no = zw_conf_parse("ConntrackLogInvalid=no\n", NULL);
        g_autoptr(GError) error = NULL;
        char *v;

        assert_true(g_file_set_contents(path, "6\n", -1, NULL));
        /* never set by us: "no" leaves the admin's value alone */
        assert_true(zw_conntrack_follow_conf(no, path, &error));
        assert_true(zw_conntrack_follow_conf(NULL, path, &error));
        v = value_of(path);
        assert_string_equal(v, "6");
        g_free(v);
        /* yes: 255, twice is once */
        assert_true(zw_conntrack_follow_conf(yes, path, &error));
        assert_true(zw_conntrack_follow_conf(yes, path, &error));
        v = value_of(path);
        assert_string_equal(v, "255");
        g_free(v);
        /* back to no: the value from before */
        assert_true(zw_conntrack_follow_conf(no, path, &error));
        v = value_of(path);
        assert_string_equal(v, "6");
        g_free(v);
        /* and no again changes nothing */
        assert_true(g_file_set_contents(path, "1\n", -1, NULL));
        assert_true(zw_conntrack_follow_conf(no, path, &error));
        v = value_of(path);
        assert_string_equal(v, "1");
        g_free(v);
        g_unlink(path);
        g_rmdir(dir);
}

static void
test_unwritable(void **state)
{
        g_autoptr(ZwConf) yes = zw_conf_parse("ConntrackLogInvalid=yes\n", NULL);
        g_autoptr(GError) error = NULL;

        /* a directory: exists, cannot be read as the value */
        assert_false(zw_conntrack_follow_conf(yes, "/", &error));
        assert_true(g_error_matches(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED));
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_follow),
                cmocka_unit_test(test_unwritable),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
