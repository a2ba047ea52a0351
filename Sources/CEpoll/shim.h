#ifndef CEPOLL_SHIM_H
#define CEPOLL_SHIM_H
/* Glibc's Swift overlay does not export epoll, eventfd or accept4.
   _GNU_SOURCE is NOT defined here: it changes glibc struct layouts (fd_set fields) and
   the sockaddr argument type, which then clash with the SwiftGlibc module. accept4,
   sched_getaffinity and pthread_setname_np are declared by hand instead (glibc has exported
   them since 2.12 at the latest). */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

extern int accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags);
/* The CPUs this process may run on, as a bit mask of `size` bytes (a cpu_set_t). */
extern int sched_getaffinity(int pid, unsigned long size, void *mask);
/* Names a thread (a pthread_t, an unsigned long in glibc) in /proc: at most 15 bytes. */
extern int pthread_setname_np(unsigned long thread, const char *name);

/* Accepts a connection with flags (SOCK_NONBLOCK | SOCK_CLOEXEC) in one system call. */
static inline int cepoll_accept(int fd, int flags) {
    return accept4(fd, (struct sockaddr *)0, (socklen_t *)0, flags);
}
#endif
