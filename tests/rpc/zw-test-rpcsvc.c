/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/rpc/zw-test-rpcsvc.c: a tiny ONC RPC server on random ports, registered with rpcbind
 *
 * usage: zw-test-rpcsvc PROGRAM VERSION [tcp] [udp]
 * Listens on 0.0.0.0 with kernel-chosen ports, answers NULLPROC, registers with the local
 * rpcbind, prints "tcp PORT" / "udp PORT" and then "ready" on stdout.
 * SIGUSR1: unregister but keep listening; SIGUSR2: register again (a "moved" program without
 * a new port is then the same port). SIGTERM/SIGINT: unregister and exit 0.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>
/* libtirpc repeats glibc's bindresvport() prototype */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wredundant-decls"
#include <rpc/rpc.h>
#pragma GCC diagnostic pop

typedef struct {
        const char *netid;
        struct netconfig *nconf;
        SVCXPRT *xprt;
        int port;
} Transport;

static volatile sig_atomic_t got_stop;
static volatile sig_atomic_t got_unreg;
static volatile sig_atomic_t got_reg;

static void
on_signal(int sig)
{
        if (sig == SIGUSR1)
                got_unreg = 1;
        else if (sig == SIGUSR2)
                got_reg = 1;
        else
                got_stop = 1;
}

static void
dispatch(struct svc_req *req, SVCXPRT *xprt)
{
        if (req->rq_proc == NULLPROC) {
                svc_sendreply(xprt, (xdrproc_t) (void (*)(void)) xdr_void, NULL);
                return;
        }
        svcerr_noproc(xprt);
}

static gboolean
open_transport(Transport *t, rpcprog_t prog, rpcvers_t vers)
{
        gboolean stream = g_strcmp0(t->netid, "tcp") == 0;
        struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_ANY) };
        socklen_t len = sizeof(sin);
        int fd;

        t->nconf = getnetconfigent(t->netid);
        if (t->nconf == NULL) {
                fprintf(stderr, "no netconfig entry for %s\n", t->netid);
                return FALSE;
        }
        fd = socket(AF_INET, stream ? SOCK_STREAM : SOCK_DGRAM, 0);
        if (fd < 0 || bind(fd, (struct sockaddr *) &sin, sizeof(sin)) < 0 ||
            (stream && listen(fd, SOMAXCONN) < 0) ||
            getsockname(fd, (struct sockaddr *) &sin, &len) < 0) {
                fprintf(stderr, "%s socket: %s\n", t->netid, strerror(errno));
                return FALSE;
        }
        t->port = ntohs(sin.sin_port);
        /* a bound socket: svc_tli_create neither rebinds it nor calls listen() */
        t->xprt = svc_tli_create(fd, t->nconf, NULL, 0, 0);
        if (t->xprt == NULL) {
                fprintf(stderr, "svc_tli_create %s failed\n", t->netid);
                return FALSE;
        }
        /* dispatch only; rpcbind registration is done by hand so it can be toggled */
        if (!svc_reg(t->xprt, prog, vers, dispatch, NULL)) {
                fprintf(stderr, "svc_reg %s failed\n", t->netid);
                return FALSE;
        }
        return TRUE;
}

static gboolean
register_all(Transport *ts, guint n, rpcprog_t prog, rpcvers_t vers)
{
        for (guint i = 0; i < n; i++) {
                if (!rpcb_set(prog, vers, ts[i].nconf, &ts[i].xprt->xp_ltaddr)) {
                        fprintf(stderr, "rpcb_set %lu/%lu %s failed\n", (unsigned long) prog,
                                (unsigned long) vers, ts[i].netid);
                        return FALSE;
                }
        }
        return TRUE;
}

static void
unregister_all(Transport *ts, guint n, rpcprog_t prog, rpcvers_t vers)
{
        for (guint i = 0; i < n; i++)
                rpcb_unset(prog, vers, ts[i].nconf);
}

int
main(int argc, char **argv)
{
        Transport ts[2] = { { 0 } };
        guint n = 0;
        guint64 prog = 0;
        guint64 vers = 0;
        struct sigaction sa = { .sa_handler = on_signal };

        if (argc < 3 || !g_ascii_string_to_unsigned(argv[1], 10, 1, G_MAXUINT32, &prog, NULL) ||
            !g_ascii_string_to_unsigned(argv[2], 10, 0, G_MAXUINT32, &vers, NULL)) {
                fprintf(stderr, "usage: %s PROGRAM VERSION [tcp] [udp]\n", argv[0]);
                return 2;
        }
        for (int i = 3; i < argc && n < G_N_ELEMENTS(ts); i++) {
                if (g_strcmp0(argv[i], "tcp") != 0 && g_strcmp0(argv[i], "udp") != 0) {
                        fprintf(stderr, "unknown transport %s\n", argv[i]);
                        return 2;
                }
                ts[n++].netid = argv[i];
        }
        if (n == 0)
                ts[n++].netid = "tcp";

        /* no SA_RESTART: poll() below must wake up on a signal */
        sigemptyset(&sa.sa_mask);
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGUSR1, &sa, NULL);
        sigaction(SIGUSR2, &sa, NULL);
        signal(SIGPIPE, SIG_IGN);

        for (guint i = 0; i < n; i++) {
                if (!open_transport(&ts[i], (rpcprog_t) prog, (rpcvers_t) vers))
                        return 1;
        }
        rpcb_unset((rpcprog_t) prog, (rpcvers_t) vers, NULL);
        if (!register_all(ts, n, (rpcprog_t) prog, (rpcvers_t) vers))
                return 1;
        for (guint i = 0; i < n; i++)
                printf("%s %d\n", ts[i].netid, ts[i].port);
        printf("ready\n");
        fflush(stdout);

        while (!got_stop) {
                int r = poll(svc_pollfd, (nfds_t) svc_max_pollfd, 200);
                int err = errno; /* the rpcbind calls below may change errno */

                if (got_unreg) {
                        got_unreg = 0;
                        unregister_all(ts, n, (rpcprog_t) prog, (rpcvers_t) vers);
                }
                if (got_reg) {
                        got_reg = 0;
                        register_all(ts, n, (rpcprog_t) prog, (rpcvers_t) vers);
                }
                if (r > 0)
                        svc_getreq_poll(svc_pollfd, r);
                else if (r < 0 && err != EINTR)
                        break;
        }
        unregister_all(ts, n, (rpcprog_t) prog, (rpcvers_t) vers);
        for (guint i = 0; i < n; i++) {
                svc_unreg((rpcprog_t) prog, (rpcvers_t) vers);
                svc_destroy(ts[i].xprt);
                freenetconfigent(ts[i].nconf);
        }
        return 0;
}
