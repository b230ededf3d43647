/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xml/load.h: load and check a whole configuration tree from disk */
#pragma once

#include <glib.h>

#include "core/tree.h"

G_BEGIN_DECLS

/* Load a configuration as firewalld does (config-formats.md §1):
 * - for each kind, fallback_dir/<kind>s (zonewall's own stock tree, may be NULL), then
 *   builtin_dir/<kind>s (may be NULL; overrides a fallback object of the same name), both as
 *   builtin objects (builtin and default TRUE; a copy is kept in tree->builtins);
 * - then admin_dir/<kind>s (may be NULL): a file replaces the builtin of the same name
 *   (builtin and default FALSE), a new object has builtin FALSE, default TRUE;
 *   admin_dir/zones/<dir>/<file>.xml are the combined zones "<dir>/<file>";
 * - admin_dir/firewalld.conf (missing: defaults), direct.xml, lockdown-whitelist.xml;
 * - then the whole tree is checked (zw_tree_check() semantics).
 * Only *.xml files are read, in sorted order. The first error aborts; its message names the
 * file unless firewalld's detail already names the object. Warnings (char *, "path: text")
 * go to `warnings` (may be NULL). */
ZwTree *zw_load_tree(const char *fallback_dir, const char *builtin_dir, const char *admin_dir,
                     GPtrArray *warnings, GError **error);

/* check-config: load and check, keep nothing */
gboolean zw_load_check_tree(const char *fallback_dir, const char *builtin_dir,
                            const char *admin_dir, GPtrArray *warnings, GError **error);

/* Check one file on its own: an object file (kind from its root element, name from the file
 * name), direct.xml / lockdown-whitelist.xml (by root element) or firewalld.conf (by name).
 * References to other objects are not checked. */
gboolean zw_load_check_file(const char *path, GPtrArray *warnings, GError **error);

G_END_DECLS
