#ifndef CEPOLL_SHIM_H
#define CEPOLL_SHIM_H
/* Glibc's Swift overlay does not export epoll, eventfd or accept4.
   _GNU_SOURCE is NOT defined here: it changes glibc struct layouts (fd_set fields) and
   the sockaddr argument type, which then clash with the SwiftGlibc module. accept4 is
   declared by hand instead (glibc has exported it since 2.10). */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

extern int accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags);

/* Accepts a connection with flags (SOCK_NONBLOCK | SOCK_CLOEXEC) in one system call. */
static inline int cepoll_accept(int fd, int flags) {
    return accept4(fd, (struct sockaddr *)0, (socklen_t *)0, flags);
}
#endif
