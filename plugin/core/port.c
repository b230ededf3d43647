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

/* ---- lists of ZwPort * with firewalld's range semantics ---- */

typedef struct {
        guint lo, hi;
} Range;

static gboolean
entry_range(const ZwPort *p, const char *protocol, Range *r)
{
        return g_strcmp0(p->protocol, protocol) == 0 && zw_port_range(p->port, &r->lo, &r->hi);
}

static void
append_range(GPtrArray *ports, const char *protocol, Range r)
{
        g_autofree char *s = zw_port_range_to_string(r.lo, r.hi);

        g_ptr_array_add(ports, zw_port_new(s, protocol));
}

int
zw_ports_find_containing(const GPtrArray *ports, const char *port, const char *protocol)
{
        Range r, e;

        g_return_val_if_fail(ports != NULL, -1);
        if (port == NULL || !zw_port_range(port, &r.lo, &r.hi))
                return -1;
        for (guint i = 0; i < ports->len; i++)
                if (entry_range(g_ptr_array_index(ports, i), protocol, &e) && e.lo <= r.lo &&
                    r.hi <= e.hi)
                        return (int)i;
        return -1;
}

void
zw_ports_add_coalesced(GPtrArray *ports, const char *port, const char *protocol)
{
        gboolean changed = TRUE;
        Range r;

        g_return_if_fail(ports != NULL);
        if (port == NULL || !zw_port_range(port, &r.lo, &r.hi))
                return;
        /* firewalld's coalescePortRange(): overlapping (not adjacent) entries merge into one,
         * appended at the end; repeated until nothing overlaps any more */
        while (changed) {
                changed = FALSE;
                for (guint i = 0; i < ports->len; i++) {
                        Range e;
                        if (!entry_range(g_ptr_array_index(ports, i), protocol, &e) ||
                            e.hi < r.lo || e.lo > r.hi)
                                continue;
                        r.lo = MIN(r.lo, e.lo);
                        r.hi = MAX(r.hi, e.hi);
                        g_ptr_array_remove_index(ports, i);
                        changed = TRUE;
                        break;
                }
        }
        append_range(ports, protocol, r);
}

void
zw_ports_remove_range(GPtrArray *ports, const char *port, const char *protocol)
{
        g_autoptr(GArray) added = g_array_new(FALSE, FALSE, sizeof(Range));
        Range r;

        g_return_if_fail(ports != NULL);
        if (port == NULL || !zw_port_range(port, &r.lo, &r.hi))
                return;
        /* firewalld's breakPortRange(): cut r out of every overlapping entry; what remains
         * is appended at the end */
        for (guint i = 0; i < ports->len;) {
                Range e;
                if (!entry_range(g_ptr_array_index(ports, i), protocol, &e) || e.hi < r.lo ||
                    e.lo > r.hi) {
                        i++;
                        continue;
                }
                if (e.lo < r.lo) {
                        Range a = { e.lo, r.lo - 1 };
                        g_array_append_val(added, a);
                }
                if (e.hi > r.hi) {
                        Range b = { r.hi + 1, e.hi };
                        g_array_append_val(added, b);
                }
                g_ptr_array_remove_index(ports, i);
        }
        for (guint i = 0; i < added->len; i++)
                append_range(ports, protocol, g_array_index(added, Range, i));
}
