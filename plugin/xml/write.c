/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xml/write.c: firewalld's writers (element/attribute order, escaping) and atomic file writes */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xml/write.h"

#include "core/error.h"
#include "core/helper.h"
#include "core/icmptype.h"
#include "core/ipset.h"
#include "core/policy.h"
#include "core/richrule.h"
#include "core/service.h"
#include "core/zone.h"

/* ---- escaping as Python's xml.sax.saxutils ------------------------------------------------ */

/* escape(): &, <, > */
static void
append_escaped(GString *s, const char *text)
{
        for (const char *p = text; *p != '\0'; p++) {
                switch (*p) {
                case '&':
                        g_string_append(s, "&amp;");
                        break;
                case '<':
                        g_string_append(s, "&lt;");
                        break;
                case '>':
                        g_string_append(s, "&gt;");
                        break;
                default:
                        g_string_append_c(s, *p);
                        break;
                }
        }
}

/* quoteattr(): escape plus \n \r \t as character references; single quotes around a value
 * that contains '"' but no '\'' */
static void
append_attr(GString *s, const char *name, const char *value)
{
        gboolean dq = strchr(value, '"') != NULL;
        gboolean sq = strchr(value, '\'') != NULL;
        char quote = dq && !sq ? '\'' : '"';

        g_string_append_printf(s, " %s=%c", name, quote);
        for (const char *p = value; *p != '\0'; p++) {
                switch (*p) {
                case '&':
                        g_string_append(s, "&amp;");
                        break;
                case '<':
                        g_string_append(s, "&lt;");
                        break;
                case '>':
                        g_string_append(s, "&gt;");
                        break;
                case '\n':
                        g_string_append(s, "&#10;");
                        break;
                case '\r':
                        g_string_append(s, "&#13;");
                        break;
                case '\t':
                        g_string_append(s, "&#9;");
                        break;
                case '"':
                        g_string_append(s, quote == '"' ? "&quot;" : "\"");
                        break;
                default:
                        g_string_append_c(s, *p);
                        break;
                }
        }
        g_string_append_c(s, quote);
}

/* "<name a="v" ...": attribute pairs end with NULL; a NULL value skips that attribute */
static void
open_tag_va(GString *s, guint indent, const char *name, va_list ap)
{
        const char *a;

        for (guint i = 0; i < indent; i++)
                g_string_append_c(s, ' ');
        g_string_append_printf(s, "<%s", name);
        while ((a = va_arg(ap, const char *)) != NULL) {
                const char *v = va_arg(ap, const char *);
                if (v != NULL)
                        append_attr(s, a, v);
        }
}

/* one line "<name .../>" */
static void
simple(GString *s, guint indent, const char *name, ...) G_GNUC_NULL_TERMINATED;

static void
simple(GString *s, guint indent, const char *name, ...)
{
        va_list ap;

        va_start(ap, name);
        open_tag_va(s, indent, name, ap);
        va_end(ap);
        g_string_append(s, "/>\n");
}

/* "<name ...>" without newline */
static void
start(GString *s, guint indent, const char *name, ...) G_GNUC_NULL_TERMINATED;

static void
start(GString *s, guint indent, const char *name, ...)
{
        va_list ap;

        va_start(ap, name);
        open_tag_va(s, indent, name, ap);
        va_end(ap);
        g_string_append_c(s, '>');
}

static void
text_element(GString *s, const char *name, const char *text)
{
        if (text == NULL || *text == '\0')
                return;
        g_string_append_printf(s, "  <%s>", name);
        append_escaped(s, text);
        g_string_append_printf(s, "</%s>\n", name);
}

static void
header(GString *s)
{
        g_string_append(s, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
}

static const char *
nonempty(const char *s)
{
        return s != NULL && *s != '\0' ? s : NULL;
}

static void
ports(GString *s, const char *elem, const GPtrArray *list)
{
        for (guint i = 0; i < list->len; i++) {
                const ZwPort *p = g_ptr_array_index(list, i);
                simple(s, 2, elem, "port", p->port, "protocol", p->protocol, NULL);
        }
}

static void
names(GString *s, const char *elem, const char *attr, const GPtrArray *list)
{
        for (guint i = 0; i < list->len; i++)
                simple(s, 2, elem, attr, (const char *)g_ptr_array_index(list, i), NULL);
}

/* ---- rich rules (common_writer in io/policy.py) ------------------------------------------ */

/* "<name attrs/>" or, with a limit, the three-line form */
static void
limited(GString *s, const char *name, const char *limit, ...) G_GNUC_NULL_TERMINATED;

static void
limited(GString *s, const char *name, const char *limit, ...)
{
        va_list ap;

        va_start(ap, limit);
        open_tag_va(s, 4, name, ap);
        va_end(ap);
        if (limit == NULL) {
                g_string_append(s, "/>\n");
                return;
        }
        g_string_append(s, ">\n");
        simple(s, 6, "limit", "value", limit, NULL);
        g_string_append_printf(s, "    </%s>\n", name);
}

static void
rule_element(GString *s, const ZwRichRule *r)
{
        const char *v;

        switch (r->element.type) {
        case ZW_RICH_ELEMENT_SERVICE:
                simple(s, 4, "service", "name", r->element.name, NULL);
                break;
        case ZW_RICH_ELEMENT_PORT:
                simple(s, 4, "port", "port", r->element.port, "protocol", r->element.protocol,
                       NULL);
                break;
        case ZW_RICH_ELEMENT_PROTOCOL:
                simple(s, 4, "protocol", "value", r->element.name, NULL);
                break;
        case ZW_RICH_ELEMENT_TCP_MSS_CLAMP:
                v = nonempty(r->element.value);
                simple(s, 4, "tcp-mss-clamp", "value",
                       v != NULL && strcmp(v, "pmtu") != 0 ? v : NULL, NULL);
                break;
        case ZW_RICH_ELEMENT_MASQUERADE:
                simple(s, 4, "masquerade", NULL);
                break;
        case ZW_RICH_ELEMENT_ICMP_BLOCK:
                simple(s, 4, "icmp-block", "name", r->element.name, NULL);
                break;
        case ZW_RICH_ELEMENT_ICMP_TYPE:
                simple(s, 4, "icmp-type", "name", r->element.name, NULL);
                break;
        case ZW_RICH_ELEMENT_FORWARD_PORT:
                simple(s, 4, "forward-port", "port", r->element.port, "protocol",
                       r->element.protocol, "to-port", nonempty(r->element.to_port), "to-addr",
                       nonempty(r->element.to_addr), NULL);
                break;
        case ZW_RICH_ELEMENT_SOURCE_PORT:
                simple(s, 4, "source-port", "port", r->element.port, "protocol",
                       r->element.protocol, NULL);
                break;
        case ZW_RICH_ELEMENT_NONE:
        default:
                break;
        }
}

static void
rule(GString *s, const ZwRichRule *r)
{
        g_autofree char *prio = r->priority != 0 ? g_strdup_printf("%d", r->priority) : NULL;

        start(s, 2, "rule", "family", nonempty(r->family), "priority", prio, NULL);
        g_string_append_c(s, '\n');
        if (r->source != NULL)
                simple(s, 4, "source", "address", nonempty(r->source->address), "mac",
                       nonempty(r->source->mac), "ipset", nonempty(r->source->ipset), "invert",
                       r->source->invert ? "True" : NULL, NULL);
        if (r->destination != NULL)
                simple(s, 4, "destination", "address", nonempty(r->destination->address),
                       "ipset", nonempty(r->destination->ipset), "invert",
                       r->destination->invert ? "True" : NULL, NULL);
        rule_element(s, r);
        if (r->log.type == ZW_RICH_LOG_LOG)
                limited(s, "log", r->log.limit, "prefix", nonempty(r->log.prefix), "level",
                        nonempty(r->log.level), NULL);
        else if (r->log.type == ZW_RICH_LOG_NFLOG)
                limited(s, "nflog", r->log.limit, "group", nonempty(r->log.group), "prefix",
                        nonempty(r->log.prefix), "queue-size", nonempty(r->log.queue_size), NULL);
        if (r->audit.enabled)
                limited(s, "audit", r->audit.limit, NULL);
        switch (r->action.type) {
        case ZW_RICH_ACTION_ACCEPT:
                limited(s, "accept", r->action.limit, NULL);
                break;
        case ZW_RICH_ACTION_REJECT:
                limited(s, "reject", r->action.limit, "type", nonempty(r->action.reject_type),
                        NULL);
                break;
        case ZW_RICH_ACTION_DROP:
                limited(s, "drop", r->action.limit, NULL);
                break;
        case ZW_RICH_ACTION_MARK:
                limited(s, "mark", r->action.limit, "set", r->action.mark_set, NULL);
                break;
        case ZW_RICH_ACTION_NONE:
        default:
                break;
        }
        g_string_append(s, "  </rule>\n");
}

/* short ... rule*: what zones and policies share */
static void
common(GString *s, const ZwObjInfo *info, const GPtrArray *services, const GPtrArray *port_list,
       const GPtrArray *protocols, const GPtrArray *icmp_blocks, gboolean masquerade,
       const GPtrArray *forward_ports, const GPtrArray *source_ports, const GPtrArray *rules)
{
        text_element(s, "short", info->short_desc);
        text_element(s, "description", info->description);
        names(s, "service", "name", services);
        ports(s, "port", port_list);
        names(s, "protocol", "value", protocols);
        names(s, "icmp-block", "name", icmp_blocks);
        if (masquerade)
                simple(s, 2, "masquerade", NULL);
        for (guint i = 0; i < forward_ports->len; i++) {
                const ZwForwardPort *fp = g_ptr_array_index(forward_ports, i);
                simple(s, 2, "forward-port", "port", fp->port, "protocol", fp->protocol,
                       "to-port", nonempty(fp->to_port), "to-addr", nonempty(fp->to_addr), NULL);
        }
        ports(s, "source-port", source_ports);
        for (guint i = 0; i < rules->len; i++)
                rule(s, g_ptr_array_index(rules, i));
}

static void
format_zone(GString *s, const ZwZone *z)
{
        const char *target = zw_zone_normalize_target(z->target);

        start(s, 0, "zone", "version", nonempty(z->info.version), "target",
              strcmp(target, "default") != 0 ? target : NULL, NULL);
        g_string_append_c(s, '\n');
        common(s, &z->info, z->services, z->ports, z->protocols, z->icmp_blocks, z->masquerade,
               z->forward_ports, z->source_ports, z->rules);
        names(s, "interface", "name", z->interfaces);
        for (guint i = 0; i < z->sources->len; i++) {
                const char *src = g_ptr_array_index(z->sources, i);
                if (g_str_has_prefix(src, "ipset:"))
                        simple(s, 2, "source", "ipset", src + strlen("ipset:"), NULL);
                else
                        simple(s, 2, "source", "address", src, NULL);
        }
        if (z->icmp_block_inversion)
                simple(s, 2, "icmp-block-inversion", NULL);
        if (z->forward)
                simple(s, 2, "forward", NULL);
        g_string_append(s, "</zone>\n");
}

static void
format_policy(GString *s, const ZwPolicy *p)
{
        g_autofree char *prio = p->priority != -1 ? g_strdup_printf("%d", p->priority) : NULL;

        start(s, 0, "policy", "version", nonempty(p->info.version), "priority", prio, "target",
              p->target != NULL ? p->target : "CONTINUE", NULL);
        g_string_append_c(s, '\n');
        common(s, &p->info, p->services, p->ports, p->protocols, p->icmp_blocks, p->masquerade,
               p->forward_ports, p->source_ports, p->rules);
        names(s, "ingress-zone", "name", p->ingress_zones);
        names(s, "egress-zone", "name", p->egress_zones);
        g_string_append(s, "</policy>\n");
}

static void
format_service(GString *s, const ZwService *svc)
{
        start(s, 0, "service", "version", nonempty(svc->info.version), NULL);
        g_string_append_c(s, '\n');
        text_element(s, "short", svc->info.short_desc);
        text_element(s, "description", svc->info.description);
        ports(s, "port", svc->ports);
        names(s, "protocol", "value", svc->protocols);
        ports(s, "source-port", svc->source_ports);
        names(s, "module", "name", svc->modules);
        if (svc->destination_ipv4 != NULL || svc->destination_ipv6 != NULL)
                simple(s, 2, "destination", "ipv4", svc->destination_ipv4, "ipv6",
                       svc->destination_ipv6, NULL);
        names(s, "include", "service", svc->includes);
        names(s, "helper", "name", svc->helpers);
        g_string_append(s, "</service>\n");
}

static void
format_icmptype(GString *s, const ZwIcmpType *it)
{
        start(s, 0, "icmptype", "version", nonempty(it->info.version), NULL);
        g_string_append_c(s, '\n');
        text_element(s, "short", it->info.short_desc);
        text_element(s, "description", it->info.description);
        /* no <destination> means both families; keep an explicit list as it was given */
        if (it->destination_given && (it->ipv4 || it->ipv6))
                simple(s, 2, "destination", "ipv4", it->ipv4 ? "yes" : NULL, "ipv6",
                       it->ipv6 ? "yes" : NULL, NULL);
        g_string_append(s, "</icmptype>\n");
}

static void
format_helper(GString *s, const ZwHelper *h)
{
        start(s, 0, "helper", "module", h->module != NULL ? h->module : "", "version",
              nonempty(h->info.version), "family", nonempty(h->family), NULL);
        g_string_append_c(s, '\n');
        text_element(s, "short", h->info.short_desc);
        text_element(s, "description", h->info.description);
        ports(s, "port", h->ports);
        g_string_append(s, "</helper>\n");
}

static void
format_ipset(GString *s, const ZwIpset *ipset)
{
        start(s, 0, "ipset", "type", ipset->type != NULL ? ipset->type : "", "version",
              nonempty(ipset->info.version), NULL);
        g_string_append_c(s, '\n');
        text_element(s, "short", ipset->info.short_desc);
        text_element(s, "description", ipset->info.description);
        for (guint i = 0; i < ipset->options->len; i++) {
                const ZwIpsetOption *o = g_ptr_array_index(ipset->options, i);
                simple(s, 2, "option", "name", o->name, "value", nonempty(o->value), NULL);
        }
        for (guint i = 0; i < ipset->entries->len; i++)
                text_element(s, "entry", g_ptr_array_index(ipset->entries, i));
        g_string_append(s, "</ipset>\n");
}

char *
zw_xml_format_object(gconstpointer object)
{
        const ZwObjInfo *info = object;
        GString *s;

        g_return_val_if_fail(object != NULL, NULL);
        s = g_string_new(NULL);
        header(s);
        switch (info->kind) {
        case ZW_KIND_ZONE:
                format_zone(s, object);
                break;
        case ZW_KIND_POLICY:
                format_policy(s, object);
                break;
        case ZW_KIND_SERVICE:
                format_service(s, object);
                break;
        case ZW_KIND_ICMPTYPE:
                format_icmptype(s, object);
                break;
        case ZW_KIND_HELPER:
                format_helper(s, object);
                break;
        case ZW_KIND_IPSET:
                format_ipset(s, object);
                break;
        case ZW_KIND_N:
        default:
                g_string_free(s, TRUE);
                g_return_val_if_reached(NULL);
        }
        return g_string_free(s, FALSE);
}

/* ---- direct.xml and lockdown-whitelist.xml ------------------------------------------------ */

/* shlex.quote() */
static void
append_shell_quoted(GString *s, const char *arg)
{
        gboolean safe = *arg != '\0';

        for (const char *p = arg; *p != '\0' && safe; p++)
                safe = g_ascii_isalnum(*p) || strchr("_@%+=:,./-", *p) != NULL;
        if (safe) {
                g_string_append(s, arg);
                return;
        }
        g_string_append_c(s, '\'');
        for (const char *p = arg; *p != '\0'; p++) {
                if (*p == '\'')
                        g_string_append(s, "'\"'\"'");
                else
                        g_string_append_c(s, *p);
        }
        g_string_append_c(s, '\'');
}

static char *
join_args(const char *const *args)
{
        GString *s = g_string_new(NULL);

        for (guint i = 0; args != NULL && args[i] != NULL; i++) {
                if (i > 0)
                        g_string_append_c(s, ' ');
                append_shell_quoted(s, args[i]);
        }
        return g_string_free(s, FALSE);
}

static void
args_element(GString *s, const char *elem, const char *const *args, ...) G_GNUC_NULL_TERMINATED;

static void
args_element(GString *s, const char *elem, const char *const *args, ...)
{
        g_autofree char *joined = join_args(args);
        va_list ap;

        va_start(ap, args);
        open_tag_va(s, 2, elem, ap);
        va_end(ap);
        g_string_append_c(s, '>');
        append_escaped(s, joined);
        g_string_append_printf(s, "</%s>\n", elem);
}

char *
zw_xml_format_direct(const ZwDirect *direct)
{
        GString *s = g_string_new(NULL);
        g_autoptr(GPtrArray) done = g_ptr_array_new();

        g_return_val_if_fail(direct != NULL, NULL);
        header(s);
        g_string_append(s, "<direct>\n");
        /* firewalld keeps chains per (ipv, table), rules per (ipv, table, chain), passthroughs
         * per ipv, each group in order of first appearance */
        for (guint i = 0; i < direct->chains->len; i++) {
                const ZwDirectChain *c = g_ptr_array_index(direct->chains, i);
                if (g_ptr_array_find(done, c, NULL))
                        continue;
                for (guint j = i; j < direct->chains->len; j++) {
                        const ZwDirectChain *d = g_ptr_array_index(direct->chains, j);
                        if (g_strcmp0(c->ipv, d->ipv) != 0 || g_strcmp0(c->table, d->table) != 0)
                                continue;
                        g_ptr_array_add(done, (gpointer)d);
                        simple(s, 2, "chain", "ipv", d->ipv, "table", d->table, "chain", d->chain,
                               NULL);
                }
        }
        for (guint i = 0; i < direct->rules->len; i++) {
                const ZwDirectRule *r = g_ptr_array_index(direct->rules, i);
                if (g_ptr_array_find(done, r, NULL))
                        continue;
                for (guint j = i; j < direct->rules->len; j++) {
                        const ZwDirectRule *d = g_ptr_array_index(direct->rules, j);
                        g_autofree char *prio = NULL;
                        if (g_strcmp0(r->ipv, d->ipv) != 0 || g_strcmp0(r->table, d->table) != 0 ||
                            g_strcmp0(r->chain, d->chain) != 0)
                                continue;
                        g_ptr_array_add(done, (gpointer)d);
                        if (d->args == NULL || d->args[0] == NULL)
                                continue;
                        prio = g_strdup_printf("%d", d->priority);
                        args_element(s, "rule", (const char *const *)d->args, "ipv", d->ipv,
                                     "table", d->table, "chain", d->chain, "priority", prio, NULL);
                }
        }
        for (guint i = 0; i < direct->passthroughs->len; i++) {
                const ZwDirectPassthrough *p = g_ptr_array_index(direct->passthroughs, i);
                if (g_ptr_array_find(done, p, NULL))
                        continue;
                for (guint j = i; j < direct->passthroughs->len; j++) {
                        const ZwDirectPassthrough *d = g_ptr_array_index(direct->passthroughs, j);
                        if (g_strcmp0(p->ipv, d->ipv) != 0)
                                continue;
                        g_ptr_array_add(done, (gpointer)d);
                        if (d->args == NULL || d->args[0] == NULL)
                                continue;
                        args_element(s, "passthrough", (const char *const *)d->args, "ipv",
                                     d->ipv, NULL);
                }
        }
        g_string_append(s, "</direct>\n");
        return g_string_free(s, FALSE);
}

char *
zw_xml_format_lockdown(const ZwLockdown *ld)
{
        GString *s = g_string_new(NULL);

        g_return_val_if_fail(ld != NULL, NULL);
        header(s);
        g_string_append(s, "<whitelist>\n");
        names(s, "command", "name", ld->commands);
        for (guint i = 0; i < ld->uids->len; i++) {
                g_autofree char *id = g_strdup_printf("%d", g_array_index(ld->uids, gint32, i));
                simple(s, 2, "user", "id", id, NULL);
        }
        names(s, "user", "name", ld->users);
        names(s, "selinux", "context", ld->contexts);
        g_string_append(s, "</whitelist>\n");
        return g_string_free(s, FALSE);
}

/* ---- atomic writes ------------------------------------------------------------------------ */

static gboolean
io_error(GError **error, const char *what, const char *path, int err)
{
        g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "%s '%s': %s", what, path,
                    g_strerror(err));
        return FALSE;
}

static gboolean
write_all(int fd, const char *data, gsize len)
{
        while (len > 0) {
                ssize_t n = write(fd, data, len);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return FALSE;
                }
                data += n;
                len -= (gsize)n;
        }
        return TRUE;
}

/* copy with mode and times (shutil.copy2) when a hard link is not possible */
static gboolean
copy_file(const char *src, const char *dst, const struct stat *st, GError **error)
{
        g_autofree char *data = NULL;
        gsize len = 0;
        struct timespec times[2];
        int fd;

        if (!g_file_get_contents(src, &data, &len, NULL))
                return io_error(error, "Backup of", src, errno);
        fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0)
                return io_error(error, "Backup of", src, errno);
        times[0] = st->st_atim;
        times[1] = st->st_mtim;
        if (!write_all(fd, data, len) || fchmod(fd, st->st_mode & 07777) != 0 ||
            futimens(fd, times) != 0) {
                int err = errno;
                close(fd);
                return io_error(error, "Backup of", src, err);
        }
        if (close(fd) != 0)
                return io_error(error, "Backup of", src, errno);
        return TRUE;
}

/* PATH.old becomes the current PATH: a second name for the same inode, so the rename of the
 * new file over PATH leaves the previous version (mode, mtime and all) behind as .old */
static gboolean
keep_old(const char *path, const struct stat *st, GError **error)
{
        g_autofree char *old = g_strconcat(path, ".old", NULL);

        if (unlink(old) != 0 && errno != ENOENT)
                return io_error(error, "Backup of", path, errno);
        if (link(path, old) == 0)
                return TRUE;
        return copy_file(path, old, st, error);
}

static void
sync_dir(const char *dir)
{
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

        if (fd >= 0) {
                (void)fsync(fd);
                close(fd);
        }
}

gboolean
zw_xml_write_file(const char *path, const char *contents, int mode, GError **error)
{
        g_autofree char *dir = NULL;
        g_autofree char *base = NULL;
        g_autofree char *tmp = NULL;
        struct stat st;
        gboolean exists;
        int fd;

        g_return_val_if_fail(path != NULL && contents != NULL, FALSE);
        dir = g_path_get_dirname(path);
        base = g_path_get_basename(path);
        if (g_mkdir_with_parents(dir, 0750) != 0)
                return io_error(error, "cannot create", dir, errno);
        exists = stat(path, &st) == 0 && S_ISREG(st.st_mode);
        if (mode < 0)
                mode = exists ? (int)(st.st_mode & 07777) : 0644;

        tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
        fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600);
        if (fd < 0)
                return io_error(error, "cannot write", path, errno);
        if (!write_all(fd, contents, strlen(contents)) || fchmod(fd, (mode_t)mode) != 0 ||
            fsync(fd) != 0) {
                int err = errno;
                close(fd);
                unlink(tmp);
                return io_error(error, "cannot write", path, err);
        }
        if (close(fd) != 0) {
                int err = errno;
                unlink(tmp);
                return io_error(error, "cannot write", path, err);
        }
        if (exists && !keep_old(path, &st, error)) {
                unlink(tmp);
                return FALSE;
        }
        if (rename(tmp, path) != 0) {
                int err = errno;
                unlink(tmp);
                return io_error(error, "cannot write", path, err);
        }
        sync_dir(dir);
        return TRUE;
}

char *
zw_xml_object_path(const char *admin_dir, ZwKind kind, const char *name)
{
        g_autofree char *file = NULL;

        g_return_val_if_fail(admin_dir != NULL && kind < ZW_KIND_N && name != NULL, NULL);
        file = g_strconcat(name, ".xml", NULL);
        return g_build_filename(admin_dir, zw_kind_dir(kind), file, NULL);
}

gboolean
zw_xml_write_object(gconstpointer object, const char *admin_dir, GError **error)
{
        const ZwObjInfo *info = object;
        g_autofree char *path = NULL;
        g_autofree char *contents = NULL;

        g_return_val_if_fail(object != NULL && admin_dir != NULL, FALSE);
        path = zw_xml_object_path(admin_dir, info->kind, info->name);
        contents = zw_xml_format_object(object);
        return zw_xml_write_file(path, contents, -1, error);
}

gboolean
zw_xml_remove_object(ZwKind kind, const char *name, const char *admin_dir, GError **error)
{
        g_autofree char *path = zw_xml_object_path(admin_dir, kind, name);
        g_autofree char *old = NULL;

        g_return_val_if_fail(path != NULL, FALSE);
        old = g_strconcat(path, ".old", NULL);
        if (rename(path, old) != 0) {
                if (errno == ENOENT) {
                        g_set_error(error, ZW_ERROR, zw_kind_invalid_code(kind),
                                    "'%s': no such file", path);
                        return FALSE;
                }
                return io_error(error, "cannot rename", path, errno);
        }
        {
                g_autofree char *dir = g_path_get_dirname(path);
                sync_dir(dir);
        }
        return TRUE;
}

gboolean
zw_xml_write_direct(const ZwDirect *direct, const char *path, GError **error)
{
        g_autofree char *contents = zw_xml_format_direct(direct);

        return contents != NULL && zw_xml_write_file(path, contents, -1, error);
}

gboolean
zw_xml_write_lockdown(const ZwLockdown *lockdown, const char *path, GError **error)
{
        g_autofree char *contents = zw_xml_format_lockdown(lockdown);

        return contents != NULL && zw_xml_write_file(path, contents, -1, error);
}

gboolean
zw_xml_write_conf(const ZwConf *conf, const char *path, gboolean *out_written, GError **error)
{
        g_autofree char *current = NULL;
        g_autofree char *contents = NULL;

        g_return_val_if_fail(conf != NULL && path != NULL, FALSE);
        if (g_file_get_contents(path, &current, NULL, NULL)) {
                g_autoptr(ZwConf) on_disk = zw_conf_parse(current, NULL);
                const char *const *keys = zw_conf_keys();
                gboolean same = TRUE;

                for (guint i = 0; keys[i] != NULL && same; i++)
                        same = g_strcmp0(zw_conf_get(conf, keys[i]),
                                         zw_conf_get(on_disk, keys[i])) == 0;
                if (same) {
                        if (out_written != NULL)
                                *out_written = FALSE;
                        return TRUE;
                }
        }
        contents = zw_conf_format(conf);
        if (!zw_xml_write_file(path, contents, 0600, error))
                return FALSE;
        if (out_written != NULL)
                *out_written = TRUE;
        return TRUE;
}
