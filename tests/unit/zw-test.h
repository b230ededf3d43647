/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/zw-test.h: what the core unit tests share: error assertions and a model fixture */
#pragma once

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/tree.h"

/* err is set with ZW_ERROR/code and, unless msg is NULL, exactly msg; err is cleared */
#define assert_error(err, code, msg)                                                        \
        do {                                                                                \
                assert_non_null(err);                                                       \
                assert_true(g_error_matches((err), ZW_ERROR, (code)));                      \
                if ((msg) != NULL)                                                          \
                        assert_string_equal((err)->message, (const char *)(msg));           \
                g_clear_error(&(err));                                                      \
        } while (0)

/* a new zone `name` inserted into tree (borrowed) */
ZwZone *zw_test_add_zone(ZwTree *tree, const char *name);
/* a small tree: services ssh http https dhcpv6-client mdns ftp (helper ftp), icmptypes
 * echo-request and timestamp-request (IPv4 only), ipsets apimap-set (hash:ip) and netnet
 * (hash:net,net), zones public (ssh, dhcpv6-client, forward), internal, apimap, work */
ZwTree *zw_test_core_tree(void);
