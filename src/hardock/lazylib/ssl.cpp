// libssl (OpenSSL), opened on first use (library.h): only the host's TLS probe of the engine's
// port speaks TLS itself (libcurl brings its own use of libssl). hardock's definitions of the
// libssl functions it calls, each forwarding to libssl's own; the declarations are ssl.h's.
#include <openssl/ssl.h>

#include "hardock/lazylib/library.h"

namespace {

hardock::lazylib::Library& libssl() {
  static hardock::lazylib::Library library("libssl.so.3");
  return library;
}

}  // namespace

#define HARDOCK_SSL(function) HARDOCK_LAZYLIB_REAL(libssl(), function)

extern "C" {

const SSL_METHOD* TLS_client_method(void) { return HARDOCK_SSL(TLS_client_method)(); }

SSL_CTX* SSL_CTX_new(const SSL_METHOD* meth) { return HARDOCK_SSL(SSL_CTX_new)(meth); }

long SSL_CTX_ctrl(SSL_CTX* ctx, int cmd, long larg, void* parg) {
  return HARDOCK_SSL(SSL_CTX_ctrl)(ctx, cmd, larg, parg);
}

X509_STORE* SSL_CTX_get_cert_store(const SSL_CTX* ctx) {
  return HARDOCK_SSL(SSL_CTX_get_cert_store)(ctx);
}

int SSL_CTX_set_default_verify_paths(SSL_CTX* ctx) {
  return HARDOCK_SSL(SSL_CTX_set_default_verify_paths)(ctx);
}

void SSL_CTX_set_security_level(SSL_CTX* ctx, int level) {
  HARDOCK_SSL(SSL_CTX_set_security_level)(ctx, level);
}

void SSL_CTX_set_verify(SSL_CTX* ctx, int mode, SSL_verify_cb callback) {
  HARDOCK_SSL(SSL_CTX_set_verify)(ctx, mode, callback);
}

SSL* SSL_new(SSL_CTX* ctx) { return HARDOCK_SSL(SSL_new)(ctx); }

long SSL_ctrl(SSL* ssl, int cmd, long larg, void* parg) {
  return HARDOCK_SSL(SSL_ctrl)(ssl, cmd, larg, parg);
}

int SSL_set_fd(SSL* s, int fd) { return HARDOCK_SSL(SSL_set_fd)(s, fd); }

int SSL_connect(SSL* ssl) { return HARDOCK_SSL(SSL_connect)(ssl); }

X509* SSL_get1_peer_certificate(const SSL* s) { return HARDOCK_SSL(SSL_get1_peer_certificate)(s); }

long SSL_get_verify_result(const SSL* ssl) { return HARDOCK_SSL(SSL_get_verify_result)(ssl); }

const char* SSL_get_version(const SSL* s) { return HARDOCK_SSL(SSL_get_version)(s); }

int SSL_version(const SSL* ssl) { return HARDOCK_SSL(SSL_version)(ssl); }

int SSL_shutdown(SSL* s) { return HARDOCK_SSL(SSL_shutdown)(s); }

// The frees of nothing do nothing, as libssl's do, without opening it: they run in destructors.
void SSL_free(SSL* ssl) {
  if (ssl != nullptr) HARDOCK_SSL(SSL_free)(ssl);
}

void SSL_CTX_free(SSL_CTX* ctx) {
  if (ctx != nullptr) HARDOCK_SSL(SSL_CTX_free)(ctx);
}

}  // extern "C"
