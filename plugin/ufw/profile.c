/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ufw/profile.c: a firewalld service as a UFW application profile, and what UFW cannot say */
#include "config.h"

#include <string.h>

#include "core/error.h"
#include "ufw/profile.h"

/* The rules below are ufw 0.36's (applications.py, util.py, common.py): mission-facts.md §C. */

typedef struct {
        guint lo;
        guint hi; /* == lo for a single port */
} Range;

typedef struct {
        const ZwService *top;
        const ZwUfwContext *ctx;
        GArray *tcp;         /* Range */
        GArray *udp;         /* Range */
        GHashTable *visited; /* service names already flattened */
        GPtrArray *reports;  /* ZwUfwReport * */
} Build;

static const char *const loss_names[] = {
        [ZW_UFW_LOSS_RENAMED] = "RENAMED",
        [ZW_UFW_LOSS_INCLUDE] = "INCLUDE",
        [ZW_UFW_LOSS_INCLUDE_MISSING] = "INCLUDE_MISSING",
        [ZW_UFW_LOSS_HELPER] = "HELPER",
        [ZW_UFW_LOSS_MODULE] = "MODULE",
        [ZW_UFW_LOSS_RPC] = "RPC",
        [ZW_UFW_LOSS_DESTINATION] = "DESTINATION",
        [ZW_UFW_LOSS_SOURCE_PORT] = "SOURCE_PORT",
        [ZW_UFW_LOSS_PROTOCOL] = "PROTOCOL",
        [ZW_UFW_LOSS_PORT] = "PORT",
        [ZW_UFW_LOSS_TRUNCATED] = "TRUNCATED",
        [ZW_UFW_LOSS_NO_PORTS] = "NO_PORTS",
        [ZW_UFW_LOSS_ZONE] = "ZONE",
        [ZW_UFW_LOSS_POLICY] = "POLICY",
};

const char *
zw_ufw_loss_name(ZwUfwLoss kind)
{
        if ((guint) kind >= G_N_ELEMENTS(loss_names))
                return NULL;
        return loss_names[kind];
}

void
zw_ufw_report_free(ZwUfwReport *report)
{
        if (report == NULL)
                return;
        g_free(report->service);
        g_free(report->message);
        g_free(report);
}

void
zw_ufw_profile_free(ZwUfwProfile *profile)
{
        if (profile == NULL)
                return;
        g_free(profile->service);
        g_free(profile->name);
        g_free(profile->title);
        g_free(profile->description);
        g_clear_pointer(&profile->entries, g_ptr_array_unref);
        g_clear_pointer(&profile->reports, g_ptr_array_unref);
        g_free(profile);
}

G_GNUC_PRINTF(4, 5)
static void
report(Build *b, ZwUfwLoss kind, const char *service, const char *fmt, ...)
{
        ZwUfwReport *r = g_new0(ZwUfwReport, 1);
        g_autofree char *msg = NULL;
        va_list ap;

        va_start(ap, fmt);
        msg = g_strdup_vprintf(fmt, ap);
        va_end(ap);
        r->kind = kind;
        r->service = g_strdup(service);
        /* a flattened include's loss is named after it, so the reader knows where it is from */
        if (service != NULL && g_strcmp0(service, b->top->info.name) != 0)
                r->message = g_strdup_printf("included service '%s': %s", service, msg);
        else
                r->message = g_steal_pointer(&msg);
        g_ptr_array_add(b->reports, r);
}

/* Python's int() accepts "+12", "-3" and "1_000": ufw rejects profile names it can parse */
static gboolean
looks_like_int(const char *s)
{
        gboolean digit_before = FALSE;

        if (*s == '+' || *s == '-')
                s++;
        if (!g_ascii_isdigit(*s))
                return FALSE;
        for (; *s != '\0'; s++) {
                if (g_ascii_isdigit(*s))
                        digit_before = TRUE;
                else if (*s == '_' && digit_before && g_ascii_isdigit(s[1]))
                        digit_before = FALSE;
                else
                        return FALSE;
        }
        return TRUE;
}

static gboolean
name_char_ok(char c)
{
        return g_ascii_isalnum(c) || c == ' ' || c == '_' || c == '-' || c == '.' || c == '+';
}

gboolean
zw_ufw_name_is_valid(const char *name)
{
        g_return_val_if_fail(name != NULL, FALSE);

        if (*name == '\0' || strlen(name) > ZW_UFW_NAME_MAX)
                return FALSE;
        if (!g_ascii_isalnum(name[0]))
                return FALSE;
        for (const char *p = name; *p != '\0'; p++) {
                if (!name_char_ok(*p))
                        return FALSE;
        }
        return strcmp(name, "all") != 0 && !looks_like_int(name);
}

static gboolean
is_reserved(const ZwUfwContext *ctx, const char *name)
{
        return ctx != NULL && ctx->reserved != NULL && ctx->reserved(name, ctx->reserved_data);
}

/* The profile name: the service name where ufw takes it, else a visibly derived one. */
static char *
make_name(Build *b, const char *service, GError **error)
{
        g_autoptr(GString) s = g_string_new(NULL);
        const char *why = NULL;
        gboolean suffix = FALSE;

        for (const char *p = service; *p != '\0'; p++)
                g_string_append_c(s, name_char_ok(*p) && *p != ' ' ? *p : '-');
        if (strcmp(s->str, service) != 0)
                why = "has characters ufw does not allow";
        if (s->len == 0 || !g_ascii_isalnum(s->str[0])) {
                g_string_prepend(s, "zonewall-");
                why = "does not start with a letter or digit";
        }
        if (strcmp(s->str, "all") == 0) {
                suffix = TRUE;
                why = "reserved by ufw";
        } else if (looks_like_int(s->str)) {
                suffix = TRUE;
                why = "a number to ufw";
        } else if (is_reserved(b->ctx, s->str)) {
                suffix = TRUE;
                why = "a name in /etc/services";
        }
        if (suffix) {
                if (s->len > ZW_UFW_NAME_MAX - strlen(ZW_UFW_RENAME_SUFFIX))
                        g_string_truncate(s, ZW_UFW_NAME_MAX - strlen(ZW_UFW_RENAME_SUFFIX));
                g_string_append(s, ZW_UFW_RENAME_SUFFIX);
        } else if (s->len > ZW_UFW_NAME_MAX) {
                g_string_truncate(s, ZW_UFW_NAME_MAX);
                why = "longer than 64 characters";
        }
        /* truncation may leave a trailing separator; ufw takes it, people misread it */
        while (s->len > 1 && !g_ascii_isalnum(s->str[s->len - 1]))
                g_string_truncate(s, s->len - 1);
        if (!zw_ufw_name_is_valid(s->str) || is_reserved(b->ctx, s->str)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_NAME,
                            "Service '%s': no valid UFW profile name ('%s' is refused)", service,
                            s->str);
                return NULL;
        }
        if (why != NULL)
                report(b, ZW_UFW_LOSS_RENAMED, service,
                       "profile named '%s' because '%s' is %s", s->str, service, why);
        return g_string_free(g_steal_pointer(&s), FALSE);
}

static gboolean
parse_port(const char *port, Range *out_range)
{
        g_auto(GStrv) parts = g_strsplit(port, "-", 3);
        guint64 lo = 0;
        guint64 hi = 0;

        if (g_strv_length(parts) == 0 || g_strv_length(parts) > 2)
                return FALSE;
        if (!g_ascii_string_to_unsigned(parts[0], 10, 1, 65535, &lo, NULL))
                return FALSE;
        hi = lo;
        if (parts[1] != NULL && !g_ascii_string_to_unsigned(parts[1], 10, 1, 65535, &hi, NULL))
                return FALSE;
        if (hi < lo)
                return FALSE;
        out_range->lo = (guint) lo;
        out_range->hi = (guint) hi;
        return TRUE;
}

static void
add_ports(Build *b, const ZwService *svc)
{
        const char *name = svc->info.name;

        for (guint i = 0; svc->ports != NULL && i < svc->ports->len; i++) {
                const ZwPort *p = g_ptr_array_index(svc->ports, i);
                GArray *set = NULL;
                Range r = { 0 };

                if (g_strcmp0(p->protocol, "tcp") == 0)
                        set = b->tcp;
                else if (g_strcmp0(p->protocol, "udp") == 0)
                        set = b->udp;
                if (set == NULL) {
                        report(b, ZW_UFW_LOSS_PROTOCOL, name,
                               "port %s/%s: ufw profiles open only tcp and udp ports", p->port,
                               p->protocol);
                        continue;
                }
                if (!parse_port(p->port, &r)) {
                        report(b, ZW_UFW_LOSS_PORT, name,
                               "port %s/%s: ufw takes only port numbers 1-65535", p->port,
                               p->protocol);
                        continue;
                }
                g_array_append_val(set, r);
        }
}

static void
add_losses(Build *b, const ZwService *svc)
{
        const char *name = svc->info.name;
        const char *rpc = NULL;

        for (guint i = 0; svc->protocols != NULL && i < svc->protocols->len; i++)
                report(b, ZW_UFW_LOSS_PROTOCOL, name,
                       "protocol %s: ufw profiles open only tcp and udp ports",
                       (const char *) g_ptr_array_index(svc->protocols, i));
        for (guint i = 0; svc->source_ports != NULL && i < svc->source_ports->len; i++) {
                const ZwPort *p = g_ptr_array_index(svc->source_ports, i);

                report(b, ZW_UFW_LOSS_SOURCE_PORT, name,
                       "source port %s/%s: a profile opens destination ports only", p->port,
                       p->protocol);
        }
        for (guint i = 0; svc->helpers != NULL && i < svc->helpers->len; i++) {
                const char *h = g_ptr_array_index(svc->helpers, i);
                const ZwHelper *helper = NULL;
                g_autoptr(GString) where = g_string_new(NULL);

                if (b->ctx != NULL && b->ctx->helpers != NULL)
                        helper = g_hash_table_lookup(b->ctx->helpers, h);
                for (guint j = 0; helper != NULL && helper->ports != NULL &&
                                  j < helper->ports->len;
                     j++) {
                        const ZwPort *p = g_ptr_array_index(helper->ports, j);

                        g_string_append_printf(where, "%s%s/%s", j > 0 ? ", " : " on ", p->port,
                                               p->protocol);
                }
                if (helper != NULL && helper->module != NULL)
                        report(b, ZW_UFW_LOSS_HELPER, name,
                               "conntrack helper %s (%s%s) is not attached by ufw", h,
                               helper->module, where->str);
                else
                        report(b, ZW_UFW_LOSS_HELPER, name,
                               "conntrack helper %s is not attached by ufw", h);
        }
        for (guint i = 0; svc->modules != NULL && i < svc->modules->len; i++)
                report(b, ZW_UFW_LOSS_MODULE, name,
                       "conntrack helper module %s is not loaded or attached by ufw",
                       (const char *) g_ptr_array_index(svc->modules, i));
        if (svc->destination_ipv4 != NULL || svc->destination_ipv6 != NULL) {
                const char *v4 = svc->destination_ipv4;
                const char *v6 = svc->destination_ipv6;

                report(b, ZW_UFW_LOSS_DESTINATION, name,
                       "destination %s%s%s: the profile opens every local address "
                       "(restrict with 'ufw allow to ADDRESS app NAME')",
                       v4 != NULL ? v4 : "", v4 != NULL && v6 != NULL ? " and " : "",
                       v6 != NULL ? v6 : "");
        }
        if (b->ctx != NULL && b->ctx->rpc != NULL)
                rpc = g_hash_table_lookup(b->ctx->rpc, name);
        if (rpc != NULL)
                report(b, ZW_UFW_LOSS_RPC, name,
                       "RPC programs %s: their ports come from rpcbind, which ufw cannot follow "
                       "(pin them and open them)",
                       rpc);
}

/* Includes are applied as firewalld does: recursively, each service once. */
static void
flatten(Build *b, const ZwService *svc)
{
        g_hash_table_add(b->visited, svc->info.name);
        if (svc != b->top)
                report(b, ZW_UFW_LOSS_INCLUDE, b->top->info.name,
                       "ports of included service '%s' copied in (ufw has no includes)",
                       svc->info.name);
        add_ports(b, svc);
        add_losses(b, svc);
        for (guint i = 0; svc->includes != NULL && i < svc->includes->len; i++) {
                const char *inc = g_ptr_array_index(svc->includes, i);
                const ZwService *other = NULL;

                if (g_hash_table_contains(b->visited, inc))
                        continue;
                if (b->ctx != NULL && b->ctx->services != NULL)
                        other = g_hash_table_lookup(b->ctx->services, inc);
                if (other == NULL) {
                        report(b, ZW_UFW_LOSS_INCLUDE_MISSING, svc->info.name,
                               "included service '%s' not found: none of its ports are here",
                               inc);
                        continue;
                }
                flatten(b, other);
        }
}

static gint
range_cmp(gconstpointer a, gconstpointer b)
{
        const Range *x = a;
        const Range *y = b;

        if (x->lo != y->lo)
                return x->lo < y->lo ? -1 : 1;
        if (x->hi != y->hi)
                return x->hi < y->hi ? -1 : 1;
        return 0;
}

static void
sort_unique(GArray *set)
{
        guint out = 0;

        g_array_sort(set, range_cmp);
        for (guint i = 0; i < set->len; i++) {
                if (out > 0 && range_cmp(&g_array_index(set, Range, out - 1),
                                         &g_array_index(set, Range, i)) == 0)
                        continue;
                g_array_index(set, Range, out++) = g_array_index(set, Range, i);
        }
        g_array_set_size(set, out);
}

static gboolean
contains(GArray *set, const Range *r)
{
        for (guint i = 0; i < set->len; i++) {
                if (range_cmp(&g_array_index(set, Range, i), r) == 0)
                        return TRUE;
        }
        return FALSE;
}

/* Single ports open for tcp and udp move to ANY: ufw's bare "N" means both protocols; lists
 * and ranges need an explicit protocol, so those stay per protocol. */
static void
split_both(GArray *tcp, GArray *udp, GArray *any)
{
        guint t = 0;
        guint u = 0;

        for (guint i = 0; i < tcp->len; i++) {
                Range r = g_array_index(tcp, Range, i);

                if (r.lo == r.hi && contains(udp, &r))
                        g_array_append_val(any, r);
                else
                        g_array_index(tcp, Range, t++) = r;
        }
        g_array_set_size(tcp, t);
        for (guint i = 0; i < udp->len; i++) {
                Range r = g_array_index(udp, Range, i);

                if (!contains(any, &r))
                        g_array_index(udp, Range, u++) = r;
        }
        g_array_set_size(udp, u);
}

static void
append_range(GString *s, const Range *r)
{
        if (r->lo == r->hi)
                g_string_append_printf(s, "%u", r->lo);
        else
                g_string_append_printf(s, "%u:%u", r->lo, r->hi);
}

/* At most 15 ports an entry, a range counting two (iptables multiport; ufw common.py) */
static void
pack(GPtrArray *entries, GArray *set, const char *proto)
{
        g_autoptr(GString) s = g_string_new(NULL);
        guint used = 0;

        for (guint i = 0; i < set->len; i++) {
                const Range *r = &g_array_index(set, Range, i);
                guint cost = r->lo == r->hi ? 1 : 2;

                if (used + cost > ZW_UFW_PORTS_PER_ENTRY) {
                        g_ptr_array_add(entries, g_strdup_printf("%s/%s", s->str, proto));
                        g_string_truncate(s, 0);
                        used = 0;
                }
                if (used > 0)
                        g_string_append_c(s, ',');
                append_range(s, r);
                used += cost;
        }
        if (used > 0)
                g_ptr_array_add(entries, g_strdup_printf("%s/%s", s->str, proto));
}

/* One line of printable ASCII: ufw's INI reader joins indented lines and reads files in the
 * locale's encoding */
static char *
one_line(const char *text)
{
        g_autofree char *ascii = NULL;
        g_auto(GStrv) words = NULL;
        g_autoptr(GString) s = g_string_new(NULL);

        if (text == NULL)
                return g_strdup("");
        ascii = g_str_to_ascii(text, "C");
        for (char *p = ascii; *p != '\0'; p++) {
                if (!g_ascii_isprint(*p))
                        *p = ' ';
        }
        words = g_strsplit(ascii, " ", -1);
        for (guint i = 0; words[i] != NULL; i++) {
                if (words[i][0] == '\0')
                        continue;
                if (s->len > 0)
                        g_string_append_c(s, ' ');
                g_string_append(s, words[i]);
        }
        return g_string_free(g_steal_pointer(&s), FALSE);
}

/* cut TEXT to at most MAX characters at a word boundary, marking the cut with "..." */
static void
cut(GString *text, gsize max)
{
        gsize end;

        if (text->len <= max)
                return;
        end = max >= 3 ? max - 3 : 0;
        while (end > 0 && text->str[end] != ' ')
                end--;
        if (end == 0)
                end = max >= 3 ? max - 3 : 0;
        g_string_truncate(text, end);
        g_string_append(text, "...");
}

static char *
make_description(Build *b, gsize first_note)
{
        const ZwService *svc = b->top;
        g_autoptr(GString) base = NULL;
        g_autoptr(GString) notes = g_string_new(NULL);
        g_autofree char *text = one_line(svc->info.description != NULL ? svc->info.description
                                                                         : svc->info.short_desc);
        g_autofree char *tmp = NULL;

        base = g_string_new(text);
        if (base->len > 0 && base->str[base->len - 1] != '.')
                g_string_append_c(base, '.');
        for (guint i = first_note; i < b->reports->len; i++) {
                const ZwUfwReport *r = g_ptr_array_index(b->reports, i);

                if (r->kind == ZW_UFW_LOSS_RENAMED)
                        continue;
                g_string_append(notes, notes->len == 0 ? " Not in UFW: " : "; ");
                g_string_append(notes, r->message);
        }
        if (notes->len > 0)
                g_string_append_c(notes, '.');
        g_string_append_printf(notes, " From firewalld service %s (zonewall).", svc->info.name);
        tmp = one_line(notes->str);
        g_string_assign(notes, tmp);
        if (base->len + 1 + notes->len > ZW_UFW_VALUE_MAX) {
                /* the notes matter more than the prose: cut the prose first */
                if (notes->len + 1 + 40 > ZW_UFW_VALUE_MAX) {
                        cut(notes, ZW_UFW_VALUE_MAX - 41);
                        report(b, ZW_UFW_LOSS_TRUNCATED, svc->info.name,
                               "the list of what ufw cannot express was cut to fit ufw's %d "
                               "characters; all of it is on stderr",
                               ZW_UFW_VALUE_MAX);
                }
                cut(base, ZW_UFW_VALUE_MAX - 1 - notes->len);
                report(b, ZW_UFW_LOSS_TRUNCATED, svc->info.name,
                       "description cut to fit ufw's %d characters", ZW_UFW_VALUE_MAX);
        }
        if (base->len > 0)
                g_string_append_c(base, ' ');
        g_string_append(base, notes->str);
        return g_string_free(g_steal_pointer(&base), FALSE);
}

static char *
make_title(Build *b)
{
        const ZwService *svc = b->top;
        g_autofree char *t = one_line(svc->info.short_desc);
        g_autoptr(GString) s = NULL;

        if (*t == '\0')
                return g_strdup(svc->info.name);
        s = g_string_new(t);
        if (s->len > ZW_UFW_VALUE_MAX) {
                cut(s, ZW_UFW_VALUE_MAX);
                report(b, ZW_UFW_LOSS_TRUNCATED, svc->info.name,
                       "title cut to fit ufw's %d characters", ZW_UFW_VALUE_MAX);
        }
        return g_string_free(g_steal_pointer(&s), FALSE);
}

ZwUfwProfile *
zw_ufw_profile_new(const ZwService *service, const ZwUfwContext *ctx, GError **error)
{
        g_autoptr(ZwUfwProfile) profile = NULL;
        g_autoptr(GArray) tcp = g_array_new(FALSE, FALSE, sizeof(Range));
        g_autoptr(GArray) udp = g_array_new(FALSE, FALSE, sizeof(Range));
        g_autoptr(GArray) any = g_array_new(FALSE, FALSE, sizeof(Range));
        g_autoptr(GHashTable) visited = g_hash_table_new(g_str_hash, g_str_equal);
        g_autoptr(GString) ports = g_string_new(NULL);
        Build b = { 0 };
        gsize first_note;

        g_return_val_if_fail(service != NULL && service->info.name != NULL, NULL);
        g_return_val_if_fail(error == NULL || *error == NULL, NULL);

        profile = g_new0(ZwUfwProfile, 1);
        profile->service = g_strdup(service->info.name);
        profile->entries = g_ptr_array_new_with_free_func(g_free);
        profile->reports = g_ptr_array_new_with_free_func((GDestroyNotify) zw_ufw_report_free);
        b = (Build){ .top = service, .ctx = ctx, .tcp = tcp, .udp = udp, .visited = visited,
                     .reports = profile->reports };

        profile->name = make_name(&b, service->info.name, error);
        if (profile->name == NULL)
                return NULL;
        first_note = profile->reports->len;
        flatten(&b, service);

        sort_unique(tcp);
        sort_unique(udp);
        split_both(tcp, udp, any);
        pack(profile->entries, tcp, "tcp");
        pack(profile->entries, udp, "udp");
        for (guint i = 0; i < any->len; i++)
                g_ptr_array_add(profile->entries,
                                g_strdup_printf("%u", g_array_index(any, Range, i).lo));
        if (profile->entries->len == 0)
                report(&b, ZW_UFW_LOSS_NO_PORTS, service->info.name,
                       "no port ufw can open: no profile written");

        for (guint i = 0; i < profile->entries->len; i++)
                g_string_append_printf(ports, "%s%s", i > 0 ? "|" : "",
                                       (const char *) g_ptr_array_index(profile->entries, i));
        if (ports->len > ZW_UFW_VALUE_MAX) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PORT,
                            "Service '%s': ports take %" G_GSIZE_FORMAT
                            " characters in a UFW profile, ufw reads at most %d",
                            service->info.name, ports->len, ZW_UFW_VALUE_MAX);
                return NULL;
        }
        profile->title = make_title(&b);
        profile->description = make_description(&b, first_note);
        return g_steal_pointer(&profile);
}

char *
zw_ufw_profile_to_text(const ZwUfwProfile *profile)
{
        g_autoptr(GString) s = NULL;

        g_return_val_if_fail(profile != NULL, NULL);

        if (profile->entries->len == 0)
                return NULL;
        s = g_string_new(NULL);
        g_string_append_printf(s,
                               "# Generated by zonewall-ufw-gen from the firewalld service '%s'.\n"
                               "# Edit services/%s.xml instead; this file is overwritten.\n",
                               profile->service, profile->service);
        g_string_append_printf(s, "[%s]\n", profile->name);
        g_string_append_printf(s, "title=%s\n", profile->title);
        g_string_append_printf(s, "description=%s\n", profile->description);
        g_string_append(s, "ports=");
        for (guint i = 0; i < profile->entries->len; i++)
                g_string_append_printf(s, "%s%s", i > 0 ? "|" : "",
                                       (const char *) g_ptr_array_index(profile->entries, i));
        g_string_append_c(s, '\n');
        return g_string_free(g_steal_pointer(&s), FALSE);
}
