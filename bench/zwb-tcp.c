/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench/zwb-tcp.c: data-plane load: TCP connection rate and request/response rate */
/*
 *   zwb-tcp serve PORT READY_FILE     dual-stack listener; echoes bytes, closes on EOF
 *   zwb-tcp conn ADDR PORT SECONDS    connect()+close() loop: prints conn_per_s
 *   zwb-tcp rr ADDR PORT SECONDS      1-byte ping-pong on one connection: prints rr_per_s
 *
 * The server is sequential: the clients are too, so one connection is open at a time.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double
now_s(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
serve(int port, const char *ready)
{
        struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT };
        int one = 1, zero = 0, s;
        FILE *f;

        s = socket(AF_INET6, SOCK_STREAM, 0);
        if (s < 0)
                return 1;
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
        a.sin6_port = htons(port);
        if (bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(s, 4096) < 0) {
                perror("zwb-tcp: bind/listen");
                return 1;
        }
        f = fopen(ready, "w");
        if (f != NULL) {
                fputs("ready\n", f);
                fclose(f);
        }
        for (;;) {
                char buf[64];
                ssize_t n;
                int c = accept(s, NULL, NULL);

                if (c < 0)
                        continue;
                setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
                while ((n = read(c, buf, sizeof(buf))) > 0) {
                        if (write(c, buf, n) != n)
                                break;
                }
                close(c);
        }
}

static int
parse_addr(const char *addr, int port, struct sockaddr_storage *out, socklen_t *out_len)
{
        struct sockaddr_in *a4 = (struct sockaddr_in *)out;
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)out;

        memset(out, 0, sizeof(*out));
        if (inet_pton(AF_INET, addr, &a4->sin_addr) == 1) {
                a4->sin_family = AF_INET;
                a4->sin_port = htons(port);
                *out_len = sizeof(*a4);
                return 0;
        }
        if (inet_pton(AF_INET6, addr, &a6->sin6_addr) == 1) {
                a6->sin6_family = AF_INET6;
                a6->sin6_port = htons(port);
                *out_len = sizeof(*a6);
                return 0;
        }
        return -1;
}

static int
conn(const struct sockaddr_storage *a, socklen_t len, double secs)
{
        long ok = 0, fail = 0;
        double t0 = now_s(), el;

        while ((el = now_s() - t0) < secs) {
                int s = socket(a->ss_family, SOCK_STREAM, 0);

                if (s < 0) {
                        fail++;
                        continue;
                }
                if (connect(s, (const struct sockaddr *)a, len) == 0)
                        ok++;
                else
                        fail++;
                close(s);
                if (fail > 1000 && ok == 0)
                        break;
        }
        el = now_s() - t0;
        printf("conn_per_s=%.0f\nconn_ok=%ld\nconn_fail=%ld\n", ok / el, ok, fail);
        return ok > 0 ? 0 : 1;
}

static int
rr(const struct sockaddr_storage *a, socklen_t len, double secs)
{
        int one = 1, s = socket(a->ss_family, SOCK_STREAM, 0);
        long n = 0;
        double t0, el;
        char b = 'x';

        if (s < 0 || connect(s, (const struct sockaddr *)a, len) < 0) {
                printf("error=connect: %s\n", strerror(errno));
                return 1;
        }
        setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        t0 = now_s();
        while ((el = now_s() - t0) < secs) {
                if (write(s, &b, 1) != 1 || read(s, &b, 1) != 1)
                        break;
                n++;
        }
        el = now_s() - t0;
        close(s);
        printf("rr_per_s=%.0f\n", n / el);
        return n > 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
        struct sockaddr_storage a;
        socklen_t len;

        setvbuf(stdout, NULL, _IOLBF, 0);
        if (argc == 4 && strcmp(argv[1], "serve") == 0)
                return serve(atoi(argv[2]), argv[3]);
        if (argc != 5 || parse_addr(argv[2], atoi(argv[3]), &a, &len) < 0) {
                fprintf(stderr, "usage: zwb-tcp serve PORT READY | conn|rr ADDR PORT SECS\n");
                return 2;
        }
        if (strcmp(argv[1], "conn") == 0)
                return conn(&a, len, atof(argv[4]));
        if (strcmp(argv[1], "rr") == 0)
                return rr(&a, len, atof(argv[4]));
        return 2;
}
