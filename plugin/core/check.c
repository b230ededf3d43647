/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/check.c: validators for ports, protocols, addresses, names, as firewalld checks them */
#include "config.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <string.h>

#include "core/check.h"
#include "core/error.h"
#include "core/port.h"
#include "core/richrule.h"

/* port id as firewalld's getPortID(): number, or /etc/services name; -1 invalid, -2 too big */
static gint64
port_id(const char *text)
{
        g_autofree char *s = g_strstrip(g_strdup(text));
        const char *p = s;
        gboolean neg = FALSE;
        gint64 v = 0;
        struct servent *se;

        if (*p == '+' || *p == '-') {
                neg = *p == '-';
                p++;
        }
        if (*p != '\0' && strspn(p, "0123456789") == strlen(p)) {
                for (; *p != '\0'; p++) {
                        v = v * 10 + (*p - '0');
                        if (v > 65535)
                                return neg ? -1 : -2;
                }
                return neg && v != 0 ? -1 : v;
        }
        if (*s == '\0')
                return -1;
        se = getservbyname(s, NULL);
        if (se == NULL)
                return -1;
        return ntohs((uint16_t)se->s_port);
}

static gboolean
all_digits(const char *s)
{
        return *s != '\0' && strspn(s, "0123456789") == strlen(s);
}

/* firewalld's getPortRange(): returns 1 on success with lo/hi, -1 invalid, -2 too big,
 * 0 ambiguous */
static int
port_range(const char *ports, gint64 *lo, gint64 *hi)
{
        g_auto(GStrv) splits = NULL;
        guint n;
        guint matched = 0;
        gint64 mlo = 0, mhi = 0;

        if (all_digits(ports)) {
                gint64 id = port_id(ports);
                if (id < 0)
                        return (int)id;
                *lo = *hi = id;
                return 1;
        }
        splits = g_strsplit(ports, "-", -1);
        n = g_strv_length(splits);
        if (n == 2 && all_digits(splits[0]) && all_digits(splits[1])) {
                gint64 a = port_id(splits[0]);
                gint64 b = port_id(splits[1]);
                if (a >= 0 && b >= 0) {
                        *lo = MIN(a, b);
                        *hi = MAX(a, b);
                        return 1;
                }
        }
        /* "<name>[-<name>]": service names may contain '-', try every split point */
        for (guint i = n; i > 0; i--) {
                g_autofree char *p1 = NULL;
                g_autofree char *p2 = NULL;
                char *saved = splits[i];
                gint64 a;

                splits[i] = NULL;
                p1 = g_strjoinv("-", splits);
                splits[i] = saved;
                p2 = g_strjoinv("-", splits + i);
                a = port_id(p1);
                if (*p2 != '\0') {
                        gint64 b = port_id(p2);
                        if (a >= 0 && b >= 0) {
                                matched++;
                                mlo = MIN(a, b);
                                mhi = MAX(a, b);
                        }
                } else if (a >= 0) {
                        matched++;
                        mlo = mhi = a;
                        if (i == n)
                                break;
                }
        }
        if (matched == 0)
                return -1;
        if (matched > 1)
                return 0;
        *lo = mlo;
        *hi = mhi;
        return 1;
}

gboolean
zw_check_port(const char *port, char **out_normalized, GError **error)
{
        gint64 lo = 0, hi = 0;
        int r;

        if (port == NULL)
                port = "";
        r = port_range(port, &lo, &hi);
        if (r == -2) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PORT,
                            "port number in '%s' is too big", port);
                return FALSE;
        }
        if (r < 0) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PORT, "'%s' is invalid port range",
                            port);
                return FALSE;
        }
        if (r == 0) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PORT,
                            "port range '%s' is ambiguous", port);
                return FALSE;
        }
        if (out_normalized != NULL) {
                if (lo == hi)
                        *out_normalized = g_strdup_printf("%" G_GINT64_FORMAT, lo);
                else
                        *out_normalized = g_strdup_printf("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                                                          lo, hi);
        }
        return TRUE;
}

gboolean
zw_check_port_protocol(const char *protocol, GError **error)
{
        static const char *const ok[] = { "tcp", "udp", "sctp", "dccp" };

        if (protocol == NULL || *protocol == '\0') {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_MISSING_PROTOCOL, "");
                return FALSE;
        }
        for (gsize i = 0; i < G_N_ELEMENTS(ok); i++)
                if (strcmp(protocol, ok[i]) == 0)
                        return TRUE;
        /* wording as seen on the wire (firewall-cmd trace), "not in" */
        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PROTOCOL,
                    "'%s' not in {'tcp'|'udp'|'sctp'|'dccp'}", protocol);
        return FALSE;
}

gboolean
zw_check_protocol(const char *protocol, GError **error)
{
        if (protocol != NULL && *protocol != '\0') {
                g_autofree char *s = g_strstrip(g_strdup(protocol));
                const char *p = s;

                if (*p == '+' || *p == '-')
                        p++;
                if (all_digits(p)) {
                        gint64 v = g_ascii_strtoll(s, NULL, 10);
                        if (v >= 0 && v <= 255)
                                return TRUE;
                } else if (getprotobyname(protocol) != NULL) {
                        return TRUE;
                }
        }
        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_PROTOCOL,
                            protocol != NULL ? protocol : "");
        return FALSE;
}

static gboolean
is_ipv4(const char *s)
{
        struct in_addr a;

        return inet_pton(AF_INET, s, &a) == 1;
}

static gboolean
is_ipv6(const char *s)
{
        struct in6_addr a;

        return inet_pton(AF_INET6, s, &a) == 1;
}

/* prefix length "0".."max", digits only */
static gboolean
is_prefix_len(const char *s, guint max)
{
        guint64 v;

        if (!all_digits(s) || strlen(s) > 3)
                return FALSE;
        v = g_ascii_strtoull(s, NULL, 10);
        return v <= max;
}

/* checkIPnMask / checkIP6nMask */
static gboolean
addr_with_mask(ZwFamily family, const char *addr)
{
        const char *slash = strchr(addr, '/');
        g_autofree char *host = NULL;

        if (slash == NULL)
                return family == ZW_FAMILY_IPV4 ? is_ipv4(addr) : is_ipv6(addr);
        if (slash == addr || slash[1] == '\0')
                return FALSE;
        host = g_strndup(addr, (gsize)(slash - addr));
        if (family == ZW_FAMILY_IPV4) {
                if (!is_ipv4(host))
                        return FALSE;
                if (strchr(slash + 1, '.') != NULL)
                        return is_ipv4(slash + 1);
                return is_prefix_len(slash + 1, 32);
        }
        return is_ipv6(host) && is_prefix_len(slash + 1, 128);
}

gboolean
zw_check_address(ZwFamily family, const char *addr, ZwFamily *out_family, GError **error)
{
        ZwFamily found = ZW_FAMILY_ANY;

        if (addr != NULL && *addr != '\0') {
                if (family != ZW_FAMILY_IPV6 && addr_with_mask(ZW_FAMILY_IPV4, addr))
                        found = ZW_FAMILY_IPV4;
                else if (family != ZW_FAMILY_IPV4 && addr_with_mask(ZW_FAMILY_IPV6, addr))
                        found = ZW_FAMILY_IPV6;
        }
        if (found == ZW_FAMILY_ANY) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_ADDR,
                                    addr != NULL ? addr : "");
                return FALSE;
        }
        if (out_family != NULL)
                *out_family = found;
        return TRUE;
}

gboolean
zw_check_host_address(ZwFamily family, const char *addr, ZwFamily *out_family, GError **error)
{
        ZwFamily found = ZW_FAMILY_ANY;

        if (addr != NULL) {
                if (family != ZW_FAMILY_IPV6 && is_ipv4(addr))
                        found = ZW_FAMILY_IPV4;
                else if (family != ZW_FAMILY_IPV4 && is_ipv6(addr))
                        found = ZW_FAMILY_IPV6;
        }
        if (found == ZW_FAMILY_ANY) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_ADDR,
                                    addr != NULL ? addr : "");
                return FALSE;
        }
        if (out_family != NULL)
                *out_family = found;
        return TRUE;
}

gboolean
zw_is_mac(const char *mac)
{
        if (mac == NULL || strlen(mac) != 17)
                return FALSE;
        for (guint i = 0; i < 17; i++) {
                if (i % 3 == 2) {
                        if (mac[i] != ':')
                                return FALSE;
                } else if (!g_ascii_isxdigit(mac[i])) {
                        return FALSE;
                }
        }
        return TRUE;
}

gboolean
zw_check_mac(const char *mac, GError **error)
{
        if (zw_is_mac(mac))
                return TRUE;
        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_MAC, mac != NULL ? mac : "");
        return FALSE;
}

gboolean
zw_check_interface(const char *iface, GError **error)
{
        gsize len = iface != NULL ? strlen(iface) : 0;

        if (len >= 1 && len <= 16 && strpbrk(iface, " /!*") == NULL)
                return TRUE;
        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_INTERFACE,
                            iface != NULL ? iface : "");
        return FALSE;
}

gboolean
zw_check_source(const char *source, GError **error)
{
        if (source != NULL) {
                if (g_str_has_prefix(source, "ipset:") && source[6] != '\0')
                        return TRUE;
                if (zw_is_mac(source))
                        return TRUE;
                if (zw_check_address(ZW_FAMILY_ANY, source, NULL, NULL))
                        return TRUE;
        }
        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_ADDR, source != NULL ? source : "");
        return FALSE;
}

static const char *
extra_name_chars(ZwKind kind)
{
        switch (kind) {
        case ZW_KIND_ZONE:
        case ZW_KIND_POLICY:
                return "_-/";
        case ZW_KIND_SERVICE:
        case ZW_KIND_ICMPTYPE:
                return "_-";
        case ZW_KIND_HELPER:
                return "-.";
        case ZW_KIND_IPSET:
                return "_-:.";
        case ZW_KIND_N:
        default:
                return "";
        }
}

gboolean
zw_check_name(ZwKind kind, const char *name, GError **error)
{
        const char *extra = extra_name_chars(kind);

        if (name == NULL || *name == '\0') {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_NAME, "name can't be empty");
                return FALSE;
        }
        if (!g_utf8_validate(name, -1, NULL)) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_NAME, "name is not UTF-8");
                return FALSE;
        }
        for (const char *p = name; *p != '\0'; p = g_utf8_next_char(p)) {
                gunichar c = g_utf8_get_char(p);
                if (g_unichar_isalnum(c) || (c < 128 && strchr(extra, (int)c) != NULL))
                        continue;
                {
                        char buf[8] = { 0 };
                        g_unichar_to_utf8(c, buf);
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_NAME,
                                    "'%s' is not allowed in '%s'", buf, name);
                }
                return FALSE;
        }
        if (kind == ZW_KIND_ZONE || kind == ZW_KIND_POLICY) {
                const char *slash = strchr(name, '/');
                const char *label = kind == ZW_KIND_ZONE ? "Zone" : "Policy";
                glong max = kind == ZW_KIND_ZONE ? 17 : 18;
                glong len;

                if (name[0] == '/') {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_NAME,
                                    "'%s' can't start with '/'", name);
                        return FALSE;
                }
                if (g_str_has_suffix(name, "/")) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_NAME,
                                    "'%s' can't end with '/'", name);
                        return FALSE;
                }
                if (slash != NULL && strchr(slash + 1, '/') != NULL) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_NAME,
                                    "more than one '/' in '%s'", name);
                        return FALSE;
                }
                len = slash != NULL ? g_utf8_strlen(name, slash - name) : g_utf8_strlen(name, -1);
                if (len > max) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_NAME,
                                    "%s '%s': name has %ld chars, max is %ld", label, name, len,
                                    max);
                        return FALSE;
                }
        }
        if (kind == ZW_KIND_IPSET && g_utf8_strlen(name, -1) > 32) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_NAME,
                            "ipset name '%s' is not valid", name);
                return FALSE;
        }
        return TRUE;
}

gboolean
zw_check_forward_port(const char *port, const char *protocol, const char *to_port,
                      const char *to_addr, char **out_port, char **out_to_port, GError **error)
{
        g_autofree char *nport = NULL;
        g_autofree char *nto_port = NULL;
        gboolean has_to_port = to_port != NULL && *to_port != '\0';
        gboolean has_to_addr = to_addr != NULL && *to_addr != '\0';

        if (!zw_check_port(port, &nport, error))
                return FALSE;
        if (!zw_check_port_protocol(protocol, error))
                return FALSE;
        if (!has_to_port && !has_to_addr) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_FORWARD,
                            "'%s' is missing to-port AND to-addr", port);
                return FALSE;
        }
        if (has_to_port && !zw_check_port(to_port, &nto_port, error))
                return FALSE;
        if (has_to_addr && !zw_check_host_address(ZW_FAMILY_ANY, to_addr, NULL, NULL)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ADDR,
                            "to-addr '%s' is not a valid address", to_addr);
                return FALSE;
        }
        if (out_port != NULL)
                *out_port = g_steal_pointer(&nport);
        if (out_to_port != NULL)
                *out_to_port = nto_port != NULL ? g_steal_pointer(&nto_port) : g_strdup("");
        return TRUE;
}

gboolean
zw_check_ports(const GPtrArray *ports, GError **error)
{
        for (guint i = 0; i < ports->len; i++) {
                const ZwPort *p = g_ptr_array_index(ports, i);
                if (!zw_check_port(p->port, NULL, error) ||
                    !zw_check_port_protocol(p->protocol, error))
                        return FALSE;
        }
        return TRUE;
}

gboolean
zw_check_forward_ports(const GPtrArray *forward_ports, GError **error)
{
        for (guint i = 0; i < forward_ports->len; i++) {
                const ZwForwardPort *fp = g_ptr_array_index(forward_ports, i);
                if (!zw_check_forward_port(fp->port, fp->protocol, fp->to_port, fp->to_addr, NULL,
                                           NULL, error))
                        return FALSE;
        }
        return TRUE;
}

gboolean
zw_check_contents(const GPtrArray *ports, const GPtrArray *protocols,
                  const GPtrArray *forward_ports, const GPtrArray *source_ports,
                  const GPtrArray *rules, GError **error)
{
        if (!zw_check_ports(ports, error))
                return FALSE;
        for (guint i = 0; i < protocols->len; i++)
                if (!zw_check_protocol(g_ptr_array_index(protocols, i), error))
                        return FALSE;
        if (!zw_check_forward_ports(forward_ports, error))
                return FALSE;
        if (!zw_check_ports(source_ports, error))
                return FALSE;
        for (guint i = 0; i < rules->len; i++)
                if (!zw_rich_rule_check(g_ptr_array_index(rules, i), error))
                        return FALSE;
        return TRUE;
}
