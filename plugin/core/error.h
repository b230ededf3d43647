/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/error.h: the ZW_ERROR domain, numbered exactly as firewalld 1.3.3 errors.py */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ZW_ERROR (zw_error_quark())

typedef enum {
        ZW_ERROR_ALREADY_ENABLED = 11,
        ZW_ERROR_NOT_ENABLED = 12,
        ZW_ERROR_COMMAND_FAILED = 13,
        ZW_ERROR_NO_IPV6_NAT = 14,
        ZW_ERROR_PANIC_MODE = 15,
        ZW_ERROR_ZONE_ALREADY_SET = 16,
        ZW_ERROR_UNKNOWN_INTERFACE = 17,
        ZW_ERROR_ZONE_CONFLICT = 18,
        ZW_ERROR_BUILTIN_CHAIN = 19,
        ZW_ERROR_EBTABLES_NO_REJECT = 20,
        ZW_ERROR_NOT_OVERLOADABLE = 21,
        ZW_ERROR_NO_DEFAULTS = 22,
        ZW_ERROR_BUILTIN_ZONE = 23,
        ZW_ERROR_BUILTIN_SERVICE = 24,
        ZW_ERROR_BUILTIN_ICMPTYPE = 25,
        ZW_ERROR_NAME_CONFLICT = 26,
        ZW_ERROR_NAME_MISMATCH = 27,
        ZW_ERROR_PARSE_ERROR = 28,
        ZW_ERROR_ACCESS_DENIED = 29,
        ZW_ERROR_UNKNOWN_SOURCE = 30,
        ZW_ERROR_RT_TO_PERM_FAILED = 31,
        ZW_ERROR_IPSET_WITH_TIMEOUT = 32,
        ZW_ERROR_BUILTIN_IPSET = 33,
        ZW_ERROR_ALREADY_SET = 34,
        ZW_ERROR_MISSING_IMPORT = 35,
        ZW_ERROR_DBUS_ERROR = 36,
        ZW_ERROR_BUILTIN_HELPER = 37,
        ZW_ERROR_NOT_APPLIED = 38,
        ZW_ERROR_INVALID_ACTION = 100,
        ZW_ERROR_INVALID_SERVICE = 101,
        ZW_ERROR_INVALID_PORT = 102,
        ZW_ERROR_INVALID_PROTOCOL = 103,
        ZW_ERROR_INVALID_INTERFACE = 104,
        ZW_ERROR_INVALID_ADDR = 105,
        ZW_ERROR_INVALID_FORWARD = 106,
        ZW_ERROR_INVALID_ICMPTYPE = 107,
        ZW_ERROR_INVALID_TABLE = 108,
        ZW_ERROR_INVALID_CHAIN = 109,
        ZW_ERROR_INVALID_TARGET = 110,
        ZW_ERROR_INVALID_IPV = 111,
        ZW_ERROR_INVALID_ZONE = 112,
        ZW_ERROR_INVALID_PROPERTY = 113,
        ZW_ERROR_INVALID_VALUE = 114,
        ZW_ERROR_INVALID_OBJECT = 115,
        ZW_ERROR_INVALID_NAME = 116,
        ZW_ERROR_INVALID_FILENAME = 117,
        ZW_ERROR_INVALID_DIRECTORY = 118,
        ZW_ERROR_INVALID_TYPE = 119,
        ZW_ERROR_INVALID_SETTING = 120,
        ZW_ERROR_INVALID_DESTINATION = 121,
        ZW_ERROR_INVALID_RULE = 122,
        ZW_ERROR_INVALID_LIMIT = 123,
        ZW_ERROR_INVALID_FAMILY = 124,
        ZW_ERROR_INVALID_LOG_LEVEL = 125,
        ZW_ERROR_INVALID_AUDIT_TYPE = 126,
        ZW_ERROR_INVALID_MARK = 127,
        ZW_ERROR_INVALID_CONTEXT = 128,
        ZW_ERROR_INVALID_COMMAND = 129,
        ZW_ERROR_INVALID_USER = 130,
        ZW_ERROR_INVALID_UID = 131,
        ZW_ERROR_INVALID_MODULE = 132,
        ZW_ERROR_INVALID_PASSTHROUGH = 133,
        ZW_ERROR_INVALID_MAC = 134,
        ZW_ERROR_INVALID_IPSET = 135,
        ZW_ERROR_INVALID_ENTRY = 136,
        ZW_ERROR_INVALID_OPTION = 137,
        ZW_ERROR_INVALID_HELPER = 138,
        ZW_ERROR_INVALID_PRIORITY = 139,
        ZW_ERROR_INVALID_POLICY = 140,
        ZW_ERROR_INVALID_LOG_PREFIX = 141,
        ZW_ERROR_INVALID_NFLOG_GROUP = 142,
        ZW_ERROR_INVALID_NFLOG_QUEUE = 143,
        ZW_ERROR_MISSING_TABLE = 200,
        ZW_ERROR_MISSING_CHAIN = 201,
        ZW_ERROR_MISSING_PORT = 202,
        ZW_ERROR_MISSING_PROTOCOL = 203,
        ZW_ERROR_MISSING_ADDR = 204,
        ZW_ERROR_MISSING_NAME = 205,
        ZW_ERROR_MISSING_SETTING = 206,
        ZW_ERROR_MISSING_FAMILY = 207,
        ZW_ERROR_RUNNING_BUT_FAILED = 251,
        ZW_ERROR_NOT_RUNNING = 252,
        ZW_ERROR_NOT_AUTHORIZED = 253,
        ZW_ERROR_UNKNOWN_ERROR = 254,
} ZwError;

GQuark zw_error_quark(void);
/* "INVALID_PORT" for ZW_ERROR_INVALID_PORT; NULL for a code firewalld does not know */
const char *zw_error_code_name(int code);
/* reverse lookup; returns FALSE if the name is unknown */
gboolean zw_error_code_from_name(const char *name, int *out_code);
/* firewall-cmd treats these as warnings (exit 0) */
gboolean zw_error_is_warning(int code);
/* "CODE: detail" or "CODE" when detail is empty, as firewalld puts it on the wire */
char *zw_error_to_wire(const GError *error);

G_END_DECLS
