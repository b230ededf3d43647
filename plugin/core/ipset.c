/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/ipset.c: ipsets: type, options, entries */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "core/ipset.h"

#include "core/check.h"
#include "core/error.h"
#include "core/icmptype.h"

static const char *const ipset_types[] = {
        "hash:ip",        "hash:ip,port", "hash:ip,port,ip", "hash:ip,port,net",
        "hash:ip,mark",   "hash:net",     "hash:net,net",    "hash:net,port",
        "hash:net,port,net", "hash:net,iface", "hash:mac",   NULL,
};

/* config-formats.md §8: the types a zone source "ipset:NAME" may have */
static const char *const source_types[] = {
        "hash:ip",  "hash:ip,port",  "hash:ip,mark", "hash:net",
        "hash:net,port", "hash:net,iface", "hash:mac", NULL,
};

static void
option_free(ZwIpsetOption *opt)
{
        if (opt == NULL)
                return;
        g_free(opt->name);
        g_free(opt->value);
        g_free(opt);
}

static ZwIpsetOption *
option_dup(const ZwIpsetOption *opt)
{
        ZwIpsetOption *dup = g_new0(ZwIpsetOption, 1);

        dup->name = g_strdup(opt->name);
        dup->value = g_strdup(opt->value);
        return dup;
}

ZwIpset *
zw_ipset_new(const char *name, const char *type)
{
        ZwIpset *ipset = g_new0(ZwIpset, 1);

        zw_obj_info_init(&ipset->info, ZW_KIND_IPSET, name);
        ipset->type = g_strdup(type != NULL ? type : "");
        ipset->options = g_ptr_array_new_with_free_func((GDestroyNotify)option_free);
        ipset->entries = g_ptr_array_new_with_free_func(g_free);
        ipset->entry_index = g_hash_table_new(g_str_hash, g_str_equal);
        return ipset;
}

void
zw_ipset_free(ZwIpset *ipset)
{
        if (ipset == NULL)
                return;
        zw_obj_info_clear(&ipset->info);
        g_free(ipset->type);
        g_ptr_array_unref(ipset->options);
        g_hash_table_unref(ipset->entry_index);
        g_ptr_array_unref(ipset->entries);
        g_free(ipset);
}

ZwIpset *
zw_ipset_dup(const ZwIpset *ipset)
{
        ZwIpset *dup;

        g_return_val_if_fail(ipset != NULL, NULL);
        dup = zw_ipset_new(ipset->info.name, ipset->type);
        zw_obj_info_clear(&dup->info);
        zw_obj_info_copy(&dup->info, &ipset->info);
        for (guint i = 0; i < ipset->options->len; i++)
                g_ptr_array_add(dup->options, option_dup(g_ptr_array_index(ipset->options, i)));
        for (guint i = 0; i < ipset->entries->len; i++)
                zw_ipset_insert_entry(dup, g_strdup(g_ptr_array_index(ipset->entries, i)));
        return dup;
}

gboolean
zw_ipset_equal(const ZwIpset *a, const ZwIpset *b)
{
        g_return_val_if_fail(a != NULL && b != NULL, FALSE);
        if (!zw_obj_info_equal(&a->info, &b->info) || g_strcmp0(a->type, b->type) != 0)
                return FALSE;
        if (a->options->len != b->options->len)
                return FALSE;
        for (guint i = 0; i < a->options->len; i++) {
                const ZwIpsetOption *oa = g_ptr_array_index(a->options, i);
                if (g_strcmp0(zw_ipset_get_option(b, oa->name), oa->value) != 0)
                        return FALSE;
        }
        return zw_strv_array_equal(a->entries, b->entries);
}

const char *
zw_ipset_get_option(const ZwIpset *ipset, const char *name)
{
        g_return_val_if_fail(ipset != NULL, NULL);
        for (guint i = 0; i < ipset->options->len; i++) {
                const ZwIpsetOption *opt = g_ptr_array_index(ipset->options, i);
                if (g_strcmp0(opt->name, name) == 0)
                        return opt->value != NULL ? opt->value : "";
        }
        return NULL;
}

void
zw_ipset_set_option(ZwIpset *ipset, const char *name, const char *value)
{
        ZwIpsetOption *opt;

        g_return_if_fail(ipset != NULL && name != NULL);
        for (guint i = 0; i < ipset->options->len; i++) {
                opt = g_ptr_array_index(ipset->options, i);
                if (g_strcmp0(opt->name, name) == 0) {
                        g_free(opt->value);
                        opt->value = g_strdup(value);
                        return;
                }
        }
        opt = g_new0(ZwIpsetOption, 1);
        opt->name = g_strdup(name);
        opt->value = g_strdup(value);
        g_ptr_array_add(ipset->options, opt);
}

gboolean
zw_ipset_remove_option(ZwIpset *ipset, const char *name)
{
        g_return_val_if_fail(ipset != NULL, FALSE);
        for (guint i = 0; i < ipset->options->len; i++) {
                const ZwIpsetOption *opt = g_ptr_array_index(ipset->options, i);
                if (g_strcmp0(opt->name, name) == 0) {
                        g_ptr_array_remove_index(ipset->options, i);
                        return TRUE;
                }
        }
        return FALSE;
}

const char *
zw_ipset_family(const ZwIpset *ipset)
{
        return g_strcmp0(zw_ipset_get_option(ipset, "family"), "inet6") == 0 ? "inet6" : "inet";
}

guint
zw_ipset_timeout(const ZwIpset *ipset)
{
        const char *t = zw_ipset_get_option(ipset, "timeout");
        guint64 v;

        if (t == NULL || !g_ascii_string_to_unsigned(t, 10, 0, G_MAXUINT, &v, NULL))
                return 0;
        return (guint)v;
}

const char *const *
zw_ipset_types(void)
{
        return ipset_types;
}

gboolean
zw_ipset_type_is_valid(const char *type)
{
        return type != NULL && g_strv_contains(ipset_types, type);
}

gboolean
zw_ipset_type_usable_as_source(const char *type)
{
        return type != NULL && g_strv_contains(source_types, type);
}

gboolean
zw_ipset_check_option(const char *type, const char *name, const char *value, GError **error)
{
        guint64 v;

        if (g_strcmp0(name, "family") == 0) {
                if (g_strcmp0(type, "hash:mac") == 0) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_OPTION,
                                    "Option 'family' is not supported for '%s'", type);
                        return FALSE;
                }
                if (g_strcmp0(value, "inet") != 0 && g_strcmp0(value, "inet6") != 0) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_FAMILY,
                                            value != NULL ? value : "");
                        return FALSE;
                }
                return TRUE;
        }
        if (g_strcmp0(name, "timeout") == 0 || g_strcmp0(name, "hashsize") == 0 ||
            g_strcmp0(name, "maxelem") == 0) {
                if (value == NULL || *value == '\0') {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_VALUE,
                                    "Missing value for option '%s'", name);
                        return FALSE;
                }
                if (!g_ascii_string_to_unsigned(value, 10, 0, G_MAXUINT32, &v, NULL)) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_VALUE,
                                    "Option '%s': Value '%s' is not an integer", name, value);
                        return FALSE;
                }
                return TRUE;
        }
        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_OPTION, "Unknown option '%s'",
                    name != NULL ? name : "");
        return FALSE;
}

gboolean
zw_ipset_check(const ZwIpset *ipset, GError **error)
{
        g_return_val_if_fail(ipset != NULL, FALSE);
        if (!zw_check_name(ZW_KIND_IPSET, ipset->info.name, error))
                return FALSE;
        if (!zw_ipset_type_is_valid(ipset->type)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_TYPE,
                            "'%s' is not valid ipset type", ipset->type);
                return FALSE;
        }
        for (guint i = 0; i < ipset->options->len; i++) {
                const ZwIpsetOption *opt = g_ptr_array_index(ipset->options, i);
                if (!zw_ipset_check_option(ipset->type, opt->name, opt->value, error))
                        return FALSE;
        }
        if (zw_ipset_timeout(ipset) != 0 && ipset->entries->len > 0) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_IPSET_WITH_TIMEOUT,
                                    ipset->info.name);
                return FALSE;
        }
        for (guint i = 0; i < ipset->entries->len; i++)
                if (!zw_ipset_check_entry(ipset, g_ptr_array_index(ipset->entries, i), error))
                        return FALSE;
        return TRUE;
}

/* ---- entry validation (firewalld io/ipset.py check_entry) ---- */

static gboolean
is_v4(const char *s)
{
        return zw_check_host_address(ZW_FAMILY_IPV4, s, NULL, NULL);
}

static gboolean
is_v6(const char *s)
{
        return zw_check_host_address(ZW_FAMILY_IPV6, s, NULL, NULL);
}

static gboolean
is_net(gboolean v6, const char *s)
{
        return zw_check_address(v6 ? ZW_FAMILY_IPV6 : ZW_FAMILY_IPV4, s, NULL, NULL);
}

static gboolean
bad_entry(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static gboolean
bad_entry(GError **error, const char *fmt, ...)
{
        va_list ap;
        g_autofree char *msg = NULL;

        va_start(ap, fmt);
        msg = g_strdup_vprintf(fmt, ap);
        va_end(ap);
        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_ENTRY, msg);
        return FALSE;
}

/* firewalld names the set type and family in these messages ("… for hash:ip (ipv4)"); only
 * an IPv4 range past position 1 is reported by index (firewall/core/io/ipset.py) */
static gboolean
bad_addr(GError **error, const char *what, const char *item, const char *entry, const char *type,
         gboolean v6)
{
        return bad_entry(error, "invalid address%s '%s' in '%s' for %s (%s)", what, item, entry,
                         type, v6 ? "ipv6" : "ipv4");
}

static gboolean
check_ip_item(gboolean v6, const char *item, const char *entry, guint i, const char *type,
              GError **error)
{
        if (strchr(item, '-') != NULL && !v6) {
                g_auto(GStrv) r = g_strsplit(item, "-", -1);
                if (i > 1)
                        return bad_entry(error, "invalid address '%s' in '%s'[%u]", item, entry, i);
                if (g_strv_length(r) != 2)
                        return bad_addr(error, " range", item, entry, type, v6);
                for (guint k = 0; k < 2; k++)
                        if (!is_v4(r[k]))
                                return bad_addr(error, "", r[k], entry, type, v6);
                return TRUE;
        }
        if (!v6 && strcmp(item, "0.0.0.0") == 0)
                return bad_addr(error, "", item, entry, type, v6);
        /* a mask is only allowed in the first position */
        if (i == 0 ? is_net(v6, item) : (v6 ? is_v6(item) : is_v4(item)))
                return TRUE;
        return bad_addr(error, "", item, entry, type, v6);
}

static gboolean
check_net_item(gboolean v6, const char *item, const char *entry, guint i, const char *type,
               GError **error)
{
        if (strchr(item, '-') != NULL) {
                g_auto(GStrv) r = g_strsplit(item, "-", -1);
                if (g_strv_length(r) != 2)
                        return bad_addr(error, " range", item, entry, type, v6);
                if (!(v6 ? is_v6(r[0]) : is_v4(r[0])))
                        return bad_addr(error, "", r[0], entry, type, v6);
                if (!is_net(v6, r[1]))
                        return bad_addr(error, "", r[1], entry, type, v6);
                return TRUE;
        }
        if (g_str_has_suffix(item, "/0") || !is_net(v6, item))
                return bad_addr(error, "", item, entry, type, v6);
        return TRUE;
}

static gboolean
icmp_type_ok(int family, const char *t)
{
        g_auto(GStrv) tc = NULL;
        guint64 v;

        if (zw_icmptype_lookup(t, family, NULL, NULL))
                return TRUE;
        tc = g_strsplit(t, "/", -1);
        if (g_strv_length(tc) > 2)
                return FALSE;
        for (guint k = 0; tc[k] != NULL; k++)
                if (!g_ascii_string_to_unsigned(tc[k], 10, 0, 255, &v, NULL))
                        return FALSE;
        return TRUE;
}

static gboolean
check_port_item(gboolean v6, const char *item, const char *entry, GError **error)
{
        const char *colon = strchr(item, ':');
        g_autofree char *proto = NULL;
        const char *port;

        if (colon == NULL) {
                if (!zw_check_port(item, NULL, NULL))
                        return bad_entry(error, "invalid port '%s' in '%s'", item, entry);
                return TRUE;
        }
        if (strchr(colon + 1, ':') != NULL)
                return bad_entry(error, "invalid port '%s'", item);
        proto = g_strndup(item, (gsize)(colon - item));
        port = colon + 1;
        if (strcmp(proto, "icmp") == 0) {
                if (v6)
                        return bad_entry(error, "invalid protocol for family '%s' in '%s'",
                                         "ipv6", entry);
                if (!icmp_type_ok(4, port))
                        return bad_entry(error, "invalid icmp type '%s' in '%s'", port, entry);
                return TRUE;
        }
        if (strcmp(proto, "icmpv6") == 0 || strcmp(proto, "ipv6-icmp") == 0) {
                if (!v6)
                        return bad_entry(error, "invalid protocol for family '%s' in '%s'",
                                         "ipv4", entry);
                if (!icmp_type_ok(6, port))
                        return bad_entry(error, "invalid icmpv6 type '%s' in '%s'", port, entry);
                return TRUE;
        }
        if (strcmp(proto, "tcp") != 0 && strcmp(proto, "sctp") != 0 && strcmp(proto, "udp") != 0 &&
            strcmp(proto, "udplite") != 0 && !zw_check_protocol(proto, NULL))
                return bad_entry(error, "invalid protocol '%s' in '%s'", proto, entry);
        if (!zw_check_port(port, NULL, NULL))
                return bad_entry(error, "invalid port '%s'in '%s'", port, entry);
        return TRUE;
}

static gboolean
check_mark_item(const char *item, const char *entry, GError **error)
{
        guint64 v;
        gboolean ok;

        if (g_str_has_prefix(item, "0x") || g_str_has_prefix(item, "0X"))
                ok = g_ascii_string_to_unsigned(item + 2, 16, 0, G_MAXUINT32, &v, NULL);
        else
                ok = g_ascii_string_to_unsigned(item, 10, 0, G_MAXUINT32, &v, NULL);
        if (!ok)
                return bad_entry(error, "invalid mark '%s' in '%s'", item, entry);
        return TRUE;
}

gboolean
zw_ipset_check_entry(const ZwIpset *ipset, const char *entry, GError **error)
{
        g_auto(GStrv) flags = NULL;
        g_auto(GStrv) items = NULL;
        gboolean v6;

        g_return_val_if_fail(ipset != NULL, FALSE);
        if (entry == NULL || *entry == '\0')
                return bad_entry(error, "entry '%s' does not match ipset type '%s'", "",
                                 ipset->type);
        if (!zw_ipset_type_is_valid(ipset->type)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_IPSET,
                            "ipset type '%s' not usable", ipset->type);
                return FALSE;
        }
        v6 = strcmp(zw_ipset_family(ipset), "inet6") == 0;
        flags = g_strsplit(ipset->type + strlen("hash:"), ",", -1);
        items = g_strsplit(entry, ",", -1);
        if (g_strv_length(flags) != g_strv_length(items))
                return bad_entry(error, "entry '%s' does not match ipset type '%s'", entry,
                                 ipset->type);
        for (guint i = 0; flags[i] != NULL; i++) {
                const char *flag = flags[i];
                const char *item = items[i];
                gboolean ok = TRUE;

                if (strcmp(flag, "ip") == 0)
                        ok = check_ip_item(v6, item, entry, i, ipset->type, error);
                else if (strcmp(flag, "net") == 0)
                        ok = check_net_item(v6, item, entry, i, ipset->type, error);
                else if (strcmp(flag, "mac") == 0) {
                        /* ipset refuses the all-zero address */
                        if (!zw_is_mac(item) || strcmp(item, "00:00:00:00:00:00") == 0)
                                ok = bad_entry(error, "invalid mac address '%s' in '%s'", item,
                                               entry);
                } else if (strcmp(flag, "port") == 0)
                        ok = check_port_item(v6, item, entry, error);
                else if (strcmp(flag, "mark") == 0)
                        ok = check_mark_item(item, entry, error);
                else if (strcmp(flag, "iface") == 0) {
                        if (!zw_check_interface(item, NULL) || strlen(item) > 15)
                                ok = bad_entry(error, "invalid interface '%s' in '%s'", item,
                                               entry);
                }
                if (!ok)
                        return FALSE;
        }
        return TRUE;
}

/* ---- address normalisation and overlaps (firewalld's normalize_ipset_entry and
 * check_entry_overlaps_existing, which follow Python's ipaddress.ip_network) ---- */

typedef struct {
        int family; /* AF_INET or AF_INET6 */
        guint8 addr[16];
        guint prefix;
        gboolean has_prefix;
} Net;

static guint
addr_len(int family)
{
        return family == AF_INET ? 4 : 16;
}

static void
mask_net(Net *n)
{
        guint bytes = addr_len(n->family);

        for (guint i = 0; i < bytes; i++) {
                guint bit0 = i * 8;
                if (bit0 >= n->prefix)
                        n->addr[i] = 0;
                else if (bit0 + 8 > n->prefix)
                        n->addr[i] &= (guint8)(0xff << (8 - (n->prefix - bit0)));
        }
}

/* "a.b.c.d", "a.b.c.d/len", "a.b.c.d/m.a.s.k" (contiguous only), "v6[/len]" */
static gboolean
parse_net(const char *s, Net *n)
{
        const char *slash = strchr(s, '/');
        g_autofree char *host = slash != NULL ? g_strndup(s, (gsize)(slash - s)) : g_strdup(s);
        guint max;

        memset(n, 0, sizeof(*n));
        if (inet_pton(AF_INET, host, n->addr) == 1)
                n->family = AF_INET;
        else if (inet_pton(AF_INET6, host, n->addr) == 1)
                n->family = AF_INET6;
        else
                return FALSE;
        max = addr_len(n->family) * 8;
        n->prefix = max;
        if (slash == NULL)
                return TRUE;
        n->has_prefix = TRUE;
        if (n->family == AF_INET && strchr(slash + 1, '.') != NULL) {
                guint8 m[4];
                guint32 v;
                if (inet_pton(AF_INET, slash + 1, m) != 1)
                        return FALSE;
                v = ((guint32)m[0] << 24) | ((guint32)m[1] << 16) | ((guint32)m[2] << 8) | m[3];
                n->prefix = 0;
                while (n->prefix < 32 && (v & (0x80000000u >> n->prefix)) != 0)
                        n->prefix++;
                /* a non-contiguous mask is no network */
                if (n->prefix < 32 && (v << n->prefix) != 0)
                        return FALSE;
        } else {
                guint64 v;
                if (!g_ascii_string_to_unsigned(slash + 1, 10, 0, max, &v, NULL))
                        return FALSE;
                n->prefix = (guint)v;
        }
        mask_net(n);
        return TRUE;
}

static char *
format_net(const Net *n, gboolean with_prefix)
{
        char buf[INET6_ADDRSTRLEN];

        inet_ntop(n->family, n->addr, buf, sizeof(buf));
        if (!with_prefix)
                return g_strdup(buf);
        return g_strdup_printf("%s/%u", buf, n->prefix);
}

char *
zw_ipset_normalize_entry(const char *entry)
{
        g_auto(GStrv) parts = NULL;

        g_return_val_if_fail(entry != NULL, NULL);
        parts = g_strsplit(entry, ",", -1);
        for (guint i = 0; parts[i] != NULL; i++) {
                Net n;
                if (strchr(parts[i], '/') == NULL || !parse_net(parts[i], &n))
                        continue;
                g_free(parts[i]);
                parts[i] = format_net(&n, TRUE);
        }
        return g_strjoinv(",", parts);
}

static gboolean
net_overlaps(const Net *a, const Net *b)
{
        Net x = *a;
        Net y = *b;

        if (a->family != b->family)
                return FALSE;
        x.prefix = y.prefix = MIN(a->prefix, b->prefix);
        mask_net(&x);
        mask_net(&y);
        return memcmp(x.addr, y.addr, addr_len(a->family)) == 0;
}

static gboolean
check_overlaps_existing(const ZwIpset *ipset, const char *entry, GError **error)
{
        Net n;
        const char *other = NULL;

        /* only single-address types are compared, as firewalld does */
        if (strchr(entry, ',') != NULL || !parse_net(entry, &n))
                return TRUE;
        if (!n.has_prefix && ipset->n_nets == 0) {
                /* hosts only: a host overlaps nothing but itself */
        } else if (!n.has_prefix) {
                /* a host overlaps only networks that contain it: probe each prefix in the
                 * index instead of scanning every entry */
                guint max = addr_len(n.family) * 8;
                for (guint len = 0; len <= max && other == NULL; len++) {
                        Net probe = n;
                        g_autofree char *key = NULL;
                        probe.prefix = len;
                        mask_net(&probe);
                        key = format_net(&probe, TRUE);
                        other = g_hash_table_lookup(ipset->entry_index, key);
                }
        } else {
                for (guint i = 0; i < ipset->entries->len && other == NULL; i++) {
                        const char *e = g_ptr_array_index(ipset->entries, i);
                        Net m;
                        if (strcmp(e, entry) != 0 && parse_net(e, &m) && net_overlaps(&n, &m))
                                other = e;
                }
        }
        if (other == NULL)
                return TRUE;
        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ENTRY,
                    "Entry '%s' overlaps with existing entry '%s'", entry, other);
        return FALSE;
}

gboolean
zw_ipset_add_entry(ZwIpset *ipset, const char *entry, GError **error)
{
        char *e;

        g_return_val_if_fail(ipset != NULL, FALSE);
        if (zw_ipset_timeout(ipset) != 0) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_IPSET_WITH_TIMEOUT,
                                    ipset->info.name);
                return FALSE;
        }
        if (entry == NULL || !zw_ipset_check_entry(ipset, entry, error))
                return FALSE;
        e = zw_ipset_normalize_entry(entry);
        if (g_hash_table_contains(ipset->entry_index, e)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_ALREADY_ENABLED, "'%s' already is in '%s'",
                            e, ipset->info.name);
                g_free(e);
                return FALSE;
        }
        if (!check_overlaps_existing(ipset, e, error)) {
                g_free(e);
                return FALSE;
        }
        zw_ipset_insert_entry(ipset, e);
        return TRUE;
}

void
zw_ipset_insert_entry(ZwIpset *ipset, char *normalized)
{
        g_ptr_array_add(ipset->entries, normalized);
        g_hash_table_add(ipset->entry_index, normalized);
        if (strchr(normalized, '/') != NULL)
                ipset->n_nets++;
}

gboolean
zw_ipset_remove_entry(ZwIpset *ipset, const char *entry, GError **error)
{
        char *e;

        g_return_val_if_fail(ipset != NULL, FALSE);
        if (zw_ipset_timeout(ipset) != 0) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_IPSET_WITH_TIMEOUT,
                                    ipset->info.name);
                return FALSE;
        }
        if (entry != NULL) {
                g_autofree char *norm = zw_ipset_normalize_entry(entry);
                e = g_hash_table_lookup(ipset->entry_index, norm);
        } else {
                e = NULL;
        }
        if (e == NULL) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_NOT_ENABLED, "'%s' not in '%s'",
                            entry != NULL ? entry : "", ipset->info.name);
                return FALSE;
        }
        if (strchr(e, '/') != NULL)
                ipset->n_nets--;
        g_hash_table_remove(ipset->entry_index, e);
        g_ptr_array_remove(ipset->entries, e);
        return TRUE;
}

gboolean
zw_ipset_has_entry(const ZwIpset *ipset, const char *entry)
{
        g_autofree char *norm = NULL;

        g_return_val_if_fail(ipset != NULL, FALSE);
        if (entry == NULL)
                return FALSE;
        if (g_hash_table_contains(ipset->entry_index, entry))
                return TRUE;
        if (strchr(entry, '/') == NULL)
                return FALSE;
        norm = zw_ipset_normalize_entry(entry);
        return g_hash_table_contains(ipset->entry_index, norm);
}

void
zw_ipset_clear_entries(ZwIpset *ipset)
{
        g_return_if_fail(ipset != NULL);
        g_hash_table_remove_all(ipset->entry_index);
        g_ptr_array_set_size(ipset->entries, 0);
        ipset->n_nets = 0;
}
