/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xml/read.h: read firewalld XML files (objects, direct.xml, lockdown-whitelist.xml) */
#pragma once

#include <glib.h>

#include "core/direct.h"
#include "core/lockdown.h"
#include "core/object.h"

G_BEGIN_DECLS

/* All readers: `warnings` (may be NULL) collects char * messages for what firewalld only logs
 * (duplicates dropped, invalid rich rules skipped, deprecated attributes); the reader never logs.
 * Errors carry firewalld's code and detail: PARSE_ERROR for unknown elements/attributes and
 * missing attributes, INVALID_<KIND> "not a valid <kind> file: ..." for malformed XML,
 * INVALID_PORT, INVALID_ADDR, ... for bad values. */

/* Parse one object of `kind` named `name` (file name without .xml; "dir/file" for a combined
 * zone). The name is checked first (INVALID_NAME); the object is checked as a whole afterwards
 * (zw_zone_check(), ...), references to other objects are not (see zw_tree_check()).
 * Returns a ZwZone *, ZwService *, ... (free with zw_object_free()); origin fields unset. */
gpointer zw_xml_parse_object(ZwKind kind, const char *name, const char *data, gsize len,
                             GPtrArray *warnings, GError **error);
/* Read the file at `path`; info.path is its directory and info.filename its base name.
 * `name` NULL means the base name without ".xml". */
gpointer zw_xml_read_object(ZwKind kind, const char *name, const char *path,
                            GPtrArray *warnings, GError **error);

/* Kind from the root element of a document ("zone" -> ZW_KIND_ZONE); FALSE if the document is
 * not well formed or its root is not an object kind. */
gboolean zw_xml_detect_kind(const char *data, gsize len, ZwKind *out_kind);

/* direct.xml (config-formats.md §10); malformed XML is INVALID_TYPE "Not a valid file: ..." */
ZwDirect *zw_xml_parse_direct(const char *data, gsize len, GPtrArray *warnings, GError **error);
ZwDirect *zw_xml_read_direct(const char *path, GPtrArray *warnings, GError **error);

/* lockdown-whitelist.xml (config-formats.md §10) */
ZwLockdown *zw_xml_parse_lockdown(const char *data, gsize len, GPtrArray *warnings,
                                  GError **error);
ZwLockdown *zw_xml_read_lockdown(const char *path, GPtrArray *warnings, GError **error);

G_END_DECLS
