/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-lockdown.c: lockdown whitelist matching and edits */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/lockdown.h"

#include "zw-test.h"

static void
test_allows(void **state)
{
        g_autoptr(ZwLockdown) l = zw_lockdown_new();
        g_autoptr(ZwLockdown) d = NULL;

        assert_true(zw_lockdown_add(l, ZW_LOCKDOWN_COMMAND,
                                    "/usr/bin/python3 /usr/bin/firewall-config", NULL));
        assert_true(zw_lockdown_add(l, ZW_LOCKDOWN_COMMAND, "/usr/bin/foo*", NULL));
        assert_true(zw_lockdown_add(l, ZW_LOCKDOWN_CONTEXT,
                                    "system_u:system_r:NetworkManager_t:s0", NULL));
        assert_true(zw_lockdown_add(l, ZW_LOCKDOWN_USER, "root", NULL));
        assert_true(zw_lockdown_add_uid(l, 0, NULL));

        assert_true(zw_lockdown_allows(l, NULL, 0, NULL, NULL));
        assert_false(zw_lockdown_allows(l, NULL, 1000, NULL, NULL));
        assert_false(zw_lockdown_allows(l, NULL, -1, NULL, NULL));
        assert_true(zw_lockdown_allows(l, NULL, -1, "root", NULL));
        assert_false(zw_lockdown_allows(l, NULL, -1, "alice", NULL));
        assert_true(zw_lockdown_allows(l, "system_u:system_r:NetworkManager_t:s0", -1, NULL,
                                       NULL));
        assert_true(zw_lockdown_allows(l, NULL, -1, NULL,
                                       "/usr/bin/python3 /usr/bin/firewall-config"));
        assert_false(zw_lockdown_allows(l, NULL, -1, NULL,
                                        "/usr/bin/python3 /usr/bin/firewall-config --x"));
        assert_true(zw_lockdown_allows(l, NULL, -1, NULL, "/usr/bin/foobar --y"));
        assert_false(zw_lockdown_allows(l, NULL, -1, NULL, "/usr/bin/fo"));

        d = zw_lockdown_dup(l);
        assert_true(zw_lockdown_has(d, ZW_LOCKDOWN_USER, "root"));
        assert_true(zw_lockdown_has_uid(d, 0));
        assert_false(zw_lockdown_has(d, ZW_LOCKDOWN_COMMAND, "/usr/bin/foobar"));
}

static void
test_edits(void **state)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwLockdown) l = zw_lockdown_new();

        assert_true(zw_lockdown_add(l, ZW_LOCKDOWN_USER, "bob", NULL));
        assert_false(zw_lockdown_add(l, ZW_LOCKDOWN_USER, "bob", &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, NULL);
        assert_true(zw_lockdown_remove(l, ZW_LOCKDOWN_USER, "bob", NULL));
        assert_false(zw_lockdown_remove(l, ZW_LOCKDOWN_USER, "bob", &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED, NULL);
        assert_true(zw_lockdown_add_uid(l, 1000, NULL));
        assert_false(zw_lockdown_add_uid(l, 1000, &error));
        assert_error(error, ZW_ERROR_ALREADY_ENABLED, NULL);
        assert_true(zw_lockdown_remove_uid(l, 1000, NULL));
        assert_false(zw_lockdown_remove_uid(l, 1000, &error));
        assert_error(error, ZW_ERROR_NOT_ENABLED, NULL);
        zw_lockdown_free(NULL);
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_allows),
                cmocka_unit_test(test_edits),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
