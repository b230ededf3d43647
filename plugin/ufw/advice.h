/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ufw/advice.h: ufw commands that come closest to a zone or policy, and what they leave out */
#pragma once

#include <glib.h>

#include "core/policy.h"
#include "core/zone.h"
#include "ufw/profile.h"

G_BEGIN_DECLS

/* UFW has no zones or policies, so they get no file. Instead: the ufw commands an operator
 * runs for the same effect (out_commands, char *, in the order ufw must see them) and a report
 * (ZwUfwReport *, service = the zone/policy name) for every part ufw cannot express.
 * PROFILES maps service name -> profile name for the services that got a profile; SERVICES
 * (optional) name -> const ZwService * for the others (e.g. firewalld's stock ones), whose
 * tcp/udp ports are then opened directly; a service in neither is reported. */
void zw_ufw_zone_advise(const ZwZone *zone, GHashTable *profiles, GHashTable *services,
                        GPtrArray *out_commands, GPtrArray *out_reports);
void zw_ufw_policy_advise(const ZwPolicy *policy, GHashTable *profiles, GHashTable *services,
                          GPtrArray *out_commands, GPtrArray *out_reports);

G_END_DECLS
