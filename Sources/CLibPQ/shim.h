#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H
/* libpq, PostgreSQL's client library (apt: libpq-dev, pkg-config: libpq). poll.h for waiting on
   the connection's socket with a deadline. */
#include <libpq-fe.h>
#include <poll.h>
#endif
