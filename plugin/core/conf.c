/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/conf.c: firewalld.conf: typed keys plus the file's lines, so rewrites keep comments */
#include "config.h"

#include <string.h>

#include "core/conf.h"

#include "core/check.h"
#include "core/error.h"

typedef enum {
        KEY_STRING,   /* DefaultZone */
        KEY_INT,      /* MinimalMark */
        KEY_BOOL,     /* yes|no|true|false */
        KEY_LOG_DENIED,
        KEY_BACKEND,
        KEY_HELPERS,  /* AutomaticHelpers: yes|no|system */
        KEY_LIMIT,    /* LogDeniedLimit: off|0|RATE/UNIT[ burst N] */
} KeyType;

/* D-Bus property order (dbus-api.md §5.5) */
static const struct {
        const char *key;
        const char *fallback;
        KeyType type;
        gboolean deprecated; /* never appended to the file */
        /* zonewall's own keys: no D-Bus property (firewalld has none), appended to the file
         * only when set to something else than the default */
        gboolean extension;
} keys[] = {
        { "DefaultZone", "public", KEY_STRING, FALSE },
        { "MinimalMark", "100", KEY_INT, TRUE },
        /* firewalld defaults to yes; zonewalld keeps its table when the key is absent, so a
         * stopped daemon never opens the node (issue 5); Debian's file says yes explicitly */
        { "CleanupOnExit", "no", KEY_BOOL, FALSE },
        { "CleanupModulesOnExit", "no", KEY_BOOL, FALSE },
        { "Lockdown", "no", KEY_BOOL, FALSE },
        { "IPv6_rpfilter", "yes", KEY_BOOL, FALSE },
        { "IndividualCalls", "no", KEY_BOOL, FALSE },
        { "LogDenied", "off", KEY_LOG_DENIED, FALSE },
        { "AutomaticHelpers", "no", KEY_HELPERS, TRUE },
        { "FirewallBackend", "nftables", KEY_BACKEND, FALSE },
        { "FlushAllOnReload", "yes", KEY_BOOL, FALSE },
        { "RFC3964_IPv4", "yes", KEY_BOOL, FALSE },
        { "AllowZoneDrifting", "no", KEY_BOOL, TRUE },
        /* firewalld#439: LogDenied without a limit floods the log under a scan */
        { "LogDeniedLimit", "5/second burst 10", KEY_LIMIT, FALSE, TRUE },
        /* net.netfilter.nf_conntrack_log_invalid = 255 while yes */
        { "ConntrackLogInvalid", "no", KEY_BOOL, FALSE, TRUE },
};

#define N_KEYS G_N_ELEMENTS(keys)

struct _ZwConf {
        char *values[N_KEYS];
        GPtrArray *lines; /* char *: the parsed file, verbatim, without '\n' */
};

static int
key_index(const char *key)
{
        for (gsize i = 0; key != NULL && i < N_KEYS; i++)
                if (strcmp(keys[i].key, key) == 0)
                        return (int)i;
        return -1;
}

ZwConf *
zw_conf_new(void)
{
        ZwConf *conf = g_new0(ZwConf, 1);

        for (gsize i = 0; i < N_KEYS; i++)
                conf->values[i] = g_strdup(keys[i].fallback);
        conf->lines = g_ptr_array_new_with_free_func(g_free);
        return conf;
}

void
zw_conf_free(ZwConf *conf)
{
        if (conf == NULL)
                return;
        for (gsize i = 0; i < N_KEYS; i++)
                g_free(conf->values[i]);
        g_ptr_array_unref(conf->lines);
        g_free(conf);
}

ZwConf *
zw_conf_dup(const ZwConf *conf)
{
        ZwConf *dup;

        g_return_val_if_fail(conf != NULL, NULL);
        dup = g_new0(ZwConf, 1);
        for (gsize i = 0; i < N_KEYS; i++)
                dup->values[i] = g_strdup(conf->values[i]);
        dup->lines = zw_strv_array_dup(conf->lines);
        return dup;
}

const char *const *
zw_conf_keys(void)
{
        static const char *names[N_KEYS + 1];
        static gsize init = 0;

        if (g_once_init_enter(&init)) {
                gsize n = 0;

                for (gsize i = 0; i < N_KEYS; i++)
                        if (!keys[i].extension)
                                names[n++] = keys[i].key;
                g_once_init_leave(&init, 1);
        }
        return names;
}

static gboolean
is_bool(const char *v)
{
        return g_ascii_strcasecmp(v, "yes") == 0 || g_ascii_strcasecmp(v, "no") == 0 ||
               g_ascii_strcasecmp(v, "true") == 0 || g_ascii_strcasecmp(v, "false") == 0;
}

/* "off" / "0": no limit (*out_rate 0); "RATE/UNIT" or "RATE/UNIT burst N" */
static gboolean
parse_limit(const char *v, guint *out_rate, guint *out_unit, guint *out_burst)
{
        static const struct {
                const char *name;
                guint seconds;
        } units[] = { { "second", 1 }, { "minute", 60 }, { "hour", 3600 }, { "day", 86400 } };
        g_auto(GStrv) words = NULL;
        g_auto(GStrv) rate = NULL;
        guint64 r, b = 0;
        guint unit = 0;

        if (strcmp(v, "off") == 0 || strcmp(v, "0") == 0) {
                *out_rate = *out_unit = *out_burst = 0;
                return TRUE;
        }
        words = g_strsplit_set(v, " \t", -1);
        /* drop the empty words of repeated blanks */
        for (guint i = 0, k = 0;; i++) {
                if (words[i] == NULL) {
                        words[k] = NULL;
                        break;
                }
                if (*words[i] == '\0') {
                        g_free(words[i]);
                        continue;
                }
                words[k++] = words[i];
        }
        if (words[0] == NULL ||
            !(words[1] == NULL || (g_strcmp0(words[1], "burst") == 0 && words[2] != NULL &&
                                   words[3] == NULL)))
                return FALSE;
        rate = g_strsplit(words[0], "/", -1);
        if (g_strv_length(rate) != 2 ||
            !g_ascii_string_to_unsigned(rate[0], 10, 1, 1000000, &r, NULL))
                return FALSE;
        for (gsize i = 0; i < G_N_ELEMENTS(units); i++)
                if (strcmp(rate[1], units[i].name) == 0)
                        unit = units[i].seconds;
        if (unit == 0)
                return FALSE;
        if (words[1] != NULL && !g_ascii_string_to_unsigned(words[2], 10, 1, 1000000, &b, NULL))
                return FALSE;
        *out_rate = (guint)r;
        *out_unit = unit;
        *out_burst = (guint)b;
        return TRUE;
}

static gboolean
value_ok(gsize i, const char *v)
{
        static const char *const log_denied[] = { "all", "unicast", "broadcast", "multicast",
                                                  "off", NULL };
        guint64 n;

        if (v == NULL || *v == '\0')
                return FALSE;
        switch (keys[i].type) {
        case KEY_STRING:
                return zw_check_name(ZW_KIND_ZONE, v, NULL);
        case KEY_INT:
                return g_ascii_string_to_unsigned(v, 10, 0, G_MAXINT32, &n, NULL);
        case KEY_BOOL:
                return is_bool(v);
        case KEY_LOG_DENIED:
                return g_strv_contains(log_denied, v);
        case KEY_BACKEND:
                return strcmp(v, "nftables") == 0 || strcmp(v, "iptables") == 0;
        case KEY_HELPERS:
                return is_bool(v) || strcmp(v, "system") == 0;
        case KEY_LIMIT: {
                guint rate, unit, burst;

                return parse_limit(v, &rate, &unit, &burst);
        }
        default:
                return FALSE;
        }
}

static void
warn(GPtrArray *out_warnings, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
warn(GPtrArray *out_warnings, const char *fmt, ...)
{
        va_list ap;

        if (out_warnings == NULL)
                return;
        va_start(ap, fmt);
        g_ptr_array_add(out_warnings, g_strdup_vprintf(fmt, ap));
        va_end(ap);
}

ZwConf *
zw_conf_parse(const char *contents, GPtrArray *out_warnings)
{
        g_autoptr(ZwConf) conf = zw_conf_new();
        g_auto(GStrv) lines = NULL;
        gboolean seen[N_KEYS] = { FALSE };

        lines = g_strsplit(contents != NULL ? contents : "", "\n", -1);
        for (guint n = 0; lines[n] != NULL; n++) {
                g_autofree char *line = g_strstrip(g_strdup(lines[n]));
                g_auto(GStrv) pair = NULL;
                int idx;

                /* the final empty string after a trailing newline is not a line */
                if (lines[n + 1] != NULL || *lines[n] != '\0')
                        g_ptr_array_add(conf->lines, g_strdup(lines[n]));
                if (*line == '\0' || *line == '#' || *line == ';')
                        continue;
                pair = g_strsplit(line, "=", -1);
                if (g_strv_length(pair) != 2) {
                        warn(out_warnings, "Invalid option definition: '%s'", line);
                        continue;
                }
                g_strstrip(pair[0]);
                g_strstrip(pair[1]);
                idx = key_index(pair[0]);
                if (idx < 0) {
                        warn(out_warnings, "Invalid option: '%s'", line);
                        continue;
                }
                if (*pair[1] == '\0') {
                        warn(out_warnings, "Missing value: '%s'", line);
                        continue;
                }
                if (seen[idx]) {
                        warn(out_warnings, "Duplicate option definition: '%s'", line);
                        continue;
                }
                seen[idx] = TRUE;
                if (!value_ok((gsize)idx, pair[1])) {
                        warn(out_warnings, "%s '%s' is not valid, using default value %s",
                             keys[idx].key, pair[1], keys[idx].fallback);
                        continue;
                }
                g_free(conf->values[idx]);
                conf->values[idx] = g_strdup(pair[1]);
        }
        return g_steal_pointer(&conf);
}

char *
zw_conf_format(const ZwConf *conf)
{
        GString *out = g_string_new(NULL);
        gboolean done[N_KEYS] = { FALSE };
        g_autoptr(GHashTable) done_other = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                                                  NULL);
        gboolean empty = FALSE;

        g_return_val_if_fail(conf != NULL, NULL);
        /* firewalld's write(): '#' comments and lines that are not one KEY=VALUE are kept
         * verbatim, a key's first line is kept unless its value changed, later ones dropped,
         * runs of empty lines collapse into one */
        for (guint n = 0; n < conf->lines->len; n++) {
                const char *line = g_ptr_array_index(conf->lines, n);
                g_auto(GStrv) pair = NULL;
                g_autofree char *key = NULL;
                g_autofree char *value = NULL;
                int idx;

                if (*line == '\0') {
                        if (!empty)
                                g_string_append_c(out, '\n');
                        empty = TRUE;
                        continue;
                }
                pair = g_strsplit(line, "=", -1);
                if (line[0] == '#' || g_strv_length(pair) != 2) {
                        empty = FALSE;
                        g_string_append_printf(out, "%s\n", line);
                        continue;
                }
                key = g_strstrip(g_strdup(pair[0]));
                value = g_strstrip(g_strdup(pair[1]));
                idx = key_index(key);
                if (idx < 0) {
                        if (g_hash_table_contains(done_other, key))
                                continue;
                        g_hash_table_add(done_other, g_steal_pointer(&key));
                        empty = FALSE;
                        g_string_append_printf(out, "%s\n", line);
                        continue;
                }
                if (done[idx]) {
                        /* duplicate line of a known key: dropped (empty state unchanged) */
                        continue;
                }
                done[idx] = TRUE;
                empty = FALSE;
                if (g_strcmp0(conf->values[idx], value) != 0)
                        g_string_append_printf(out, "%s=%s\n", key, conf->values[idx]);
                else
                        g_string_append_printf(out, "%s\n", line);
        }
        for (gsize i = 0; i < N_KEYS; i++) {
                if (done[i] || keys[i].deprecated ||
                    (keys[i].extension && strcmp(conf->values[i], keys[i].fallback) == 0))
                        continue;
                if (!empty && out->len > 0)
                        g_string_append_c(out, '\n');
                empty = TRUE;
                g_string_append_printf(out, "%s=%s\n", keys[i].key, conf->values[i]);
        }
        return g_string_free(out, FALSE);
}

const char *
zw_conf_get(const ZwConf *conf, const char *key)
{
        int idx;

        g_return_val_if_fail(conf != NULL, NULL);
        idx = key_index(key);
        return idx < 0 ? NULL : conf->values[idx];
}

gboolean
zw_conf_set(ZwConf *conf, const char *key, const char *value, GError **error)
{
        int idx;

        g_return_val_if_fail(conf != NULL, FALSE);
        idx = key_index(key);
        if (idx < 0) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_PROPERTY,
                                    key != NULL ? key : "");
                return FALSE;
        }
        if (!value_ok((gsize)idx, value)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_VALUE, "'%s' for %s",
                            value != NULL ? value : "", key);
                return FALSE;
        }
        g_free(conf->values[idx]);
        conf->values[idx] = g_strdup(value);
        return TRUE;
}

const char *
zw_conf_get_default_zone(const ZwConf *conf)
{
        return zw_conf_get(conf, "DefaultZone");
}

gboolean
zw_conf_get_bool(const ZwConf *conf, const char *key)
{
        const char *v = zw_conf_get(conf, key);

        return v != NULL &&
               (g_ascii_strcasecmp(v, "yes") == 0 || g_ascii_strcasecmp(v, "true") == 0);
}

const char *
zw_conf_get_log_denied(const ZwConf *conf)
{
        return zw_conf_get(conf, "LogDenied");
}

gboolean
zw_conf_get_log_denied_limit(const ZwConf *conf, guint *out_rate, guint *out_unit,
                             guint *out_burst)
{
        guint rate = 0, unit = 0, burst = 0;
        const char *v = conf != NULL ? zw_conf_get(conf, "LogDeniedLimit")
                                     : keys[key_index("LogDeniedLimit")].fallback;

        if (!parse_limit(v, &rate, &unit, &burst) || rate == 0)
                return FALSE;
        if (out_rate != NULL)
                *out_rate = rate;
        if (out_unit != NULL)
                *out_unit = unit;
        if (out_burst != NULL)
                *out_burst = burst;
        return TRUE;
}

gboolean
zw_conf_is_bool_key(const char *key)
{
        int idx = key_index(key);

        return idx >= 0 && keys[idx].type == KEY_BOOL;
}

gboolean
zw_conf_is_explicit(const ZwConf *conf, const char *key)
{
        int idx = key_index(key);

        g_return_val_if_fail(conf != NULL, FALSE);
        if (idx < 0)
                return FALSE;
        /* the same reading as zw_conf_parse(): the first KEY=VALUE line counts if valid */
        for (guint n = 0; n < conf->lines->len; n++) {
                g_autofree char *line = g_strstrip(g_strdup(g_ptr_array_index(conf->lines, n)));
                g_auto(GStrv) pair = NULL;

                if (*line == '\0' || *line == '#' || *line == ';')
                        continue;
                pair = g_strsplit(line, "=", -1);
                if (g_strv_length(pair) != 2 || strcmp(g_strstrip(pair[0]), key) != 0)
                        continue;
                g_strstrip(pair[1]);
                if (*pair[1] == '\0')
                        continue;
                return value_ok((gsize)idx, pair[1]);
        }
        return FALSE;
}
