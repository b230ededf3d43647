/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xml/read.c: firewalld XML readers with firewalld's element tables, leniency and error texts */
#include "config.h"

#include <limits.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "xml/read.h"

#include "core/check.h"
#include "core/error.h"
#include "core/helper.h"
#include "core/icmptype.h"
#include "core/ipset.h"
#include "core/policy.h"
#include "core/richrule.h"
#include "core/service.h"
#include "core/zone.h"

/* ---- element tables (firewalld's PARSER_REQUIRED/OPTIONAL_ELEMENT_ATTRS) ---------------- */

typedef struct {
        const char *name;
        const char *const *required;
        const char *const *optional;
} ElemSpec;

#define ATTRS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* elements a zone and a policy share (common_startElement in io/policy.py) */
#define COMMON_SPECS                                                                    \
        { "short", NULL, NULL }, { "description", NULL, NULL },                          \
        { "service", ATTRS("name"), NULL }, { "port", ATTRS("port", "protocol"), NULL }, \
        { "icmp-block", ATTRS("name"), NULL }, { "icmp-type", ATTRS("name"), NULL },     \
        { "forward-port", ATTRS("port", "protocol"), ATTRS("to-port", "to-addr") },      \
        { "rule", NULL, ATTRS("family", "priority") },                                   \
        { "source", NULL, ATTRS("address", "mac", "invert", "family", "ipset") },        \
        { "destination", NULL, ATTRS("address", "invert", "ipset") },                    \
        { "protocol", ATTRS("value"), NULL },                                            \
        { "source-port", ATTRS("port", "protocol"), NULL },                              \
        { "log", NULL, ATTRS("prefix", "level") },                                       \
        { "nflog", NULL, ATTRS("group", "prefix", "queue-size") },                       \
        { "audit", NULL, NULL }, { "accept", NULL, NULL },                               \
        { "reject", NULL, ATTRS("type") }, { "drop", NULL, NULL },                       \
        { "mark", ATTRS("set"), NULL }, { "limit", ATTRS("value"), NULL },               \
        { "tcp-mss-clamp", NULL, ATTRS("value") }

static const ElemSpec zone_specs[] = {
        COMMON_SPECS,
        { "zone", NULL, ATTRS("name", "immutable", "target", "version") },
        { "forward", NULL, NULL },
        { "interface", ATTRS("name"), NULL },
        { "icmp-block-inversion", NULL, NULL },
        { "masquerade", NULL, ATTRS("enabled") },
        { NULL },
};

static const ElemSpec policy_specs[] = {
        COMMON_SPECS,
        { "policy", ATTRS("target"), ATTRS("version", "priority") },
        { "masquerade", NULL, NULL },
        { "ingress-zone", ATTRS("name"), NULL },
        { "egress-zone", ATTRS("name"), NULL },
        { NULL },
};

static const ElemSpec service_specs[] = {
        { "short", NULL, NULL },
        { "description", NULL, NULL },
        { "service", NULL, ATTRS("name", "version") },
        { "port", NULL, ATTRS("port", "protocol") },
        { "protocol", NULL, ATTRS("value") },
        { "module", NULL, ATTRS("name") },
        { "destination", NULL, ATTRS("ipv4", "ipv6") },
        { "source-port", NULL, ATTRS("port", "protocol") },
        { "include", NULL, ATTRS("service") },
        { "helper", NULL, ATTRS("name") },
        { NULL },
};

static const ElemSpec icmptype_specs[] = {
        { "short", NULL, NULL },
        { "description", NULL, NULL },
        { "icmptype", NULL, ATTRS("name", "version") },
        { "destination", NULL, ATTRS("ipv4", "ipv6") },
        { NULL },
};

static const ElemSpec helper_specs[] = {
        { "short", NULL, NULL },
        { "description", NULL, NULL },
        { "helper", ATTRS("module"), ATTRS("name", "version", "family") },
        { "port", NULL, ATTRS("port", "protocol") },
        { NULL },
};

static const ElemSpec ipset_specs[] = {
        { "short", NULL, NULL },
        { "description", NULL, NULL },
        { "ipset", ATTRS("type"), ATTRS("version") },
        { "option", ATTRS("name"), ATTRS("value") },
        { "entry", NULL, NULL },
        { NULL },
};

static const ElemSpec direct_specs[] = {
        { "direct", NULL, NULL },
        { "chain", ATTRS("ipv", "table", "chain"), NULL },
        { "rule", ATTRS("ipv", "table", "chain", "priority"), NULL },
        { "passthrough", ATTRS("ipv"), NULL },
        { NULL },
};

static const ElemSpec lockdown_specs[] = {
        { "whitelist", NULL, NULL },
        { "command", ATTRS("name"), NULL },
        { "user", NULL, ATTRS("id", "name") },
        { "selinux", ATTRS("context"), NULL },
        { NULL },
};

/* document types beyond the object kinds */
enum {
        DOC_DIRECT = ZW_KIND_N,
        DOC_LOCKDOWN,
};

static const ElemSpec *const kind_specs[ZW_KIND_N] = {
        [ZW_KIND_ZONE] = zone_specs,         [ZW_KIND_SERVICE] = service_specs,
        [ZW_KIND_POLICY] = policy_specs,     [ZW_KIND_ICMPTYPE] = icmptype_specs,
        [ZW_KIND_HELPER] = helper_specs,     [ZW_KIND_IPSET] = ipset_specs,
};

/* ---- attributes of one element --------------------------------------------------------- */

typedef struct {
        GPtrArray *names;  /* char *, "prefix:local" for namespaced attributes */
        GPtrArray *values; /* char * */
} Attrs;

static void
attrs_clear(Attrs *a)
{
        g_clear_pointer(&a->names, g_ptr_array_unref);
        g_clear_pointer(&a->values, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Attrs, attrs_clear)

static char *
qualified_name(const xmlNs *ns, const xmlChar *name)
{
        if (ns != NULL && ns->prefix != NULL)
                return g_strdup_printf("%s:%s", (const char *)ns->prefix, (const char *)name);
        return g_strdup((const char *)name);
}

static void
attrs_load(Attrs *a, xmlNode *node)
{
        a->names = g_ptr_array_new_with_free_func(g_free);
        a->values = g_ptr_array_new_with_free_func(g_free);
        for (xmlAttr *p = node->properties; p != NULL; p = p->next) {
                GString *v = g_string_new(NULL);

                /* text only: references to entities of an internal DTD stay unexpanded */
                for (xmlNode *c = p->children; c != NULL; c = c->next)
                        if (c->type == XML_TEXT_NODE && c->content != NULL)
                                g_string_append(v, (const char *)c->content);
                g_ptr_array_add(a->names, qualified_name(p->ns, p->name));
                g_ptr_array_add(a->values, g_string_free(v, FALSE));
        }
}

/* value or NULL if the attribute is absent */
static const char *
attr(const Attrs *a, const char *name)
{
        for (guint i = 0; i < a->names->len; i++)
                if (strcmp(g_ptr_array_index(a->names, i), name) == 0)
                        return g_ptr_array_index(a->values, i);
        return NULL;
}

/* attribute the tables do not require but the code reads anyway: firewalld fails with a
 * KeyError there; we report it as the missing attribute it is */
static const char *
need_attr(const Attrs *a, const char *elem, const char *name, GError **error)
{
        const char *v = attr(a, name);

        if (v == NULL)
                g_set_error(error, ZW_ERROR, ZW_ERROR_PARSE_ERROR, "Missing attribute %s for %s",
                            name, elem);
        return v;
}

static gboolean
in_list(const char *const *list, const char *s)
{
        for (guint i = 0; list != NULL && list[i] != NULL; i++)
                if (strcmp(list[i], s) == 0)
                        return TRUE;
        return FALSE;
}

/* parser_check_element_attrs() of io/io_object.py */
static gboolean
check_element_attrs(const ElemSpec *specs, const char *name, const Attrs *a, GError **error)
{
        const ElemSpec *spec = NULL;

        for (guint i = 0; specs[i].name != NULL; i++) {
                if (strcmp(specs[i].name, name) == 0) {
                        spec = &specs[i];
                        break;
                }
        }
        if (spec == NULL) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_PARSE_ERROR, "Unexpected element %s", name);
                return FALSE;
        }
        for (guint i = 0; spec->required != NULL && spec->required[i] != NULL; i++) {
                if (attr(a, spec->required[i]) == NULL) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_PARSE_ERROR,
                                    "Missing attribute %s for %s", spec->required[i], name);
                        return FALSE;
                }
        }
        for (guint i = 0; i < a->names->len; i++) {
                const char *n = g_ptr_array_index(a->names, i);
                if (!in_list(spec->required, n) && !in_list(spec->optional, n)) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_PARSE_ERROR,
                                    "%s: Unexpected attribute %s", name, n);
                        return FALSE;
                }
        }
        return TRUE;
}

/* ---- reader state ---------------------------------------------------------------------- */

typedef struct {
        int doc;                /* ZwKind or DOC_* */
        const ElemSpec *specs;
        gpointer object;        /* ZwZone *, ..., ZwDirect *, ZwLockdown * */
        const char *name;       /* object name for messages */
        GPtrArray *warnings;    /* may be NULL */
        GString *text;          /* characters since the last start tag, '\n' -> ' ' */
        /* zones and policies: the <rule> being read */
        ZwRichRule *rule;
        gboolean rule_error;    /* skip everything up to </rule> (firewalld's _rule_error) */
        char **limit;           /* where a <limit> goes, NULL if none is allowed here */
        /* ipsets: raw entries, filtered after the parse as firewalld does */
        GPtrArray *entries;
        /* direct.xml / lockdown-whitelist.xml */
        gboolean seen_root;
        gboolean have_direct_rule;
        char *d_ipv, *d_table, *d_chain;
        int d_priority;
        gboolean have_passthrough;
} Reader;

static void
warn(Reader *r, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
warn(Reader *r, const char *fmt, ...)
{
        va_list ap;

        if (r->warnings == NULL)
                return;
        va_start(ap, fmt);
        g_ptr_array_add(r->warnings, g_strdup_vprintf(fmt, ap));
        va_end(ap);
}

static void
warn_error(Reader *r, const GError *e, const char *suffix)
{
        g_autofree char *wire = zw_error_to_wire(e);

        if (suffix != NULL)
                warn(r, "%s: %s", wire, suffix);
        else
                warn(r, "%s", wire);
}

/* Python int(): surrounding blanks, optional sign, digits with single '_' separators */
static gboolean
py_int(const char *text, gint64 *out)
{
        g_autofree char *s = g_strstrip(g_strdup(text));
        const char *p = s;
        gboolean neg = FALSE, digit = FALSE;
        gint64 v = 0;

        if (*p == '+' || *p == '-')
                neg = *p++ == '-';
        for (; *p != '\0'; p++) {
                if (*p == '_' && digit && g_ascii_isdigit(p[1]))
                        continue;
                if (!g_ascii_isdigit(*p))
                        return FALSE;
                digit = TRUE;
                if (v < G_MAXINT64 / 20)
                        v = v * 10 + (*p - '0');
        }
        if (!digit)
                return FALSE;
        *out = neg ? -v : v;
        return TRUE;
}

static gboolean
parse_int_attr(const char *value, int *out, GError **error)
{
        gint64 v;

        if (!py_int(value, &v)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PRIORITY,
                            "invalid literal for int() with base 10: '%s'", value);
                return FALSE;
        }
        /* out of int range stays out of every valid range */
        *out = v > G_MAXINT ? G_MAXINT : v < G_MININT ? G_MININT : (int)v;
        return TRUE;
}

/* check_port() of io/io_object.py; out_norm gets "N" or "lo-hi" */
static gboolean
check_port(const char *port, char **out_norm, GError **error)
{
        return zw_check_port(port, out_norm, error);
}

/* check_tcpudp() of io/io_object.py (its wording says "not from") */
static gboolean
check_tcpudp(const char *protocol, GError **error)
{
        static const char *const ok[] = { "tcp", "udp", "sctp", "dccp", NULL };

        if (in_list(ok, protocol))
                return TRUE;
        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PROTOCOL,
                    "'%s' not from {'tcp'|'udp'|'sctp'|'dccp'}", protocol);
        return FALSE;
}

static gboolean
check_protocol(const char *protocol, GError **error)
{
        if (zw_check_protocol(protocol, NULL))
                return TRUE;
        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_PROTOCOL, protocol);
        return FALSE;
}

static gboolean
port_in_list(const GPtrArray *ports, const char *port, const char *protocol)
{
        for (guint i = 0; i < ports->len; i++) {
                const ZwPort *p = g_ptr_array_index(ports, i);
                if (g_strcmp0(p->port, port) == 0 && g_strcmp0(p->protocol, protocol) == 0)
                        return TRUE;
        }
        return FALSE;
}

typedef struct {
        guint index, lo, hi;
} Range;

static gint
range_by_start(gconstpointer a, gconstpointer b)
{
        const Range *x = a, *y = b;

        return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static gint
index_descending(gconstpointer a, gconstpointer b)
{
        guint x = *(const guint *)a, y = *(const guint *)b;

        return x > y ? -1 : x < y;
}

/* zone/policy ports and source ports: a range already covered is dropped with an
 * ALREADY_ENABLED warning, overlapping ranges are merged (portInPortRange and
 * coalescePortRange of functions.py) */
static void
add_port_coalesced(Reader *r, GPtrArray *ports, const char *port, const char *protocol)
{
        g_autoptr(GArray) same = g_array_new(FALSE, FALSE, sizeof(Range));
        g_autoptr(GArray) removed = g_array_new(FALSE, FALSE, sizeof(guint));
        g_autofree char *merged = NULL;
        guint lo = 0, hi = 0;

        zw_port_range(port, &lo, &hi);
        for (guint i = 0; i < ports->len; i++) {
                const ZwPort *p = g_ptr_array_index(ports, i);
                Range rg = { i, 0, 0 };

                if (g_strcmp0(p->protocol, protocol) != 0)
                        continue;
                zw_port_range(p->port, &rg.lo, &rg.hi);
                if (lo >= rg.lo && hi <= rg.hi) {
                        warn(r, "ALREADY_ENABLED: '%s:%s' already in '%s'", port, protocol,
                             r->name);
                        return;
                }
                g_array_append_val(same, rg);
        }
        /* coalescePortRange() walks the ranges sorted by start */
        g_array_sort(same, range_by_start);
        for (guint k = 0; k < same->len; k++) {
                const Range *rg = &g_array_index(same, Range, k);

                if (lo <= rg->lo && hi >= rg->hi) {
                        g_array_append_val(removed, rg->index);
                } else if (lo <= rg->lo && hi < rg->hi && hi >= rg->lo) {
                        g_array_append_val(removed, rg->index);
                        hi = rg->hi;
                } else if (lo > rg->lo && hi >= rg->hi && lo <= rg->hi) {
                        g_array_append_val(removed, rg->index);
                        lo = rg->lo;
                }
        }
        /* highest index first so the others stay valid */
        g_array_sort(removed, index_descending);
        for (guint k = 0; k < removed->len; k++)
                g_ptr_array_remove_index(ports, g_array_index(removed, guint, k));
        merged = zw_port_range_to_string(lo, hi);
        g_ptr_array_add(ports, zw_port_new(merged, protocol));
}

static gboolean
add_unique(Reader *r, GPtrArray *list, const char *value, const char *what)
{
        if (zw_strv_array_contains(list, value)) {
                warn(r, "%s '%s' already set, ignoring.", what, value);
                return FALSE;
        }
        g_ptr_array_add(list, g_strdup(value));
        return TRUE;
}

/* ---- zones and policies ------------------------------------------------------------------ */

typedef struct {
        GPtrArray *services, *ports, *protocols, *icmp_blocks, *forward_ports, *source_ports,
                *rules;
        gboolean *masquerade;
} Common;

static Common
common_of(Reader *r)
{
        Common c;

        if (r->doc == ZW_KIND_ZONE) {
                ZwZone *z = r->object;
                c = (Common){ z->services,      z->ports,        z->protocols, z->icmp_blocks,
                              z->forward_ports, z->source_ports, z->rules,     &z->masquerade };
        } else {
                ZwPolicy *p = r->object;
                c = (Common){ p->services,      p->ports,        p->protocols, p->icmp_blocks,
                              p->forward_ports, p->source_ports, p->rules,     &p->masquerade };
        }
        return c;
}

static char *
dup_nonempty(const char *s)
{
        return s != NULL && *s != '\0' ? g_strdup(s) : NULL;
}

/* a second element in a rule invalidates it; TRUE if the element slot is free */
static gboolean
rule_element_free(Reader *r)
{
        if (r->rule->element.type == ZW_RICH_ELEMENT_NONE)
                return TRUE;
        {
                g_autofree char *s = zw_rich_rule_to_string(r->rule);
                warn(r, "Invalid rule: More than one element in rule '%s', ignoring.", s);
        }
        r->rule_error = TRUE;
        return FALSE;
}

static void
set_rule_element(Reader *r, ZwRichElementType type, const Attrs *a)
{
        if (!rule_element_free(r))
                return;
        r->rule->element.type = type;
        switch (type) {
        case ZW_RICH_ELEMENT_SERVICE:
        case ZW_RICH_ELEMENT_ICMP_BLOCK:
        case ZW_RICH_ELEMENT_ICMP_TYPE:
                r->rule->element.name = g_strdup(attr(a, "name"));
                break;
        case ZW_RICH_ELEMENT_PROTOCOL:
                r->rule->element.name = g_strdup(attr(a, "value"));
                break;
        case ZW_RICH_ELEMENT_PORT:
        case ZW_RICH_ELEMENT_SOURCE_PORT:
                r->rule->element.port = g_strdup(attr(a, "port"));
                r->rule->element.protocol = g_strdup(attr(a, "protocol"));
                break;
        case ZW_RICH_ELEMENT_FORWARD_PORT:
                r->rule->element.port = g_strdup(attr(a, "port"));
                r->rule->element.protocol = g_strdup(attr(a, "protocol"));
                r->rule->element.to_port = dup_nonempty(attr(a, "to-port"));
                r->rule->element.to_addr = dup_nonempty(attr(a, "to-addr"));
                break;
        case ZW_RICH_ELEMENT_TCP_MSS_CLAMP: {
                const char *v = attr(a, "value");
                /* io/policy.py: absent or "None" means pmtu */
                r->rule->element.value =
                        g_strdup(v != NULL && strcmp(v, "None") != 0 ? v : "pmtu");
                break;
        }
        case ZW_RICH_ELEMENT_MASQUERADE:
        case ZW_RICH_ELEMENT_NONE:
        default:
                break;
        }
}

static gboolean
invert_of(const Attrs *a)
{
        const char *v = attr(a, "invert");

        return v != NULL &&
               (g_ascii_strcasecmp(v, "yes") == 0 || g_ascii_strcasecmp(v, "true") == 0);
}

/* <source> / <destination> inside a rule; Rich_Source/Rich_Destination refuse an empty one
 * with a hard error, not a skipped rule */
static gboolean
rule_address(Reader *r, gboolean source, const Attrs *a, GError **error)
{
        ZwRichAddr *addr;

        if ((source ? r->rule->source : r->rule->destination) != NULL) {
                g_autofree char *s = zw_rich_rule_to_string(r->rule);
                warn(r, "Invalid rule: More than one %s in rule '%s', ignoring.",
                     source ? "source" : "destination", s);
                /* firewalld marks the rule bad for a second source only */
                if (source)
                        r->rule_error = TRUE;
                return TRUE;
        }
        addr = g_new0(ZwRichAddr, 1);
        addr->address = dup_nonempty(attr(a, "address"));
        addr->mac = source ? dup_nonempty(attr(a, "mac")) : NULL;
        addr->ipset = dup_nonempty(attr(a, "ipset"));
        addr->invert = invert_of(a);
        if (source)
                r->rule->source = addr;
        else
                r->rule->destination = addr;
        if (addr->address == NULL && addr->mac == NULL && addr->ipset == NULL) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_RULE,
                                    source ? "no address, mac and ipset" : "no address and ipset");
                return FALSE;
        }
        return TRUE;
}

static gboolean
valid_log_prefix(const char *prefix)
{
        return *prefix != '\0' && g_utf8_strlen(prefix, -1) <= 127;
}

/* common_startElement() of io/policy.py; *out_handled FALSE for elements it does not know */
static gboolean
common_start(Reader *r, const char *name, const Attrs *a, gboolean *out_handled, GError **error)
{
        Common c = common_of(r);

        *out_handled = TRUE;
        if (strcmp(name, "short") == 0 || strcmp(name, "description") == 0)
                return TRUE;
        if (strcmp(name, "service") == 0) {
                if (r->rule != NULL)
                        set_rule_element(r, ZW_RICH_ELEMENT_SERVICE, a);
                else
                        add_unique(r, c.services, attr(a, "name"), "Service");
                return TRUE;
        }
        if (strcmp(name, "port") == 0 || strcmp(name, "source-port") == 0) {
                gboolean src = name[0] == 's';
                g_autofree char *norm = NULL;

                if (r->rule != NULL) {
                        set_rule_element(r,
                                         src ? ZW_RICH_ELEMENT_SOURCE_PORT : ZW_RICH_ELEMENT_PORT,
                                         a);
                        return TRUE;
                }
                if (!check_port(attr(a, "port"), &norm, error) ||
                    !check_tcpudp(attr(a, "protocol"), error))
                        return FALSE;
                add_port_coalesced(r, src ? c.source_ports : c.ports, norm, attr(a, "protocol"));
                return TRUE;
        }
        if (strcmp(name, "protocol") == 0) {
                if (r->rule != NULL) {
                        set_rule_element(r, ZW_RICH_ELEMENT_PROTOCOL, a);
                        return TRUE;
                }
                if (!check_protocol(attr(a, "value"), error))
                        return FALSE;
                add_unique(r, c.protocols, attr(a, "value"), "Protocol");
                return TRUE;
        }
        if (strcmp(name, "tcp-mss-clamp") == 0) {
                if (r->rule != NULL)
                        set_rule_element(r, ZW_RICH_ELEMENT_TCP_MSS_CLAMP, a);
                else
                        warn(r, "Invalid rule: tcp-mss-clamp '%s' outside of rule",
                             attr(a, "value") != NULL ? attr(a, "value") : "");
                return TRUE;
        }
        if (strcmp(name, "icmp-block") == 0) {
                if (r->rule != NULL)
                        set_rule_element(r, ZW_RICH_ELEMENT_ICMP_BLOCK, a);
                else
                        add_unique(r, c.icmp_blocks, attr(a, "name"), "icmp-block");
                return TRUE;
        }
        if (strcmp(name, "icmp-type") == 0) {
                if (r->rule != NULL)
                        set_rule_element(r, ZW_RICH_ELEMENT_ICMP_TYPE, a);
                else
                        warn(r, "Invalid rule: icmp-block '%s' outside of rule", attr(a, "name"));
                return TRUE;
        }
        if (strcmp(name, "masquerade") == 0) {
                if (r->rule != NULL)
                        set_rule_element(r, ZW_RICH_ELEMENT_MASQUERADE, a);
                else if (*c.masquerade)
                        warn(r, "Masquerade already set, ignoring.");
                else
                        *c.masquerade = TRUE;
                return TRUE;
        }
        if (strcmp(name, "forward-port") == 0) {
                const char *to_port = attr(a, "to-port");
                const char *to_addr = attr(a, "to-addr");
                g_autofree char *port = NULL;
                g_autofree char *tport = NULL;
                g_autoptr(ZwForwardPort) fp = NULL;

                if (r->rule != NULL) {
                        set_rule_element(r, ZW_RICH_ELEMENT_FORWARD_PORT, a);
                        return TRUE;
                }
                if (!check_port(attr(a, "port"), &port, error) ||
                    !check_tcpudp(attr(a, "protocol"), error))
                        return FALSE;
                if (to_port != NULL && *to_port != '\0' && !check_port(to_port, &tport, error))
                        return FALSE;
                if (to_addr != NULL && *to_addr != '\0' &&
                    !zw_check_host_address(ZW_FAMILY_ANY, to_addr, NULL, NULL)) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ADDR,
                                    "to-addr '%s' is not a valid address", to_addr);
                        return FALSE;
                }
                fp = zw_forward_port_new(port, attr(a, "protocol"), tport != NULL ? tport : "",
                                         to_addr != NULL ? to_addr : "");
                for (guint i = 0; i < c.forward_ports->len; i++) {
                        if (zw_forward_port_equal(g_ptr_array_index(c.forward_ports, i), fp)) {
                                warn(r, "Forward port %s/%s%s%s%s%s already set, ignoring.",
                                     attr(a, "port"), attr(a, "protocol"),
                                     fp->to_port[0] != '\0' ? " >" : "", fp->to_port,
                                     fp->to_addr[0] != '\0' ? " @" : "", fp->to_addr);
                                return TRUE;
                        }
                }
                g_ptr_array_add(c.forward_ports, g_steal_pointer(&fp));
                return TRUE;
        }
        if (strcmp(name, "destination") == 0) {
                if (r->rule == NULL) {
                        warn(r, "Invalid rule: Destination outside of rule");
                        r->rule_error = TRUE;
                        return TRUE;
                }
                return rule_address(r, FALSE, a, error);
        }
        if (strcmp(name, "accept") == 0 || strcmp(name, "reject") == 0 ||
            strcmp(name, "drop") == 0 || strcmp(name, "mark") == 0) {
                if (r->rule == NULL) {
                        warn(r, "Invalid rule: Action outside of rule");
                        r->rule_error = TRUE;
                        return TRUE;
                }
                if (r->rule->action.type != ZW_RICH_ACTION_NONE) {
                        warn(r, "Invalid rule: More than one action");
                        r->rule_error = TRUE;
                        return TRUE;
                }
                switch (name[0]) {
                case 'a':
                        r->rule->action.type = ZW_RICH_ACTION_ACCEPT;
                        break;
                case 'r':
                        r->rule->action.type = ZW_RICH_ACTION_REJECT;
                        r->rule->action.reject_type = g_strdup(attr(a, "type"));
                        break;
                case 'd':
                        r->rule->action.type = ZW_RICH_ACTION_DROP;
                        break;
                default:
                        r->rule->action.type = ZW_RICH_ACTION_MARK;
                        r->rule->action.mark_set = g_strdup(attr(a, "set"));
                        break;
                }
                r->limit = &r->rule->action.limit;
                return TRUE;
        }
        if (strcmp(name, "log") == 0 || strcmp(name, "nflog") == 0) {
                gboolean nflog = name[0] == 'n';
                const char *prefix = attr(a, "prefix");

                if (r->rule == NULL) {
                        warn(r, "Invalid rule: Log outside of rule");
                        return TRUE;
                }
                if (r->rule->log.type != ZW_RICH_LOG_NONE) {
                        warn(r, "Invalid rule: More than one log");
                        return TRUE;
                }
                if (!nflog) {
                        static const char *const levels[] = { "emerg",   "alert",  "crit",
                                                              "error",   "warning", "notice",
                                                              "info",    "debug",  NULL };
                        const char *level = attr(a, "level");
                        if (level != NULL && !in_list(levels, level)) {
                                warn(r, "Invalid rule: Invalid log level");
                                r->rule_error = TRUE;
                                return TRUE;
                        }
                        if (prefix != NULL && !valid_log_prefix(prefix)) {
                                warn(r, "Invalid rule: Invalid log prefix");
                                r->rule_error = TRUE;
                                return TRUE;
                        }
                        r->rule->log.type = ZW_RICH_LOG_LOG;
                        r->rule->log.level = g_strdup(level);
                } else {
                        const char *group = attr(a, "group");
                        const char *qsize = attr(a, "queue-size");
                        if (group != NULL && !zw_rich_uint16_parse(group, NULL)) {
                                warn(r, "Invalid rule: Invalid nflog group value");
                                r->rule_error = TRUE;
                                return TRUE;
                        }
                        if (prefix != NULL && !valid_log_prefix(prefix)) {
                                warn(r, "Invalid rule: Invalid nflog prefix");
                                r->rule_error = TRUE;
                                return TRUE;
                        }
                        if (qsize != NULL && !zw_rich_uint16_parse(qsize, NULL)) {
                                warn(r, "Invalid rule: Invalid nflog queue-size");
                                r->rule_error = TRUE;
                                return TRUE;
                        }
                        r->rule->log.type = ZW_RICH_LOG_NFLOG;
                        r->rule->log.group = g_strdup(group);
                        r->rule->log.queue_size = g_strdup(qsize);
                }
                r->rule->log.prefix = g_strdup(prefix);
                r->limit = &r->rule->log.limit;
                return TRUE;
        }
        if (strcmp(name, "audit") == 0) {
                if (r->rule == NULL) {
                        warn(r, "Invalid rule: Audit outside of rule");
                        return TRUE;
                }
                if (r->rule->audit.enabled) {
                        g_autofree char *s = zw_rich_rule_to_string(r->rule);
                        warn(r, "Invalid rule: More than one audit in rule '%s', ignoring.", s);
                        r->rule_error = TRUE;
                        return TRUE;
                }
                r->rule->audit.enabled = TRUE;
                r->limit = &r->rule->audit.limit;
                return TRUE;
        }
        if (strcmp(name, "rule") == 0) {
                const char *family = attr(a, "family");
                const char *prio = attr(a, "priority");
                int priority = 0;

                if (family != NULL && strcmp(family, "ipv4") != 0 && strcmp(family, "ipv6") != 0) {
                        warn(r, "Invalid rule: Rule family \"%s\" invalid", family);
                        r->rule_error = TRUE;
                        return TRUE;
                }
                if (prio != NULL && !parse_int_attr(prio, &priority, error))
                        return FALSE;
                /* a nested <rule> replaces the open one (as in firewalld); nothing may keep
                 * pointing into the old one */
                r->limit = NULL;
                zw_rich_rule_free(r->rule);
                r->rule = zw_rich_rule_new();
                r->rule->family = g_strdup(family);
                r->rule->priority = priority;
                return TRUE;
        }
        if (strcmp(name, "limit") == 0) {
                if (r->limit == NULL) {
                        warn(r, "Invalid rule: Limit outside of action, log and audit");
                        r->rule_error = TRUE;
                        return TRUE;
                }
                if (*r->limit != NULL) {
                        g_autofree char *s = zw_rich_rule_to_string(r->rule);
                        warn(r, "Invalid rule: More than one limit in rule '%s', ignoring.", s);
                        r->rule_error = TRUE;
                        return TRUE;
                }
                *r->limit = g_strdup(attr(a, "value"));
                return TRUE;
        }
        *out_handled = FALSE;
        return TRUE;
}

static void
rule_end(Reader *r)
{
        Common c = common_of(r);
        g_autoptr(ZwRichRule) rule = g_steal_pointer(&r->rule);
        g_autoptr(GError) local = NULL;
        g_autofree char *text = NULL;

        if (!r->rule_error && rule != NULL) {
                zw_rich_rule_normalize(rule);
                text = zw_rich_rule_to_string(rule);
                if (!zw_rich_rule_check(rule, &local)) {
                        warn_error(r, local, text);
                } else {
                        gboolean dup = FALSE;
                        for (guint i = 0; i < c.rules->len && !dup; i++)
                                dup = zw_rich_rule_equal(g_ptr_array_index(c.rules, i), rule);
                        if (dup)
                                warn(r, "Rule '%s' already set, ignoring.", text);
                        else
                                g_ptr_array_add(c.rules, g_steal_pointer(&rule));
                }
        }
        r->rule_error = FALSE;
        r->limit = NULL;
}

static gboolean
zone_start(Reader *r, const char *name, const Attrs *a, GError **error)
{
        ZwZone *zone = r->object;
        gboolean handled;

        if (!common_start(r, name, a, &handled, error))
                return FALSE;
        if (handled)
                return TRUE;
        if (strcmp(name, "zone") == 0) {
                static const char *const targets[] = { "ACCEPT", "%%REJECT%%", "DROP",
                                                       "{chain}_{zone}", "default", NULL };
                const char *target = attr(a, "target");

                if (attr(a, "name") != NULL)
                        warn(r, "Ignoring deprecated attribute name='%s'", attr(a, "name"));
                if (attr(a, "version") != NULL) {
                        g_free(zone->info.version);
                        zone->info.version = g_strdup(attr(a, "version"));
                }
                if (attr(a, "immutable") != NULL)
                        warn(r, "Ignoring deprecated attribute immutable='%s'",
                             attr(a, "immutable"));
                if (target != NULL) {
                        if (!in_list(targets, target)) {
                                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_TARGET,
                                                    target);
                                return FALSE;
                        }
                        g_free(zone->target);
                        zone->target = g_strdup(zw_zone_normalize_target(target));
                }
        } else if (strcmp(name, "forward") == 0) {
                if (zone->forward)
                        warn(r, "Forward already set, ignoring.");
                zone->forward = TRUE;
        } else if (strcmp(name, "interface") == 0) {
                if (r->rule != NULL) {
                        warn(r, "Invalid rule: interface use in rule.");
                        r->rule_error = TRUE;
                        return TRUE;
                }
                add_unique(r, zone->interfaces, attr(a, "name"), "Interface");
        } else if (strcmp(name, "source") == 0) {
                const char *address = attr(a, "address");
                const char *ipset = attr(a, "ipset");

                if (r->rule != NULL)
                        return rule_address(r, TRUE, a, error);
                if (address == NULL && ipset == NULL) {
                        warn(r, "Invalid source: No address no ipset.");
                        return TRUE;
                }
                if (address != NULL && ipset != NULL) {
                        warn(r, "Invalid source: Address and ipset.");
                        return TRUE;
                }
                if (attr(a, "family") != NULL)
                        warn(r, "Ignoring deprecated attribute family='%s'", attr(a, "family"));
                if (attr(a, "invert") != NULL) {
                        warn(r, "Invalid source: Invertion not allowed here.");
                        return TRUE;
                }
                if (address != NULL) {
                        if (!zw_check_address(ZW_FAMILY_ANY, address, NULL, NULL) &&
                            !zw_is_mac(address)) {
                                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_ADDR,
                                                    address);
                                return FALSE;
                        }
                        add_unique(r, zone->sources, address, "Source");
                } else {
                        g_autofree char *entry = g_strconcat("ipset:", ipset, NULL);
                        add_unique(r, zone->sources, entry, "Source");
                }
        } else if (strcmp(name, "icmp-block-inversion") == 0) {
                if (zone->icmp_block_inversion)
                        warn(r, "Icmp-Block-Inversion already set, ignoring.");
                zone->icmp_block_inversion = TRUE;
        } else {
                warn(r, "Unknown XML element '%s'", name);
        }
        return TRUE;
}

static gboolean
policy_start(Reader *r, const char *name, const Attrs *a, GError **error)
{
        ZwPolicy *policy = r->object;
        gboolean handled;

        if (!common_start(r, name, a, &handled, error))
                return FALSE;
        if (handled)
                return TRUE;
        if (strcmp(name, "policy") == 0) {
                static const char *const targets[] = { "ACCEPT", "REJECT", "DROP", "CONTINUE",
                                                       NULL };
                const char *target = attr(a, "target");

                if (attr(a, "version") != NULL) {
                        g_free(policy->info.version);
                        policy->info.version = g_strdup(attr(a, "version"));
                }
                if (attr(a, "priority") != NULL &&
                    !parse_int_attr(attr(a, "priority"), &policy->priority, error))
                        return FALSE;
                if (target != NULL) {
                        if (!in_list(targets, target)) {
                                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_TARGET,
                                                    target);
                                return FALSE;
                        }
                        g_free(policy->target);
                        policy->target = g_strdup(target);
                }
        } else if (strcmp(name, "ingress-zone") == 0) {
                add_unique(r, policy->ingress_zones, attr(a, "name"), "Ingress zone");
        } else if (strcmp(name, "egress-zone") == 0) {
                add_unique(r, policy->egress_zones, attr(a, "name"), "Egress zone");
        } else if (strcmp(name, "source") == 0) {
                if (r->rule == NULL) {
                        warn(r, "Invalid rule: Source outside of rule");
                        r->rule_error = TRUE;
                        return TRUE;
                }
                return rule_address(r, TRUE, a, error);
        } else {
                warn(r, "Unknown XML element '%s'", name);
        }
        return TRUE;
}

/* ---- services, icmptypes, helpers, ipsets ------------------------------------------------- */

static gboolean
add_plain_port(Reader *r, GPtrArray *ports, const Attrs *a, const char *elem, const char *what,
               GError **error)
{
        const char *port = need_attr(a, elem, "port", error);
        const char *protocol;
        g_autofree char *norm = NULL;

        if (port == NULL)
                return FALSE;
        protocol = need_attr(a, elem, "protocol", error);
        if (protocol == NULL || !check_port(port, &norm, error) || !check_tcpudp(protocol, error))
                return FALSE;
        if (port_in_list(ports, norm, protocol))
                warn(r, "%s '%s/%s' already set, ignoring.", what, port, protocol);
        else
                g_ptr_array_add(ports, zw_port_new(norm, protocol));
        return TRUE;
}

static gboolean
service_start(Reader *r, const char *name, const Attrs *a, GError **error)
{
        ZwService *svc = r->object;

        if (strcmp(name, "service") == 0) {
                if (attr(a, "name") != NULL)
                        warn(r, "Ignoring deprecated attribute name='%s'", attr(a, "name"));
                if (attr(a, "version") != NULL) {
                        g_free(svc->info.version);
                        svc->info.version = g_strdup(attr(a, "version"));
                }
        } else if (strcmp(name, "port") == 0) {
                const char *port = need_attr(a, name, "port", error);
                const char *protocol;

                if (port == NULL)
                        return FALSE;
                if (*port != '\0')
                        return add_plain_port(r, svc->ports, a, name, "Port", error);
                /* port="" + protocol: a protocol-only entry */
                protocol = need_attr(a, name, "protocol", error);
                if (protocol == NULL || !check_protocol(protocol, error))
                        return FALSE;
                add_unique(r, svc->protocols, protocol, "Protocol");
        } else if (strcmp(name, "protocol") == 0) {
                const char *value = need_attr(a, name, "value", error);

                if (value == NULL || !check_protocol(value, error))
                        return FALSE;
                add_unique(r, svc->protocols, value, "Protocol");
        } else if (strcmp(name, "source-port") == 0) {
                return add_plain_port(r, svc->source_ports, a, name, "SourcePort", error);
        } else if (strcmp(name, "destination") == 0) {
                static const char *const fams[] = { "ipv4", "ipv6" };
                char **slots[] = { &svc->destination_ipv4, &svc->destination_ipv6 };

                for (guint i = 0; i < G_N_ELEMENTS(fams); i++) {
                        const char *v = attr(a, fams[i]);
                        if (v == NULL)
                                continue;
                        if (!zw_check_address(i == 0 ? ZW_FAMILY_IPV4 : ZW_FAMILY_IPV6, v, NULL,
                                              NULL)) {
                                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ADDR,
                                            "'%s' is not valid %s address", v, fams[i]);
                                return FALSE;
                        }
                        if (*slots[i] != NULL)
                                warn(r, "Destination address for '%s' already set, ignoring",
                                     fams[i]);
                        else
                                *slots[i] = g_strdup(v);
                }
        } else if (strcmp(name, "module") == 0) {
                const char *m = need_attr(a, name, "name", error);
                g_autofree char *norm = NULL;

                if (m == NULL)
                        return FALSE;
                norm = zw_service_normalize_module(m);
                add_unique(r, svc->modules, norm, "Module");
        } else if (strcmp(name, "include") == 0) {
                const char *inc = need_attr(a, name, "service", error);

                if (inc == NULL)
                        return FALSE;
                add_unique(r, svc->includes, inc, "Include");
        } else if (strcmp(name, "helper") == 0) {
                const char *h = need_attr(a, name, "name", error);

                if (h == NULL)
                        return FALSE;
                add_unique(r, svc->helpers, h, "Helper");
        }
        return TRUE;
}

static gboolean
icmptype_start(Reader *r, const char *name, const Attrs *a, GError **error)
{
        ZwIcmpType *it = r->object;

        if (strcmp(name, "icmptype") == 0) {
                if (attr(a, "name") != NULL)
                        warn(r, "Ignoring deprecated attribute name='%s'", attr(a, "name"));
                if (attr(a, "version") != NULL) {
                        g_free(it->info.version);
                        it->info.version = g_strdup(attr(a, "version"));
                }
        } else if (strcmp(name, "destination") == 0) {
                const char *v4 = attr(a, "ipv4");
                const char *v6 = attr(a, "ipv6");

                /* the object starts with no family; an empty list means both (see parse) */
                if (v4 != NULL && (g_ascii_strcasecmp(v4, "yes") == 0 ||
                                   g_ascii_strcasecmp(v4, "true") == 0))
                        it->ipv4 = TRUE;
                if (v6 != NULL && (g_ascii_strcasecmp(v6, "yes") == 0 ||
                                   g_ascii_strcasecmp(v6, "true") == 0))
                        it->ipv6 = TRUE;
        }
        return TRUE;
}

static gboolean
helper_start(Reader *r, const char *name, const Attrs *a, GError **error)
{
        ZwHelper *helper = r->object;

        if (strcmp(name, "helper") == 0) {
                const char *family = attr(a, "family");
                const char *module = attr(a, "module");

                if (attr(a, "version") != NULL) {
                        g_free(helper->info.version);
                        helper->info.version = g_strdup(attr(a, "version"));
                }
                if (family != NULL) {
                        /* the reader's check_ipv() knows only these two, not "" */
                        if (strcmp(family, "ipv4") != 0 && strcmp(family, "ipv6") != 0) {
                                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_IPV,
                                            "'%s' not in '['ipv4', 'ipv6']'", family);
                                return FALSE;
                        }
                        g_free(helper->family);
                        helper->family = g_strdup(family);
                }
                if (module != NULL) {
                        if (!g_str_has_prefix(module, "nf_conntrack_")) {
                                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_MODULE,
                                            "'%s' does not start with 'nf_conntrack_'", module);
                                return FALSE;
                        }
                        if (module[strlen("nf_conntrack_")] == '\0') {
                                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_MODULE,
                                            "Module name '%s' too short", module);
                                return FALSE;
                        }
                        g_free(helper->module);
                        helper->module = g_strdup(module);
                }
        } else if (strcmp(name, "port") == 0) {
                return add_plain_port(r, helper->ports, a, name, "Port", error);
        }
        return TRUE;
}

static gboolean
ipset_start(Reader *r, const char *name, const Attrs *a, GError **error)
{
        ZwIpset *ipset = r->object;

        if (strcmp(name, "ipset") == 0) {
                const char *type = attr(a, "type");

                if (type != NULL) {
                        if (!zw_ipset_type_is_valid(type)) {
                                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_TYPE, type);
                                return FALSE;
                        }
                        g_free(ipset->type);
                        ipset->type = g_strdup(type);
                }
                if (attr(a, "version") != NULL) {
                        g_free(ipset->info.version);
                        ipset->info.version = g_strdup(attr(a, "version"));
                }
        } else if (strcmp(name, "option") == 0) {
                static const char *const known[] = { "family", "timeout", "hashsize", "maxelem",
                                                     NULL };
                const char *oname = attr(a, "name");
                const char *value = attr(a, "value") != NULL ? attr(a, "value") : "";

                if (!in_list(known, oname)) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_OPTION,
                                    "Unknown option '%s'", oname);
                        return FALSE;
                }
                if (g_strcmp0(ipset->type, "hash:mac") == 0 && strcmp(oname, "family") == 0) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_OPTION,
                                    "Unsupported option '%s' for type '%s'", oname, ipset->type);
                        return FALSE;
                }
                if (*value == '\0') {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_OPTION,
                                    "Missing mandatory value of option '%s'", oname);
                        return FALSE;
                }
                if (strcmp(oname, "family") != 0) {
                        gint64 v;
                        if (!py_int(value, &v)) {
                                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_VALUE,
                                            "Option '%s': Value '%s' is not an integer", oname,
                                            value);
                                return FALSE;
                        }
                        if (v < 0) {
                                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_VALUE,
                                            "Option '%s': Value '%s' is negative", oname, value);
                                return FALSE;
                        }
                } else if (strcmp(value, "inet") != 0 && strcmp(value, "inet6") != 0) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_INVALID_FAMILY, value);
                        return FALSE;
                }
                if (zw_ipset_get_option(ipset, oname) != NULL)
                        warn(r, "Option %s already set, ignoring.", oname);
                else
                        zw_ipset_set_option(ipset, oname, value);
        }
        return TRUE;
}

/* what ipset_reader() does after the parse: entries of a set with a timeout are dropped,
 * duplicates and invalid entries are dropped with a warning */
static void
ipset_finish(Reader *r)
{
        ZwIpset *ipset = r->object;
        const char *timeout = zw_ipset_get_option(ipset, "timeout");

        if (timeout != NULL && strcmp(timeout, "0") != 0 && r->entries->len > 0) {
                warn(r, "ipset '%s': timeout option is set, entries are ignored", r->name);
                return;
        }
        for (guint i = 0; i < r->entries->len; i++) {
                const char *e = g_ptr_array_index(r->entries, i);
                g_autoptr(GError) local = NULL;
                char *norm;

                if (zw_ipset_has_entry(ipset, e)) {
                        warn(r, "Entry %s already set, ignoring.", e);
                        continue;
                }
                if (!zw_ipset_check_entry(ipset, e, &local)) {
                        g_autofree char *wire = zw_error_to_wire(local);
                        warn(r, "%s, ignoring.", wire);
                        continue;
                }
                /* stored as core looks entries up; unlike D-Bus additions (zw_ipset_add_entry)
                 * the file reader does not refuse overlapping entries */
                norm = zw_ipset_normalize_entry(e);
                zw_ipset_insert_entry(ipset, norm);
        }
}

/* ---- direct.xml and lockdown-whitelist.xml ----------------------------------------------- */

static gboolean
args_from_text(const char *text, GStrv *out_args)
{
        g_auto(GStrv) argv = NULL;
        g_autofree char *trimmed = g_strstrip(g_strdup(text));

        if (*trimmed == '\0') {
                *out_args = g_new0(char *, 1);
                return TRUE;
        }
        if (!g_shell_parse_argv(trimmed, NULL, &argv, NULL))
                return FALSE;
        *out_args = g_steal_pointer(&argv);
        return TRUE;
}

static gboolean
direct_start(Reader *r, const char *name, const Attrs *a, GError **error)
{
        ZwDirect *direct = r->object;

        if (strcmp(name, "direct") == 0) {
                if (r->seen_root) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_PARSE_ERROR,
                                            "More than one direct tag.");
                        return FALSE;
                }
                r->seen_root = TRUE;
        } else if (strcmp(name, "chain") == 0) {
                g_autoptr(GError) local = NULL;

                if (!r->seen_root) {
                        warn(r, "Parse Error: chain outside of direct");
                        return TRUE;
                }
                if (!zw_direct_add_chain(direct, attr(a, "ipv"), attr(a, "table"),
                                         attr(a, "chain"), &local)) {
                        if (!g_error_matches(local, ZW_ERROR, ZW_ERROR_ALREADY_ENABLED)) {
                                g_propagate_error(error, g_steal_pointer(&local));
                                return FALSE;
                        }
                        warn(r, "Chain '%s' for table '%s' with ipv '%s' already in list, ignoring",
                             attr(a, "chain"), attr(a, "table"), attr(a, "ipv"));
                }
        } else if (strcmp(name, "rule") == 0) {
                const char *ipv = attr(a, "ipv");
                gint64 prio;

                if (!r->seen_root) {
                        warn(r, "Parse Error: rule outside of direct");
                        return TRUE;
                }
                if (!zw_direct_check_ipv(ipv, NULL)) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_IPV,
                                    "'%s' not from {'ipv4'|'ipv6'|'eb'}", ipv);
                        return FALSE;
                }
                if (!py_int(attr(a, "priority"), &prio) || prio < G_MININT || prio > G_MAXINT) {
                        warn(r, "Parse Error: %s is not a valid priority", attr(a, "priority"));
                        return TRUE;
                }
                g_free(r->d_ipv);
                g_free(r->d_table);
                g_free(r->d_chain);
                r->d_ipv = g_strdup(ipv);
                r->d_table = g_strdup(attr(a, "table"));
                r->d_chain = g_strdup(attr(a, "chain"));
                r->d_priority = (int)prio;
                r->have_direct_rule = TRUE;
        } else if (strcmp(name, "passthrough") == 0) {
                if (!r->seen_root) {
                        warn(r, "Parse Error: command outside of direct");
                        return TRUE;
                }
                g_free(r->d_ipv);
                r->d_ipv = g_strdup(attr(a, "ipv"));
                r->have_passthrough = TRUE;
        }
        return TRUE;
}

static gboolean
direct_end(Reader *r, const char *name, GError **error)
{
        ZwDirect *direct = r->object;
        g_auto(GStrv) args = NULL;
        g_autoptr(GError) local = NULL;
        gboolean rule = strcmp(name, "rule") == 0;

        if (!(rule && r->have_direct_rule) &&
            !(strcmp(name, "passthrough") == 0 && r->have_passthrough))
                return TRUE;
        r->have_direct_rule = FALSE;
        r->have_passthrough = FALSE;
        if (r->text->len == 0) {
                warn(r, "Error: %s does not have any arguments, ignoring.",
                     rule ? "rule" : "passthrough");
                return TRUE;
        }
        if (!args_from_text(r->text->str, &args)) {
                warn(r, "Error: cannot split the arguments of %s '%s', ignoring.", name,
                     r->text->str);
                return TRUE;
        }
        if (rule ? zw_direct_add_rule(direct, r->d_ipv, r->d_table, r->d_chain, r->d_priority,
                                      (const char *const *)args, &local)
                 : zw_direct_add_passthrough(direct, r->d_ipv, (const char *const *)args, &local))
                return TRUE;
        if (!g_error_matches(local, ZW_ERROR, ZW_ERROR_ALREADY_ENABLED)) {
                g_propagate_error(error, g_steal_pointer(&local));
                return FALSE;
        }
        warn(r, "%s '%s' with ipv '%s' already in list, ignoring", rule ? "Rule" : "Passthrough",
             r->text->str, r->d_ipv);
        return TRUE;
}

/* checkCommand(), checkContext(), checkUser() of firewall/functions.py */
static gboolean
valid_command(const char *c)
{
        glong len = g_utf8_strlen(c, -1);

        return len >= 1 && len <= 1024 && strpbrk(c, "|\n") == NULL && c[0] == '/';
}

static gboolean
valid_context(const char *c)
{
        g_auto(GStrv) parts = g_strsplit(c, ":", -1);
        guint n = g_strv_length(parts);

        return (n == 4 || n == 5) &&
               (strcmp(parts[0], "root") == 0 || g_str_has_suffix(parts[0], "_u")) &&
               g_str_has_suffix(parts[1], "_r") && g_str_has_suffix(parts[2], "_t") &&
               parts[3][0] != '\0';
}

static gboolean
valid_user(const char *u)
{
        long max = sysconf(_SC_LOGIN_NAME_MAX);
        size_t len = strlen(u);

        if (len < 1 || (max > 0 && len > (size_t)max))
                return FALSE;
        for (const char *p = u; *p != '\0'; p++)
                if (!g_ascii_isalnum(*p) && strchr(".-_$", *p) == NULL)
                        return FALSE;
        return TRUE;
}

static gboolean
lockdown_add(ZwLockdown *ld, ZwLockdownList list, const char *value, GError **error)
{
        gboolean ok;
        int code;

        switch (list) {
        case ZW_LOCKDOWN_COMMAND:
                ok = valid_command(value);
                code = ZW_ERROR_INVALID_COMMAND;
                break;
        case ZW_LOCKDOWN_CONTEXT:
                ok = valid_context(value);
                code = ZW_ERROR_INVALID_CONTEXT;
                break;
        case ZW_LOCKDOWN_USER:
        default:
                ok = valid_user(value);
                code = ZW_ERROR_INVALID_USER;
                break;
        }
        if (!ok) {
                g_set_error_literal(error, ZW_ERROR, code, value);
                return FALSE;
        }
        return zw_lockdown_add(ld, list, value, error);
}

static gboolean
lockdown_start(Reader *r, const char *name, const Attrs *a, GError **error)
{
        ZwLockdown *ld = r->object;

        if (strcmp(name, "whitelist") == 0) {
                if (r->seen_root) {
                        g_set_error_literal(error, ZW_ERROR, ZW_ERROR_PARSE_ERROR,
                                            "More than one whitelist.");
                        return FALSE;
                }
                r->seen_root = TRUE;
                return TRUE;
        }
        if (!r->seen_root) {
                warn(r, "Parse Error: %s outside of whitelist", name);
                return TRUE;
        }
        /* a duplicate is an error here (ALREADY_ENABLED), as LockdownWhitelist.add_*() */
        if (strcmp(name, "command") == 0)
                return lockdown_add(ld, ZW_LOCKDOWN_COMMAND, attr(a, "name"), error);
        if (strcmp(name, "selinux") == 0)
                return lockdown_add(ld, ZW_LOCKDOWN_CONTEXT, attr(a, "context"), error);
        if (strcmp(name, "user") == 0) {
                const char *id = attr(a, "id");
                gint64 uid;

                if (id != NULL) {
                        if (!py_int(id, &uid)) {
                                warn(r, "Parse Error: %s is not a valid uid", id);
                                return TRUE;
                        }
                        if (uid < 0 || uid > G_MAXINT32) {
                                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_UID,
                                            "%" G_GINT64_FORMAT, uid);
                                return FALSE;
                        }
                        return zw_lockdown_add_uid(ld, (gint32)uid, error);
                }
                if (attr(a, "name") != NULL)
                        return lockdown_add(ld, ZW_LOCKDOWN_USER, attr(a, "name"), error);
        }
        return TRUE;
}

/* ---- the walk (SAX order over the tree) -------------------------------------------------- */

static gboolean
start_element(Reader *r, const char *name, const Attrs *a, GError **error)
{
        g_string_truncate(r->text, 0);
        /* zones and policies skip everything up to </rule> once a rule went bad */
        if ((r->doc == ZW_KIND_ZONE || r->doc == ZW_KIND_POLICY) && r->rule_error)
                return TRUE;
        if (!check_element_attrs(r->specs, name, a, error))
                return FALSE;
        switch (r->doc) {
        case ZW_KIND_ZONE:
                return zone_start(r, name, a, error);
        case ZW_KIND_POLICY:
                return policy_start(r, name, a, error);
        case ZW_KIND_SERVICE:
                return service_start(r, name, a, error);
        case ZW_KIND_ICMPTYPE:
                return icmptype_start(r, name, a, error);
        case ZW_KIND_HELPER:
                return helper_start(r, name, a, error);
        case ZW_KIND_IPSET:
                return ipset_start(r, name, a, error);
        case DOC_DIRECT:
                return direct_start(r, name, a, error);
        case DOC_LOCKDOWN:
                return lockdown_start(r, name, a, error);
        default:
                return TRUE;
        }
}

static gboolean
end_element(Reader *r, const char *name, GError **error)
{
        if (r->doc < ZW_KIND_N) {
                ZwObjInfo *info = r->object;
                /* an empty text is what firewalld has for an absent one ("") */
                if (strcmp(name, "short") == 0) {
                        g_free(info->short_desc);
                        info->short_desc = dup_nonempty(r->text->str);
                } else if (strcmp(name, "description") == 0) {
                        g_free(info->description);
                        info->description = dup_nonempty(r->text->str);
                }
        }
        if (r->doc == ZW_KIND_ZONE || r->doc == ZW_KIND_POLICY) {
                if (strcmp(name, "rule") == 0)
                        rule_end(r);
                else if (strcmp(name, "accept") == 0 || strcmp(name, "reject") == 0 ||
                         strcmp(name, "drop") == 0 || strcmp(name, "mark") == 0 ||
                         strcmp(name, "log") == 0 || strcmp(name, "audit") == 0)
                        r->limit = NULL;
        } else if (r->doc == ZW_KIND_IPSET && strcmp(name, "entry") == 0) {
                g_ptr_array_add(r->entries, g_strdup(r->text->str));
        } else if (r->doc == DOC_DIRECT) {
                return direct_end(r, name, error);
        }
        return TRUE;
}

static void
append_text(Reader *r, const xmlChar *content)
{
        gsize start = r->text->len;

        if (content == NULL)
                return;
        g_string_append(r->text, (const char *)content);
        for (gsize i = start; i < r->text->len; i++)
                if (r->text->str[i] == '\n')
                        r->text->str[i] = ' ';
}

static gboolean
walk(Reader *r, xmlNode *node, GError **error)
{
        for (xmlNode *n = node; n != NULL; n = n->next) {
                if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
                        append_text(r, n->content);
                        continue;
                }
                /* entity references are not expanded (no DTD is loaded) */
                if (n->type != XML_ELEMENT_NODE)
                        continue;
                {
                        g_autofree char *name = qualified_name(n->ns, n->name);
                        g_auto(Attrs) a = { NULL, NULL };

                        attrs_load(&a, n);
                        if (!start_element(r, name, &a, error))
                                return FALSE;
                        if (!walk(r, n->children, error))
                                return FALSE;
                        if (!end_element(r, name, error))
                                return FALSE;
                }
        }
        return TRUE;
}

static void
reader_clear(Reader *r)
{
        if (r->text != NULL)
                g_string_free(r->text, TRUE);
        zw_rich_rule_free(r->rule);
        if (r->entries != NULL)
                g_ptr_array_unref(r->entries);
        g_free(r->d_ipv);
        g_free(r->d_table);
        g_free(r->d_chain);
}

static xmlDoc *
parse_doc(const char *data, gsize len, int code, const char *prefix, GError **error)
{
        xmlParserCtxt *ctxt;
        xmlDoc *doc = NULL;

        if (len > INT_MAX) {
                g_set_error(error, ZW_ERROR, code, "%s: file too large", prefix);
                return NULL;
        }
        ctxt = xmlNewParserCtxt();
        if (ctxt == NULL) {
                g_set_error(error, ZW_ERROR, code, "%s: out of memory", prefix);
                return NULL;
        }
        /* no network, no DTD loading, no entity substitution; errors only reported to us */
        doc = xmlCtxtReadMemory(ctxt, data != NULL ? data : "", (int)len, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        if (doc == NULL || !ctxt->wellFormed) {
                const xmlError *e = xmlCtxtGetLastError(ctxt);
                g_autofree char *msg = g_strdup(e != NULL && e->message != NULL ? e->message
                                                                                : "parse error");

                g_strstrip(msg);
                if (e != NULL)
                        g_set_error(error, ZW_ERROR, code, "%s: %s: line %d, column %d", prefix,
                                    msg, e->line, e->int2);
                else
                        g_set_error(error, ZW_ERROR, code, "%s: %s", prefix, msg);
                if (doc != NULL)
                        xmlFreeDoc(doc);
                doc = NULL;
        }
        xmlFreeParserCtxt(ctxt);
        return doc;
}

static gboolean
run(Reader *r, const char *data, gsize len, int code, const char *prefix, GError **error)
{
        xmlDoc *doc = parse_doc(data, len, code, prefix, error);
        gboolean ok;

        if (doc == NULL)
                return FALSE;
        r->text = g_string_new(NULL);
        ok = walk(r, xmlDocGetRootElement(doc), error);
        xmlFreeDoc(doc);
        return ok;
}

static gpointer
object_new(ZwKind kind, const char *name)
{
        switch (kind) {
        case ZW_KIND_ZONE:
                return zw_zone_new(name);
        case ZW_KIND_SERVICE:
                return zw_service_new(name);
        case ZW_KIND_POLICY:
                return zw_policy_new(name);
        case ZW_KIND_ICMPTYPE:
                return zw_icmptype_new(name);
        case ZW_KIND_HELPER:
                return zw_helper_new(name);
        case ZW_KIND_IPSET:
                return zw_ipset_new(name, NULL);
        case ZW_KIND_N:
        default:
                g_return_val_if_reached(NULL);
        }
}

static gboolean
object_check(gconstpointer object, GError **error)
{
        const ZwObjInfo *info = object;

        switch (info->kind) {
        case ZW_KIND_ZONE:
                return zw_zone_check(object, error);
        case ZW_KIND_SERVICE:
                return zw_service_check(object, error);
        case ZW_KIND_POLICY:
                return zw_policy_check(object, error);
        case ZW_KIND_ICMPTYPE:
                return zw_icmptype_check(object, error);
        case ZW_KIND_HELPER:
                return zw_helper_check(object, error);
        case ZW_KIND_IPSET:
                return zw_ipset_check(object, error);
        case ZW_KIND_N:
        default:
                return TRUE;
        }
}

gpointer
zw_xml_parse_object(ZwKind kind, const char *name, const char *data, gsize len,
                    GPtrArray *warnings, GError **error)
{
        Reader r = { 0 };
        g_autofree char *prefix = NULL;
        gpointer object;
        gboolean ok;

        g_return_val_if_fail(kind < ZW_KIND_N, NULL);
        g_return_val_if_fail(name != NULL, NULL);

        if (!zw_check_name(kind, name, error))
                return NULL;
        object = object_new(kind, name);
        if (kind == ZW_KIND_ICMPTYPE) {
                /* families are collected from <destination>; none means both */
                ((ZwIcmpType *)object)->ipv4 = FALSE;
                ((ZwIcmpType *)object)->ipv6 = FALSE;
        }
        r.doc = kind;
        r.specs = kind_specs[kind];
        r.object = object;
        r.name = name;
        r.warnings = warnings;
        r.entries = g_ptr_array_new_with_free_func(g_free);
        prefix = g_strdup_printf("not a valid %s file", zw_kind_name(kind));
        ok = run(&r, data, len, zw_kind_invalid_code(kind), prefix, error);
        if (ok && kind == ZW_KIND_IPSET)
                ipset_finish(&r);
        reader_clear(&r);
        if (ok && kind == ZW_KIND_ICMPTYPE) {
                ZwIcmpType *it = object;
                it->destination_given = it->ipv4 || it->ipv6;
                if (!it->destination_given)
                        it->ipv4 = it->ipv6 = TRUE;
        }
        if (ok)
                ok = object_check(object, error);
        if (!ok) {
                zw_object_free(object);
                return NULL;
        }
        return object;
}

static gboolean
read_file(const char *path, char **out_data, gsize *out_len, int code, GError **error)
{
        g_autoptr(GError) local = NULL;

        if (!g_file_get_contents(path, out_data, out_len, &local)) {
                g_set_error(error, ZW_ERROR, code, "%s", local->message);
                return FALSE;
        }
        return TRUE;
}

gpointer
zw_xml_read_object(ZwKind kind, const char *name, const char *path, GPtrArray *warnings,
                   GError **error)
{
        g_autofree char *data = NULL;
        g_autofree char *base = NULL;
        g_autofree char *dir = NULL;
        g_autofree char *own_name = NULL;
        gsize len = 0;
        ZwObjInfo *info;

        g_return_val_if_fail(kind < ZW_KIND_N, NULL);
        g_return_val_if_fail(path != NULL, NULL);

        base = g_path_get_basename(path);
        dir = g_path_get_dirname(path);
        if (!g_str_has_suffix(base, ".xml")) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_NAME, "'%s' is missing .xml suffix",
                            base);
                return NULL;
        }
        if (name == NULL)
                name = own_name = g_strndup(base, strlen(base) - strlen(".xml"));
        if (!zw_check_name(kind, name, error))
                return NULL;
        if (!read_file(path, &data, &len, zw_kind_invalid_code(kind), error))
                return NULL;
        info = zw_xml_parse_object(kind, name, data, len, warnings, error);
        if (info == NULL)
                return NULL;
        g_free(info->path);
        g_free(info->filename);
        info->path = g_steal_pointer(&dir);
        info->filename = g_steal_pointer(&base);
        return info;
}

gboolean
zw_xml_detect_kind(const char *data, gsize len, ZwKind *out_kind)
{
        xmlDoc *doc = parse_doc(data, len, ZW_ERROR_PARSE_ERROR, "", NULL);
        xmlNode *root;
        gboolean ok = FALSE;
        ZwKind kind;

        if (doc == NULL)
                return FALSE;
        root = xmlDocGetRootElement(doc);
        if (root != NULL && root->ns == NULL &&
            zw_kind_from_name((const char *)root->name, &kind)) {
                if (out_kind != NULL)
                        *out_kind = kind;
                ok = TRUE;
        }
        xmlFreeDoc(doc);
        return ok;
}

ZwDirect *
zw_xml_parse_direct(const char *data, gsize len, GPtrArray *warnings, GError **error)
{
        g_autoptr(ZwDirect) direct = zw_direct_new();
        Reader r = { 0 };
        gboolean ok;

        r.doc = DOC_DIRECT;
        r.specs = direct_specs;
        r.object = direct;
        r.name = "direct";
        r.warnings = warnings;
        ok = run(&r, data, len, ZW_ERROR_INVALID_TYPE, "Not a valid file", error);
        reader_clear(&r);
        return ok ? g_steal_pointer(&direct) : NULL;
}

ZwDirect *
zw_xml_read_direct(const char *path, GPtrArray *warnings, GError **error)
{
        g_autofree char *data = NULL;
        gsize len = 0;

        if (!read_file(path, &data, &len, ZW_ERROR_INVALID_TYPE, error))
                return NULL;
        return zw_xml_parse_direct(data, len, warnings, error);
}

ZwLockdown *
zw_xml_parse_lockdown(const char *data, gsize len, GPtrArray *warnings, GError **error)
{
        g_autoptr(ZwLockdown) ld = zw_lockdown_new();
        Reader r = { 0 };
        gboolean ok;

        r.doc = DOC_LOCKDOWN;
        r.specs = lockdown_specs;
        r.object = ld;
        r.name = "whitelist";
        r.warnings = warnings;
        ok = run(&r, data, len, ZW_ERROR_INVALID_TYPE, "Not a valid file", error);
        reader_clear(&r);
        return ok ? g_steal_pointer(&ld) : NULL;
}

ZwLockdown *
zw_xml_read_lockdown(const char *path, GPtrArray *warnings, GError **error)
{
        g_autofree char *data = NULL;
        gsize len = 0;

        if (!read_file(path, &data, &len, ZW_ERROR_INVALID_TYPE, error))
                return NULL;
        return zw_xml_parse_lockdown(data, len, warnings, error);
}
