// lazylib: libraries opened on first use, and the functions that forward to libcurl, libpq and
// libarchive (this test binary links the forwarding functions, never the libraries).
#include "hardock/lazylib/library.h"

#include <archive.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <atomic>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace hardock::lazylib {
namespace {

std::string mapped_files() {
  std::ifstream maps("/proc/self/maps");
  std::stringstream text;
  text << maps.rdbuf();
  return text.str();
}

TEST(Library, OpensOnFirstLookUpAndFindsTheFunction) {
  Library zlib("libz.so.1");
  EXPECT_FALSE(zlib.loaded());
  using Version = const char* (*)();
  auto* version = reinterpret_cast<Version>(zlib.symbol("zlibVersion"));
  ASSERT_NE(version, nullptr);
  EXPECT_EQ(std::string(version()).substr(0, 2), "1.");
  EXPECT_TRUE(zlib.loaded());
}

TEST(Library, AMissingLibraryIsALoadErrorNamingItEveryTime) {
  Library missing("libhardock-no-such-library.so.0");
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      missing.symbol("anything");
      FAIL() << "no error";
    } catch (const LoadError& error) {
      EXPECT_NE(
          std::string(error.what()).find("libhardock-no-such-library.so.0 could not be loaded"),
          std::string::npos)
          << error.what();
    }
  }
  EXPECT_FALSE(missing.loaded());
}

TEST(Library, AMissingFunctionIsALoadErrorNamingIt) {
  Library zlib("libz.so.1");
  try {
    zlib.symbol("hardock_no_such_function");
    FAIL() << "no error";
  } catch (const LoadError& error) {
    EXPECT_NE(std::string(error.what()).find("libz.so.1 has no function hardock_no_such_function"),
              std::string::npos)
        << error.what();
  }
}

std::atomic<int> set_ups{0};
std::atomic<bool> set_up_done{false};

void counting_set_up(Library& library) {
  // The set-up may look up the library's own functions (curl.cpp's calls curl_global_init).
  EXPECT_NE(library.symbol("zlibVersion"), nullptr);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ++set_ups;
  set_up_done = true;
}

TEST(Library, SetUpRunsOnceBeforeAnyThreadGetsAFunction) {
  Library zlib("libz.so.1", counting_set_up);
  std::atomic<int> early{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      zlib.symbol("zlibVersion");
      if (!set_up_done) ++early;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(set_ups, 1);
  EXPECT_EQ(early, 0);
}

int failing_set_ups = 0;
void failing_once(Library&) {
  if (++failing_set_ups == 1) throw LoadError("set-up failed");
}

TEST(Library, ASetUpThatFailedIsTriedAgain) {
  Library zlib("libz.so.1", failing_once);
  EXPECT_THROW(zlib.symbol("zlibVersion"), LoadError);
  EXPECT_FALSE(zlib.loaded());
  EXPECT_NE(zlib.symbol("zlibVersion"), nullptr);
  EXPECT_TRUE(zlib.loaded());
  EXPECT_EQ(failing_set_ups, 2);
}

// The forwarding functions. ctest runs each test in its own process; run by hand, the file's
// order still puts the clean-ups of nothing before anything opens the libraries.
TEST(Forwarding, CleanUpsOfNothingOpenNothing) {
  curl_easy_cleanup(nullptr);
  curl_slist_free_all(nullptr);
  EXPECT_EQ(curl_multi_cleanup(nullptr), CURLM_BAD_HANDLE);
  PQclear(nullptr);
  PQfinish(nullptr);
  EXPECT_EQ(archive_read_free(nullptr), ARCHIVE_OK);
  EVP_MD_CTX_free(nullptr);
  X509_free(nullptr);
  EXPECT_EQ(BIO_free(nullptr), 0);
  SSL_free(nullptr);
  SSL_CTX_free(nullptr);
  const std::string maps = mapped_files();
  EXPECT_EQ(maps.find("libcurl"), std::string::npos);
  EXPECT_EQ(maps.find("libpq"), std::string::npos);
  EXPECT_EQ(maps.find("libarchive"), std::string::npos);
  EXPECT_EQ(maps.find("libcrypto"), std::string::npos);
  EXPECT_EQ(maps.find("libssl"), std::string::npos);
}

size_t discard(char*, size_t size, size_t count, void*) { return size * count; }

TEST(Forwarding, CurlOptionsOfEveryTypeReachLibcurl) {
  CURL* curl = curl_easy_init();
  ASSERT_NE(curl, nullptr);
  EXPECT_NE(mapped_files().find("libcurl"), std::string::npos);
  EXPECT_EQ(curl_easy_setopt(curl, CURLOPT_VERBOSE, 0L), CURLE_OK);                 // long
  EXPECT_EQ(curl_easy_setopt(curl, CURLOPT_URL, "http://127.0.0.1:9/"), CURLE_OK);  // string
  EXPECT_EQ(curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard), CURLE_OK);      // function
  EXPECT_EQ(curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t{1} << 40),
            CURLE_OK);  // curl_off_t
  EXPECT_EQ(curl_easy_setopt(curl, static_cast<CURLoption>(9999), 0L), CURLE_UNKNOWN_OPTION);
  // A pointer set, then read back through getinfo: both variadic arguments arrive intact.
  int marker = 0;
  EXPECT_EQ(curl_easy_setopt(curl, CURLOPT_PRIVATE, &marker), CURLE_OK);
  void* back = nullptr;
  EXPECT_EQ(curl_easy_getinfo(curl, CURLINFO_PRIVATE, &back), CURLE_OK);
  EXPECT_EQ(back, &marker);
  EXPECT_STREQ(curl_easy_strerror(CURLE_UNKNOWN_OPTION),
               "An unknown option was passed in to libcurl");
  curl_slist* list = curl_slist_append(nullptr, "X-Test: 1");
  ASSERT_NE(list, nullptr);
  EXPECT_STREQ(list->data, "X-Test: 1");
  curl_slist_free_all(list);
  CURLM* multi = curl_multi_init();
  ASSERT_NE(multi, nullptr);
  EXPECT_EQ(curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, 4L), CURLM_OK);
  EXPECT_EQ(curl_multi_cleanup(multi), CURLM_OK);
  curl_easy_cleanup(curl);
}

TEST(Forwarding, ArchiveErrorsAreFormattedAndKept) {
  archive* handle = archive_read_new();
  ASSERT_NE(handle, nullptr);
  EXPECT_EQ(archive_read_support_format_tar(handle), ARCHIVE_OK);
  archive_set_error(handle, EIO, "%s of %d bytes", "a layer", 42);
  EXPECT_STREQ(archive_error_string(handle), "a layer of 42 bytes");
  EXPECT_EQ(archive_read_free(handle), ARCHIVE_OK);
}

TEST(Forwarding, PostgresConnectionFailureIsReportedByLibpq) {
  const char* keys[] = {"host", "port", "dbname", "connect_timeout", nullptr};
  const char* values[] = {"/nonexistent-hardock-socket-dir", "1", "x", "1", nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 0);
  ASSERT_NE(conn, nullptr);
  EXPECT_EQ(PQstatus(conn), CONNECTION_BAD);
  EXPECT_NE(std::string(PQerrorMessage(conn)).find("nonexistent-hardock-socket-dir"),
            std::string::npos)
      << PQerrorMessage(conn);
  PQfinish(conn);
}

TEST(Forwarding, OpenSslDigestsAndTlsContextsWork) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  ASSERT_EQ(EVP_Digest("abc", 3, digest, &size, EVP_sha256(), nullptr), 1);
  ASSERT_EQ(size, 32u);
  EXPECT_EQ(digest[0], 0xba);
  EXPECT_EQ(digest[31], 0xad);
  unsigned char encoded[8] = {};
  EXPECT_EQ(EVP_EncodeBlock(encoded, reinterpret_cast<const unsigned char*>("abc"), 3), 4);
  EXPECT_STREQ(reinterpret_cast<char*>(encoded), "YWJj");
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  ASSERT_NE(ctx, nullptr);
  EXPECT_EQ(SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION), 1);  // a macro: SSL_CTX_ctrl
  SSL* ssl = SSL_new(ctx);
  ASSERT_NE(ssl, nullptr);
  EXPECT_EQ(SSL_version(ssl), TLS1_3_VERSION);
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  const std::string maps = mapped_files();
  EXPECT_NE(maps.find("libcrypto.so.3"), std::string::npos);
  EXPECT_NE(maps.find("libssl.so.3"), std::string::npos);
}

}  // namespace
}  // namespace hardock::lazylib
