/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench/zwb-floor.c: the daemon's own work without the daemon: load, compile, apply, timed */
/*
 * The second floor of issue 10: zonewall's own ruleset sent to the kernel through libnftnl
 * (the project's apply path, no nft parser), and where zonewalld's start goes. Uses the
 * project's own libraries, as zonewalld does, on the same trees:
 *
 *   zwb-floor STOCK_DIR BUILTIN_DIR ADMIN_DIR [TABLE]
 *
 * run inside a fresh network namespace (`ip netns exec`): it programs the current one. Prints
 * key=value lines, times in ms (CLOCK_MONOTONIC), memory in kB:
 *   load_ms          zw_load_tree(): read and check the three trees (the daemon's first step)
 *   runtime_ms       zw_runtime_new(): the runtime copy of the loaded tree
 *   compile_ms       zw_nft_compile(): model -> plan (pure, no netlink)
 *   modules_ms       zw_nft_load_modules() for the plan's helpers
 *   apply_full_ms    zw_nft_apply_full() into the empty namespace: the libnftnl floor
 *   apply_noop_ms    zw_nft_apply_diff() between two equal plans (compiled twice): the
 *                    comparison alone, an empty difference sends no batch
 *   replace_full_ms  zw_nft_apply_full() by a new applier over the table now present: the
 *                    replace path (delete + recreate in one batch), no diff
 *   reload_like_ms   load + runtime + compile + apply_diff against the applied plan: what a
 *                    reload does without D-Bus and without the daemon's bookkeeping
 *   start_like_ms    load + runtime + compile + modules + apply_full (the first run)
 *   transactions     netlink batches sent in all
 *   rss_start_kb     VmRSS right after the first apply (tree, runtime, plan, applier held)
 *   rss_kb hwm_kb    VmRSS / VmHWM at the end (after the reload-like step, its copies freed)
 *   rss_trim_kb      VmRSS after malloc_trim(0)
 * Exit status 1 with an "error=" line when a step fails.
 */
#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/conf.h"
#include "core/runtime.h"
#include "core/tree.h"
#include "nft/plan.h"
#include "xml/load.h"

static double
now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* a "VmRSS:"-style line of /proc/self/status, in kB; -1 when missing */
static long
status_kb(const char *key)
{
        g_autofree char *contents = NULL;
        const char *line;

        if (!g_file_get_contents("/proc/self/status", &contents, NULL, NULL))
                return -1;
        line = strstr(contents, key);
        if (line == NULL)
                return -1;
        return strtol(line + strlen(key), NULL, 10);
}

static void
put_ms(const char *key, double ms)
{
        printf("%s=%.2f\n", key, ms);
}

static int
fail(const char *step, const GError *error)
{
        printf("error=%s: %s\n", step, error != NULL ? error->message : "failed");
        return 1;
}

static ZwNftPlan *
compile(const ZwRuntime *rt, const char *table, GError **error)
{
        ZwNftOptions opts;

        /* the daemon's options (daemon/firewall.c); RPC ports are empty in a fresh netns */
        zw_nft_options_init(&opts);
        opts.table_name = table;
        opts.ipv6_rpfilter = zw_conf_get_bool(rt->tree->conf, "IPv6_rpfilter");
        opts.rfc3964_ipv4 = zw_conf_get_bool(rt->tree->conf, "RFC3964_IPv4");
        return zw_nft_compile(rt, &opts, error);
}

int
main(int argc, char **argv)
{
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(ZwTree) tree = NULL;
        g_autoptr(ZwTree) tree2 = NULL;
        g_autoptr(ZwRuntime) rt = NULL;
        g_autoptr(ZwRuntime) rt2 = NULL;
        g_autoptr(ZwNftPlan) plan = NULL;
        g_autoptr(ZwNftPlan) plan2 = NULL;
        ZwNftPlan *sent = NULL;
        double t_dup;
        g_autoptr(ZwNftApplier) applier = NULL;
        g_autoptr(ZwNftApplier) replacer = NULL;
        const char *table;
        double t0, t_load, t_rt, t_compile, t_modules, t_apply, start_like, t;

        if (argc < 4 || argc > 5) {
                fprintf(stderr, "usage: zwb-floor STOCK_DIR BUILTIN_DIR ADMIN_DIR [TABLE]\n");
                return 2;
        }
        table = argc == 5 ? argv[4] : "zonewall";

        t0 = now_ms();
        tree = zw_load_tree(argv[1], argv[2], argv[3], warnings, &error);
        if (tree == NULL)
                return fail("load", error);
        t_load = now_ms();
        rt = zw_runtime_new(tree);
        t_rt = now_ms();
        plan = compile(rt, table, &error);
        if (plan == NULL)
                return fail("compile", error);
        t_compile = now_ms();
        if (!zw_nft_load_modules(zw_nft_plan_modules(plan), &error))
                return fail("modules", error);
        t_modules = now_ms();
        /* the applier keeps the plan it sends (the daemon hands over its only copy): give it
         * a copy made off the clock */
        sent = zw_nft_plan_dup(plan);
        t_dup = now_ms() - t_modules;
        t_modules = now_ms();
        applier = zw_nft_applier_new(table, &error);
        if (applier == NULL || !zw_nft_apply_plan(applier, g_steal_pointer(&sent), &error))
                return fail("apply_full", error);
        t_apply = now_ms();
        start_like = t_apply - t0 - t_dup;
        put_ms("load_ms", t_load - t0);
        put_ms("runtime_ms", t_rt - t_load);
        put_ms("compile_ms", t_compile - t_rt);
        put_ms("modules_ms", t_modules - t_compile);
        put_ms("apply_full_ms", t_apply - t_modules);
        put_ms("start_like_ms", start_like);
        printf("warnings=%u\n", warnings->len);
        printf("rss_start_kb=%ld\n", status_kb("VmRSS:"));

        /* a no-op diff: a second, equal plan from the same runtime (not the same pointer) */
        plan2 = compile(rt, table, &error);
        if (plan2 == NULL)
                return fail("compile", error);
        t = now_ms();
        if (!zw_nft_apply_diff(applier, plan, plan2, &error))
                return fail("apply_noop", error);
        put_ms("apply_noop_ms", now_ms() - t);
        g_clear_pointer(&plan2, zw_nft_plan_free);

        /* a fresh applier does not know the kernel's state: its full apply is the replace
         * path (table deleted and recreated in one batch), the applier's first-apply case */
        t = now_ms();
        replacer = zw_nft_applier_new(table, &error);
        if (replacer == NULL || !zw_nft_apply_full(replacer, plan, &error))
                return fail("replace_full", error);
        put_ms("replace_full_ms", now_ms() - t);

        /* a reload without D-Bus: everything read again, the difference applied */
        t = now_ms();
        tree2 = zw_load_tree(argv[1], argv[2], argv[3], NULL, &error);
        if (tree2 == NULL)
                return fail("reload load", error);
        rt2 = zw_runtime_new(tree2);
        plan2 = compile(rt2, table, &error);
        if (plan2 == NULL)
                return fail("reload compile", error);
        if (!zw_nft_apply_diff(replacer, plan, plan2, &error))
                return fail("reload apply", error);
        put_ms("reload_like_ms", now_ms() - t);
        printf("transactions=%" G_GUINT64_FORMAT "\n",
               zw_nft_applier_transactions(applier) + zw_nft_applier_transactions(replacer));

        /* what the daemon holds after start: the tree, its runtime, the applied plan */
        g_clear_pointer(&tree2, zw_tree_free);
        g_clear_pointer(&rt2, zw_runtime_free);
        g_clear_pointer(&plan2, zw_nft_plan_free);
        printf("rss_kb=%ld\n", status_kb("VmRSS:"));
        printf("hwm_kb=%ld\n", status_kb("VmHWM:"));
        malloc_trim(0);
        printf("rss_trim_kb=%ld\n", status_kb("VmRSS:"));
        return 0;
}
