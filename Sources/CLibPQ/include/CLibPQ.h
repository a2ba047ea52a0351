#ifndef CLIBPQ_H
#define CLIBPQ_H
/* libpq, PostgreSQL's client library (apt: libpq-dev to build, libpq5 to run), and poll.h for
   waiting on the connection's socket with a deadline.

   The process does not link libpq: LibPQLoader.c defines the PQ* functions used here and
   forwards each to libpq.so.5, loaded with dlopen on first use. A server on SQLite therefore
   never maps libpq and what it pulls in (OpenSSL, Kerberos, LDAP with GnuTLS: about 5 MiB
   resident). */
#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include <postgresql/libpq-fe.h>
#endif
#include <poll.h>

/* Loads libpq.so.5 (once; later calls return the first outcome). NULL when loaded, otherwise
   the loader's reason. Call it before the first PQ* function: those abort the process with
   that reason if libpq cannot be loaded. */
const char *clibpq_load(void);
#endif
