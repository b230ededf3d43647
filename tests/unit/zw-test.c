/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/zw-test.c: the model fixture shared by the core unit tests */
#include "config.h"

#include "zw-test.h"

ZwZone *
zw_test_add_zone(ZwTree *tree, const char *name)
{
        ZwZone *z = zw_zone_new(name);

        zw_tree_insert(tree, z);
        return z;
}

ZwTree *
zw_test_core_tree(void)
{
        ZwTree *tree = zw_tree_new();
        const char *services[] = { "ssh", "http", "https", "dhcpv6-client", "mdns", NULL };
        ZwIcmpType *ts = zw_icmptype_new("timestamp-request");
        ZwIpset *set = zw_ipset_new("apimap-set", "hash:ip");
        ZwIpset *nn = zw_ipset_new("netnet", "hash:net,net");
        ZwService *ftp = zw_service_new("ftp");
        ZwZone *public;

        for (guint i = 0; services[i] != NULL; i++) {
                ZwService *s = zw_service_new(services[i]);
                g_ptr_array_add(s->ports, zw_port_new("1", "tcp"));
                zw_tree_insert(tree, s);
        }
        g_ptr_array_add(ftp->ports, zw_port_new("21", "tcp"));
        g_ptr_array_add(ftp->helpers, g_strdup("ftp"));
        zw_tree_insert(tree, ftp);
        zw_tree_insert(tree, zw_icmptype_new("echo-request"));
        ts->ipv6 = FALSE;
        zw_tree_insert(tree, ts);
        zw_tree_insert(tree, set);
        zw_tree_insert(tree, nn);
        public = zw_test_add_zone(tree, "public");
        g_ptr_array_add(public->services, g_strdup("ssh"));
        g_ptr_array_add(public->services, g_strdup("dhcpv6-client"));
        public->forward = TRUE;
        zw_test_add_zone(tree, "internal");
        zw_test_add_zone(tree, "apimap");
        zw_test_add_zone(tree, "work");
        return tree;
}
