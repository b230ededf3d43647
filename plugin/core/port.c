/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/port.c: port, source-port and forward-port entries */
#include "config.h"

#include <string.h>

#include "core/port.h"

ZwPort *
zw_port_new(const char *port, const char *protocol)
{
        ZwPort *p = g_new0(ZwPort, 1);

        p->port = g_strdup(port != NULL ? port : "");
        p->protocol = g_strdup(protocol != NULL ? protocol : "");
        return p;
}

ZwPort *
zw_port_dup(const ZwPort *p)
{
        g_return_val_if_fail(p != NULL, NULL);
        return zw_port_new(p->port, p->protocol);
}

void
zw_port_free(ZwPort *p)
{
        if (p == NULL)
                return;
        g_free(p->port);
        g_free(p->protocol);
        g_free(p);
}

gboolean
zw_port_equal(const ZwPort *a, const ZwPort *b)
{
        return g_strcmp0(a->port, b->port) == 0 && g_strcmp0(a->protocol, b->protocol) == 0;
}

static gboolean
parse_uint(const char *s, const char *end, guint *out)
{
        guint v = 0;

        if (s == end)
                return FALSE;
        for (const char *c = s; c < end; c++) {
                if (!g_ascii_isdigit(*c))
                        return FALSE;
                v = v * 10 + (guint)(*c - '0');
                if (v > 65535)
                        return FALSE;
        }
        *out = v;
        return TRUE;
}

gboolean
zw_port_range(const char *port, guint *out_lo, guint *out_hi)
{
        const char *dash;
        guint lo, hi;

        g_return_val_if_fail(port != NULL, FALSE);
        dash = strchr(port, '-');
        if (dash == NULL) {
                if (!parse_uint(port, port + strlen(port), &lo))
                        return FALSE;
                hi = lo;
        } else {
                if (!parse_uint(port, dash, &lo) ||
                    !parse_uint(dash + 1, dash + 1 + strlen(dash + 1), &hi))
                        return FALSE;
        }
        if (out_lo != NULL)
                *out_lo = MIN(lo, hi);
        if (out_hi != NULL)
                *out_hi = MAX(lo, hi);
        return TRUE;
}

char *
zw_port_range_to_string(guint lo, guint hi)
{
        if (lo == hi)
                return g_strdup_printf("%u", lo);
        return g_strdup_printf("%u-%u", MIN(lo, hi), MAX(lo, hi));
}

ZwForwardPort *
zw_forward_port_new(const char *port, const char *protocol, const char *to_port,
                    const char *to_addr)
{
        ZwForwardPort *fp = g_new0(ZwForwardPort, 1);

        fp->port = g_strdup(port != NULL ? port : "");
        fp->protocol = g_strdup(protocol != NULL ? protocol : "");
        fp->to_port = g_strdup(to_port != NULL ? to_port : "");
        fp->to_addr = g_strdup(to_addr != NULL ? to_addr : "");
        return fp;
}

ZwForwardPort *
zw_forward_port_dup(const ZwForwardPort *fp)
{
        g_return_val_if_fail(fp != NULL, NULL);
        return zw_forward_port_new(fp->port, fp->protocol, fp->to_port, fp->to_addr);
}

void
zw_forward_port_free(ZwForwardPort *fp)
{
        if (fp == NULL)
                return;
        g_free(fp->port);
        g_free(fp->protocol);
        g_free(fp->to_port);
        g_free(fp->to_addr);
        g_free(fp);
}

gboolean
zw_forward_port_equal(const ZwForwardPort *a, const ZwForwardPort *b)
{
        return g_strcmp0(a->port, b->port) == 0 && g_strcmp0(a->protocol, b->protocol) == 0 &&
               g_strcmp0(a->to_port, b->to_port) == 0 && g_strcmp0(a->to_addr, b->to_addr) == 0;
}
