/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dbus/settings.h: model objects <-> firewalld's settings tuples and dicts (dbus-api.md §5) */
#pragma once

#include <gio/gio.h>

#include "core/tree.h"

G_BEGIN_DECLS

/* Getters return floating variants. Dicts omit empty strings and lists; booleans, target and
 * (policies) priority are always present. */
GVariant *zw_dbus_zone_to_dict(const ZwZone *zone);
GVariant *zw_dbus_zone_to_tuple(const ZwZone *zone);
GVariant *zw_dbus_service_to_dict(const ZwService *service);
GVariant *zw_dbus_service_to_tuple(const ZwService *service);
GVariant *zw_dbus_policy_to_dict(const ZwPolicy *policy);
GVariant *zw_dbus_icmptype_to_tuple(const ZwIcmpType *icmptype);
GVariant *zw_dbus_helper_to_tuple(const ZwHelper *helper);
GVariant *zw_dbus_ipset_to_tuple(const ZwIpset *ipset);

/* Runtime partial update of zone/policy `name` in `tree` from an a{sv} dict as
 * setZoneSettings2/setPolicySettings do: only keys present are touched, lists are diffed into
 * single runtime removes and adds. INVALID_OPTION for unknown keys, INVALID_TYPE for wrong value
 * types. On error the tree may be half-changed: call it on a copy. */
gboolean zw_dbus_apply_settings_dict(ZwTree *tree, ZwKind kind, const char *name, GVariant *dict,
                                     GError **error);

G_END_DECLS
