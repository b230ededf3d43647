/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-error.c: error codes match firewalld's numbering and wire format */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/error.h"

static void
test_codes(void **state)
{
        int code = 0;

        assert_int_equal(ZW_ERROR_ALREADY_ENABLED, 11);
        assert_int_equal(ZW_ERROR_INVALID_PORT, 102);
        assert_int_equal(ZW_ERROR_INVALID_ZONE, 112);
        assert_int_equal(ZW_ERROR_MISSING_FAMILY, 207);
        assert_string_equal(zw_error_code_name(ZW_ERROR_INVALID_PORT), "INVALID_PORT");
        assert_true(zw_error_code_from_name("RUNNING_BUT_FAILED", &code));
        assert_int_equal(code, 251);
        assert_false(zw_error_code_from_name("NO_SUCH_THING", &code));
        assert_null(zw_error_code_name(99));
}

static void
test_wire(void **state)
{
        g_autoptr(GError) e1 = g_error_new(ZW_ERROR, ZW_ERROR_ALREADY_ENABLED, "'http' already in 'public'");
        g_autoptr(GError) e2 = g_error_new_literal(ZW_ERROR, ZW_ERROR_PANIC_MODE, "");
        g_autofree char *w1 = zw_error_to_wire(e1);
        g_autofree char *w2 = zw_error_to_wire(e2);

        assert_string_equal(w1, "ALREADY_ENABLED: 'http' already in 'public'");
        assert_string_equal(w2, "PANIC_MODE");
        assert_true(zw_error_is_warning(ZW_ERROR_ZONE_ALREADY_SET));
        assert_false(zw_error_is_warning(ZW_ERROR_INVALID_ZONE));
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_codes),
                cmocka_unit_test(test_wire),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
