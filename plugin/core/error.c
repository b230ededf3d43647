/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/error.c: firewalld error codes and their names */
#include "config.h"

#include "core/error.h"

G_DEFINE_QUARK(zonewall-error-quark, zw_error)

static const struct {
        int code;
        const char *name;
} codes[] = {
        { 11, "ALREADY_ENABLED" },
        { 12, "NOT_ENABLED" },
        { 13, "COMMAND_FAILED" },
        { 14, "NO_IPV6_NAT" },
        { 15, "PANIC_MODE" },
        { 16, "ZONE_ALREADY_SET" },
        { 17, "UNKNOWN_INTERFACE" },
        { 18, "ZONE_CONFLICT" },
        { 19, "BUILTIN_CHAIN" },
        { 20, "EBTABLES_NO_REJECT" },
        { 21, "NOT_OVERLOADABLE" },
        { 22, "NO_DEFAULTS" },
        { 23, "BUILTIN_ZONE" },
        { 24, "BUILTIN_SERVICE" },
        { 25, "BUILTIN_ICMPTYPE" },
        { 26, "NAME_CONFLICT" },
        { 27, "NAME_MISMATCH" },
        { 28, "PARSE_ERROR" },
        { 29, "ACCESS_DENIED" },
        { 30, "UNKNOWN_SOURCE" },
        { 31, "RT_TO_PERM_FAILED" },
        { 32, "IPSET_WITH_TIMEOUT" },
        { 33, "BUILTIN_IPSET" },
        { 34, "ALREADY_SET" },
        { 35, "MISSING_IMPORT" },
        { 36, "DBUS_ERROR" },
        { 37, "BUILTIN_HELPER" },
        { 38, "NOT_APPLIED" },
        { 100, "INVALID_ACTION" },
        { 101, "INVALID_SERVICE" },
        { 102, "INVALID_PORT" },
        { 103, "INVALID_PROTOCOL" },
        { 104, "INVALID_INTERFACE" },
        { 105, "INVALID_ADDR" },
        { 106, "INVALID_FORWARD" },
        { 107, "INVALID_ICMPTYPE" },
        { 108, "INVALID_TABLE" },
        { 109, "INVALID_CHAIN" },
        { 110, "INVALID_TARGET" },
        { 111, "INVALID_IPV" },
        { 112, "INVALID_ZONE" },
        { 113, "INVALID_PROPERTY" },
        { 114, "INVALID_VALUE" },
        { 115, "INVALID_OBJECT" },
        { 116, "INVALID_NAME" },
        { 117, "INVALID_FILENAME" },
        { 118, "INVALID_DIRECTORY" },
        { 119, "INVALID_TYPE" },
        { 120, "INVALID_SETTING" },
        { 121, "INVALID_DESTINATION" },
        { 122, "INVALID_RULE" },
        { 123, "INVALID_LIMIT" },
        { 124, "INVALID_FAMILY" },
        { 125, "INVALID_LOG_LEVEL" },
        { 126, "INVALID_AUDIT_TYPE" },
        { 127, "INVALID_MARK" },
        { 128, "INVALID_CONTEXT" },
        { 129, "INVALID_COMMAND" },
        { 130, "INVALID_USER" },
        { 131, "INVALID_UID" },
        { 132, "INVALID_MODULE" },
        { 133, "INVALID_PASSTHROUGH" },
        { 134, "INVALID_MAC" },
        { 135, "INVALID_IPSET" },
        { 136, "INVALID_ENTRY" },
        { 137, "INVALID_OPTION" },
        { 138, "INVALID_HELPER" },
        { 139, "INVALID_PRIORITY" },
        { 140, "INVALID_POLICY" },
        { 141, "INVALID_LOG_PREFIX" },
        { 142, "INVALID_NFLOG_GROUP" },
        { 143, "INVALID_NFLOG_QUEUE" },
        { 200, "MISSING_TABLE" },
        { 201, "MISSING_CHAIN" },
        { 202, "MISSING_PORT" },
        { 203, "MISSING_PROTOCOL" },
        { 204, "MISSING_ADDR" },
        { 205, "MISSING_NAME" },
        { 206, "MISSING_SETTING" },
        { 207, "MISSING_FAMILY" },
        { 251, "RUNNING_BUT_FAILED" },
        { 252, "NOT_RUNNING" },
        { 253, "NOT_AUTHORIZED" },
        { 254, "UNKNOWN_ERROR" },
};

const char *
zw_error_code_name(int code)
{
        for (gsize i = 0; i < G_N_ELEMENTS(codes); i++)
                if (codes[i].code == code)
                        return codes[i].name;
        return NULL;
}

gboolean
zw_error_code_from_name(const char *name, int *out_code)
{
        g_return_val_if_fail(name != NULL, FALSE);
        for (gsize i = 0; i < G_N_ELEMENTS(codes); i++) {
                if (g_strcmp0(codes[i].name, name) == 0) {
                        if (out_code != NULL)
                                *out_code = codes[i].code;
                        return TRUE;
                }
        }
        return FALSE;
}

gboolean
zw_error_is_warning(int code)
{
        return code == ZW_ERROR_ALREADY_ENABLED || code == ZW_ERROR_NOT_ENABLED ||
               code == ZW_ERROR_ZONE_ALREADY_SET || code == ZW_ERROR_ALREADY_SET;
}

char *
zw_error_to_wire(const GError *error)
{
        const char *name;

        g_return_val_if_fail(error != NULL, NULL);
        if (error->domain != ZW_ERROR)
                return g_strdup_printf("UNKNOWN_ERROR: %s", error->message);
        name = zw_error_code_name(error->code);
        if (name == NULL)
                name = "UNKNOWN_ERROR";
        if (error->message == NULL || error->message[0] == '\0')
                return g_strdup(name);
        return g_strdup_printf("%s: %s", name, error->message);
}
