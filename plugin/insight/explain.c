/* SPDX-License-Identifier: GPL-2.0-or-later */
/* insight/explain.c: walk a packet through the model the way the compiled ruleset does */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "core/conf.h"
#include "core/error.h"
#include "insight/explain.h"

/*
 * The walk mirrors nft/compiler.c for filter INPUT of a NEW connection:
 *   panic table -> filter_INPUT head (lo) -> dispatch (IP sources longest prefix first, ipset
 *   sources, MAC sources, interfaces, wildcard interfaces, default zone) -> filter_IN_<zone>:
 *   policies with priority < 0, sub-chains pre, log, deny, allow, post, policies with
 *   priority > 0, zone target.
 * Nothing here touches the kernel: it answers from the model alone.
 */

typedef struct {
        int fam;            /* 4, 6 or 0 when neither address is known */
        guint8 src[16];
        gboolean has_src;
        guint8 dst[16];
        gboolean has_dst;
        char *proto;        /* normalised: tcp, udp, icmp, ipv6-icmp, ... */
        gboolean is_icmp;
        const char *icmp_type;
        const ZwPacket *pkt;
} Pkt;

typedef struct {
        const ZwRuntime *rt;
        Pkt p;
        ZwExplanation *ex;
        gboolean decided;
} Walk;

const char *
zw_verdict_to_string(ZwVerdict verdict)
{
        switch (verdict) {
        case ZW_VERDICT_ACCEPT:
                return "accept";
        case ZW_VERDICT_REJECT:
                return "reject";
        case ZW_VERDICT_DROP:
                return "drop";
        default:
                return "?";
        }
}

void
zw_explanation_free(ZwExplanation *ex)
{
        if (ex == NULL)
                return;
        g_free(ex->zone);
        g_free(ex->policy);
        g_free(ex->decided_by);
        g_free(ex->chain);
        g_ptr_array_unref(ex->reasons);
        g_ptr_array_unref(ex->logs);
        g_free(ex);
}

static void
reason(Walk *w, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
reason(Walk *w, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        g_ptr_array_add(w->ex->reasons, g_strdup_vprintf(fmt, ap));
        va_end(ap);
}

static void
decide(Walk *w, ZwVerdict v, const char *chain, gboolean limited, const char *fmt, ...)
        G_GNUC_PRINTF(5, 6);

static void
decide(Walk *w, ZwVerdict v, const char *chain, gboolean limited, const char *fmt, ...)
{
        va_list ap;

        w->decided = TRUE;
        w->ex->verdict = v;
        w->ex->limited = limited;
        g_free(w->ex->chain);
        w->ex->chain = g_strdup(chain);
        va_start(ap, fmt);
        g_free(w->ex->decided_by);
        w->ex->decided_by = g_strdup_vprintf(fmt, ap);
        va_end(ap);
}

/* ---- addresses ---- */

static int
parse_ip(const char *text, guint8 *out_bytes)
{
        g_autoptr(GInetAddress) a = g_inet_address_new_from_string(text);
        gsize len;

        if (a == NULL)
                return 0;
        len = g_inet_address_get_native_size(a);
        memcpy(out_bytes, g_inet_address_to_bytes(a), len);
        return len == 4 ? 4 : 6;
}

/* "a.b.c.d/8", "a.b.c.d/255.0.0.0", "fd00::/8", plain addresses: family and prefix length */
static int
parse_net(const char *text, guint8 *out_bytes, int *out_plen)
{
        g_autofree char *addr = g_strdup(text);
        char *slash = strchr(addr, '/');
        int fam;

        if (slash != NULL)
                *slash++ = '\0';
        fam = parse_ip(addr, out_bytes);
        if (fam == 0)
                return 0;
        *out_plen = fam == 4 ? 32 : 128;
        if (slash == NULL)
                return fam;
        if (fam == 4 && strchr(slash, '.') != NULL) {
                guint8 m[16];
                guint32 mask;
                int n = 0;

                if (parse_ip(slash, m) != 4)
                        return 0;
                mask = ((guint32)m[0] << 24) | ((guint32)m[1] << 16) | ((guint32)m[2] << 8) | m[3];
                while (n < 32 && (mask & (0x80000000u >> n)) != 0)
                        n++;
                *out_plen = n;
                return fam;
        }
        {
                char *end = NULL;
                guint64 v = g_ascii_strtoull(slash, &end, 10);

                if (end == slash || *end != '\0' || v > (guint64)*out_plen)
                        return 0;
                *out_plen = (int)v;
        }
        return fam;
}

static gboolean
prefix_equal(const guint8 *a, const guint8 *b, int plen)
{
        int full = plen / 8;
        int rest = plen % 8;

        if (memcmp(a, b, (gsize)full) != 0)
                return FALSE;
        if (rest == 0)
                return TRUE;
        return ((a[full] ^ b[full]) & (guint8)(0xff << (8 - rest))) == 0;
}

/* does the network `net` contain the packet address `addr` of family fam? -1: other family */
static int
net_contains(const char *net, int fam, const guint8 *addr, int *out_plen)
{
        guint8 b[16];
        int plen = 0;
        int nf = parse_net(net, b, &plen);

        if (nf == 0 || nf != fam)
                return -1;
        if (out_plen != NULL)
                *out_plen = plen;
        return prefix_equal(b, addr, plen) ? 1 : 0;
}

static gboolean
is_mac(const char *s)
{
        return s != NULL && strlen(s) == 17 && s[2] == ':' && s[5] == ':' && s[14] == ':' &&
               strchr(s, '.') == NULL;
}

static gboolean
mac_equal(const char *a, const char *b)
{
        return a != NULL && b != NULL && g_ascii_strcasecmp(a, b) == 0;
}

/* an ipset entry's first part ("10.0.0.0/8,tcp:80" -> the address) matches the packet */
static gboolean
ipset_matches(const Walk *w, const char *name, gboolean dst, const char **out_entry)
{
        const ZwIpset *set = zw_tree_get_ipset(w->rt->tree, name);
        gboolean has = dst ? w->p.has_dst : w->p.has_src;
        const guint8 *addr = dst ? w->p.dst : w->p.src;

        if (set == NULL || set->entries == NULL)
                return FALSE;
        for (guint i = 0; i < set->entries->len; i++) {
                const char *e = g_ptr_array_index(set->entries, i);
                g_autofree char *first = g_strdup(e);
                char *comma = strchr(first, ',');

                if (comma != NULL)
                        *comma = '\0';
                if (g_strcmp0(set->type, "hash:mac") == 0 || is_mac(first)) {
                        if (!dst && mac_equal(first, w->p.pkt->mac)) {
                                *out_entry = e;
                                return TRUE;
                        }
                        continue;
                }
                if (has && net_contains(first, w->p.fam, addr, NULL) == 1) {
                        *out_entry = e;
                        return TRUE;
                }
        }
        return FALSE;
}

/* ---- ports and protocols ---- */

static gboolean
port_in(const char *range, guint port)
{
        guint lo, hi;

        if (port == 0 || !zw_port_range(range, &lo, &hi))
                return FALSE;
        return port >= lo && port <= hi;
}

static gboolean
proto_is(const Walk *w, const char *proto)
{
        if (proto == NULL)
                return FALSE;
        if (g_strcmp0(w->p.proto, proto) == 0)
                return TRUE;
        /* firewalld's names for ICMPv6 */
        if (g_strcmp0(w->p.proto, "ipv6-icmp") == 0)
                return g_strcmp0(proto, "icmpv6") == 0 || g_strcmp0(proto, "58") == 0;
        if (g_strcmp0(w->p.proto, "icmp") == 0)
                return g_strcmp0(proto, "1") == 0;
        if (g_strcmp0(w->p.proto, "tcp") == 0)
                return g_strcmp0(proto, "6") == 0;
        if (g_strcmp0(w->p.proto, "udp") == 0)
                return g_strcmp0(proto, "17") == 0;
        return FALSE;
}

static gboolean
port_matches(const Walk *w, const ZwPort *p)
{
        return proto_is(w, p->protocol) && port_in(p->port, w->p.pkt->dport);
}

static gboolean
sport_matches(const Walk *w, const ZwPort *p)
{
        return proto_is(w, p->protocol) && port_in(p->port, w->p.pkt->sport);
}

/* services with includes, depth first, each once (as the compiler's service_collect) */
static void
collect_services(const Walk *w, const char *name, GPtrArray *out, GHashTable *seen)
{
        const ZwService *svc;

        if (g_hash_table_contains(seen, name))
                return;
        g_hash_table_add(seen, (gpointer)name);
        svc = zw_tree_get_service(w->rt->tree, name);
        if (svc == NULL)
                return;
        for (guint i = 0; svc->includes != NULL && i < svc->includes->len; i++)
                collect_services(w, g_ptr_array_index(svc->includes, i), out, seen);
        g_ptr_array_add(out, (gpointer)svc);
}

/* the service's destination for the packet's family allows it; a service with destinations
 * only for the other family does not apply at all */
static gboolean
service_dest_ok(const Walk *w, const ZwService *svc, int rule_fam)
{
        const char *d;

        if (svc->destination_ipv4 == NULL && svc->destination_ipv6 == NULL)
                return TRUE;
        if (w->p.fam == 0)
                return FALSE;
        if (rule_fam != 0 && rule_fam != w->p.fam)
                return FALSE;
        d = w->p.fam == 4 ? svc->destination_ipv4 : svc->destination_ipv6;
        if (d == NULL || !w->p.has_dst)
                return FALSE;
        return net_contains(d, w->p.fam, w->p.dst, NULL) == 1;
}

/* what of the service matches: "22/tcp", "protocol gre", "source port 68/udp"; NULL if not */
static char *
service_match(const Walk *w, const char *name, int rule_fam)
{
        g_autoptr(GPtrArray) svcs = g_ptr_array_new();
        g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

        collect_services(w, name, svcs, seen);
        for (guint i = 0; i < svcs->len; i++) {
                const ZwService *svc = g_ptr_array_index(svcs, i);
                const char *via = g_strcmp0(svc->info.name, name) == 0 ? NULL : svc->info.name;
                g_autofree char *suffix =
                        via != NULL ? g_strdup_printf(" via included service '%s'", via)
                                    : g_strdup("");

                if (!service_dest_ok(w, svc, rule_fam))
                        continue;
                for (guint j = 0; svc->ports != NULL && j < svc->ports->len; j++) {
                        const ZwPort *p = g_ptr_array_index(svc->ports, j);

                        if (port_matches(w, p))
                                return g_strdup_printf("%s/%s%s", p->port, p->protocol, suffix);
                }
                for (guint j = 0; svc->protocols != NULL && j < svc->protocols->len; j++) {
                        const char *pr = g_ptr_array_index(svc->protocols, j);

                        if (proto_is(w, pr))
                                return g_strdup_printf("protocol %s%s", pr, suffix);
                }
                for (guint j = 0; svc->source_ports != NULL && j < svc->source_ports->len; j++) {
                        const ZwPort *p = g_ptr_array_index(svc->source_ports, j);

                        if (sport_matches(w, p))
                                return g_strdup_printf("source port %s/%s%s", p->port,
                                                       p->protocol, suffix);
                }
        }
        return NULL;
}

/* ---- rich rules ---- */

static int
rule_family(const ZwRichRule *r)
{
        if (g_strcmp0(r->family, "ipv4") == 0)
                return 4;
        if (g_strcmp0(r->family, "ipv6") == 0)
                return 6;
        return 0;
}

/* one side of a rich rule; TRUE if it matches (after NOT) */
static gboolean
rich_addr_matches(const Walk *w, const ZwRichAddr *a, gboolean dst)
{
        gboolean m = FALSE;
        const char *entry = NULL;

        if (a == NULL)
                return TRUE;
        if (a->address != NULL) {
                gboolean has = dst ? w->p.has_dst : w->p.has_src;

                m = has && net_contains(a->address, w->p.fam, dst ? w->p.dst : w->p.src,
                                        NULL) == 1;
        } else if (a->mac != NULL) {
                m = mac_equal(a->mac, w->p.pkt->mac);
        } else if (a->ipset != NULL) {
                m = ipset_matches(w, a->ipset, dst, &entry);
        }
        return a->invert ? !m : m;
}

/* the element part; out_what describes the match */
static gboolean
rich_element_matches(const Walk *w, const ZwRichRule *r, char **out_what)
{
        switch (r->element.type) {
        case ZW_RICH_ELEMENT_NONE:
                return TRUE;
        case ZW_RICH_ELEMENT_SERVICE: {
                char *m = service_match(w, r->element.name, rule_family(r));

                if (m == NULL)
                        return FALSE;
                *out_what = m;
                return TRUE;
        }
        case ZW_RICH_ELEMENT_PORT: {
                ZwPort p = { r->element.port, r->element.protocol };

                return port_matches(w, &p);
        }
        case ZW_RICH_ELEMENT_SOURCE_PORT: {
                ZwPort p = { r->element.port, r->element.protocol };

                return sport_matches(w, &p);
        }
        case ZW_RICH_ELEMENT_PROTOCOL:
                return proto_is(w, r->element.name);
        case ZW_RICH_ELEMENT_ICMP_BLOCK:
        case ZW_RICH_ELEMENT_ICMP_TYPE:
                return w->p.is_icmp && g_strcmp0(r->element.name, w->p.icmp_type) == 0;
        case ZW_RICH_ELEMENT_MASQUERADE:
        case ZW_RICH_ELEMENT_FORWARD_PORT:
        case ZW_RICH_ELEMENT_TCP_MSS_CLAMP:
        default:
                /* nat and mangle: no say in filter INPUT */
                return FALSE;
        }
}

static gboolean
rich_matches(const Walk *w, const ZwRichRule *r, char **out_what)
{
        int fam = rule_family(r);

        if (fam != 0 && fam != w->p.fam)
                return FALSE;
        if (!rich_addr_matches(w, r->source, FALSE))
                return FALSE;
        if (!rich_addr_matches(w, r->destination, TRUE))
                return FALSE;
        return rich_element_matches(w, r, out_what);
}

static int
rich_sub(const ZwRichRule *r, gboolean log_part)
{
        if (r->priority < 0)
                return 0;
        if (r->priority > 0)
                return 4;
        if (log_part)
                return 1;
        if (r->element.type == ZW_RICH_ELEMENT_ICMP_BLOCK)
                return 2;
        switch (r->action.type) {
        case ZW_RICH_ACTION_REJECT:
        case ZW_RICH_ACTION_DROP:
                return 2;
        case ZW_RICH_ACTION_ACCEPT:
        case ZW_RICH_ACTION_MARK:
        case ZW_RICH_ACTION_NONE:
        default:
                return 3;
        }
}

static const char *const sub_names[] = { "pre", "log", "deny", "allow", "post" };

static gint
rich_priority_cmp(gconstpointer a, gconstpointer b)
{
        const ZwRichRule *ra = *(ZwRichRule *const *)a;
        const ZwRichRule *rb = *(ZwRichRule *const *)b;

        return (ra->priority > rb->priority) - (ra->priority < rb->priority);
}

/* one rich rule's part in sub-chain `sub` (log and/or action); decides if it can */
static void
rich_step(Walk *w, const char *owner, const char *chain, const ZwRichRule *r, int sub)
{
        g_autofree char *what = NULL;
        g_autofree char *text = NULL;
        gboolean has_log = r->log.type != ZW_RICH_LOG_NONE || r->audit.enabled;
        gboolean icmp_block = r->element.type == ZW_RICH_ELEMENT_ICMP_BLOCK;
        gboolean has_action = r->action.type != ZW_RICH_ACTION_NONE || icmp_block;

        if (!rich_matches(w, r, &what))
                return;
        text = zw_rich_rule_to_string(r);
        if (has_log && rich_sub(r, TRUE) == sub)
                g_ptr_array_add(w->ex->logs,
                                g_strdup_printf("%s: %s (%s%s)", chain, text,
                                                r->log.type == ZW_RICH_LOG_NFLOG ? "nflog"
                                                : r->log.type == ZW_RICH_LOG_LOG ? "log"
                                                                                 : "audit",
                                                r->log.limit != NULL ? ", limited" : ""));
        if (!has_action || rich_sub(r, FALSE) != sub)
                return;
        if (r->action.type == ZW_RICH_ACTION_MARK) {
                reason(w, "rich rule '%s' in %s matches but only sets a mark (mangle)", text,
                       owner);
                return;
        }
        {
                ZwVerdict v = r->action.type == ZW_RICH_ACTION_ACCEPT ? ZW_VERDICT_ACCEPT
                              : r->action.type == ZW_RICH_ACTION_DROP ? ZW_VERDICT_DROP
                                                                      : ZW_VERDICT_REJECT;

                if (icmp_block)
                        v = ZW_VERDICT_REJECT;
                reason(w, "rich rule '%s' (priority %d, %s sub-chain) of %s matches%s%s", text,
                       r->priority, sub_names[sub], owner, what != NULL ? ": " : "",
                       what != NULL ? what : "");
                if (r->action.limit != NULL)
                        reason(w, "the rule is limited to %s; packets over the limit go on to "
                                  "the next rule", r->action.limit);
                decide(w, v, chain, r->action.limit != NULL, "rich rule '%s'", text);
        }
}

/* ---- zones and policies (both are a "filter object" here) ---- */

typedef struct {
        const char *kind;   /* "zone" | "policy" */
        const char *name;
        const char *prefix; /* "filter_IN_public" / "filter_IN_policy_p" */
        GPtrArray *services, *ports, *protocols, *source_ports, *icmp_blocks, *rules;
        gboolean inversion;
} Obj;

static void
sub_chain_step(Walk *w, const Obj *o, int sub, GPtrArray *rules)
{
        g_autofree char *chain = g_strdup_printf("%s_%s", o->prefix, sub_names[sub]);
        g_autofree char *owner = g_strdup_printf("%s '%s'", o->kind, o->name);

        if (sub == 2 && w->p.is_icmp && !o->inversion) {
                for (guint i = 0; o->icmp_blocks != NULL && i < o->icmp_blocks->len; i++) {
                        const char *b = g_ptr_array_index(o->icmp_blocks, i);

                        if (g_strcmp0(b, w->p.icmp_type) != 0)
                                continue;
                        reason(w, "%s blocks ICMP type '%s' (icmp-block)", owner, b);
                        decide(w, ZW_VERDICT_REJECT, chain, FALSE, "icmp-block '%s'", b);
                        return;
                }
        }
        if (sub == 3) {
                for (guint i = 0; o->services != NULL && i < o->services->len; i++) {
                        const char *s = g_ptr_array_index(o->services, i);
                        g_autofree char *m = service_match(w, s, 0);

                        if (m == NULL)
                                continue;
                        reason(w, "%s allows service '%s', which has %s", owner, s, m);
                        decide(w, ZW_VERDICT_ACCEPT, chain, FALSE, "service '%s' (%s)", s, m);
                        return;
                }
                for (guint i = 0; o->ports != NULL && i < o->ports->len; i++) {
                        const ZwPort *p = g_ptr_array_index(o->ports, i);

                        if (!port_matches(w, p))
                                continue;
                        reason(w, "%s opens port %s/%s", owner, p->port, p->protocol);
                        decide(w, ZW_VERDICT_ACCEPT, chain, FALSE, "port %s/%s", p->port,
                               p->protocol);
                        return;
                }
                for (guint i = 0; o->source_ports != NULL && i < o->source_ports->len; i++) {
                        const ZwPort *p = g_ptr_array_index(o->source_ports, i);

                        if (!sport_matches(w, p))
                                continue;
                        reason(w, "%s allows source port %s/%s", owner, p->port, p->protocol);
                        decide(w, ZW_VERDICT_ACCEPT, chain, FALSE, "source-port %s/%s", p->port,
                               p->protocol);
                        return;
                }
                for (guint i = 0; o->protocols != NULL && i < o->protocols->len; i++) {
                        const char *pr = g_ptr_array_index(o->protocols, i);

                        if (!proto_is(w, pr))
                                continue;
                        reason(w, "%s allows protocol %s", owner, pr);
                        decide(w, ZW_VERDICT_ACCEPT, chain, FALSE, "protocol %s", pr);
                        return;
                }
                if (w->p.is_icmp && o->inversion) {
                        for (guint i = 0; o->icmp_blocks != NULL && i < o->icmp_blocks->len;
                             i++) {
                                const char *b = g_ptr_array_index(o->icmp_blocks, i);

                                if (g_strcmp0(b, w->p.icmp_type) != 0)
                                        continue;
                                reason(w, "%s has icmp-block-inversion: the listed type '%s' "
                                          "is accepted", owner, b);
                                decide(w, ZW_VERDICT_ACCEPT, chain, FALSE,
                                       "icmp-block '%s' with icmp-block-inversion", b);
                                return;
                        }
                }
        }
        for (guint i = 0; i < rules->len && !w->decided; i++)
                rich_step(w, owner, chain, g_ptr_array_index(rules, i), sub);
}

static void
obj_walk(Walk *w, const Obj *o)
{
        g_autoptr(GPtrArray) rules = g_ptr_array_new();

        for (guint i = 0; o->rules != NULL && i < o->rules->len; i++)
                g_ptr_array_add(rules, g_ptr_array_index(o->rules, i));
        /* the compiler's order: by priority, stable */
        g_ptr_array_sort(rules, rich_priority_cmp);
        for (int sub = 0; sub < 5 && !w->decided; sub++)
                sub_chain_step(w, o, sub, rules);
}

static gboolean
list_has(const GPtrArray *a, const char *s)
{
        return a != NULL && zw_strv_array_contains(a, s);
}

static gint
policy_cmp(gconstpointer a, gconstpointer b)
{
        const ZwPolicy *pa = *(ZwPolicy *const *)a;
        const ZwPolicy *pb = *(ZwPolicy *const *)b;

        if (pa->priority != pb->priority)
                return pa->priority < pb->priority ? -1 : 1;
        return g_strcmp0(pa->info.name, pb->info.name);
}

/* active policies from `zone` to HOST, sorted by priority then name */
static GPtrArray *
host_policies(const Walk *w, const char *zone)
{
        GPtrArray *out = g_ptr_array_new();
        g_autoptr(GPtrArray) names = zw_tree_names(w->rt->tree, ZW_KIND_POLICY);

        for (guint i = 0; i < names->len; i++) {
                const ZwPolicy *p = zw_tree_get_policy(w->rt->tree, g_ptr_array_index(names, i));

                if (p == NULL || !list_has(p->egress_zones, "HOST"))
                        continue;
                if (!list_has(p->ingress_zones, zone) && !list_has(p->ingress_zones, "ANY"))
                        continue;
                if (!zw_runtime_policy_is_active(w->rt, p->info.name))
                        continue;
                g_ptr_array_add(out, (gpointer)p);
        }
        g_ptr_array_sort(out, policy_cmp);
        return out;
}

static void
policy_walk(Walk *w, const ZwPolicy *p)
{
        g_autofree char *prefix = g_strdup_printf("filter_IN_policy_%s", p->info.name);
        Obj o = { "policy",        p->info.name, prefix,         p->services,
                  p->ports,        p->protocols, p->source_ports, p->icmp_blocks,
                  p->rules,        FALSE };
        const char *target = p->target != NULL ? p->target : "CONTINUE";

        obj_walk(w, &o);
        if (w->decided) {
                w->ex->policy = g_strdup(p->info.name);
                g_ptr_array_insert(w->ex->reasons, (int)w->ex->reasons->len - 1,
                                   g_strdup_printf("policy '%s' (priority %d) applies to traffic "
                                                   "from zone '%s' to HOST",
                                                   p->info.name, p->priority, w->ex->zone));
                return;
        }
        if (g_strcmp0(target, "CONTINUE") == 0) {
                reason(w, "policy '%s' (priority %d, zone '%s' to HOST) has nothing for the "
                          "packet; its target CONTINUE goes back to the zone",
                       p->info.name, p->priority, w->ex->zone);
                return;
        }
        w->ex->policy = g_strdup(p->info.name);
        reason(w, "policy '%s' (priority %d, zone '%s' to HOST) has nothing for the packet; its "
                  "target %s decides", p->info.name, p->priority, w->ex->zone, target);
        decide(w, g_strcmp0(target, "ACCEPT") == 0 ? ZW_VERDICT_ACCEPT
                  : g_strcmp0(target, "DROP") == 0 ? ZW_VERDICT_DROP
                                                   : ZW_VERDICT_REJECT,
               prefix, FALSE, "policy '%s' target %s", p->info.name, target);
}

static void
zone_walk(Walk *w, const ZwZone *z)
{
        g_autofree char *prefix = g_strdup_printf("filter_IN_%s", z->info.name);
        Obj o = { "zone",          z->info.name, prefix,          z->services,
                  z->ports,        z->protocols, z->source_ports, z->icmp_blocks,
                  z->rules,        z->icmp_block_inversion };
        g_autoptr(GPtrArray) pols = host_policies(w, z->info.name);
        const char *target = zw_zone_normalize_target(z->target);

        for (guint i = 0; i < pols->len && !w->decided; i++) {
                const ZwPolicy *p = g_ptr_array_index(pols, i);

                if (p->priority < 0)
                        policy_walk(w, p);
        }
        if (!w->decided)
                obj_walk(w, &o);
        for (guint i = 0; i < pols->len && !w->decided; i++) {
                const ZwPolicy *p = g_ptr_array_index(pols, i);

                if (p->priority > 0)
                        policy_walk(w, p);
        }
        if (w->decided)
                return;
        if (g_strcmp0(target, "ACCEPT") != 0 && g_strcmp0(target, "DROP") != 0 &&
            g_strcmp0(target, "%%REJECT%%") != 0)
                target = "default";
        if (g_strcmp0(target, "default") == 0 && w->p.is_icmp) {
                if (z->icmp_block_inversion) {
                        reason(w, "zone '%s' has icmp-block-inversion and does not list ICMP "
                                  "type '%s': rejected", z->info.name, w->p.icmp_type);
                        decide(w, ZW_VERDICT_REJECT, prefix, FALSE,
                               "icmp-block-inversion of zone '%s'", z->info.name);
                } else {
                        reason(w, "zone '%s' has target default, which accepts ICMP not "
                                  "blocked", z->info.name);
                        decide(w, ZW_VERDICT_ACCEPT, prefix, FALSE,
                               "zone '%s' target default (ICMP)", z->info.name);
                }
                return;
        }
        reason(w, "no service, port, protocol or rich rule of zone '%s' matches; the zone's "
                  "target %s decides", z->info.name, target);
        if (g_strcmp0(target, "ACCEPT") == 0)
                decide(w, ZW_VERDICT_ACCEPT, prefix, FALSE, "zone '%s' target ACCEPT",
                       z->info.name);
        else if (g_strcmp0(target, "DROP") == 0)
                decide(w, ZW_VERDICT_DROP, prefix, FALSE, "zone '%s' target DROP", z->info.name);
        else
                decide(w, ZW_VERDICT_REJECT, prefix, FALSE, "zone '%s' target %s",
                       z->info.name, target);
        if (g_strcmp0(target, "ACCEPT") != 0 && g_strcmp0(w->rt->log_denied, "off") != 0 &&
            w->rt->log_denied != NULL) {
                const ZwConf *conf = w->rt->tree != NULL ? w->rt->tree->conf : NULL;
                guint rate = 0, unit = 0, burst = 0;
                g_autofree char *limit = NULL;

                /* the compiler limits the rule the same way (LogDeniedLimit) */
                if (zw_conf_get_log_denied_limit(conf, &rate, &unit, &burst)) {
                        const char *per = unit == 1      ? "second"
                                          : unit == 60   ? "minute"
                                          : unit == 3600 ? "hour"
                                                         : "day";

                        limit = burst != 0 ? g_strdup_printf(", at most %u/%s burst %u", rate,
                                                             per, burst)
                                           : g_strdup_printf(", at most %u/%s", rate, per);
                }
                g_ptr_array_add(w->ex->logs,
                                g_strdup_printf("%s: LogDenied=%s logs \"%s_%s: \"%s", prefix,
                                                w->rt->log_denied, prefix,
                                                g_strcmp0(target, "DROP") == 0 ? "DROP"
                                                                               : "REJECT",
                                                limit != NULL ? limit : ""));
        }
}

/* ---- dispatch ---- */

static const ZwZone *
dispatch(Walk *w)
{
        g_autoptr(GPtrArray) names = zw_tree_names(w->rt->tree, ZW_KIND_ZONE);
        const ZwZone *best = NULL;
        const char *best_src = NULL;
        int best_plen = -1;
        guint n_match = 0;
        const ZwZone *ifz = NULL;
        const char *if_name = NULL;

        /* IP sources: longest prefix wins */
        for (guint i = 0; w->p.has_src && i < names->len; i++) {
                const ZwZone *z = zw_tree_get_zone(w->rt->tree, g_ptr_array_index(names, i));

                for (guint j = 0; z->sources != NULL && j < z->sources->len; j++) {
                        const char *s = g_ptr_array_index(z->sources, j);
                        int plen = 0;

                        if (g_str_has_prefix(s, "ipset:") || is_mac(s))
                                continue;
                        if (net_contains(s, w->p.fam, w->p.src, &plen) != 1)
                                continue;
                        n_match++;
                        if (plen > best_plen) {
                                best = z;
                                best_src = s;
                                best_plen = plen;
                        }
                }
        }
        if (best != NULL) {
                if (n_match > 1)
                        reason(w, "source %s of zone '%s' contains %s; it is the most specific "
                                  "(/%d) of %u matching source bindings", best_src,
                               best->info.name, w->p.pkt->src, best_plen, n_match);
                else
                        reason(w, "source %s is bound to zone '%s' and contains %s", best_src,
                               best->info.name, w->p.pkt->src);
                if (w->p.pkt->iface != NULL)
                        reason(w, "source bindings are looked up before interfaces, so the "
                                  "zone of interface %s does not matter", w->p.pkt->iface);
                return best;
        }
        /* ipset sources, then MAC sources, in zone order */
        for (int pass = 0; pass < 2; pass++) {
                for (guint i = 0; i < names->len; i++) {
                        const ZwZone *z =
                                zw_tree_get_zone(w->rt->tree, g_ptr_array_index(names, i));

                        for (guint j = 0; z->sources != NULL && j < z->sources->len; j++) {
                                const char *s = g_ptr_array_index(z->sources, j);
                                const char *entry = NULL;

                                if (pass == 0 && g_str_has_prefix(s, "ipset:") &&
                                    ipset_matches(w, s + 6, FALSE, &entry)) {
                                        reason(w, "source %s is bound to zone '%s'; its entry "
                                                  "%s matches the packet", s, z->info.name,
                                               entry);
                                        return z;
                                }
                                if (pass == 1 && is_mac(s) && mac_equal(s, w->p.pkt->mac)) {
                                        reason(w, "source MAC %s is bound to zone '%s'", s,
                                               z->info.name);
                                        return z;
                                }
                        }
                }
        }
        /* interfaces: exact names first, then wildcards ("eth+") */
        for (int pass = 0; pass < 2 && w->p.pkt->iface != NULL && ifz == NULL; pass++) {
                for (guint i = 0; i < names->len && ifz == NULL; i++) {
                        const ZwZone *z =
                                zw_tree_get_zone(w->rt->tree, g_ptr_array_index(names, i));

                        for (guint j = 0; z->interfaces != NULL && j < z->interfaces->len; j++) {
                                const char *n = g_ptr_array_index(z->interfaces, j);
                                gsize l = strlen(n);
                                gboolean wild = l > 0 && n[l - 1] == '+';

                                if (pass == 0 && !wild && g_strcmp0(n, w->p.pkt->iface) == 0) {
                                        ifz = z;
                                        if_name = n;
                                        break;
                                }
                                if (pass == 1 && wild &&
                                    strncmp(n, w->p.pkt->iface, l - 1) == 0) {
                                        ifz = z;
                                        if_name = n;
                                        break;
                                }
                        }
                }
        }
        if (ifz != NULL) {
                if (w->p.pkt->src != NULL)
                        reason(w, "no source binding contains %s", w->p.pkt->src);
                if (g_strcmp0(if_name, w->p.pkt->iface) == 0)
                        reason(w, "interface %s is bound to zone '%s'", if_name, ifz->info.name);
                else
                        reason(w, "interface %s matches the wildcard %s of zone '%s'",
                               w->p.pkt->iface, if_name, ifz->info.name);
                return ifz;
        }
        {
                const ZwZone *z = zw_tree_get_zone(w->rt->tree, w->rt->default_zone);

                reason(w, "no source or interface binding matches%s%s%s; the default zone '%s' "
                          "takes the packet",
                       w->p.pkt->iface != NULL ? " (interface " : "",
                       w->p.pkt->iface != NULL ? w->p.pkt->iface : "",
                       w->p.pkt->iface != NULL ? " is in no zone)" : "",
                       w->rt->default_zone != NULL ? w->rt->default_zone : "(none)");
                return z;
        }
}

/* ---- entry ---- */

static gboolean
pkt_init(Pkt *p, const ZwPacket *pkt, const ZwRuntime *rt, GError **error)
{
        int sf = 0, df = 0;
        guint8 num;
        char *end = NULL;

        p->pkt = pkt;
        if (pkt->src != NULL) {
                sf = parse_ip(pkt->src, p->src);
                if (sf == 0) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ADDR, "%s", pkt->src);
                        return FALSE;
                }
                p->has_src = TRUE;
        }
        if (pkt->dst != NULL) {
                df = parse_ip(pkt->dst, p->dst);
                if (df == 0) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ADDR, "%s", pkt->dst);
                        return FALSE;
                }
                p->has_dst = TRUE;
        }
        if (sf != 0 && df != 0 && sf != df) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ADDR,
                            "'%s' and '%s' are of different families", pkt->src, pkt->dst);
                return FALSE;
        }
        if (pkt->mac != NULL && !is_mac(pkt->mac)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_MAC, "%s", pkt->mac);
                return FALSE;
        }
        p->fam = sf != 0 ? sf : df;
        if (pkt->dport > 65535 || pkt->sport > 65535) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PORT, "%u",
                            pkt->dport > 65535 ? pkt->dport : pkt->sport);
                return FALSE;
        }
        if (pkt->proto == NULL) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_MISSING_PROTOCOL,
                                    "a protocol is needed");
                return FALSE;
        }
        {
                const char *pr = pkt->proto;
                guint64 v = g_ascii_strtoull(pr, &end, 10);
                static const struct {
                        guint num;
                        const char *name;
                } known[] = { { 1, "icmp" },  { 6, "tcp" },   { 17, "udp" },
                              { 33, "dccp" }, { 132, "sctp" }, { 58, "ipv6-icmp" } };

                if (end != pr && *end == '\0') {
                        if (v > 255) {
                                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PROTOCOL, "%s", pr);
                                return FALSE;
                        }
                        num = (guint8)v;
                        p->proto = g_strdup(pr);
                        for (guint i = 0; i < G_N_ELEMENTS(known); i++)
                                if (known[i].num == num) {
                                        g_free(p->proto);
                                        p->proto = g_strdup(known[i].name);
                                }
                } else if (g_strcmp0(pr, "icmpv6") == 0 || g_strcmp0(pr, "ipv6-icmp") == 0) {
                        p->proto = g_strdup("ipv6-icmp");
                } else if (*pr == '\0' || strspn(pr, "abcdefghijklmnopqrstuvwxyz0123456789-_.") !=
                                                  strlen(pr)) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PROTOCOL, "%s", pr);
                        return FALSE;
                } else {
                        p->proto = g_strdup(pr);
                }
        }
        /* ICMP follows the address family */
        if (g_strcmp0(p->proto, "icmp") == 0 && p->fam == 6) {
                g_free(p->proto);
                p->proto = g_strdup("ipv6-icmp");
        }
        if (g_strcmp0(p->proto, "ipv6-icmp") == 0 && p->fam == 4) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PROTOCOL,
                            "ipv6-icmp with an IPv4 address");
                return FALSE;
        }
        p->is_icmp = g_strcmp0(p->proto, "icmp") == 0 || g_strcmp0(p->proto, "ipv6-icmp") == 0;
        p->icmp_type = pkt->icmp_type != NULL ? pkt->icmp_type : "echo-request";
        if (p->is_icmp && pkt->icmp_type != NULL && rt->tree != NULL &&
            g_hash_table_size(rt->tree->objects[ZW_KIND_ICMPTYPE]) > 0 &&
            zw_tree_get_icmptype(rt->tree, pkt->icmp_type) == NULL) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ICMPTYPE, "%s", pkt->icmp_type);
                return FALSE;
        }
        return TRUE;
}

ZwExplanation *
zw_explain(const ZwRuntime *rt, const ZwPacket *pkt, GError **error)
{
        g_autoptr(ZwExplanation) ex = g_new0(ZwExplanation, 1);
        Walk w = { .rt = rt, .ex = ex };
        const ZwZone *zone;

        g_return_val_if_fail(rt != NULL && rt->tree != NULL, NULL);
        g_return_val_if_fail(pkt != NULL, NULL);
        ex->reasons = g_ptr_array_new_with_free_func(g_free);
        ex->logs = g_ptr_array_new_with_free_func(g_free);
        if (!pkt_init(&w.p, pkt, rt, error)) {
                g_free(w.p.proto);
                return NULL;
        }
        if (rt->panic) {
                reason(&w, "panic mode is on: every packet is dropped before any zone");
                decide(&w, ZW_VERDICT_DROP, "raw_prerouting (table _panic)", FALSE,
                       "panic mode");
        } else if (g_strcmp0(pkt->iface, "lo") == 0) {
                reason(&w, "traffic on the loopback interface is always accepted");
                decide(&w, ZW_VERDICT_ACCEPT, "filter_INPUT", FALSE, "iifname lo");
        } else {
                zone = dispatch(&w);
                if (zone == NULL) {
                        reason(&w, "there is no zone for the packet: the final rule rejects it");
                        decide(&w, ZW_VERDICT_REJECT, "filter_INPUT", FALSE, "final reject");
                } else {
                        ex->zone = g_strdup(zone->info.name);
                        zone_walk(&w, zone);
                }
        }
        g_free(w.p.proto);
        return g_steal_pointer(&ex);
}

char *
zw_explanation_to_string(const ZwExplanation *ex)
{
        GString *s = g_string_new(NULL);

        g_string_append_printf(s, "%s", zw_verdict_to_string(ex->verdict));
        if (ex->zone != NULL)
                g_string_append_printf(s, " in zone '%s'", ex->zone);
        if (ex->policy != NULL)
                g_string_append_printf(s, " by policy '%s'", ex->policy);
        g_string_append_printf(s, ": %s\n", ex->decided_by);
        for (guint i = 0; i < ex->reasons->len; i++)
                g_string_append_printf(s, "  because %s\n",
                                       (const char *)g_ptr_array_index(ex->reasons, i));
        for (guint i = 0; i < ex->logs->len; i++)
                g_string_append_printf(s, "  logged by %s\n",
                                       (const char *)g_ptr_array_index(ex->logs, i));
        if (ex->chain != NULL)
                g_string_append_printf(s, "  nft chain: %s\n", ex->chain);
        if (ex->limited)
                g_string_append(s, "  note: the deciding rule is rate limited\n");
        g_string_append(s, "  note: established and related connections are accepted before "
                           "any zone\n");
        return g_string_free(s, FALSE);
}

static void
json_str(JsonBuilder *b, const char *key, const char *value)
{
        json_builder_set_member_name(b, key);
        if (value != NULL)
                json_builder_add_string_value(b, value);
        else
                json_builder_add_null_value(b);
}

static void
json_strv(JsonBuilder *b, const char *key, const GPtrArray *a)
{
        json_builder_set_member_name(b, key);
        json_builder_begin_array(b);
        for (guint i = 0; i < a->len; i++)
                json_builder_add_string_value(b, g_ptr_array_index(a, i));
        json_builder_end_array(b);
}

char *
zw_explanation_to_json(const ZwExplanation *ex)
{
        g_autoptr(JsonBuilder) b = json_builder_new();
        g_autoptr(JsonNode) root = NULL;

        json_builder_begin_object(b);
        json_str(b, "verdict", zw_verdict_to_string(ex->verdict));
        json_str(b, "zone", ex->zone);
        json_str(b, "policy", ex->policy);
        json_str(b, "decided_by", ex->decided_by);
        json_str(b, "chain", ex->chain);
        json_builder_set_member_name(b, "limited");
        json_builder_add_boolean_value(b, ex->limited);
        json_strv(b, "reasons", ex->reasons);
        json_strv(b, "logs", ex->logs);
        json_builder_end_object(b);
        root = json_builder_get_root(b);
        return json_to_string(root, FALSE);
}
