/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xml/write.h: format config objects as firewalld writes them, and write files atomically */
#pragma once

#include <glib.h>

#include "core/conf.h"
#include "core/direct.h"
#include "core/lockdown.h"
#include "core/object.h"

G_BEGIN_DECLS

/* The document firewalld's writers produce for this object (ZwZone *, ZwService *, ...):
 * UTF-8, <?xml version="1.0" encoding="utf-8"?>, two-space indent, one element per line,
 * element and attribute order of config-formats.md. */
char *zw_xml_format_object(gconstpointer object);
char *zw_xml_format_direct(const ZwDirect *direct);
char *zw_xml_format_lockdown(const ZwLockdown *lockdown);

/* Replace `path` with `contents` atomically: a temp file in the same directory, fsync, rename.
 * A previous file is kept as PATH.old (same inode, so mode and mtime are those of the previous
 * version); at no moment is PATH missing. Missing parent directories are created with 0750.
 * mode < 0: keep the mode of the previous file, 0644 for a new one. COMMAND_FAILED on I/O
 * errors. */
gboolean zw_xml_write_file(const char *path, const char *contents, int mode, GError **error);

/* <admin_dir>/<kind>s/<name>.xml (combined zones "dir/file": zones/dir/file.xml) */
char *zw_xml_object_path(const char *admin_dir, ZwKind kind, const char *name);
/* write the object to its file under admin_dir */
gboolean zw_xml_write_object(gconstpointer object, const char *admin_dir, GError **error);
/* Remove a user object: NAME.xml is renamed to NAME.xml.old (firewalld's only backup).
 * INVALID_<KIND> if the file does not exist. */
gboolean zw_xml_remove_object(ZwKind kind, const char *name, const char *admin_dir,
                              GError **error);

gboolean zw_xml_write_direct(const ZwDirect *direct, const char *path, GError **error);
gboolean zw_xml_write_lockdown(const ZwLockdown *lockdown, const char *path, GError **error);

/* firewalld.conf from zw_conf_format(): nothing is written when no key's value differs from
 * the file on disk (*out_written FALSE); otherwise the previous file is kept as .old and the
 * new one gets mode 0600. out_written may be NULL. */
gboolean zw_xml_write_conf(const ZwConf *conf, const char *path, gboolean *out_written,
                           GError **error);

G_END_DECLS
