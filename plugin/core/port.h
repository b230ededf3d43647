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

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwPort, zw_port_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwForwardPort, zw_forward_port_free)

G_END_DECLS
