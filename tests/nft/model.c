/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/nft/model.c: runtime models built by hand from core's public structs (tests only) */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "model.h"

/* The model is built by hand from the public structs, so these tests need nothing from core's
 * .c files; objects are owned by the fixture and freed by it. */

static GPtrArray *garbage;   /* pointers */
static GPtrArray *destroyers; /* their GDestroyNotify */

static void
reg(gpointer p, GDestroyNotify f)
{
        g_ptr_array_add(garbage, p);
        g_ptr_array_add(destroyers, (gpointer)f);
}

char *
keep(const char *s)
{
        char *d = g_strdup(s);

        reg(d, g_free);
        return d;
}

GPtrArray *
strv(const char *first, ...)
{
        GPtrArray *a = g_ptr_array_new();
        va_list ap;

        reg(a, (GDestroyNotify)g_ptr_array_unref);
        va_start(ap, first);
        for (const char *s = first; s != NULL; s = va_arg(ap, const char *))
                g_ptr_array_add(a, keep(s));
        va_end(ap);
        return a;
}

GPtrArray *
list(void)
{
        GPtrArray *a = g_ptr_array_new();

        reg(a, (GDestroyNotify)g_ptr_array_unref);
        return a;
}

ZwPort *
port(const char *p, const char *proto)
{
        ZwPort *x = g_new0(ZwPort, 1);

        reg(x, g_free);
        x->port = keep(p);
        x->protocol = keep(proto);
        return x;
}

GPtrArray *
ports(const char *spec)
{
        /* "22/tcp 5000-5010/udp" */
        GPtrArray *a = list();
        g_auto(GStrv) parts = g_strsplit(spec, " ", -1);

        for (guint i = 0; parts[i] != NULL; i++) {
                g_auto(GStrv) pp = g_strsplit(parts[i], "/", 2);

                if (*parts[i] != '\0')
                        g_ptr_array_add(a, port(pp[0], pp[1]));
        }
        return a;
}

static void
info(ZwObjInfo *i, ZwKind kind, const char *name)
{
        i->kind = kind;
        i->name = keep(name);
}

Model *
model_new(const char *default_zone)
{
        Model *m = g_new0(Model, 1);

        reg(m, g_free);
        for (int k = 0; k < ZW_KIND_N; k++) {
                m->tree.objects[k] = g_hash_table_new(g_str_hash, g_str_equal);
                reg(m->tree.objects[k], (GDestroyNotify)g_hash_table_unref);
        }
        m->rt.tree = &m->tree;
        m->rt.default_zone = keep(default_zone);
        m->rt.log_denied = keep("off");
        return m;
}


ZwZone *
zone(Model *m, const char *name)
{
        ZwZone *z = g_new0(ZwZone, 1);

        reg(z, g_free);
        info(&z->info, ZW_KIND_ZONE, name);
        z->target = keep("default");
        z->services = list();
        z->ports = list();
        z->protocols = list();
        z->icmp_blocks = list();
        z->forward_ports = list();
        z->source_ports = list();
        z->rules = list();
        z->interfaces = list();
        z->sources = list();
        z->forward = TRUE;
        g_hash_table_insert(m->tree.objects[ZW_KIND_ZONE], z->info.name, z);
        return z;
}

ZwService *
service(Model *m, const char *name, const char *port_spec)
{
        ZwService *s = g_new0(ZwService, 1);

        reg(s, g_free);
        info(&s->info, ZW_KIND_SERVICE, name);
        s->ports = ports(port_spec);
        s->protocols = list();
        s->source_ports = list();
        s->modules = list();
        s->includes = list();
        s->helpers = list();
        g_hash_table_insert(m->tree.objects[ZW_KIND_SERVICE], s->info.name, s);
        return s;
}

ZwHelper *
helper(Model *m, const char *name, const char *module, const char *family, const char *spec)
{
        ZwHelper *h = g_new0(ZwHelper, 1);

        reg(h, g_free);
        info(&h->info, ZW_KIND_HELPER, name);
        h->module = keep(module);
        h->family = keep(family);
        h->ports = ports(spec);
        g_hash_table_insert(m->tree.objects[ZW_KIND_HELPER], h->info.name, h);
        return h;
}

ZwPolicy *
policy(Model *m, const char *name, const char *target, int priority)
{
        ZwPolicy *p = g_new0(ZwPolicy, 1);

        reg(p, g_free);
        info(&p->info, ZW_KIND_POLICY, name);
        p->target = keep(target);
        p->priority = priority;
        p->services = list();
        p->ports = list();
        p->protocols = list();
        p->icmp_blocks = list();
        p->forward_ports = list();
        p->source_ports = list();
        p->rules = list();
        p->ingress_zones = list();
        p->egress_zones = list();
        g_hash_table_insert(m->tree.objects[ZW_KIND_POLICY], p->info.name, p);
        return p;
}

ZwIpset *
ipset(Model *m, const char *name, const char *type)
{
        ZwIpset *s = g_new0(ZwIpset, 1);

        reg(s, g_free);
        info(&s->info, ZW_KIND_IPSET, name);
        s->type = keep(type);
        s->options = list();
        s->entries = list();
        g_hash_table_insert(m->tree.objects[ZW_KIND_IPSET], s->info.name, s);
        return s;
}

void
ipset_option(ZwIpset *s, const char *name, const char *value)
{
        ZwIpsetOption *o = g_new0(ZwIpsetOption, 1);

        reg(o, g_free);
        o->name = keep(name);
        o->value = keep(value);
        g_ptr_array_add(s->options, o);
}

ZwForwardPort *
fwd_port(const char *p, const char *proto, const char *to_port, const char *to_addr)
{
        ZwForwardPort *f = g_new0(ZwForwardPort, 1);

        reg(f, g_free);
        f->port = keep(p);
        f->protocol = keep(proto);
        f->to_port = keep(to_port);
        f->to_addr = keep(to_addr);
        return f;
}

ZwRichAddr *
raddr(const char *address, const char *mac, const char *set, gboolean invert)
{
        ZwRichAddr *a = g_new0(ZwRichAddr, 1);

        reg(a, g_free);
        a->address = address ? keep(address) : NULL;
        a->mac = mac ? keep(mac) : NULL;
        a->ipset = set ? keep(set) : NULL;
        a->invert = invert;
        return a;
}

ZwRichRule *
rich(GPtrArray *rules, const char *family, int priority)
{
        ZwRichRule *r = g_new0(ZwRichRule, 1);

        reg(r, g_free);
        r->family = family ? keep(family) : NULL;
        r->priority = priority;
        g_ptr_array_add(rules, r);
        return r;
}

void
model_begin(void)
{
        garbage = g_ptr_array_new();
        destroyers = g_ptr_array_new();
}

void
model_end(void)
{
        for (guint i = garbage->len; i-- > 0;) {
                GDestroyNotify f = (GDestroyNotify)g_ptr_array_index(destroyers, i);

                f(g_ptr_array_index(garbage, i));
        }
        g_ptr_array_unref(garbage);
        g_ptr_array_unref(destroyers);
        garbage = NULL;
}
