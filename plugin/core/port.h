/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/port.h: port, source-port and forward-port entries */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
        char *port;     /* "N" or "N-M", normalised (ascending, "80-80" -> "80") */
        char *protocol; /* tcp | udp | sctp | dccp */
} ZwPort;

typedef struct {
        char *port;
        char *protocol;
        char *to_port; /* "" if absent */
        char *to_addr; /* "" if absent */
} ZwForwardPort;

ZwPort *zw_port_new(const char *port, const char *protocol);
ZwPort *zw_port_dup(const ZwPort *p);
void zw_port_free(ZwPort *p);
gboolean zw_port_equal(const ZwPort *a, const ZwPort *b);
/* parse "N" or "N-M" (already checked) into bounds */
gboolean zw_port_range(const char *port, guint *out_lo, guint *out_hi);

ZwForwardPort *zw_forward_port_new(const char *port, const char *protocol, const char *to_port,
                                   const char *to_addr);
ZwForwardPort *zw_forward_port_dup(const ZwForwardPort *fp);
void zw_forward_port_free(ZwForwardPort *fp);
gboolean zw_forward_port_equal(const ZwForwardPort *a, const ZwForwardPort *b);

/* Additions: "N" when lo == hi, else "lo-hi" (ascending) */
char *zw_port_range_to_string(guint lo, guint hi);

/* Additions: arrays of ZwPort * with firewalld's range semantics (ports already checked).
 * Index of the first entry of `protocol` whose range contains all of `port`, or -1. */
int zw_ports_find_containing(const GPtrArray *ports, const char *port, const char *protocol);
/* merge with overlapping entries of the protocol (adjacent ones stay), result appended
 * (permanent addPort, and what a config file load does with overlapping ranges) */
void zw_ports_add_coalesced(GPtrArray *ports, const char *port, const char *protocol);
/* cut the range out of every overlapping entry; remainders appended (removePort) */
void zw_ports_remove_range(GPtrArray *ports, const char *port, const char *protocol);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwPort, zw_port_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwForwardPort, zw_forward_port_free)

G_END_DECLS
