/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ufw/profile.h: a firewalld service as a UFW application profile, and what UFW cannot say */
#pragma once

#include <glib.h>

#include "core/helper.h"
#include "core/service.h"

G_BEGIN_DECLS

/* What of a service a UFW profile cannot carry (or carries differently); one report each. */
typedef enum {
        ZW_UFW_LOSS_RENAMED,          /* profile name differs from the service name */
        ZW_UFW_LOSS_INCLUDE,          /* <include> flattened: its ports are copied in */
        ZW_UFW_LOSS_INCLUDE_MISSING,  /* <include> of an unknown service: nothing copied */
        ZW_UFW_LOSS_HELPER,           /* <helper>: no conntrack helper is attached by ufw */
        ZW_UFW_LOSS_MODULE,           /* legacy <module>: same as a helper */
        ZW_UFW_LOSS_RPC,              /* RPC programs (services/NAME.rpc) follow rpcbind */
        ZW_UFW_LOSS_DESTINATION,      /* <destination>: the profile opens all addresses */
        ZW_UFW_LOSS_SOURCE_PORT,      /* <source-port> */
        ZW_UFW_LOSS_PROTOCOL,         /* <protocol>, or a port on sctp/dccp */
        ZW_UFW_LOSS_PORT,             /* a port UFW rejects (0, or not numeric) */
        ZW_UFW_LOSS_TRUNCATED,        /* title/description cut to UFW's 1024 characters */
        ZW_UFW_LOSS_NO_PORTS,         /* nothing left for ports=: no profile is written */
        ZW_UFW_LOSS_ZONE,             /* a zone: ufw has none (ufw/advice.h) */
        ZW_UFW_LOSS_POLICY,           /* a policy: ufw has none (ufw/advice.h) */
} ZwUfwLoss;

typedef struct {
        ZwUfwLoss kind;
        char *service; /* the service it comes from (an included one for flattened parts) */
        char *message; /* one line, for people: "conntrack helper 'ftp' (21/tcp) not attached" */
} ZwUfwReport;

/* Everything around one service the generator may look at; all members optional. */
typedef struct {
        GHashTable *services; /* name -> const ZwService *: for <include> */
        GHashTable *helpers;  /* name -> const ZwHelper *: to name a helper's ports */
        GHashTable *rpc;      /* service name -> const char *: its RPC programs and transports,
                               * as people read them ("mountd (100005) over tcp") */
        /* TRUE if NAME resolves in /etc/services (ufw refuses such profile names);
         * NULL: nothing is reserved */
        gboolean (*reserved)(const char *name, gpointer user_data);
        gpointer reserved_data;
} ZwUfwContext;

typedef struct {
        char *service;       /* firewalld service name */
        char *name;          /* profile (section) name */
        char *title;
        char *description;   /* one line, ASCII, ends with the "Not in UFW:" notes */
        GPtrArray *entries;  /* char *: the '|'-separated items of ports=, in order */
        GPtrArray *reports;  /* ZwUfwReport * */
} ZwUfwProfile;

#define ZW_UFW_NAME_MAX 64
#define ZW_UFW_VALUE_MAX 1024
#define ZW_UFW_PORTS_PER_ENTRY 15
#define ZW_UFW_RENAME_SUFFIX "-zonewall"

/* Build the profile of SERVICE. Inexpressible parts become reports (and notes in the
 * description); entries may then be empty (report NO_PORTS) and no file should be written.
 * Fails (INVALID_PORT) only if ports= would exceed what ufw reads, INVALID_NAME if no valid
 * name can be made. */
ZwUfwProfile *zw_ufw_profile_new(const ZwService *service, const ZwUfwContext *ctx,
                                 GError **error);
void zw_ufw_profile_free(ZwUfwProfile *profile);
/* The INI text of one profile file ("[name]", title=, description=, ports=), or NULL if the
 * profile has no entries. */
char *zw_ufw_profile_to_text(const ZwUfwProfile *profile);
/* "RENAMED", "HELPER", ... */
const char *zw_ufw_loss_name(ZwUfwLoss kind);
/* TRUE if NAME is a name ufw accepts as a profile name (length, characters, not "all", not
 * an integer); /etc/services is not consulted */
gboolean zw_ufw_name_is_valid(const char *name);

void zw_ufw_report_free(ZwUfwReport *report);


G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwUfwProfile, zw_ufw_profile_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwUfwReport, zw_ufw_report_free)

G_END_DECLS
