/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/check.h: validators for ports, protocols, addresses, names, as firewalld checks them */
#pragma once

#include <glib.h>

#include "core/object.h"

G_BEGIN_DECLS

/* "N", "N-M" or an /etc/services name; INVALID_PORT with firewalld's detail
 * ("port number in '70000' is too big", "'x' is invalid port range", ...).
 * out_normalized (optional) gets "N" or "lo-hi" with lo < hi. */
gboolean zw_check_port(const char *port, char **out_normalized, GError **error);
/* tcp|udp|sctp|dccp, else INVALID_PROTOCOL "'foo' not from {'tcp'|'udp'|'sctp'|'dccp'}" */
gboolean zw_check_port_protocol(const char *protocol, GError **error);
/* any /etc/protocols name or 0-255, else INVALID_PROTOCOL */
gboolean zw_check_protocol(const char *protocol, GError **error);

typedef enum {
        ZW_FAMILY_ANY = 0,
        ZW_FAMILY_IPV4 = 4,
        ZW_FAMILY_IPV6 = 6,
} ZwFamily;

/* address with optional /len (IPv4 also dotted mask); family ANY accepts both; INVALID_ADDR */
gboolean zw_check_address(ZwFamily family, const char *addr, ZwFamily *out_family, GError **error);
/* single host address, no mask (forward-port to-addr) */
gboolean zw_check_host_address(ZwFamily family, const char *addr, ZwFamily *out_family,
                               GError **error);
/* xx:xx:xx:xx:xx:xx, INVALID_MAC */
gboolean zw_check_mac(const char *mac, GError **error);
/* 1-16 chars, no space / ! *, trailing + wildcard allowed; INVALID_INTERFACE */
gboolean zw_check_interface(const char *iface, GError **error);
/* zone/policy source: address, MAC or "ipset:name" (ipset existence not checked here);
 * INVALID_ADDR */
gboolean zw_check_source(const char *source, GError **error);
/* object names per kind (allowed chars, lengths); INVALID_NAME with firewalld's detail */
gboolean zw_check_name(ZwKind kind, const char *name, GError **error);

/* Additions */
/* forward port as firewalld checks it: port, tcp|udp|sctp|dccp, to-port and/or to-addr
 * (INVALID_FORWARD if neither), to-addr a single IPv4/IPv6 address (INVALID_ADDR).
 * out_port / out_to_port (optional) get the normalised ports ("" for an empty to-port). */
gboolean zw_check_forward_port(const char *port, const char *protocol, const char *to_port,
                               const char *to_addr, char **out_port, char **out_to_port,
                               GError **error);
/* every ZwPort * in the array valid (port and tcp|udp|sctp|dccp) */
gboolean zw_check_ports(const GPtrArray *ports, GError **error);
/* every ZwForwardPort * in the array valid */
gboolean zw_check_forward_ports(const GPtrArray *forward_ports, GError **error);
/* what zones and policies both carry, checked in firewalld's order: ports, protocols,
 * forward ports, source ports, rich rules (ZwPort *, char *, ZwForwardPort *, ZwPort *,
 * ZwRichRule *) */
gboolean zw_check_contents(const GPtrArray *ports, const GPtrArray *protocols,
                           const GPtrArray *forward_ports, const GPtrArray *source_ports,
                           const GPtrArray *rules, GError **error);
/* TRUE if xx:xx:xx:xx:xx:xx (no error) */
gboolean zw_is_mac(const char *mac);

G_END_DECLS
