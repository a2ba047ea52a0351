/* The PQ* functions IdentityPostgres calls, each forwarding to libpq.so.5, which is loaded
   with dlopen the first time one is called (see include/CLibPQ.h). Every forwarder looks its
   target up once and keeps it; the lookups race harmlessly (same answer, atomic stores). */
#include "CLibPQ.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *library;
static char load_error[512];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load_library(void) {
    library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error, "cannot load libpq.so.5 (install libpq5): %s",
                 reason ? reason : "unknown error");
    }
}

const char *clibpq_load(void) {
    pthread_once(&load_once, load_library);
    return library ? NULL : load_error;
}

static void *libpq_symbol(const char *name) {
    const char *error = clibpq_load();
    void *address = error ? NULL : dlsym(library, name);
    if (address == NULL) {
        fprintf(stderr, "identity-server: libpq: no %s: %s\n", name, error ? error : dlerror());
        abort();
    }
    return address;
}

#define TARGET(name, ret, params)                                                    \
    static ret (*name##_target) params;                                              \
    ret (*target) params = __atomic_load_n(&name##_target, __ATOMIC_ACQUIRE);        \
    if (target == NULL) {                                                            \
        target = (ret (*) params)libpq_symbol(#name);                                \
        __atomic_store_n(&name##_target, target, __ATOMIC_RELEASE);                  \
    }

#define FORWARD(ret, name, params, args) \
    ret name params {                    \
        TARGET(name, ret, params)        \
        return target args;              \
    }

#define FORWARD_VOID(name, params, args) \
    void name params {                   \
        TARGET(name, void, params)       \
        target args;                     \
    }

FORWARD(PGconn *, PQconnectdbParams, (const char *const *keywords, const char *const *values, int expand_dbname),
        (keywords, values, expand_dbname))
FORWARD_VOID(PQfinish, (PGconn *conn), (conn))
FORWARD(ConnStatusType, PQstatus, (const PGconn *conn), (conn))
FORWARD(PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn))
FORWARD(int, PQserverVersion, (const PGconn *conn), (conn))
FORWARD(char *, PQerrorMessage, (const PGconn *conn), (conn))
FORWARD(int, PQsocket, (const PGconn *conn), (conn))
FORWARD(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *conn, PQnoticeProcessor proc, void *arg), (conn, proc, arg))
FORWARD(int, PQsendQuery, (PGconn *conn, const char *query), (conn, query))
FORWARD(int, PQsendPrepare, (PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes),
        (conn, stmtName, query, nParams, paramTypes))
FORWARD(int, PQsendQueryPrepared,
        (PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues, const int *paramLengths,
         const int *paramFormats, int resultFormat),
        (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))
FORWARD(PGresult *, PQgetResult, (PGconn *conn), (conn))
FORWARD(int, PQisBusy, (PGconn *conn), (conn))
FORWARD(int, PQconsumeInput, (PGconn *conn), (conn))
FORWARD(int, PQenterPipelineMode, (PGconn *conn), (conn))
FORWARD(int, PQexitPipelineMode, (PGconn *conn), (conn))
FORWARD(int, PQpipelineSync, (PGconn *conn), (conn))
FORWARD(ExecStatusType, PQresultStatus, (const PGresult *res), (res))
FORWARD(char *, PQresultErrorMessage, (const PGresult *res), (res))
FORWARD(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode))
FORWARD(int, PQntuples, (const PGresult *res), (res))
FORWARD(int, PQnfields, (const PGresult *res), (res))
FORWARD(char *, PQcmdTuples, (PGresult *res), (res))
FORWARD(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
FORWARD(int, PQgetlength, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
FORWARD(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
FORWARD_VOID(PQclear, (PGresult *res), (res))
