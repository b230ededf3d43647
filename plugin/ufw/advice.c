/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ufw/advice.c: ufw commands that come closest to a zone or policy, and what they leave out */
#include "config.h"

#include <string.h>

#include "ufw/advice.h"

/* Every command below was accepted by ufw 0.36 (--dry-run): "allow from S to any app P",
 * "allow in on IF to any port N proto tcp" ('+' wildcards included), "allow out to any app P",
 * "allow out N/tcp". */

typedef struct {
        const char *name;        /* zone or policy */
        ZwUfwLoss kind;          /* ZONE or POLICY */
        GHashTable *profiles;
        GHashTable *services;
        GPtrArray *commands;
        GPtrArray *reports;
} Advice;

G_GNUC_PRINTF(2, 3)
static void
report(Advice *a, const char *fmt, ...)
{
        ZwUfwReport *r = g_new0(ZwUfwReport, 1);
        va_list ap;

        va_start(ap, fmt);
        r->message = g_strdup_vprintf(fmt, ap);
        va_end(ap);
        r->kind = a->kind;
        r->service = g_strdup(a->name);
        g_ptr_array_add(a->reports, r);
}

G_GNUC_PRINTF(2, 3)
static void
command(Advice *a, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        g_ptr_array_add(a->commands, g_strdup_vprintf(fmt, ap));
        va_end(ap);
}

static gboolean
is_mac(const char *s)
{
        if (strlen(s) != 17)
                return FALSE;
        for (guint i = 0; i < 17; i++) {
                if (i % 3 == 2 ? s[i] != ':' : !g_ascii_isxdigit(s[i]))
                        return FALSE;
        }
        return TRUE;
}

/* "N" or "lo-hi" -> ufw's "N" / "lo:hi" */
static char *
ufw_port(const char *port)
{
        g_autofree char *p = g_strdup(port);

        g_strdelimit(p, "-", ':');
        return g_steal_pointer(&p);
}

/* what a rule applies to: "" (everything), "from ADDR " or "in on IF " (or "out on IF ") */
static GPtrArray *
zone_scopes(Advice *a, const ZwZone *zone)
{
        GPtrArray *scopes = g_ptr_array_new_with_free_func(g_free);

        for (guint i = 0; zone->sources != NULL && i < zone->sources->len; i++) {
                const char *src = g_ptr_array_index(zone->sources, i);

                if (g_str_has_prefix(src, "ipset:"))
                        report(a, "source %s: ufw has no ipsets; allow its addresses one by one",
                               src);
                else if (is_mac(src))
                        report(a, "source %s: ufw rules cannot match MAC addresses", src);
                else
                        g_ptr_array_add(scopes, g_strdup_printf("from %s ", src));
        }
        for (guint i = 0; zone->interfaces != NULL && i < zone->interfaces->len; i++)
                g_ptr_array_add(scopes,
                                g_strdup_printf("in on %s ",
                                                (const char *) g_ptr_array_index(zone->interfaces,
                                                                                 i)));
        return scopes;
}

static void
report_services(Advice *a, GPtrArray *services)
{
        for (guint i = 0; services != NULL && i < services->len; i++) {
                const char *svc = g_ptr_array_index(services, i);
                const ZwService *known = NULL;

                if (a->profiles != NULL && g_hash_table_contains(a->profiles, svc))
                        continue;
                if (a->services != NULL)
                        known = g_hash_table_lookup(a->services, svc);
                if (known == NULL) {
                        report(a, "service %s has no UFW profile and is not among the services "
                                  "read: open its ports by hand",
                               svc);
                        continue;
                }
                report(a, "service %s has no UFW profile: its tcp/udp ports are opened "
                          "directly",
                       svc);
                for (guint j = 0; known->helpers != NULL && j < known->helpers->len; j++)
                        report(a, "service %s: conntrack helper %s is not attached by ufw", svc,
                               (const char *) g_ptr_array_index(known->helpers, j));
                if (known->includes != NULL && known->includes->len > 0)
                        report(a, "service %s: its includes are not followed here", svc);
        }
}

static void
allow_ports(Advice *a, GPtrArray *ports, const char *scope, const char *dir)
{
        for (guint i = 0; ports != NULL && i < ports->len; i++) {
                const ZwPort *p = g_ptr_array_index(ports, i);
                g_autofree char *port = NULL;

                if (g_strcmp0(p->protocol, "tcp") != 0 && g_strcmp0(p->protocol, "udp") != 0)
                        continue;
                port = ufw_port(p->port);
                if (*scope == '\0')
                        command(a, "ufw allow %s%s/%s", dir, port, p->protocol);
                else
                        command(a, "ufw allow %s%sto any port %s proto %s", dir, scope, port,
                                p->protocol);
        }
}

static void
allow_services(Advice *a, GPtrArray *services, const char *scope, const char *dir)
{
        for (guint i = 0; services != NULL && i < services->len; i++) {
                const char *svc = g_ptr_array_index(services, i);
                const char *profile = a->profiles != NULL
                                              ? g_hash_table_lookup(a->profiles, svc)
                                              : NULL;
                const ZwService *known = a->services != NULL
                                                 ? g_hash_table_lookup(a->services, svc)
                                                 : NULL;

                if (profile != NULL) {
                        if (*scope == '\0' && *dir == '\0')
                                command(a, "ufw allow %s", profile);
                        else
                                command(a, "ufw allow %s%sto any app %s", dir, scope, profile);
                } else if (known != NULL) {
                        /* e.g. firewalld's stock ssh: its ports, as a zone port would be */
                        allow_ports(a, known->ports, scope, dir);
                }
        }
}

/* what zones and policies share and ufw cannot do */
static void
report_common(Advice *a, GPtrArray *ports, GPtrArray *protocols, GPtrArray *icmp_blocks,
              gboolean masquerade, GPtrArray *forward_ports, GPtrArray *source_ports,
              GPtrArray *rules)
{
        for (guint i = 0; ports != NULL && i < ports->len; i++) {
                const ZwPort *p = g_ptr_array_index(ports, i);

                if (g_strcmp0(p->protocol, "tcp") != 0 && g_strcmp0(p->protocol, "udp") != 0)
                        report(a, "port %s/%s: ufw opens only tcp and udp ports", p->port,
                               p->protocol);
        }
        for (guint i = 0; protocols != NULL && i < protocols->len; i++)
                report(a, "protocol %s: ufw's simple rules take only tcp and udp with ports; "
                          "add it to /etc/ufw/before.rules",
                       (const char *) g_ptr_array_index(protocols, i));
        if (icmp_blocks != NULL && icmp_blocks->len > 0)
                report(a, "%u ICMP block(s): ufw's ICMP handling lives in /etc/ufw/before.rules",
                       icmp_blocks->len);
        if (masquerade)
                report(a, "masquerading: needs a nat table in /etc/ufw/before.rules");
        if (forward_ports != NULL && forward_ports->len > 0)
                report(a, "%u forward port(s): need DNAT in /etc/ufw/before.rules",
                       forward_ports->len);
        for (guint i = 0; source_ports != NULL && i < source_ports->len; i++) {
                const ZwPort *p = g_ptr_array_index(source_ports, i);

                report(a, "source port %s/%s: not translated", p->port, p->protocol);
        }
        if (rules != NULL && rules->len > 0)
                report(a, "%u rich rule(s): not translated; write them as ufw rules by hand",
                       rules->len);
}

static void
target_commands(Advice *a, const char *target, GPtrArray *scopes, const char *dir,
                const char *chain)
{
        const char *verb = NULL;

        if (g_strcmp0(target, "ACCEPT") == 0)
                verb = "allow";
        else if (g_strcmp0(target, "DROP") == 0)
                verb = "deny";
        else if (g_strcmp0(target, "%%REJECT%%") == 0 || g_strcmp0(target, "REJECT") == 0)
                verb = "reject";
        if (verb == NULL)
                return;
        /* ufw stops at the first match: the catch-all comes after the allows */
        if (scopes == NULL || scopes->len == 0) {
                command(a, "ufw default %s %s", verb, chain);
                return;
        }
        for (guint i = 0; i < scopes->len; i++) {
                g_autofree char *scope = g_strdup(g_ptr_array_index(scopes, i));

                command(a, "ufw %s %s%s", verb, dir, g_strchomp(scope));
        }
}

void
zw_ufw_zone_advise(const ZwZone *zone, GHashTable *profiles, GHashTable *services,
                   GPtrArray *out_commands, GPtrArray *out_reports)
{
        Advice a = { .name = zone->info.name, .kind = ZW_UFW_LOSS_ZONE, .profiles = profiles,
                     .services = services, .commands = out_commands, .reports = out_reports };
        g_autoptr(GPtrArray) scopes = NULL;

        g_return_if_fail(zone != NULL && out_commands != NULL && out_reports != NULL);

        scopes = zone_scopes(&a, zone);
        if (scopes->len == 0) {
                report(&a, "no sources or interfaces: the commands apply to all incoming "
                           "traffic, as for firewalld's default zone");
                g_ptr_array_add(scopes, g_strdup(""));
        }
        for (guint i = 0; i < scopes->len; i++) {
                const char *scope = g_ptr_array_index(scopes, i);

                allow_services(&a, zone->services, scope, "");
                allow_ports(&a, zone->ports, scope, "");
        }
        if (scopes->len == 1 && *(const char *) g_ptr_array_index(scopes, 0) == '\0') {
                /* "ufw default allow incoming" for a zone that may be meant for one network
                 * would open the whole node: say it instead */
                if (g_strcmp0(zone->target, "default") != 0 && zone->target != NULL)
                        report(&a, "target %s: with no sources or interfaces it would become "
                                   "ufw's default incoming policy; not suggested",
                               zone->target);
        } else {
                target_commands(&a, zone->target, scopes, "", "incoming");
        }
        report_services(&a, zone->services);
        report_common(&a, zone->ports, zone->protocols, zone->icmp_blocks, zone->masquerade,
                      zone->forward_ports, zone->source_ports, zone->rules);
        if (zone->icmp_block_inversion)
                report(&a, "ICMP block inversion: not translated");
        if (zone->forward)
                report(&a, "forwarding inside the zone: use 'ufw route allow' rules");
}

static gboolean
has(GPtrArray *names, const char *name)
{
        for (guint i = 0; names != NULL && i < names->len; i++) {
                if (g_strcmp0(g_ptr_array_index(names, i), name) == 0)
                        return TRUE;
        }
        return FALSE;
}

static char *
join(GPtrArray *names)
{
        g_autoptr(GString) s = g_string_new(NULL);

        for (guint i = 0; names != NULL && i < names->len; i++)
                g_string_append_printf(s, "%s%s", i > 0 ? ", " : "",
                                       (const char *) g_ptr_array_index(names, i));
        return g_string_free(g_steal_pointer(&s), FALSE);
}

void
zw_ufw_policy_advise(const ZwPolicy *policy, GHashTable *profiles, GHashTable *services,
                     GPtrArray *out_commands, GPtrArray *out_reports)
{
        Advice a = { .name = policy->info.name, .kind = ZW_UFW_LOSS_POLICY,
                     .profiles = profiles, .services = services, .commands = out_commands,
                     .reports = out_reports };
        g_autofree char *ingress = join(policy->ingress_zones);
        g_autofree char *egress = join(policy->egress_zones);

        g_return_if_fail(policy != NULL && out_commands != NULL && out_reports != NULL);

        if (has(policy->ingress_zones, "HOST")) {
                /* the node's own outgoing traffic: ufw's output chain */
                report(&a, "traffic from the node itself (HOST -> %s): UFW lets all outgoing "
                           "traffic out by default; the commands matter after 'ufw default "
                           "deny outgoing'",
                       egress);
                if (!has(policy->egress_zones, "ANY"))
                        report(&a, "egress zones %s: ufw does not know them; add 'to ADDRESS' "
                                   "with their sources",
                               egress);
                allow_services(&a, policy->services, "", "out ");
                allow_ports(&a, policy->ports, "", "out ");
                target_commands(&a, policy->target, NULL, "out ", "outgoing");
        } else if (has(policy->egress_zones, "HOST")) {
                report(&a, "traffic to the node from %s: ufw does not know zones; the commands "
                           "apply to all incoming traffic (add 'from ADDRESS' for their sources)",
                       ingress);
                allow_services(&a, policy->services, "", "");
                allow_ports(&a, policy->ports, "", "");
                target_commands(&a, policy->target, NULL, "", "incoming");
        } else {
                report(&a, "forwarded traffic %s -> %s: not translated (ufw 'route' rules)",
                       ingress, egress);
                return;
        }
        report_services(&a, policy->services);
        report_common(&a, policy->ports, policy->protocols, policy->icmp_blocks,
                      policy->masquerade, policy->forward_ports, policy->source_ports,
                      policy->rules);
}
