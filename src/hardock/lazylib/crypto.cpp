// libcrypto (OpenSSL), opened on first use (library.h): digests, base64 and certificates. Only a
// recorded run, an image or a TLS probe needs it; a one-file `hardock lint --no-store` does not.
// hardock's definitions of the libcrypto functions it calls, each forwarding to libcrypto's own;
// the declarations are OpenSSL's headers'.
// SHA256_Init/Update/Final (core/sha256.cpp) are deprecated in OpenSSL 3 but kept.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "hardock/lazylib/library.h"

namespace {

hardock::lazylib::Library& libcrypto() {
  static hardock::lazylib::Library library("libcrypto.so.3");
  return library;
}

}  // namespace

#define HARDOCK_CRYPTO(function) HARDOCK_LAZYLIB_REAL(libcrypto(), function)

extern "C" {

int ASN1_TIME_diff(int* pday, int* psec, const ASN1_TIME* from, const ASN1_TIME* to) {
  return HARDOCK_CRYPTO(ASN1_TIME_diff)(pday, psec, from, to);
}

BIO* BIO_new_mem_buf(const void* buf, int len) { return HARDOCK_CRYPTO(BIO_new_mem_buf)(buf, len); }

void ERR_clear_error(void) { HARDOCK_CRYPTO(ERR_clear_error)(); }

void ERR_error_string_n(unsigned long e, char* buf, size_t len) {
  HARDOCK_CRYPTO(ERR_error_string_n)(e, buf, len);
}

unsigned long ERR_get_error(void) { return HARDOCK_CRYPTO(ERR_get_error)(); }

int EVP_EncodeBlock(unsigned char* t, const unsigned char* f, int n) {
  return HARDOCK_CRYPTO(EVP_EncodeBlock)(t, f, n);
}

int EVP_DecodeBlock(unsigned char* t, const unsigned char* f, int n) {
  return HARDOCK_CRYPTO(EVP_DecodeBlock)(t, f, n);
}

int EVP_Digest(const void* data, size_t count, unsigned char* md, unsigned int* size,
               const EVP_MD* type, ENGINE* impl) {
  return HARDOCK_CRYPTO(EVP_Digest)(data, count, md, size, type, impl);
}

EVP_MD* EVP_MD_fetch(OSSL_LIB_CTX* ctx, const char* algorithm, const char* properties) {
  return HARDOCK_CRYPTO(EVP_MD_fetch)(ctx, algorithm, properties);
}

const EVP_MD* EVP_sha1(void) { return HARDOCK_CRYPTO(EVP_sha1)(); }

const EVP_MD* EVP_sha256(void) { return HARDOCK_CRYPTO(EVP_sha256)(); }

EVP_MD_CTX* EVP_MD_CTX_new(void) { return HARDOCK_CRYPTO(EVP_MD_CTX_new)(); }

int EVP_DigestInit_ex(EVP_MD_CTX* ctx, const EVP_MD* type, ENGINE* impl) {
  return HARDOCK_CRYPTO(EVP_DigestInit_ex)(ctx, type, impl);
}

int EVP_DigestInit_ex2(EVP_MD_CTX* ctx, const EVP_MD* type, const OSSL_PARAM params[]) {
  return HARDOCK_CRYPTO(EVP_DigestInit_ex2)(ctx, type, params);
}

int EVP_DigestUpdate(EVP_MD_CTX* ctx, const void* d, size_t cnt) {
  return HARDOCK_CRYPTO(EVP_DigestUpdate)(ctx, d, cnt);
}

int EVP_DigestFinal_ex(EVP_MD_CTX* ctx, unsigned char* md, unsigned int* s) {
  return HARDOCK_CRYPTO(EVP_DigestFinal_ex)(ctx, md, s);
}

int SHA256_Init(SHA256_CTX* c) { return HARDOCK_CRYPTO(SHA256_Init)(c); }

int SHA256_Update(SHA256_CTX* c, const void* data, size_t len) {
  return HARDOCK_CRYPTO(SHA256_Update)(c, data, len);
}

int SHA256_Final(unsigned char* md, SHA256_CTX* c) { return HARDOCK_CRYPTO(SHA256_Final)(md, c); }

X509* PEM_read_bio_X509(BIO* out, X509** x, pem_password_cb* cb, void* u) {
  return HARDOCK_CRYPTO(PEM_read_bio_X509)(out, x, cb, u);
}

int X509_STORE_add_cert(X509_STORE* ctx, X509* x) {
  return HARDOCK_CRYPTO(X509_STORE_add_cert)(ctx, x);
}

int X509_check_host(X509* x, const char* chk, size_t chklen, unsigned int flags, char** peername) {
  return HARDOCK_CRYPTO(X509_check_host)(x, chk, chklen, flags, peername);
}

int X509_check_ip_asc(X509* x, const char* ipasc, unsigned int flags) {
  return HARDOCK_CRYPTO(X509_check_ip_asc)(x, ipasc, flags);
}

const ASN1_TIME* X509_get0_notAfter(const X509* x) { return HARDOCK_CRYPTO(X509_get0_notAfter)(x); }

const char* X509_verify_cert_error_string(long n) {
  return HARDOCK_CRYPTO(X509_verify_cert_error_string)(n);
}

// The frees of nothing do nothing, as libcrypto's do, without opening it: they run in
// destructors (unique_ptr deleters).
int BIO_free(BIO* a) {
  if (a == nullptr) return 0;
  return HARDOCK_CRYPTO(BIO_free)(a);
}

void EVP_MD_CTX_free(EVP_MD_CTX* ctx) {
  if (ctx != nullptr) HARDOCK_CRYPTO(EVP_MD_CTX_free)(ctx);
}

void X509_free(X509* a) {
  if (a != nullptr) HARDOCK_CRYPTO(X509_free)(a);
}

}  // extern "C"
