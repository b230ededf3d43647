/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/richrule.c: firewalld rich rules: one-line parser, validation, canonical print */
#include "config.h"

#include <string.h>

#include "core/check.h"
#include "core/error.h"
#include "core/richrule.h"

/*
 * Behaviour follows firewalld 1.3.3 (Debian 12): the parser is a token stack machine in which
 * an element ends at the first token it does not own, that token is then read again by the
 * enclosing state, and every token is first checked against the attribute / element lists and
 * the "more than one ..." rules. Messages below were observed with firewalld 1.3.3's parser
 * and with firewall-cmd in fw-sandbox; tests/unit/data/richrules-*.txt holds the evidence.
 */

#define PRIORITY_MIN (-32768)
#define PRIORITY_MAX 32767
#define LOG_PREFIX_MAX 127
#define IPSET_NAME_MAX 32
#define MSS_MIN 536

/* ---- memory ---------------------------------------------------------------------------- */

static void
addr_free(ZwRichAddr *addr)
{
        if (addr == NULL)
                return;
        g_free(addr->address);
        g_free(addr->mac);
        g_free(addr->ipset);
        g_free(addr);
}

static ZwRichAddr *
addr_dup(const ZwRichAddr *addr)
{
        ZwRichAddr *copy;

        if (addr == NULL)
                return NULL;
        copy = g_new0(ZwRichAddr, 1);
        copy->address = g_strdup(addr->address);
        copy->mac = g_strdup(addr->mac);
        copy->ipset = g_strdup(addr->ipset);
        copy->invert = addr->invert;
        return copy;
}

ZwRichRule *
zw_rich_rule_new(void)
{
        return g_new0(ZwRichRule, 1);
}

void
zw_rich_rule_free(ZwRichRule *rule)
{
        if (rule == NULL)
                return;
        g_free(rule->family);
        addr_free(rule->source);
        addr_free(rule->destination);
        g_free(rule->element.name);
        g_free(rule->element.port);
        g_free(rule->element.protocol);
        g_free(rule->element.to_port);
        g_free(rule->element.to_addr);
        g_free(rule->element.value);
        g_free(rule->log.prefix);
        g_free(rule->log.level);
        g_free(rule->log.group);
        g_free(rule->log.queue_size);
        g_free(rule->log.limit);
        g_free(rule->audit.limit);
        g_free(rule->action.reject_type);
        g_free(rule->action.mark_set);
        g_free(rule->action.limit);
        g_free(rule);
}

ZwRichRule *
zw_rich_rule_dup(const ZwRichRule *rule)
{
        ZwRichRule *copy;

        g_return_val_if_fail(rule != NULL, NULL);

        copy = zw_rich_rule_new();
        copy->family = g_strdup(rule->family);
        copy->priority = rule->priority;
        copy->source = addr_dup(rule->source);
        copy->destination = addr_dup(rule->destination);
        copy->element.type = rule->element.type;
        copy->element.name = g_strdup(rule->element.name);
        copy->element.port = g_strdup(rule->element.port);
        copy->element.protocol = g_strdup(rule->element.protocol);
        copy->element.to_port = g_strdup(rule->element.to_port);
        copy->element.to_addr = g_strdup(rule->element.to_addr);
        copy->element.value = g_strdup(rule->element.value);
        copy->log.type = rule->log.type;
        copy->log.prefix = g_strdup(rule->log.prefix);
        copy->log.level = g_strdup(rule->log.level);
        copy->log.group = g_strdup(rule->log.group);
        copy->log.queue_size = g_strdup(rule->log.queue_size);
        copy->log.limit = g_strdup(rule->log.limit);
        copy->audit.enabled = rule->audit.enabled;
        copy->audit.limit = g_strdup(rule->audit.limit);
        copy->action.type = rule->action.type;
        copy->action.reject_type = g_strdup(rule->action.reject_type);
        copy->action.mark_set = g_strdup(rule->action.mark_set);
        copy->action.limit = g_strdup(rule->action.limit);
        return copy;
}

/* ---- small value helpers --------------------------------------------------------------- */

/* firewalld treats an empty attribute like a missing one almost everywhere */
static gboolean
has(const char *s)
{
        return s != NULL && *s != '\0';
}

/* Python len(): code points, bytes if the text is not UTF-8 */
static gsize
text_length(const char *s)
{
        if (g_utf8_validate(s, -1, NULL))
                return (gsize)g_utf8_strlen(s, -1);
        return strlen(s);
}

typedef enum {
        PYINT_OK,
        PYINT_INVALID,
        PYINT_RANGE, /* valid integer, but it does not fit in 64 bits */
} PyIntResult;

static int
digit_value(char c)
{
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'z')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'Z')
                return c - 'A' + 10;
        return 99;
}

/*
 * What Python's int(text) (base 10) or int(text, 0) accepts, as firewalld relies on it for
 * priority, limit rates (int()) and nflog group / queue-size / mark (int(x, 0)): surrounding
 * whitespace, a sign, single '_' between digits; base 0 adds 0x/0o/0b prefixes and refuses
 * leading zeros on non-zero decimals.
 */
static PyIntResult
py_int(const char *text, gboolean base0, gint64 *out)
{
        const char *p = text;
        const char *end;
        gboolean negative = FALSE;
        gboolean overflow = FALSE;
        gboolean nonzero = FALSE;
        gboolean leading_zero = FALSE;
        guint64 value = 0;
        int base = 10;
        guint ndigits = 0;

        if (text == NULL)
                return PYINT_INVALID;
        while (g_ascii_isspace(*p))
                p++;
        end = p + strlen(p);
        while (end > p && g_ascii_isspace(end[-1]))
                end--;
        if (p < end && (*p == '+' || *p == '-')) {
                negative = *p == '-';
                p++;
        }
        if (base0 && end - p >= 2 && p[0] == '0') {
                char b = g_ascii_tolower(p[1]);

                if (b == 'x' || b == 'o' || b == 'b') {
                        base = b == 'x' ? 16 : b == 'o' ? 8 : 2;
                        p += 2;
                        /* int('0x_1f', 0) is 31 */
                        if (p < end && *p == '_')
                                p++;
                }
        }
        while (p < end) {
                int d = digit_value(*p);

                if (d >= base)
                        return PYINT_INVALID;
                if (ndigits == 0 && d == 0)
                        leading_zero = TRUE;
                if (d != 0)
                        nonzero = TRUE;
                if (value > (G_MAXUINT64 - (guint64)d) / (guint64)base)
                        overflow = TRUE;
                else
                        value = value * (guint64)base + (guint64)d;
                ndigits++;
                p++;
                if (p < end && *p == '_') {
                        p++;
                        if (p >= end || digit_value(*p) >= base)
                                return PYINT_INVALID;
                }
        }
        if (ndigits == 0)
                return PYINT_INVALID;
        if (base0 && base == 10 && leading_zero && nonzero)
                return PYINT_INVALID;
        if (overflow || value > (guint64)G_MAXINT64 + (negative ? 1u : 0u))
                return PYINT_RANGE;
        if (out != NULL) {
                if (negative)
                        *out = value == (guint64)G_MAXINT64 + 1u ? G_MININT64 : -(gint64)value;
                else
                        *out = (gint64)value;
        }
        return PYINT_OK;
}

/* functions.checkUINT16/checkUINT32 */
static gboolean
check_uint(const char *text, gint64 max, gint64 *out)
{
        gint64 v = 0;

        if (py_int(text, TRUE, &v) != PYINT_OK || v < 0 || v > max)
                return FALSE;
        if (out != NULL)
                *out = v;
        return TRUE;
}

/* "3/minute" -> "3/m": firewalld's Rich_Limit keeps only the first letter of the four long
 * unit names, everything else stays as written */
static char *
limit_normalize(const char *value)
{
        const char *slash = strchr(value, '/');
        const char *unit;

        if (slash == NULL || strchr(slash + 1, '/') != NULL)
                return g_strdup(value);
        unit = slash + 1;
        if (g_strcmp0(unit, "second") == 0 || g_strcmp0(unit, "minute") == 0 ||
            g_strcmp0(unit, "hour") == 0 || g_strcmp0(unit, "day") == 0)
                return g_strdup_printf("%.*s/%c", (int)(slash - value), value, *unit);
        return g_strdup(value);
}

gboolean
zw_rich_limit_parse(const char *value, guint64 *out_rate, char *out_unit, GError **error)
{
        g_autofree char *norm = NULL;
        const char *slash;
        const char *unit;
        gint64 rate = 0;
        PyIntResult res;

        g_return_val_if_fail(value != NULL, FALSE);

        norm = limit_normalize(value);
        slash = strchr(norm, '/');
        if (slash == NULL || strchr(slash + 1, '/') != NULL) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_LIMIT, norm);
                return FALSE;
        }
        {
                g_autofree char *rate_text = g_strndup(norm, (gsize)(slash - norm));

                res = py_int(rate_text, FALSE, &rate);
        }
        /* firewalld calls a rate "too fast" only beyond ~1e327/s; one that does not fit in
         * 64 bits is refused the same way, nft could not take it anyway */
        if (res == PYINT_RANGE && norm[0] != '-') {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_LIMIT, "%s too fast", norm);
                return FALSE;
        }
        unit = slash + 1;
        if (res != PYINT_OK || rate < 1 ||
            !(strlen(unit) == 1 && strchr("smhd", unit[0]) != NULL)) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_LIMIT, norm);
                return FALSE;
        }
        /* observed in firewalld 1.3.3: "INVALID_LIMIT: 1/d too slow" (an old iptables limit) */
        if (rate == 1 && unit[0] == 'd') {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_LIMIT, "%s too slow", norm);
                return FALSE;
        }
        if (out_rate != NULL)
                *out_rate = (guint64)rate;
        if (out_unit != NULL)
                *out_unit = unit[0];
        return TRUE;
}

gboolean
zw_rich_mark_parse(const char *set, guint32 *out_value, guint32 *out_mask,
                   gboolean *out_has_mask, GError **error)
{
        g_auto(GStrv) parts = NULL;
        gint64 value = 0;
        gint64 mask = G_MAXUINT32;
        guint n;

        if (set == NULL) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_MARK, "no value set");
                return FALSE;
        }
        parts = g_strsplit(set, "/", -1);
        n = g_strv_length(parts);
        if (n < 1 || n > 2 || !check_uint(parts[0], G_MAXUINT32, &value) ||
            (n == 2 && !check_uint(parts[1], G_MAXUINT32, &mask))) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_MARK, set);
                return FALSE;
        }
        if (out_value != NULL)
                *out_value = (guint32)value;
        if (out_mask != NULL)
                *out_mask = (guint32)mask;
        if (out_has_mask != NULL)
                *out_has_mask = n == 2;
        return TRUE;
}

gboolean
zw_rich_uint16_parse(const char *text, guint16 *out_value)
{
        gint64 v = 0;

        if (!check_uint(text, G_MAXUINT16, &v))
                return FALSE;
        if (out_value != NULL)
                *out_value = (guint16)v;
        return TRUE;
}

/* ---- canonical print ------------------------------------------------------------------- */

static void
append_limit(GString *s, const char *limit)
{
        g_autofree char *norm = NULL;

        if (!has(limit))
                return;
        norm = limit_normalize(limit);
        g_string_append_printf(s, " limit value=\"%s\"", norm);
}

static void
append_addr(GString *s, const char *what, const ZwRichAddr *addr)
{
        g_string_append_printf(s, "%s%s ", what, addr->invert ? " NOT" : "");
        if (has(addr->address)) {
                g_string_append_printf(s, "address=\"%s\"", addr->address);
        } else if (has(addr->mac)) {
                g_autofree char *up = g_ascii_strup(addr->mac, -1);

                g_string_append_printf(s, "mac=\"%s\"", up);
        } else if (has(addr->ipset)) {
                g_string_append_printf(s, "ipset=\"%s\"", addr->ipset);
        }
}

static const char *
str0(const char *s)
{
        return s != NULL ? s : "";
}

/* str(None) is what firewalld prints for a missing value ('port port="None" …' in messages) */
static const char *
py_str(const char *s)
{
        return s != NULL ? s : "None";
}

static void
append_element(GString *s, const ZwRichRule *rule)
{
        switch (rule->element.type) {
        case ZW_RICH_ELEMENT_SERVICE:
                g_string_append_printf(s, "service name=\"%s\"", py_str(rule->element.name));
                break;
        case ZW_RICH_ELEMENT_PORT:
                g_string_append_printf(s, "port port=\"%s\" protocol=\"%s\"",
                                       py_str(rule->element.port), py_str(rule->element.protocol));
                break;
        case ZW_RICH_ELEMENT_PROTOCOL:
                g_string_append_printf(s, "protocol value=\"%s\"", py_str(rule->element.name));
                break;
        case ZW_RICH_ELEMENT_ICMP_BLOCK:
                g_string_append_printf(s, "icmp-block name=\"%s\"", py_str(rule->element.name));
                break;
        case ZW_RICH_ELEMENT_ICMP_TYPE:
                g_string_append_printf(s, "icmp-type name=\"%s\"", py_str(rule->element.name));
                break;
        case ZW_RICH_ELEMENT_MASQUERADE:
                g_string_append(s, "masquerade");
                break;
        case ZW_RICH_ELEMENT_FORWARD_PORT:
                g_string_append_printf(s, "forward-port port=\"%s\" protocol=\"%s\"",
                                       py_str(rule->element.port), py_str(rule->element.protocol));
                if (has(rule->element.to_port))
                        g_string_append_printf(s, " to-port=\"%s\"", rule->element.to_port);
                if (has(rule->element.to_addr))
                        g_string_append_printf(s, " to-addr=\"%s\"", rule->element.to_addr);
                break;
        case ZW_RICH_ELEMENT_SOURCE_PORT:
                g_string_append_printf(s, "source-port port=\"%s\" protocol=\"%s\"",
                                       py_str(rule->element.port), py_str(rule->element.protocol));
                break;
        case ZW_RICH_ELEMENT_TCP_MSS_CLAMP:
                g_string_append(s, "tcp-mss-clamp");
                if (has(rule->element.value))
                        g_string_append_printf(s, " value=\"%s\"", rule->element.value);
                break;
        case ZW_RICH_ELEMENT_NONE:
        default:
                break;
        }
}

static void
append_log(GString *s, const ZwRichRule *rule)
{
        switch (rule->log.type) {
        case ZW_RICH_LOG_LOG:
                g_string_append(s, "log");
                if (has(rule->log.prefix))
                        g_string_append_printf(s, " prefix=\"%s\"", rule->log.prefix);
                if (has(rule->log.level))
                        g_string_append_printf(s, " level=\"%s\"", rule->log.level);
                break;
        case ZW_RICH_LOG_NFLOG:
                g_string_append(s, "nflog");
                if (has(rule->log.group))
                        g_string_append_printf(s, " group=\"%s\"", rule->log.group);
                if (has(rule->log.prefix))
                        g_string_append_printf(s, " prefix=\"%s\"", rule->log.prefix);
                if (has(rule->log.queue_size))
                        g_string_append_printf(s, " queue-size=\"%s\"", rule->log.queue_size);
                break;
        case ZW_RICH_LOG_NONE:
        default:
                return;
        }
        append_limit(s, rule->log.limit);
}

static void
append_action(GString *s, const ZwRichRule *rule)
{
        switch (rule->action.type) {
        case ZW_RICH_ACTION_ACCEPT:
                g_string_append(s, "accept");
                break;
        case ZW_RICH_ACTION_REJECT:
                g_string_append(s, "reject");
                if (has(rule->action.reject_type))
                        g_string_append_printf(s, " type=\"%s\"", rule->action.reject_type);
                break;
        case ZW_RICH_ACTION_DROP:
                g_string_append(s, "drop");
                break;
        case ZW_RICH_ACTION_MARK:
                /* observed in firewalld 1.3.3: the one unquoted value, `mark set=0x10/0xff` */
                g_string_append_printf(s, "mark set=%s",
                                       rule->action.mark_set != NULL ? rule->action.mark_set
                                                                     : "None");
                break;
        case ZW_RICH_ACTION_NONE:
        default:
                return;
        }
        append_limit(s, rule->action.limit);
}

static char *
element_string(const ZwRichRule *rule)
{
        GString *s = g_string_new(NULL);

        append_element(s, rule);
        return g_string_free(s, FALSE);
}

static char *
action_string(const ZwRichRule *rule)
{
        GString *s = g_string_new(NULL);

        append_action(s, rule);
        return g_string_free(s, FALSE);
}

char *
zw_rich_rule_to_string(const ZwRichRule *rule)
{
        GString *s;

        g_return_val_if_fail(rule != NULL, NULL);

        s = g_string_new("rule");
        /* observed in firewalld 1.3.3: priority comes before family,
         * `rule priority="5" family="ipv4" source address="10.99.0.1" accept` */
        if (rule->priority != 0)
                g_string_append_printf(s, " priority=\"%d\"", rule->priority);
        if (has(rule->family))
                g_string_append_printf(s, " family=\"%s\"", rule->family);
        if (rule->source != NULL) {
                g_string_append_c(s, ' ');
                append_addr(s, "source", rule->source);
        }
        if (rule->destination != NULL) {
                g_string_append_c(s, ' ');
                append_addr(s, "destination", rule->destination);
        }
        if (rule->element.type != ZW_RICH_ELEMENT_NONE) {
                g_string_append_c(s, ' ');
                append_element(s, rule);
        }
        if (rule->log.type != ZW_RICH_LOG_NONE) {
                g_string_append_c(s, ' ');
                append_log(s, rule);
        }
        if (rule->audit.enabled) {
                g_string_append(s, " audit");
                append_limit(s, rule->audit.limit);
        }
        if (rule->action.type != ZW_RICH_ACTION_NONE) {
                g_string_append_c(s, ' ');
                append_action(s, rule);
        }
        return g_string_free(s, FALSE);
}

gboolean
zw_rich_rule_equal(const ZwRichRule *a, const ZwRichRule *b)
{
        g_autofree char *sa = NULL;
        g_autofree char *sb = NULL;

        if (a == NULL || b == NULL)
                return a == b;
        sa = zw_rich_rule_to_string(a);
        sb = zw_rich_rule_to_string(b);
        return g_str_equal(sa, sb);
}

void
zw_rich_rule_normalize(ZwRichRule *rule)
{
        char **limits[3];

        g_return_if_fail(rule != NULL);

        limits[0] = &rule->log.limit;
        limits[1] = &rule->audit.limit;
        limits[2] = &rule->action.limit;
        for (guint i = 0; i < G_N_ELEMENTS(limits); i++) {
                if (*limits[i] != NULL) {
                        char *norm = limit_normalize(*limits[i]);

                        g_free(*limits[i]);
                        *limits[i] = norm;
                }
        }
        if (rule->source != NULL && rule->source->mac != NULL) {
                char *up = g_ascii_strup(rule->source->mac, -1);

                g_free(rule->source->mac);
                rule->source->mac = up;
        }
}

/* ---- validation ------------------------------------------------------------------------ */

static const char *const reject_types_ipv4[] = {
        "icmp-host-prohibited", "host-prohib", "icmp-net-unreachable", "net-unreach",
        "icmp-host-unreachable", "host-unreach", "icmp-port-unreachable", "port-unreach",
        "icmp-proto-unreachable", "proto-unreach", "icmp-net-prohibited", "net-prohib",
        "tcp-reset", "tcp-rst", "icmp-admin-prohibited", "admin-prohib", NULL,
};

static const char *const reject_types_ipv6[] = {
        "icmp6-adm-prohibited", "adm-prohibited", "icmp6-no-route", "no-route",
        "icmp6-addr-unreachable", "addr-unreach", "icmp6-port-unreachable", "port-unreach",
        "tcp-reset", NULL,
};

static const char *const log_levels[] = {
        "emerg", "alert", "crit", "error", "warning", "notice", "info", "debug", NULL,
};

static gboolean
in_list(const char *const *list, const char *s)
{
        return s != NULL && g_strv_contains(list, s);
}

static ZwFamily
family_of(const ZwRichRule *rule)
{
        if (g_strcmp0(rule->family, "ipv4") == 0)
                return ZW_FAMILY_IPV4;
        if (g_strcmp0(rule->family, "ipv6") == 0)
                return ZW_FAMILY_IPV6;
        return ZW_FAMILY_ANY;
}

static gboolean
check_limit(const char *limit, GError **error)
{
        if (limit == NULL)
                return TRUE;
        return zw_rich_limit_parse(limit, NULL, NULL, error);
}

static gboolean
check_port_value(const char *port, GError **error)
{
        g_autoptr(GError) local = NULL;

        /* firewalld names only the value: "INVALID_PORT: 70000" (observed in 1.3.3) */
        if (port == NULL || !zw_check_port(port, NULL, &local)) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_PORT, str0(port));
                return FALSE;
        }
        return TRUE;
}

static gboolean
check_port_protocol(const char *protocol, GError **error)
{
        g_autoptr(GError) local = NULL;

        if (protocol == NULL || !zw_check_port_protocol(protocol, &local)) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_PROTOCOL, str0(protocol));
                return FALSE;
        }
        return TRUE;
}

static gboolean
check_address(const ZwRichRule *rule, const char *address, gboolean host, GError **error)
{
        g_autoptr(GError) local = NULL;
        ZwFamily family = family_of(rule);
        gboolean ok;

        /* check_address("ipv4"|"ipv6", …) in firewalld: any other family fails */
        if (family == ZW_FAMILY_ANY)
                ok = FALSE;
        else if (host)
                ok = zw_check_host_address(family, address, NULL, &local);
        else
                ok = zw_check_address(family, address, NULL, &local);
        if (!ok) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_ADDR, address);
                return FALSE;
        }
        return TRUE;
}

/* functions.checkTcpMssClamp: "pmtu", "None" or a number >= 536 */
static gboolean
check_mss(const char *value)
{
        const char *p;

        if (g_strcmp0(value, "pmtu") == 0 || g_strcmp0(value, "None") == 0)
                return TRUE;
        for (p = value; *p != '\0'; p++) {
                if (!g_ascii_isdigit(*p))
                        return FALSE;
        }
        while (value[0] == '0' && value[1] != '\0')
                value++;
        return strlen(value) > 9 || g_ascii_strtoull(value, NULL, 10) >= MSS_MIN;
}

static gboolean
check_source(const ZwRichRule *rule, GError **error)
{
        const ZwRichAddr *src = rule->source;

        if (src == NULL)
                return TRUE;
        if (has(src->address)) {
                if (!has(rule->family)) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_FAMILY, "");
                        return FALSE;
                }
                if (has(src->mac)) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                            "address and mac");
                        return FALSE;
                }
                if (has(src->ipset)) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                            "address and ipset");
                        return FALSE;
                }
                return check_address(rule, src->address, FALSE, error);
        }
        if (has(src->mac)) {
                g_autofree char *up = g_ascii_strup(src->mac, -1);
                g_autoptr(GError) local = NULL;

                if (has(src->ipset)) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                            "mac and ipset");
                        return FALSE;
                }
                if (!zw_check_mac(up, &local)) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_MAC, up);
                        return FALSE;
                }
                return TRUE;
        }
        if (has(src->ipset)) {
                if (text_length(src->ipset) > IPSET_NAME_MAX) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_IPSET, src->ipset);
                        return FALSE;
                }
                return TRUE;
        }
        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE, "invalid source");
        return FALSE;
}

static gboolean
check_destination(const ZwRichRule *rule, GError **error)
{
        const ZwRichAddr *dst = rule->destination;

        if (dst == NULL)
                return TRUE;
        if (has(dst->address)) {
                if (!has(rule->family)) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_FAMILY, "");
                        return FALSE;
                }
                if (has(dst->ipset)) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_DESTINATION,
                                            "address and ipset");
                        return FALSE;
                }
                return check_address(rule, dst->address, FALSE, error);
        }
        if (has(dst->ipset)) {
                if (text_length(dst->ipset) > IPSET_NAME_MAX) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_IPSET, dst->ipset);
                        return FALSE;
                }
                return TRUE;
        }
        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE, "invalid destination");
        return FALSE;
}

static gboolean
check_element(const ZwRichRule *rule, GError **error)
{
        g_autoptr(GError) local = NULL;
        const char *name = rule->element.name;

        switch (rule->element.type) {
        case ZW_RICH_ELEMENT_SERVICE:
                /* existence is checked against the config by the caller (tree.c) */
                if (!has(name)) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_SERVICE,
                                            py_str(name));
                        return FALSE;
                }
                return TRUE;
        case ZW_RICH_ELEMENT_PORT:
        case ZW_RICH_ELEMENT_SOURCE_PORT:
                return check_port_value(rule->element.port, error) &&
                       check_port_protocol(rule->element.protocol, error);
        case ZW_RICH_ELEMENT_PROTOCOL:
                if (name == NULL || !zw_check_protocol(name, &local)) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_PROTOCOL,
                                            str0(name));
                        return FALSE;
                }
                return TRUE;
        case ZW_RICH_ELEMENT_MASQUERADE:
                if (rule->action.type != ZW_RICH_ACTION_NONE) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                            "masquerade and action");
                        return FALSE;
                }
                if (rule->source != NULL && has(rule->source->mac)) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                            "masquerade and mac source");
                        return FALSE;
                }
                return TRUE;
        case ZW_RICH_ELEMENT_ICMP_BLOCK:
                /* icmptype existence and family: tree.c */
                if (!has(name)) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_ICMPTYPE,
                                            py_str(name));
                        return FALSE;
                }
                if (rule->action.type != ZW_RICH_ACTION_NONE) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                            "icmp-block and action");
                        return FALSE;
                }
                return TRUE;
        case ZW_RICH_ELEMENT_ICMP_TYPE:
                if (!has(name)) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_ICMPTYPE,
                                            py_str(name));
                        return FALSE;
                }
                return TRUE;
        case ZW_RICH_ELEMENT_FORWARD_PORT:
                if (!check_port_value(rule->element.port, error) ||
                    !check_port_protocol(rule->element.protocol, error))
                        return FALSE;
                /* observed in firewalld 1.3.3: neither to-port nor to-addr is a bare
                 * "INVALID_PORT" */
                if (!has(rule->element.to_port) && !has(rule->element.to_addr)) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_PORT, "");
                        return FALSE;
                }
                if (has(rule->element.to_port) &&
                    !check_port_value(rule->element.to_port, error))
                        return FALSE;
                if (has(rule->element.to_addr) &&
                    !check_address(rule, rule->element.to_addr, TRUE, error))
                        return FALSE;
                if (!has(rule->family)) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_FAMILY, "");
                        return FALSE;
                }
                if (rule->action.type != ZW_RICH_ACTION_NONE) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                            "forward-port and action");
                        return FALSE;
                }
                return TRUE;
        case ZW_RICH_ELEMENT_TCP_MSS_CLAMP:
                if (rule->action.type != ZW_RICH_ACTION_NONE) {
                        g_autofree char *act = action_string(rule);

                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                    "tcp-mss-clamp and %s are mutually exclusive", act);
                        return FALSE;
                }
                if (has(rule->element.value) && !check_mss(rule->element.value)) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                            rule->element.value);
                        return FALSE;
                }
                return TRUE;
        case ZW_RICH_ELEMENT_NONE:
                return TRUE;
        default:
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_RULE, "Unknown element %d",
                            (int)rule->element.type);
                return FALSE;
        }
}

static gboolean
check_log(const ZwRichRule *rule, GError **error)
{
        const char *prefix = rule->log.prefix;

        if (rule->log.type == ZW_RICH_LOG_NONE)
                return TRUE;
        if (rule->log.type == ZW_RICH_LOG_NFLOG && has(rule->log.group) &&
            !zw_rich_uint16_parse(rule->log.group, NULL)) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_NFLOG_GROUP,
                                    "nflog 'group' must be an integer between 0 and 65535.");
                return FALSE;
        }
        if (has(prefix) && text_length(prefix) > LOG_PREFIX_MAX) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_LOG_PREFIX,
                                    "maximum accepted length of 'prefix' is 127.");
                return FALSE;
        }
        if (rule->log.type == ZW_RICH_LOG_LOG && has(rule->log.level) &&
            !in_list(log_levels, rule->log.level)) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_LOG_LEVEL,
                                    rule->log.level);
                return FALSE;
        }
        if (rule->log.type == ZW_RICH_LOG_NFLOG && has(rule->log.queue_size) &&
            !zw_rich_uint16_parse(rule->log.queue_size, NULL)) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_NFLOG_QUEUE,
                                    "nflog 'queue-size' must be an integer between 0 and 65535.");
                return FALSE;
        }
        return check_limit(rule->log.limit, error);
}

static gboolean
check_audit(const ZwRichRule *rule, GError **error)
{
        if (!rule->audit.enabled)
                return TRUE;
        /* observed in firewalld 1.3.3: the message is the Python type of the action */
        if (rule->action.type == ZW_RICH_ACTION_NONE) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_AUDIT_TYPE,
                                    "<class 'NoneType'>");
                return FALSE;
        }
        if (rule->action.type == ZW_RICH_ACTION_MARK) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_AUDIT_TYPE,
                                    "<class 'firewall.core.rich.Rich_Mark'>");
                return FALSE;
        }
        return check_limit(rule->audit.limit, error);
}

static gboolean
check_action(const ZwRichRule *rule, GError **error)
{
        const char *type = rule->action.reject_type;

        if (rule->action.type == ZW_RICH_ACTION_NONE)
                return TRUE;
        if (rule->action.type == ZW_RICH_ACTION_REJECT && has(type)) {
                const char *const *valid = NULL;

                if (!has(rule->family)) {
                        g_set_error_literal(
                                error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                "When using reject type you must specify also rule family.");
                        return FALSE;
                }
                if (g_str_equal(rule->family, "ipv4"))
                        valid = reject_types_ipv4;
                else if (g_str_equal(rule->family, "ipv6"))
                        valid = reject_types_ipv6;
                if (valid != NULL && !in_list(valid, type)) {
                        g_autofree char *all = g_strjoinv(", ", (char **)valid);

                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                    "Wrong reject type %s.\nUse one of: %s.", type, all);
                        return FALSE;
                }
        }
        if (rule->action.type == ZW_RICH_ACTION_MARK &&
            !zw_rich_mark_parse(rule->action.mark_set, NULL, NULL, NULL, error))
                return FALSE;
        return check_limit(rule->action.limit, error);
}

gboolean
zw_rich_rule_check(const ZwRichRule *rule, GError **error)
{
        gboolean no_element;

        g_return_val_if_fail(rule != NULL, FALSE);

        /* firewalld refuses these while building the source/destination object */
        if (rule->source != NULL && !has(rule->source->address) && !has(rule->source->mac) &&
            !has(rule->source->ipset)) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                    "no address, mac and ipset");
                return FALSE;
        }
        if (rule->destination != NULL && !has(rule->destination->address) &&
            !has(rule->destination->ipset)) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                    "no address and ipset");
                return FALSE;
        }

        if (rule->family != NULL && g_strcmp0(rule->family, "ipv4") != 0 &&
            g_strcmp0(rule->family, "ipv6") != 0) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_FAMILY, rule->family);
                return FALSE;
        }
        /* observed in firewalld 1.3.3: a bare "MISSING_FAMILY"; any destination needs one */
        if (rule->family == NULL &&
            ((rule->source != NULL && has(rule->source->address)) ||
             rule->destination != NULL ||
             rule->element.type == ZW_RICH_ELEMENT_FORWARD_PORT)) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_MISSING_FAMILY, "");
                return FALSE;
        }
        if (rule->priority < PRIORITY_MIN || rule->priority > PRIORITY_MAX) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PRIORITY,
                            "'priority' attribute must be between %d and %d.", PRIORITY_MIN,
                            PRIORITY_MAX);
                return FALSE;
        }

        /* a log-only rule is allowed when it has a priority; audit does not count */
        no_element = rule->element.type == ZW_RICH_ELEMENT_NONE;
        if (no_element && (rule->log.type == ZW_RICH_LOG_NONE || rule->priority == 0)) {
                if (rule->action.type == ZW_RICH_ACTION_NONE) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                            "no element, no action");
                        return FALSE;
                }
                if (rule->source == NULL && rule->destination == NULL && rule->priority == 0) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                            "no element, no source, no destination");
                        return FALSE;
                }
        }
        /* these elements carry their own verdict */
        if (rule->element.type != ZW_RICH_ELEMENT_ICMP_BLOCK &&
            rule->element.type != ZW_RICH_ELEMENT_FORWARD_PORT &&
            rule->element.type != ZW_RICH_ELEMENT_MASQUERADE &&
            rule->element.type != ZW_RICH_ELEMENT_TCP_MSS_CLAMP &&
            rule->log.type == ZW_RICH_LOG_NONE && !rule->audit.enabled &&
            rule->action.type == ZW_RICH_ACTION_NONE) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                    "no action, no log, no audit");
                return FALSE;
        }

        return check_source(rule, error) && check_destination(rule, error) &&
               check_element(rule, error) && check_log(rule, error) &&
               check_audit(rule, error) && check_action(rule, error);
}

/* ---- one-line parser ------------------------------------------------------------------- */

/* firewalld strips C0 and C1 control characters (so a tab glues two words) before splitting */
static char *
strip_nonprintable(const char *text)
{
        gboolean utf8 = g_utf8_validate(text, -1, NULL);
        GString *s = g_string_sized_new(strlen(text));

        for (const guchar *p = (const guchar *)text; *p != '\0'; p++) {
                if (*p < 0x20 || *p == 0x7f)
                        continue;
                if (utf8 && p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
                        p++;
                        continue;
                }
                g_string_append_c(s, (char)*p);
        }
        return g_string_free(s, FALSE);
}

/*
 * shlex.split() in POSIX mode: words split on blanks, '…' literal, "…" with \" and \\
 * escapes, a backslash outside quotes escapes any character, quoted parts glue to the word.
 */
static GPtrArray *
split_args(const char *text, GError **error)
{
        g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GString) word = g_string_new(NULL);
        gboolean in_word = FALSE;
        char quote = 0;
        char escaped_in = 0; /* 0: not escaping; 'a': outside quotes; '"': inside "…" */

        for (const char *p = text; *p != '\0'; p++) {
                char c = *p;

                if (escaped_in != 0) {
                        if (escaped_in == '"' && c != '"' && c != '\\')
                                g_string_append_c(word, '\\');
                        g_string_append_c(word, c);
                        escaped_in = 0;
                        continue;
                }
                if (quote != 0) {
                        if (c == quote)
                                quote = 0;
                        else if (quote == '"' && c == '\\')
                                escaped_in = '"';
                        else
                                g_string_append_c(word, c);
                        continue;
                }
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                        if (in_word) {
                                g_ptr_array_add(words, g_strdup(word->str));
                                g_string_truncate(word, 0);
                                in_word = FALSE;
                        }
                        continue;
                }
                in_word = TRUE;
                if (c == '\\')
                        escaped_in = 'a';
                else if (c == '"' || c == '\'')
                        quote = c;
                else
                        g_string_append_c(word, c);
        }
        /* firewalld 1.3.3 leaks Python's shlex ValueError as an UNKNOWN_ERROR with these
         * texts; an INVALID_RULE says more */
        if (quote != 0) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE, "No closing quotation");
                return NULL;
        }
        if (escaped_in != 0) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE, "No escaped character");
                return NULL;
        }
        if (in_word)
                g_ptr_array_add(words, g_strdup(word->str));
        return g_steal_pointer(&words);
}

typedef enum {
        ATTR_PRIORITY,
        ATTR_FAMILY,
        ATTR_ADDRESS,
        ATTR_MAC,
        ATTR_IPSET,
        ATTR_INVERT,
        ATTR_VALUE,
        ATTR_PORT,
        ATTR_PROTOCOL,
        ATTR_TO_PORT,
        ATTR_TO_ADDR,
        ATTR_NAME,
        ATTR_GROUP,
        ATTR_PREFIX,
        ATTR_LEVEL,
        ATTR_QUEUE_SIZE,
        ATTR_TYPE,
        ATTR_SET,
        ATTR_LIMIT, /* not a token attribute: a closed `limit value=…` waiting for its owner */
        N_ATTRS,
} AttrId;

static const char *const attr_names[] = {
        "priority", "family", "address", "mac", "ipset", "invert", "value", "port", "protocol",
        "to-port", "to-addr", "name", "group", "prefix", "level", "queue-size", "type", "set",
};
G_STATIC_ASSERT(G_N_ELEMENTS(attr_names) == ATTR_LIMIT);

static const char *const element_names[] = {
        "rule", "source", "destination", "protocol", "service", "port", "icmp-block",
        "icmp-type", "masquerade", "forward-port", "source-port", "log", "nflog", "audit",
        "accept", "drop", "reject", "mark", "limit", "not", "NOT", "EOL", "tcp-mss-clamp", NULL,
};

static const char *const single_elements[] = {
        "protocol", "service", "port", "icmp-block", "icmp-type", "masquerade", "forward-port",
        "source-port", NULL,
};

static const char *const action_elements[] = { "accept", "drop", "reject", "mark", NULL };

typedef struct {
        char *name;  /* element, or attribute name */
        char *value; /* NULL for an element */
        int attr;    /* AttrId of an attribute */
} Token;

static void
token_free(Token *token)
{
        g_free(token->name);
        g_free(token->value);
        g_free(token);
}

static GPtrArray *
lex(const char *text, GError **error)
{
        g_autofree char *clean = strip_nonprintable(text);
        g_autoptr(GPtrArray) words = split_args(clean, error);
        g_autoptr(GPtrArray) tokens = NULL;

        if (words == NULL)
                return NULL;
        tokens = g_ptr_array_new_with_free_func((GDestroyNotify)token_free);
        for (guint i = 0; i < words->len; i++) {
                const char *w = g_ptr_array_index(words, i);
                const char *eq = strchr(w, '=');
                Token *t = g_new0(Token, 1);

                g_ptr_array_add(tokens, t);
                if (eq == NULL) {
                        t->name = g_strdup(w);
                        continue;
                }
                if (eq == w || eq[1] == '\0' || strchr(eq + 1, '=') != NULL) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                    "internal error in _lexer(): %s", w);
                        return NULL;
                }
                t->name = g_strndup(w, (gsize)(eq - w));
                t->value = g_strdup(eq + 1);
                t->attr = -1;
                for (guint a = 0; a < G_N_ELEMENTS(attr_names); a++) {
                        if (g_str_equal(t->name, attr_names[a]))
                                t->attr = (int)a;
                }
        }
        {
                Token *eol = g_new0(Token, 1);

                eol->name = g_strdup("EOL");
                g_ptr_array_add(tokens, eol);
        }
        return g_steal_pointer(&tokens);
}

typedef struct {
        ZwRichRule *rule;
        GPtrArray *stack;          /* element names, borrowed */
        const char *attrs[N_ATTRS]; /* borrowed from tokens or from pool */
        gboolean invert;
        GPtrArray *pool;           /* normalised limit values */
        const char *stray;         /* first element that can never be closed */
} Parser;

static void
attrs_clear(Parser *p)
{
        memset(p->attrs, 0, sizeof(p->attrs));
        p->invert = FALSE;
}

static const char *
top(const Parser *p)
{
        if (p->stack->len == 0)
                return "";
        return g_ptr_array_index(p->stack, p->stack->len - 1);
}

static void
pop(Parser *p)
{
        g_ptr_array_remove_index(p->stack, p->stack->len - 1);
}

static char *
attr_dup(const Parser *p, AttrId id)
{
        return g_strdup(p->attrs[id]);
}

/* the per-token checks firewalld runs before the state machine, again for a re-read token */
static gboolean
token_check(const Parser *p, const Token *t, GError **error)
{
        const ZwRichRule *rule = p->rule;
        const char *el = t->name;

        if (t->value != NULL) {
                if (t->attr < 0) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_RULE, "bad attribute '%s'",
                                    t->name);
                        return FALSE;
                }
                return TRUE;
        }
        if (!g_strv_contains(element_names, el)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_RULE, "unknown element %s", el);
                return FALSE;
        }
        if (g_str_equal(el, "source") && rule->source != NULL) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                    "more than one 'source' element");
                return FALSE;
        }
        if (g_str_equal(el, "destination") && rule->destination != NULL) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                    "more than one 'destination' element");
                return FALSE;
        }
        /* tcp-mss-clamp is missing from firewalld's list: it silently replaces an element */
        if (g_strv_contains(single_elements, el) &&
            rule->element.type != ZW_RICH_ELEMENT_NONE) {
                g_autofree char *cur = element_string(rule);

                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                            "more than one element. There cannot be both '%s' and '%s' in one "
                            "rule.",
                            el, cur);
                return FALSE;
        }
        if ((g_str_equal(el, "log") || g_str_equal(el, "nflog")) &&
            rule->log.type != ZW_RICH_LOG_NONE) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                    "more than one logging element");
                return FALSE;
        }
        if (g_str_equal(el, "audit") && rule->audit.enabled) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                    "more than one 'audit' element");
                return FALSE;
        }
        if (g_strv_contains(action_elements, el) && rule->action.type != ZW_RICH_ACTION_NONE) {
                g_autofree char *cur = action_string(rule);

                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                            "more than one 'action' element. There cannot be both '%s' and "
                            "'%s' in one rule.",
                            el, cur);
                return FALSE;
        }
        return TRUE;
}

static void
element_reset(ZwRichRule *rule)
{
        rule->element.type = ZW_RICH_ELEMENT_NONE;
        g_clear_pointer(&rule->element.name, g_free);
        g_clear_pointer(&rule->element.port, g_free);
        g_clear_pointer(&rule->element.protocol, g_free);
        g_clear_pointer(&rule->element.to_port, g_free);
        g_clear_pointer(&rule->element.to_addr, g_free);
        g_clear_pointer(&rule->element.value, g_free);
}

static gboolean
close_addr(Parser *p, gboolean source, GError **error)
{
        ZwRichAddr *addr;

        if (p->attrs[ATTR_ADDRESS] == NULL && (!source || p->attrs[ATTR_MAC] == NULL) &&
            p->attrs[ATTR_IPSET] == NULL) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                    source ? "no address, mac and ipset"
                                           : "no address and ipset");
                return FALSE;
        }
        addr = g_new0(ZwRichAddr, 1);
        addr->address = attr_dup(p, ATTR_ADDRESS);
        addr->ipset = attr_dup(p, ATTR_IPSET);
        addr->invert = p->invert;
        if (source) {
                addr->mac = p->attrs[ATTR_MAC] ? g_ascii_strup(p->attrs[ATTR_MAC], -1) : NULL;
                p->rule->source = addr;
        } else {
                p->rule->destination = addr;
        }
        return TRUE;
}

static void
close_ports(Parser *p, ZwRichElementType type)
{
        ZwRichRule *rule = p->rule;

        rule->element.type = type;
        rule->element.port = attr_dup(p, ATTR_PORT);
        rule->element.protocol = attr_dup(p, ATTR_PROTOCOL);
        if (type == ZW_RICH_ELEMENT_FORWARD_PORT) {
                rule->element.to_port = attr_dup(p, ATTR_TO_PORT);
                rule->element.to_addr = attr_dup(p, ATTR_TO_ADDR);
        }
}

static void
close_action(Parser *p, ZwRichActionType type)
{
        ZwRichRule *rule = p->rule;

        rule->action.type = type;
        rule->action.limit = attr_dup(p, ATTR_LIMIT);
        if (type == ZW_RICH_ACTION_REJECT)
                rule->action.reject_type = attr_dup(p, ATTR_TYPE);
        if (type == ZW_RICH_ACTION_MARK)
                rule->action.mark_set = attr_dup(p, ATTR_SET);
}

/* an element owning a single attribute: "service name=…", "protocol value=…", … */
static gboolean
take_single(Parser *p, const Token *t, AttrId want, ZwRichElementType type, const char *what,
            GError **error)
{
        if (t->value == NULL || t->attr != (int)want) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_RULE, "invalid '%s' element", what);
                return FALSE;
        }
        p->rule->element.type = type;
        g_free(p->rule->element.name);
        p->rule->element.name = g_strdup(t->value);
        pop(p);
        return TRUE;
}

static gboolean
is_attr(const Token *t, AttrId a)
{
        return t->value != NULL && t->attr == (int)a;
}

static gboolean
is_element(const Token *t, const char *name)
{
        return t->value == NULL && g_str_equal(t->name, name);
}

/* the state "rule": family/priority, or the start of a part */
static gboolean
in_rule(Parser *p, const Token *t, GError **error)
{
        gint64 prio = 0;
        PyIntResult res;

        if (t->value == NULL) {
                if (p->stray == NULL &&
                    (g_str_equal(t->name, "rule") || g_str_equal(t->name, "not") ||
                     g_str_equal(t->name, "NOT") || g_str_equal(t->name, "EOL")))
                        p->stray = t->name;
                g_ptr_array_add(p->stack, t->name);
                return TRUE;
        }
        switch (t->attr) {
        case ATTR_FAMILY:
                if (!g_str_equal(t->value, "ipv4") && !g_str_equal(t->value, "ipv6")) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                    "'family' attribute cannot have '%s' value. Use 'ipv4' or "
                                    "'ipv6' instead.",
                                    t->value);
                        return FALSE;
                }
                g_free(p->rule->family);
                p->rule->family = g_strdup(t->value);
                return TRUE;
        case ATTR_PRIORITY:
                res = py_int(t->value, FALSE, &prio);
                if (res == PYINT_INVALID) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PRIORITY,
                                    "invalid 'priority' attribute value '%s'.", t->value);
                        return FALSE;
                }
                /* out-of-range values are refused by the check at the end */
                if (res == PYINT_RANGE || prio < G_MININT || prio > G_MAXINT)
                        prio = t->value[strspn(t->value, " \t")] == '-' ? G_MININT : G_MAXINT;
                p->rule->priority = (int)prio;
                return TRUE;
        case ATTR_PROTOCOL:
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                    "wrong 'protocol' usage. Use either 'rule protocol value=...' "
                                    "or  'rule [forward-]port protocol=...'.");
                return FALSE;
        default:
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                            "attribute '%s' outside of any element. Use 'rule <element> %s= "
                            "...'.",
                            t->name, t->name);
                return FALSE;
        }
}

/* the current element is complete: the token that ended it is read again one level up */
static gboolean
end_element(Parser *p, gboolean *reread)
{
        pop(p);
        attrs_clear(p);
        *reread = TRUE;
        return TRUE;
}

/*
 * Feeds one token to the state on top of the stack. Returns FALSE with error set on failure;
 * *reread is set when the token ended the current element and must be read again.
 */
static gboolean
step(Parser *p, const Token *t, gboolean *reread, GError **error)
{
        ZwRichRule *rule = p->rule;
        const char *in = top(p);

        *reread = FALSE;
        if (g_str_equal(in, "")) {
                if (t->value != NULL) {
                        if (t->attr == ATTR_FAMILY)
                                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                                    "'family' outside of rule. Use 'rule "
                                                    "family=...'.");
                        else if (t->attr == ATTR_PRIORITY)
                                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                                    "'priority' outside of rule. Use 'rule "
                                                    "priority=...'.");
                        else
                                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                            "'%s' outside of any element. Use 'rule <element> "
                                            "%s= ...'.",
                                            t->name, t->name);
                        return FALSE;
                }
                if (!g_str_equal(t->name, "rule")) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                    "'%s' outside of rule. Use 'rule ... %s ...'.", t->name,
                                    t->name);
                        return FALSE;
                }
                g_ptr_array_add(p->stack, t->name);
                return TRUE;
        }
        if (g_str_equal(in, "rule"))
                return in_rule(p, t, error);

        if (g_str_equal(in, "source") || g_str_equal(in, "destination")) {
                gboolean source = g_str_equal(in, "source");

                if (is_attr(t, ATTR_ADDRESS) || is_attr(t, ATTR_IPSET) ||
                    (source && is_attr(t, ATTR_MAC))) {
                        p->attrs[t->attr] = t->value;
                        return TRUE;
                }
                if (is_attr(t, ATTR_INVERT) || is_element(t, "not") || is_element(t, "NOT")) {
                        p->invert = TRUE;
                        return TRUE;
                }
                if (!close_addr(p, source, error))
                        return FALSE;
                pop(p);
                attrs_clear(p);
                *reread = TRUE;
                return TRUE;
        }
        if (g_str_equal(in, "protocol"))
                return take_single(p, t, ATTR_VALUE, ZW_RICH_ELEMENT_PROTOCOL, "protocol", error);
        if (g_str_equal(in, "service"))
                return take_single(p, t, ATTR_NAME, ZW_RICH_ELEMENT_SERVICE, "service", error);
        if (g_str_equal(in, "icmp-block"))
                return take_single(p, t, ATTR_NAME, ZW_RICH_ELEMENT_ICMP_BLOCK, "icmp-block",
                                   error);
        if (g_str_equal(in, "icmp-type"))
                return take_single(p, t, ATTR_NAME, ZW_RICH_ELEMENT_ICMP_TYPE, "icmp-type",
                                   error);
        if (g_str_equal(in, "tcp-mss-clamp")) {
                if (is_attr(t, ATTR_VALUE)) {
                        p->attrs[ATTR_VALUE] = t->value;
                        return TRUE;
                }
                /* may replace an element (see token_check) */
                element_reset(rule);
                rule->element.type = ZW_RICH_ELEMENT_TCP_MSS_CLAMP;
                rule->element.value = attr_dup(p, ATTR_VALUE);
                return end_element(p, reread);
        }
        if (g_str_equal(in, "masquerade")) {
                rule->element.type = ZW_RICH_ELEMENT_MASQUERADE;
                return end_element(p, reread);
        }
        if (g_str_equal(in, "port") || g_str_equal(in, "source-port") ||
            g_str_equal(in, "forward-port")) {
                gboolean fwd = g_str_equal(in, "forward-port");

                if (is_attr(t, ATTR_PORT) || is_attr(t, ATTR_PROTOCOL) ||
                    (fwd && (is_attr(t, ATTR_TO_PORT) || is_attr(t, ATTR_TO_ADDR)))) {
                        p->attrs[t->attr] = t->value;
                        return TRUE;
                }
                close_ports(p, fwd ? ZW_RICH_ELEMENT_FORWARD_PORT
                                   : g_str_equal(in, "port") ? ZW_RICH_ELEMENT_PORT
                                                             : ZW_RICH_ELEMENT_SOURCE_PORT);
                return end_element(p, reread);
        }
        if (g_str_equal(in, "limit")) {
                char *norm;

                if (!is_attr(t, ATTR_VALUE)) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                            "invalid 'limit' element");
                        return FALSE;
                }
                norm = limit_normalize(t->value);
                g_ptr_array_add(p->pool, norm);
                p->attrs[ATTR_LIMIT] = norm;
                pop(p);
                return TRUE;
        }
        if (g_str_equal(in, "log") || g_str_equal(in, "nflog") || g_str_equal(in, "audit") ||
            g_str_equal(in, "accept") || g_str_equal(in, "drop") || g_str_equal(in, "reject") ||
            g_str_equal(in, "mark")) {
                gboolean nflog = g_str_equal(in, "nflog");

                if ((g_str_equal(in, "log") &&
                     (is_attr(t, ATTR_PREFIX) || is_attr(t, ATTR_LEVEL))) ||
                    (nflog && (is_attr(t, ATTR_GROUP) || is_attr(t, ATTR_PREFIX) ||
                               is_attr(t, ATTR_QUEUE_SIZE))) ||
                    (g_str_equal(in, "reject") && is_attr(t, ATTR_TYPE)) ||
                    (g_str_equal(in, "mark") && is_attr(t, ATTR_SET))) {
                        p->attrs[t->attr] = t->value;
                        return TRUE;
                }
                if (is_element(t, "limit")) {
                        g_ptr_array_add(p->stack, t->name);
                        return TRUE;
                }
                if (g_str_equal(in, "log") || nflog) {
                        rule->log.type = nflog ? ZW_RICH_LOG_NFLOG : ZW_RICH_LOG_LOG;
                        rule->log.prefix = attr_dup(p, ATTR_PREFIX);
                        rule->log.limit = attr_dup(p, ATTR_LIMIT);
                        if (nflog) {
                                rule->log.group = attr_dup(p, ATTR_GROUP);
                                rule->log.queue_size = attr_dup(p, ATTR_QUEUE_SIZE);
                        } else {
                                rule->log.level = attr_dup(p, ATTR_LEVEL);
                        }
                } else if (g_str_equal(in, "audit")) {
                        rule->audit.enabled = TRUE;
                        rule->audit.limit = attr_dup(p, ATTR_LIMIT);
                } else if (g_str_equal(in, "accept")) {
                        close_action(p, ZW_RICH_ACTION_ACCEPT);
                } else if (g_str_equal(in, "drop")) {
                        close_action(p, ZW_RICH_ACTION_DROP);
                } else if (g_str_equal(in, "reject")) {
                        close_action(p, ZW_RICH_ACTION_REJECT);
                } else {
                        close_action(p, ZW_RICH_ACTION_MARK);
                }
                return end_element(p, reread);
        }
        /* "not", "NOT", "EOL" pushed at rule level: firewalld never leaves these states */
        return TRUE;

}

ZwRichRule *
zw_rich_rule_parse(const char *text, GError **error)
{
        g_autoptr(ZwRichRule) rule = zw_rich_rule_new();
        g_autoptr(GPtrArray) tokens = NULL;
        g_autoptr(GPtrArray) stack = g_ptr_array_new();
        g_autoptr(GPtrArray) pool = g_ptr_array_new_with_free_func(g_free);
        Parser p = { .rule = rule, .stack = stack, .pool = pool };
        guint i = 0;

        g_return_val_if_fail(text != NULL, NULL);

        /* observed in firewalld 1.3.3: "" is not parsed at all, the empty rule then fails the
         * check ("no element, no action"); blanks only are an "empty rule" */
        if (*text == '\0') {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                    "no element, no action");
                return NULL;
        }
        tokens = lex(text, error);
        if (tokens == NULL)
                return NULL;
        /* a leading "EOL" word ends the rule before it starts, as in firewalld */
        if (is_element(g_ptr_array_index(tokens, 0), "EOL")) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE, "empty rule");
                return NULL;
        }
        for (;;) {
                const Token *t;
                gboolean reread = FALSE;

                if (i >= tokens->len) {
                        /* firewalld 1.3.3 fails here with Python's "list index out of range"
                         * (UNKNOWN_ERROR); name the culprit instead */
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                    "'%s' is not allowed here", p.stray ? p.stray : "EOL");
                        return NULL;
                }
                t = g_ptr_array_index(tokens, i);
                if (is_element(t, "EOL") && stack->len == 1 &&
                    g_str_equal(g_ptr_array_index(stack, 0), "rule"))
                        break;
                if (!token_check(&p, t, error) || !step(&p, t, &reread, error))
                        return NULL;
                if (!reread)
                        i++;
        }
        if (!zw_rich_rule_check(rule, error))
                return NULL;
        return g_steal_pointer(&rule);
}
