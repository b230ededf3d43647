/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ufw/source.h: the services, helpers and RPC side files zonewall-ufw-gen reads */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
        GHashTable *services; /* name -> ZwService *, owned */
        GHashTable *helpers;  /* name -> ZwHelper *, owned */
        GHashTable *zones;    /* name -> ZwZone *, owned: for advice only */
        GHashTable *policies; /* name -> ZwPolicy *, owned: for advice only */
        GHashTable *rpc;      /* service name -> char *: zw_ufw_rpc_describe() of NAME.rpc */
        GHashTable *targets;  /* names of services that get a profile */
        GPtrArray *errors;    /* char *: files that could not be read */
        GPtrArray *warnings;  /* char *: what the reader accepted with a warning */
} ZwUfwSource;

ZwUfwSource *zw_ufw_source_new(void);
void zw_ufw_source_free(ZwUfwSource *src);
/* Read the *.xml files of DIR as services (a later one replaces an earlier one of the same
 * name) with their side files DIR/NAME.rpc; TARGETS: give them profiles, else they only
 * resolve includes. Problems go to src->errors. */
void zw_ufw_source_load_services(ZwUfwSource *src, const char *dir, gboolean targets);
void zw_ufw_source_load_helpers(ZwUfwSource *src, const char *dir);
void zw_ufw_source_load_zones(ZwUfwSource *src, const char *dir);
void zw_ufw_source_load_policies(ZwUfwSource *src, const char *dir);
/* sorted names of the services that get a profile; strings borrowed */
GPtrArray *zw_ufw_source_targets(const ZwUfwSource *src);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwUfwSource, zw_ufw_source_free)

G_END_DECLS
