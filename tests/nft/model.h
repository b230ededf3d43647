/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/nft/model.h: runtime models built by hand from core's public structs (tests only) */
#pragma once

#include <glib.h>

#include "core/runtime.h"

/* Everything allocated here is freed by model_end(). */
typedef struct {
        ZwTree tree;
        ZwRuntime rt;
} Model;

void model_begin(void);
void model_end(void);

char *keep(const char *s);
GPtrArray *strv(const char *first, ...) G_GNUC_NULL_TERMINATED;
GPtrArray *list(void);
ZwPort *port(const char *p, const char *proto);
/* "22/tcp 5000-5010/udp" */
GPtrArray *ports(const char *spec);
Model *model_new(const char *default_zone);
ZwZone *zone(Model *m, const char *name);
ZwService *service(Model *m, const char *name, const char *port_spec);
ZwHelper *helper(Model *m, const char *name, const char *module, const char *family,
                 const char *spec);
ZwPolicy *policy(Model *m, const char *name, const char *target, int priority);
ZwIpset *ipset(Model *m, const char *name, const char *type);
void ipset_option(ZwIpset *s, const char *name, const char *value);
ZwForwardPort *fwd_port(const char *p, const char *proto, const char *to_port,
                        const char *to_addr);
ZwRichAddr *raddr(const char *address, const char *mac, const char *set, gboolean invert);
ZwRichRule *rich(GPtrArray *rules, const char *family, int priority);
