/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rpc/rpcbind.c: ask the local rpcbind which RPC programs listen on which ports */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* libtirpc repeats glibc's bindresvport() prototype */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wredundant-decls"
#include <rpc/rpc.h>
#include <rpc/rpcb_prot.h>
#pragma GCC diagnostic pop

#include "core/error.h"
#include "rpc/rpcbind.h"

/* libtirpc's rpcb_getmaps() calls RPCBPROC_DUMP with a fixed 60 s timeout and no way to
 * shorten it; a stopped rpcbind would hold the poll that long. So we make the client
 * ourselves (connect and call bounded by timeout_ms) and send the same RPCBPROC_DUMP call,
 * decoded by libtirpc's own xdr_rpcblist_ptr. */

void
zw_rpcbind_options_init(ZwRpcbindOptions *opts)
{
        g_return_if_fail(opts != NULL);
        memset(opts, 0, sizeof(*opts));
        opts->socket_path = NULL;
        opts->tcp_fallback = TRUE;
        opts->timeout_ms = ZW_RPCBIND_TIMEOUT_MS;
}

gboolean
zw_rpc_uaddr_port(const char *uaddr, guint16 *out_port)
{
        const char *lo_dot;
        const char *hi_dot = NULL;
        guint64 hi = 0;
        guint64 lo = 0;
        g_autofree char *hi_text = NULL;

        g_return_val_if_fail(uaddr != NULL, FALSE);
        /* universal address: host part, then ".p1.p2" with port = p1 * 256 + p2 (RFC 5665) */
        lo_dot = strrchr(uaddr, '.');
        if (lo_dot == NULL || lo_dot == uaddr)
                return FALSE;
        for (const char *p = lo_dot - 1; p >= uaddr; p--) {
                if (*p == '.') {
                        hi_dot = p;
                        break;
                }
        }
        if (hi_dot == NULL || hi_dot == uaddr)
                return FALSE;
        hi_text = g_strndup(hi_dot + 1, (gsize) (lo_dot - hi_dot - 1));
        if (!g_ascii_string_to_unsigned(hi_text, 10, 0, 255, &hi, NULL))
                return FALSE;
        if (!g_ascii_string_to_unsigned(lo_dot + 1, 10, 0, 255, &lo, NULL))
                return FALSE;
        if (hi == 0 && lo == 0)
                return FALSE;
        if (out_port != NULL)
                *out_port = (guint16) (hi * 256 + lo);
        return TRUE;
}

gint
zw_rpc_mapping_compare(gconstpointer a, gconstpointer b)
{
        const ZwRpcMapping *x = a;
        const ZwRpcMapping *y = b;

        if (x->program != y->program)
                return x->program < y->program ? -1 : 1;
        if (x->version != y->version)
                return x->version < y->version ? -1 : 1;
        if (x->proto != y->proto)
                return x->proto < y->proto ? -1 : 1;
        if (x->family != y->family)
                return x->family < y->family ? -1 : 1;
        if (x->port != y->port)
                return x->port < y->port ? -1 : 1;
        return 0;
}

static gboolean
netid_parse(const char *netid, ZwRpcProto *out_proto, guint8 *out_family)
{
        static const struct {
                const char *netid;
                ZwRpcProto proto;
                guint8 family;
        } netids[] = {
                { "tcp", ZW_RPC_PROTO_TCP, 4 },
                { "tcp6", ZW_RPC_PROTO_TCP, 6 },
                { "udp", ZW_RPC_PROTO_UDP, 4 },
                { "udp6", ZW_RPC_PROTO_UDP, 6 },
        };

        for (guint i = 0; i < G_N_ELEMENTS(netids); i++) {
                if (g_strcmp0(netid, netids[i].netid) == 0) {
                        *out_proto = netids[i].proto;
                        *out_family = netids[i].family;
                        return TRUE;
                }
        }
        return FALSE;
}

/* Connect FD within TIMEOUT_MS and make it blocking again: 0 or an errno value */
static int
connect_errno(int fd, const struct sockaddr *sa, socklen_t len, guint timeout_ms)
{
        struct pollfd pfd = { .fd = fd, .events = POLLOUT };
        int err = 0;
        socklen_t errlen = sizeof(err);
        int n;

        if (connect(fd, sa, len) < 0) {
                if (errno != EINPROGRESS && errno != EAGAIN)
                        return errno;
                do {
                        n = poll(&pfd, 1, (int) timeout_ms);
                } while (n < 0 && errno == EINTR);
                if (n == 0)
                        return ETIMEDOUT;
                if (n < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) < 0)
                        return errno;
                if (err != 0)
                        return err;
        }
        /* libtirpc's stream client expects a blocking socket (it polls before each read) */
        if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0)
                return errno;
        return 0;
}

/* A connected stream socket, or -1 */
static int
connect_timed(const struct sockaddr *sa, socklen_t len, guint timeout_ms, GError **error)
{
        int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        int err;

        if (fd < 0) {
                err = errno;
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "socket: %s",
                            g_strerror(err));
                return -1;
        }
        err = connect_errno(fd, sa, len, timeout_ms);
        if (err != 0) {
                close(fd);
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "%s", g_strerror(err));
                return -1;
        }
        return fd;
}

static GArray *
dump_over(int fd, const struct sockaddr *sa, socklen_t len, guint timeout_ms, GError **error)
{
        struct netbuf addr = { .maxlen = len, .len = len, .buf = (void *) sa };
        struct timeval tv = { .tv_sec = timeout_ms / 1000, .tv_usec = (timeout_ms % 1000) * 1000 };
        rpcblist_ptr head = NULL;
        enum clnt_stat status;
        CLIENT *clnt;
        GArray *out;

        clnt = clnt_vc_create(fd, &addr, RPCBPROG, RPCBVERS, 0, 0);
        if (clnt == NULL) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "%s",
                            clnt_spcreateerror("rpcbind client"));
                return NULL;
        }
        status = CLNT_CALL(clnt, RPCBPROC_DUMP, (xdrproc_t) (void (*)(void)) xdr_void, NULL,
                           (xdrproc_t) xdr_rpcblist_ptr, (void *) &head, tv);
        if (status != RPC_SUCCESS) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "RPCBPROC_DUMP: %s",
                            clnt_sperrno(status));
                CLNT_DESTROY(clnt);
                return NULL;
        }
        out = g_array_new(FALSE, FALSE, sizeof(ZwRpcMapping));
        for (rpcblist *l = head; l != NULL; l = l->rpcb_next) {
                ZwRpcMapping m = { 0 };

                if (l->rpcb_map.r_netid == NULL || l->rpcb_map.r_addr == NULL)
                        continue;
                if (!netid_parse(l->rpcb_map.r_netid, &m.proto, &m.family))
                        continue;
                if (!zw_rpc_uaddr_port(l->rpcb_map.r_addr, &m.port))
                        continue;
                m.program = (guint32) l->rpcb_map.r_prog;
                m.version = (guint32) l->rpcb_map.r_vers;
                g_array_append_val(out, m);
        }
        xdr_free((xdrproc_t) xdr_rpcblist_ptr, (char *) &head);
        CLNT_DESTROY(clnt);
        g_array_sort(out, zw_rpc_mapping_compare);
        return out;
}

static GArray *
query_endpoint(const struct sockaddr *sa, socklen_t len, guint timeout_ms, GError **error)
{
        int fd = connect_timed(sa, len, timeout_ms, error);
        GArray *out;

        if (fd < 0)
                return NULL;
        out = dump_over(fd, sa, len, timeout_ms, error);
        close(fd);
        return out;
}

GArray *
zw_rpcbind_query(const ZwRpcbindOptions *opts, GError **error)
{
        ZwRpcbindOptions defaults;
        const char *path;
        guint timeout_ms;
        g_autoptr(GError) local_error = NULL;
        g_autoptr(GError) tcp_error = NULL;

        if (opts == NULL) {
                zw_rpcbind_options_init(&defaults);
                opts = &defaults;
        }
        path = opts->socket_path != NULL ? opts->socket_path : ZW_RPCBIND_SOCKET;
        timeout_ms = opts->timeout_ms != 0 ? opts->timeout_ms : ZW_RPCBIND_TIMEOUT_MS;

        if (*path != '\0') {
                struct sockaddr_un un = { .sun_family = AF_UNIX };
                GArray *out;

                if (strlen(path) >= sizeof(un.sun_path)) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_FILENAME,
                                    "socket path too long: %s", path);
                        return NULL;
                }
                strcpy(un.sun_path, path);
                out = query_endpoint((const struct sockaddr *) &un, sizeof(un), timeout_ms,
                                     &local_error);
                if (out != NULL)
                        return out;
                g_prefix_error(&local_error, "rpcbind at %s: ", path);
        }
        if (opts->tcp_fallback) {
                struct sockaddr_in sin = {
                        .sin_family = AF_INET,
                        .sin_port = htons(111),
                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
                };
                GArray *out = query_endpoint((const struct sockaddr *) &sin, sizeof(sin),
                                             timeout_ms, &tcp_error);

                if (out != NULL)
                        return out;
                g_prefix_error(&tcp_error, "rpcbind at 127.0.0.1:111: ");
        }
        if (local_error != NULL && tcp_error != NULL) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "%s; %s",
                            local_error->message, tcp_error->message);
        } else if (local_error != NULL) {
                g_propagate_error(error, g_steal_pointer(&local_error));
        } else if (tcp_error != NULL) {
                g_propagate_error(error, g_steal_pointer(&tcp_error));
        } else {
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED,
                            "no rpcbind endpoint configured");
        }
        return NULL;
}

typedef struct {
        char *socket_path;
        gboolean tcp_fallback;
        guint timeout_ms;
} QueryData;

static void
query_data_free(gpointer p)
{
        QueryData *d = p;

        g_free(d->socket_path);
        g_free(d);
}

static void
query_thread(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
        QueryData *d = task_data;
        ZwRpcbindOptions opts = {
                .socket_path = d->socket_path,
                .tcp_fallback = d->tcp_fallback,
                .timeout_ms = d->timeout_ms,
        };
        GError *error = NULL;
        GArray *out = zw_rpcbind_query(&opts, &error);

        if (out == NULL)
                g_task_return_error(task, error);
        else
                g_task_return_pointer(task, out, (GDestroyNotify) g_array_unref);
}

void
zw_rpcbind_query_async(const ZwRpcbindOptions *opts, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
        g_autoptr(GTask) task = g_task_new(NULL, cancellable, callback, user_data);
        QueryData *d = g_new0(QueryData, 1);

        if (opts != NULL) {
                d->socket_path = g_strdup(opts->socket_path);
                d->tcp_fallback = opts->tcp_fallback;
                d->timeout_ms = opts->timeout_ms;
        } else {
                d->tcp_fallback = TRUE;
        }
        g_task_set_source_tag(task, zw_rpcbind_query_async);
        g_task_set_task_data(task, d, query_data_free);
        g_task_run_in_thread(task, query_thread);
}

GArray *
zw_rpcbind_query_finish(GAsyncResult *result, GError **error)
{
        g_return_val_if_fail(g_task_is_valid(result, NULL), NULL);
        return g_task_propagate_pointer(G_TASK(result), error);
}
