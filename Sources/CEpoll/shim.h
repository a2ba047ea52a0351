#ifndef CEPOLL_SHIM_H
#define CEPOLL_SHIM_H
/* Glibc's Swift overlay does not export epoll, eventfd or accept4. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#endif
