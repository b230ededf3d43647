/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/service.h: services: ports, protocols, helpers, destinations, includes */
#pragma once

#include <glib.h>

#include "core/object.h"
#include "core/port.h"

G_BEGIN_DECLS

typedef struct {
        ZwObjInfo info;           /* kind ZW_KIND_SERVICE */
        GPtrArray *ports;         /* ZwPort * */
        GPtrArray *protocols;     /* char * */
        GPtrArray *source_ports;  /* ZwPort * */
        GPtrArray *modules;       /* char *, legacy, stored as "ftp" (prefix stripped, _ -> -) */
        char *destination_ipv4;   /* NULL if absent */
        char *destination_ipv6;   /* NULL if absent */
        GPtrArray *includes;      /* char * service names */
        GPtrArray *helpers;       /* char * helper names */
} ZwService;

ZwService *zw_service_new(const char *name);
void zw_service_free(ZwService *service);
ZwService *zw_service_dup(const ZwService *service);
gboolean zw_service_equal(const ZwService *a, const ZwService *b);

/* Additions */
/* "nf_conntrack_ftp" -> "ftp", "nf_conntrack_netbios_ns" -> "netbios-ns"; others unchanged */
char *zw_service_normalize_module(const char *module);
/* normalised name must have >= 2 chars, else INVALID_MODULE */
gboolean zw_service_check_module(const char *module, GError **error);
/* family ipv4|ipv6 (INVALID_DESTINATION), address[/mask] of that family (INVALID_ADDR) */
gboolean zw_service_check_destination(const char *family, const char *address, GError **error);
/* name, ports, protocols, source ports, modules, destinations (includes need the tree) */
gboolean zw_service_check(const ZwService *service, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwService, zw_service_free)

G_END_DECLS
