#include "hardock/core/error.h"

#include <gtest/gtest.h>

#include "hardock/core/result.h"

namespace hardock::core {
namespace {

TEST(Error, HttpStatusesMapToTypedCodes) {
  EXPECT_EQ(error_code_for(HttpStatus::kNotFound), ErrorCode::kNotFound);
  EXPECT_EQ(error_code_for(HttpStatus::kConflict), ErrorCode::kConflict);
  EXPECT_EQ(error_code_for(HttpStatus::kUnauthorized), ErrorCode::kPermissionDenied);
  EXPECT_EQ(error_code_for(HttpStatus::kForbidden), ErrorCode::kPermissionDenied);
  EXPECT_EQ(error_code_for(HttpStatus::kBadRequest), ErrorCode::kProtocol);
  EXPECT_EQ(error_code_for(HttpStatus::kInternalServerError), ErrorCode::kProtocol);
  // A status without a name keeps its number.
  EXPECT_EQ(error_code_for(static_cast<HttpStatus>(418)), ErrorCode::kProtocol);
  EXPECT_EQ(to_string(ErrorCode::kConflict), "conflict");
}

TEST(Error, TheStatusSurvivesContextAndIsTestedWithoutText) {
  Error error{
      ErrorCode::kNotFound, "engine answered HTTP 404: whatever text", {}, HttpStatus::kNotFound};
  Error outer = error.with_context("GET /v1.41/exec/x/json");
  EXPECT_TRUE(outer.is_http(HttpStatus::kNotFound));
  EXPECT_FALSE(outer.is_http(HttpStatus::kConflict));
  EXPECT_EQ(outer.to_string(), "GET /v1.41/exec/x/json: engine answered HTTP 404: whatever text");
  // An error that is not an HTTP answer never reads as one, whatever its code or text.
  Result<int> missing = fail(ErrorCode::kNotFound, "no such socket: HTTP 404");
  EXPECT_FALSE(missing.error().is_http(HttpStatus::kNotFound));
  EXPECT_EQ(missing.error().http_status, HttpStatus::kNone);
}

}  // namespace
}  // namespace hardock::core
