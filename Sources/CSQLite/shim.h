#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro Swift cannot import: a destructor value of -1 that tells SQLite
// to copy bound text before the call returns.
static inline sqlite3_destructor_type grantledger_sqlite_transient(void) {
    return (sqlite3_destructor_type)-1;
}
