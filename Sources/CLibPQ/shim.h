#include <postgresql/libpq-fe.h>
#include <dlfcn.h>

// libpq is loaded when a command first connects to a server, not when grantledger starts: a
// ledger in a SQLite file needs none of it (nor the TLS and Kerberos libraries it brings), and
// the command starts as fast as before.
typedef struct {
    PGconn *(*connectdb)(const char *conninfo);
    ConnStatusType (*status)(const PGconn *conn);
    char *(*errorMessage)(const PGconn *conn);
    void (*finish)(PGconn *conn);
    PQnoticeProcessor (*setNoticeProcessor)(PGconn *conn, PQnoticeProcessor proc, void *arg);
    int (*setClientEncoding)(PGconn *conn, const char *encoding);
    PGresult *(*exec)(PGconn *conn, const char *query);
    void (*clear)(PGresult *res);
    ExecStatusType (*resultStatus)(const PGresult *res);
    int (*sendQueryParams)(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                           const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                           int resultFormat);
    int (*setSingleRowMode)(PGconn *conn);
    PGresult *(*getResult)(PGconn *conn);
    char *(*resultErrorField)(const PGresult *res, int fieldcode);
    int (*nfields)(const PGresult *res);
    char *(*fname)(const PGresult *res, int field_num);
    Oid (*ftype)(const PGresult *res, int field_num);
    char *(*getvalue)(const PGresult *res, int tup_num, int field_num);
    int (*getlength)(const PGresult *res, int tup_num, int field_num);
    int (*getisnull)(const PGresult *res, int tup_num, int field_num);
} grantledger_libpq;

// Fills `pq` from libpq.so.5; returns NULL, or what the dynamic loader said went wrong.
static inline const char *grantledger_libpq_load(grantledger_libpq *pq) {
    void *library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!library) return dlerror();
#define GRANTLEDGER_LOAD(field, symbol) if (!(*(void **)&pq->field = dlsym(library, #symbol))) return dlerror();
    GRANTLEDGER_LOAD(connectdb, PQconnectdb)
    GRANTLEDGER_LOAD(status, PQstatus)
    GRANTLEDGER_LOAD(errorMessage, PQerrorMessage)
    GRANTLEDGER_LOAD(finish, PQfinish)
    GRANTLEDGER_LOAD(setNoticeProcessor, PQsetNoticeProcessor)
    GRANTLEDGER_LOAD(setClientEncoding, PQsetClientEncoding)
    GRANTLEDGER_LOAD(exec, PQexec)
    GRANTLEDGER_LOAD(clear, PQclear)
    GRANTLEDGER_LOAD(resultStatus, PQresultStatus)
    GRANTLEDGER_LOAD(sendQueryParams, PQsendQueryParams)
    GRANTLEDGER_LOAD(setSingleRowMode, PQsetSingleRowMode)
    GRANTLEDGER_LOAD(getResult, PQgetResult)
    GRANTLEDGER_LOAD(resultErrorField, PQresultErrorField)
    GRANTLEDGER_LOAD(nfields, PQnfields)
    GRANTLEDGER_LOAD(fname, PQfname)
    GRANTLEDGER_LOAD(ftype, PQftype)
    GRANTLEDGER_LOAD(getvalue, PQgetvalue)
    GRANTLEDGER_LOAD(getlength, PQgetlength)
    GRANTLEDGER_LOAD(getisnull, PQgetisnull)
#undef GRANTLEDGER_LOAD
    return 0;
}
