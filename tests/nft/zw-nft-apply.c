/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/nft/zw-nft-apply.c: compile a small test config and apply it in the current netns */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "model.h"
#include "nft/plan.h"

/*
 * Config lines (an indented line belongs to the last zone/policy/ipset):
 *   default ZONE | log-denied VALUE | no-rpfilter | rpc ZONE PROTO:PORT
 *   service NAME [PORT/PROTO...] [dest4=A] [dest6=A] [helper=H]* [include=S]* [proto=P]*
 *           [sport=PORT/PROTO]*
 *   helper NAME MODULE [family=ipv4] [PORT/PROTO...]
 *   zone NAME [target=T] [masquerade] [forward] [inversion]
 *   policy NAME TARGET PRIORITY ingress=Z[,Z] egress=Z[,Z] [masquerade]
 *   ipset NAME TYPE [timeout=N] [family=inet6]
 *     service S | port P/PROTO | protocol P | source-port P/PROTO | icmp-block T
 *     source A | interface I | forward-port P/PROTO TOPORT [TOADDR] | entry E
 *     rule [family=F] [priority=N] [source=A] [source-not=A] [source-ipset=S] [dest=A]
 *          [port=P/PROTO] [service=S] [protocol=P] [icmp-type=T] [masquerade]
 *          [forward-port=P/PROTO/TOPORT/TOADDR] [log=PREFIX] [action=accept|drop|reject[:T]]
 * (The XML loader will replace this once it exists; the compiler sees the same structs.)
 */

typedef struct {
        Model *m;
        ZwZone *zone;
        ZwPolicy *policy;
        ZwIpset *ipset;
        gboolean rpfilter;
        GHashTable *rpc;
} Conf;

static const char *
opt(char **tok, const char *key)
{
        size_t n = strlen(key);

        for (guint i = 0; tok[i] != NULL; i++)
                if (strncmp(tok[i], key, n) == 0 && tok[i][n] == '=')
                        return tok[i] + n + 1;
        return NULL;
}

static gboolean
flag(char **tok, const char *key)
{
        for (guint i = 0; tok[i] != NULL; i++)
                if (g_str_equal(tok[i], key))
                        return TRUE;
        return FALSE;
}

static void
add_rule(Conf *c, GPtrArray *rules, char **tok)
{
        const char *fam = opt(tok, "family");
        const char *prio = opt(tok, "priority");
        ZwRichRule *r = rich(rules, fam, prio ? atoi(prio) : 0);
        const char *v;

        if ((v = opt(tok, "source")) != NULL)
                r->source = raddr(v, NULL, NULL, FALSE);
        if ((v = opt(tok, "source-not")) != NULL)
                r->source = raddr(v, NULL, NULL, TRUE);
        if ((v = opt(tok, "source-ipset")) != NULL)
                r->source = raddr(NULL, NULL, v, FALSE);
        if ((v = opt(tok, "dest")) != NULL)
                r->destination = raddr(v, NULL, NULL, FALSE);
        if ((v = opt(tok, "port")) != NULL) {
                g_auto(GStrv) p = g_strsplit(v, "/", 2);

                r->element.type = ZW_RICH_ELEMENT_PORT;
                r->element.port = keep(p[0]);
                r->element.protocol = keep(p[1]);
        }
        if ((v = opt(tok, "service")) != NULL) {
                r->element.type = ZW_RICH_ELEMENT_SERVICE;
                r->element.name = keep(v);
        }
        if ((v = opt(tok, "protocol")) != NULL) {
                r->element.type = ZW_RICH_ELEMENT_PROTOCOL;
                r->element.name = keep(v);
        }
        if ((v = opt(tok, "icmp-type")) != NULL) {
                r->element.type = ZW_RICH_ELEMENT_ICMP_TYPE;
                r->element.name = keep(v);
        }
        if (flag(tok, "masquerade"))
                r->element.type = ZW_RICH_ELEMENT_MASQUERADE;
        if ((v = opt(tok, "forward-port")) != NULL) {
                g_auto(GStrv) p = g_strsplit(v, "/", 4);

                r->element.type = ZW_RICH_ELEMENT_FORWARD_PORT;
                r->element.port = keep(p[0]);
                r->element.protocol = keep(p[1]);
                r->element.to_port = keep(p[2] ? p[2] : "");
                r->element.to_addr = keep(p[2] && p[3] ? p[3] : "");
        }
        if ((v = opt(tok, "log")) != NULL) {
                r->log.type = ZW_RICH_LOG_LOG;
                r->log.prefix = keep(v);
        }
        if ((v = opt(tok, "action")) != NULL) {
                if (g_str_equal(v, "accept"))
                        r->action.type = ZW_RICH_ACTION_ACCEPT;
                else if (g_str_equal(v, "drop"))
                        r->action.type = ZW_RICH_ACTION_DROP;
                else if (g_str_has_prefix(v, "reject")) {
                        r->action.type = ZW_RICH_ACTION_REJECT;
                        if (v[6] == ':')
                                r->action.reject_type = keep(v + 7);
                }
        }
        (void)c;
}

static gboolean
content_line(Conf *c, char **tok)
{
        GPtrArray *services, *ports_, *protocols, *sports, *icmp, *fwd, *rules;

        if (c->ipset != NULL) {
                if (g_str_equal(tok[0], "entry") && tok[1] != NULL) {
                        g_ptr_array_add(c->ipset->entries, keep(tok[1]));
                        return TRUE;
                }
                return FALSE;
        }
        if (c->zone != NULL) {
                services = c->zone->services;
                ports_ = c->zone->ports;
                protocols = c->zone->protocols;
                sports = c->zone->source_ports;
                icmp = c->zone->icmp_blocks;
                fwd = c->zone->forward_ports;
                rules = c->zone->rules;
        } else if (c->policy != NULL) {
                services = c->policy->services;
                ports_ = c->policy->ports;
                protocols = c->policy->protocols;
                sports = c->policy->source_ports;
                icmp = c->policy->icmp_blocks;
                fwd = c->policy->forward_ports;
                rules = c->policy->rules;
        } else {
                return FALSE;
        }
        if (g_str_equal(tok[0], "rule")) {
                add_rule(c, rules, tok + 1);
                return TRUE;
        }
        if (tok[1] == NULL)
                return FALSE;
        if (g_str_equal(tok[0], "service"))
                g_ptr_array_add(services, keep(tok[1]));
        else if (g_str_equal(tok[0], "port"))
                g_ptr_array_extend(ports_, ports(tok[1]), NULL, NULL);
        else if (g_str_equal(tok[0], "source-port"))
                g_ptr_array_extend(sports, ports(tok[1]), NULL, NULL);
        else if (g_str_equal(tok[0], "protocol"))
                g_ptr_array_add(protocols, keep(tok[1]));
        else if (g_str_equal(tok[0], "icmp-block"))
                g_ptr_array_add(icmp, keep(tok[1]));
        else if (g_str_equal(tok[0], "source") && c->zone != NULL)
                g_ptr_array_add(c->zone->sources, keep(tok[1]));
        else if (g_str_equal(tok[0], "interface") && c->zone != NULL)
                g_ptr_array_add(c->zone->interfaces, keep(tok[1]));
        else if (g_str_equal(tok[0], "forward-port") && tok[2] != NULL) {
                g_auto(GStrv) p = g_strsplit(tok[1], "/", 2);

                g_ptr_array_add(fwd, fwd_port(p[0], p[1], tok[2], tok[3] ? tok[3] : ""));
        } else
                return FALSE;
        return TRUE;
}

static gboolean
top_line(Conf *c, char **tok)
{
        const char *v;

        c->zone = NULL;
        c->policy = NULL;
        c->ipset = NULL;
        if (g_str_equal(tok[0], "default") && tok[1] != NULL) {
                c->m->rt.default_zone = keep(tok[1]);
        } else if (g_str_equal(tok[0], "log-denied") && tok[1] != NULL) {
                c->m->rt.log_denied = keep(tok[1]);
        } else if (g_str_equal(tok[0], "no-rpfilter")) {
                c->rpfilter = FALSE;
        } else if (g_str_equal(tok[0], "rpc") && tok[1] != NULL && tok[2] != NULL) {
                GPtrArray *a = g_hash_table_lookup(c->rpc, tok[1]);

                if (a == NULL) {
                        a = list();
                        g_hash_table_insert(c->rpc, keep(tok[1]), a);
                }
                g_ptr_array_add(a, keep(tok[2]));
        } else if (g_str_equal(tok[0], "service") && tok[1] != NULL) {
                ZwService *s = service(c->m, tok[1], "");

                for (guint i = 2; tok[i] != NULL; i++)
                        if (strchr(tok[i], '=') == NULL)
                                g_ptr_array_extend(s->ports, ports(tok[i]), NULL, NULL);
                if ((v = opt(tok, "dest4")) != NULL)
                        s->destination_ipv4 = keep(v);
                if ((v = opt(tok, "dest6")) != NULL)
                        s->destination_ipv6 = keep(v);
                for (guint i = 2; tok[i] != NULL; i++) {
                        if (g_str_has_prefix(tok[i], "helper="))
                                g_ptr_array_add(s->helpers, keep(tok[i] + 7));
                        else if (g_str_has_prefix(tok[i], "include="))
                                g_ptr_array_add(s->includes, keep(tok[i] + 8));
                        else if (g_str_has_prefix(tok[i], "proto="))
                                g_ptr_array_add(s->protocols, keep(tok[i] + 6));
                        else if (g_str_has_prefix(tok[i], "sport="))
                                g_ptr_array_extend(s->source_ports, ports(tok[i] + 6), NULL,
                                                   NULL);
                }
        } else if (g_str_equal(tok[0], "helper") && tok[1] != NULL && tok[2] != NULL) {
                ZwHelper *h = helper(c->m, tok[1], tok[2], "", "");

                if ((v = opt(tok, "family")) != NULL)
                        h->family = keep(v);
                for (guint i = 3; tok[i] != NULL; i++)
                        if (strchr(tok[i], '=') == NULL)
                                g_ptr_array_extend(h->ports, ports(tok[i]), NULL, NULL);
        } else if (g_str_equal(tok[0], "zone") && tok[1] != NULL) {
                c->zone = zone(c->m, tok[1]);
                c->zone->forward = flag(tok, "forward");
                c->zone->masquerade = flag(tok, "masquerade");
                c->zone->icmp_block_inversion = flag(tok, "inversion");
                if ((v = opt(tok, "target")) != NULL)
                        c->zone->target = keep(v);
        } else if (g_str_equal(tok[0], "policy") && tok[1] && tok[2] && tok[3]) {
                c->policy = policy(c->m, tok[1], tok[2], atoi(tok[3]));
                c->policy->masquerade = flag(tok, "masquerade");
                if ((v = opt(tok, "ingress")) != NULL) {
                        g_auto(GStrv) z = g_strsplit(v, ",", -1);

                        for (guint i = 0; z[i] != NULL; i++)
                                g_ptr_array_add(c->policy->ingress_zones, keep(z[i]));
                }
                if ((v = opt(tok, "egress")) != NULL) {
                        g_auto(GStrv) z = g_strsplit(v, ",", -1);

                        for (guint i = 0; z[i] != NULL; i++)
                                g_ptr_array_add(c->policy->egress_zones, keep(z[i]));
                }
        } else if (g_str_equal(tok[0], "ipset") && tok[1] != NULL && tok[2] != NULL) {
                c->ipset = ipset(c->m, tok[1], tok[2]);
                if ((v = opt(tok, "timeout")) != NULL)
                        ipset_option(c->ipset, "timeout", v);
                if ((v = opt(tok, "family")) != NULL)
                        ipset_option(c->ipset, "family", v);
        } else {
                return FALSE;
        }
        return TRUE;
}

static ZwNftPlan *
load(const char *path, const char *table, GError **error)
{
        g_autofree char *text = NULL;
        g_auto(GStrv) lines = NULL;
        Conf c = { 0 };
        ZwNftOptions opts;
        ZwNftPlan *plan;

        if (!g_file_get_contents(path, &text, NULL, error))
                return NULL;
        c.m = model_new("public");
        c.rpfilter = TRUE;
        c.rpc = g_hash_table_new(g_str_hash, g_str_equal);
        lines = g_strsplit(text, "\n", -1);
        for (guint i = 0; lines[i] != NULL; i++) {
                gboolean indented = lines[i][0] == ' ' || lines[i][0] == '\t';
                g_auto(GStrv) tok = NULL;
                g_autoptr(GPtrArray) words = g_ptr_array_new();
                char *hash = strchr(lines[i], '#');

                if (hash != NULL)
                        *hash = '\0';
                tok = g_strsplit_set(g_strstrip(lines[i]), " \t", -1);
                for (guint j = 0; tok[j] != NULL; j++)
                        if (*tok[j] != '\0')
                                g_ptr_array_add(words, tok[j]);
                g_ptr_array_add(words, NULL);
                if (words->len == 1)
                        continue;
                if (!(indented ? content_line(&c, (char **)words->pdata)
                               : top_line(&c, (char **)words->pdata))) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_PARSE_ERROR, "%s:%u: bad line",
                                    path, i + 1);
                        g_hash_table_unref(c.rpc);
                        return NULL;
                }
        }
        zw_nft_options_init(&opts);
        opts.table_name = table;
        opts.ipv6_rpfilter = c.rpfilter;
        opts.rpc_ports = c.rpc;
        plan = zw_nft_compile(&c.m->rt, &opts, error);
        g_hash_table_unref(c.rpc);
        return plan;
}

static int
usage(void)
{
        fprintf(stderr, "usage: zw-nft-apply [--table NAME] render CONF | apply CONF |\n"
                        "       diff OLD NEW | reload A B N [READYFILE] | panic on|off | remove |\n"
                        "       modules CONF\n");
        return 2;
}

static int
run(int argc, char **argv)
{
        const char *table = "zonewall";
        g_autoptr(GError) error = NULL;
        g_autoptr(ZwNftApplier) ap = NULL;
        const char *cmd;

        if (argc >= 3 && g_str_equal(argv[1], "--table")) {
                table = argv[2];
                argv += 2;
                argc -= 2;
        }
        if (argc < 2)
                return usage();
        cmd = argv[1];
        if (g_str_equal(cmd, "render") && argc == 3) {
                g_autoptr(ZwNftPlan) plan = load(argv[2], table, &error);
                g_autofree char *text = NULL;

                if (plan == NULL)
                        goto fail;
                text = zw_nft_plan_render(plan);
                fputs(text, stdout);
                return 0;
        }
        if (g_str_equal(cmd, "modules") && argc == 3) {
                g_autoptr(ZwNftPlan) plan = load(argv[2], table, &error);

                if (plan == NULL || !zw_nft_load_modules(zw_nft_plan_modules(plan), &error))
                        goto fail;
                return 0;
        }
        ap = zw_nft_applier_new(table, &error);
        if (ap == NULL)
                goto fail;
        if (g_str_equal(cmd, "apply") && argc == 3) {
                g_autoptr(ZwNftPlan) plan = load(argv[2], table, &error);

                if (plan == NULL || !zw_nft_load_modules(zw_nft_plan_modules(plan), &error) ||
                    !zw_nft_apply_full(ap, plan, &error))
                        goto fail;
        } else if (g_str_equal(cmd, "diff") && argc == 4) {
                g_autoptr(ZwNftPlan) old_plan = load(argv[2], table, &error);
                g_autoptr(ZwNftPlan) new_plan = NULL;

                if (old_plan == NULL)
                        goto fail;
                new_plan = load(argv[3], table, &error);
                if (new_plan == NULL || !zw_nft_apply_diff(ap, old_plan, new_plan, &error))
                        goto fail;
        } else if (g_str_equal(cmd, "reload") && (argc == 5 || argc == 6)) {
                /* apply A, then N reloads alternating B, A, B, ... with one applier (as the
                 * daemon has); READYFILE is created after the first apply */
                g_autoptr(ZwNftPlan) a = load(argv[2], table, &error);
                g_autoptr(ZwNftPlan) b = NULL;
                int n = atoi(argv[4]);

                if (a == NULL)
                        goto fail;
                b = load(argv[3], table, &error);
                if (b == NULL || !zw_nft_apply_full(ap, a, &error))
                        goto fail;
                if (argc == 6) {
                        if (!g_file_set_contents(argv[5], "ready\n", -1, &error))
                                goto fail;
                        g_usleep(300 * 1000); /* let the caller's probe loop start */
                }
                for (int i = 0; i < n; i++)
                        if (!zw_nft_apply_full(ap, i % 2 == 0 ? b : a, &error))
                                goto fail;
        } else if (g_str_equal(cmd, "panic") && argc == 3) {
                if (!zw_nft_set_panic(ap, g_str_equal(argv[2], "on"), &error))
                        goto fail;
        } else if (g_str_equal(cmd, "remove") && argc == 2) {
                if (!zw_nft_remove_all(ap, &error))
                        goto fail;
        } else {
                return usage();
        }
        printf("transactions=%" G_GUINT64_FORMAT "\n", zw_nft_applier_transactions(ap));
        return 0;
fail:
        fprintf(stderr, "zw-nft-apply: %s: %s\n",
                error ? zw_error_code_name(error->code) : "ERROR",
                error ? error->message : "failed");
        return 1;
}

int
main(int argc, char **argv)
{
        int rc;

        model_begin();
        rc = run(argc, argv);
        model_end();
        return rc;
}
