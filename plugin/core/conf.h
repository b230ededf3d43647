/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/conf.h: firewalld.conf: typed keys plus the file's lines, so rewrites keep comments */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ZwConf ZwConf;

/* all keys at their firewalld defaults (DefaultZone=public, CleanupOnExit=yes, ...) */
ZwConf *zw_conf_new(void);
void zw_conf_free(ZwConf *conf);
ZwConf *zw_conf_dup(const ZwConf *conf);

/* Parse file contents as firewalld does: unknown keys, bad lines and bad values are ignored
 * (each pushed as a human-readable warning into out_warnings if non-NULL); never fails. */
ZwConf *zw_conf_parse(const char *contents, GPtrArray *out_warnings);
/* Contents to write back: comments and unknown lines kept, changed keys rewritten in place,
 * duplicates dropped, blank runs collapsed, new keys appended (not deprecated ones). */
char *zw_conf_format(const ZwConf *conf);

/* value as a string as the config D-Bus properties show it ("yes"/"no", "public", "100"),
 * NULL for an unknown key */
const char *zw_conf_get(const ZwConf *conf, const char *key);
/* validate and set; INVALID_VALUE "'<v>' for <key>" / INVALID_PROPERTY for unknown keys */
gboolean zw_conf_set(ZwConf *conf, const char *key, const char *value, GError **error);
/* NULL-terminated list of the keys in D-Bus property order (firewalld's keys only: zonewall's
 * own LogDeniedLimit and ConntrackLogInvalid are read, kept and written, but no property) */
const char *const *zw_conf_keys(void);

/* typed accessors */
const char *zw_conf_get_default_zone(const ZwConf *conf);
gboolean zw_conf_get_bool(const ZwConf *conf, const char *key);
const char *zw_conf_get_log_denied(const ZwConf *conf); /* all|unicast|broadcast|multicast|off */
/* LogDeniedLimit: FALSE for off/0 (no limit); else rate per unit (seconds: 1, 60, 3600,
 * 86400) and burst (0: nft's default). conf NULL: the default (5/second burst 10). */
gboolean zw_conf_get_log_denied_limit(const ZwConf *conf, guint *out_rate, guint *out_unit,
                                      guint *out_burst);

/* Additions: TRUE for the yes/no keys (CleanupOnExit, Lockdown, ...); MinimalMark is the
 * only integer property */
gboolean zw_conf_is_bool_key(const char *key);
/* TRUE if the parsed file itself sets KEY to a valid value (its first line for KEY, as
 * zw_conf_parse() takes it), FALSE when KEY only has its default */
gboolean zw_conf_is_explicit(const ZwConf *conf, const char *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwConf, zw_conf_free)

G_END_DECLS
