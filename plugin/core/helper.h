/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/helper.h: conntrack helpers (module, family, ports) */
#pragma once

#include <glib.h>

#include "core/object.h"
#include "core/port.h"

G_BEGIN_DECLS

typedef struct {
        ZwObjInfo info;  /* kind ZW_KIND_HELPER */
        char *module;    /* "nf_conntrack_ftp" */
        char *family;    /* "", "ipv4" or "ipv6" */
        GPtrArray *ports;/* ZwPort * */
} ZwHelper;

ZwHelper *zw_helper_new(const char *name);
void zw_helper_free(ZwHelper *helper);
ZwHelper *zw_helper_dup(const ZwHelper *helper);
gboolean zw_helper_equal(const ZwHelper *a, const ZwHelper *b);
/* kernel helper type: module without "nf_conntrack_", '_' -> '-' ("netbios-ns") */
char *zw_helper_type_name(const ZwHelper *helper);

/* Additions */
/* "nf_conntrack_X": INVALID_MODULE "'x' does not start with 'nf_conntrack_'" /
 * "Module name 'x' too short" */
gboolean zw_helper_check_module(const char *module, GError **error);
/* "", ipv4 or ipv6, else INVALID_IPV */
gboolean zw_helper_check_family(const char *family, GError **error);
/* name, module, family, ports */
gboolean zw_helper_check(const ZwHelper *helper, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwHelper, zw_helper_free)

G_END_DECLS
