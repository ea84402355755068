// libpq, opened on first use (library.h): only a PostgreSQL store needs it. hardock's
// definitions of the libpq functions it calls, each forwarding to libpq's own; the declarations
// are libpq-fe.h's.
#include <libpq-fe.h>

#include "hardock/lazylib/library.h"

namespace {

hardock::lazylib::Library& libpq() {
  static hardock::lazylib::Library library("libpq.so.5");
  return library;
}

}  // namespace

extern "C" {

PGconn* PQconnectdbParams(const char* const* keywords, const char* const* values,
                          int expand_dbname) {
  return HARDOCK_LAZYLIB_REAL(libpq(), PQconnectdbParams)(keywords, values, expand_dbname);
}

ConnStatusType PQstatus(const PGconn* conn) {
  return HARDOCK_LAZYLIB_REAL(libpq(), PQstatus)(conn);
}

char* PQerrorMessage(const PGconn* conn) {
  return HARDOCK_LAZYLIB_REAL(libpq(), PQerrorMessage)(conn);
}

PGresult* PQexec(PGconn* conn, const char* query) {
  return HARDOCK_LAZYLIB_REAL(libpq(), PQexec)(conn, query);
}

PGresult* PQexecParams(PGconn* conn, const char* command, int nParams, const Oid* paramTypes,
                       const char* const* paramValues, const int* paramLengths,
                       const int* paramFormats, int resultFormat) {
  return HARDOCK_LAZYLIB_REAL(libpq(), PQexecParams)(
      conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat);
}

ExecStatusType PQresultStatus(const PGresult* res) {
  return HARDOCK_LAZYLIB_REAL(libpq(), PQresultStatus)(res);
}

char* PQresultErrorMessage(const PGresult* res) {
  return HARDOCK_LAZYLIB_REAL(libpq(), PQresultErrorMessage)(res);
}

char* PQresultErrorField(const PGresult* res, int fieldcode) {
  return HARDOCK_LAZYLIB_REAL(libpq(), PQresultErrorField)(res, fieldcode);
}

int PQntuples(const PGresult* res) { return HARDOCK_LAZYLIB_REAL(libpq(), PQntuples)(res); }

int PQnfields(const PGresult* res) { return HARDOCK_LAZYLIB_REAL(libpq(), PQnfields)(res); }

Oid PQftype(const PGresult* res, int field_num) {
  return HARDOCK_LAZYLIB_REAL(libpq(), PQftype)(res, field_num);
}

char* PQgetvalue(const PGresult* res, int tup_num, int field_num) {
  return HARDOCK_LAZYLIB_REAL(libpq(), PQgetvalue)(res, tup_num, field_num);
}

int PQgetlength(const PGresult* res, int tup_num, int field_num) {
  return HARDOCK_LAZYLIB_REAL(libpq(), PQgetlength)(res, tup_num, field_num);
}

int PQgetisnull(const PGresult* res, int tup_num, int field_num) {
  return HARDOCK_LAZYLIB_REAL(libpq(), PQgetisnull)(res, tup_num, field_num);
}

// The frees of nothing do nothing, as libpq's do, without opening it: a destructor must not
// throw.
void PQclear(PGresult* res) {
  if (res != nullptr) HARDOCK_LAZYLIB_REAL(libpq(), PQclear)(res);
}

void PQfinish(PGconn* conn) {
  if (conn != nullptr) HARDOCK_LAZYLIB_REAL(libpq(), PQfinish)(conn);
}

}  // extern "C"
