# `hardock harden` end to end on snapshots, no engine (label cli): hostile names from
# tests/harden/make-hostile-snapshot.sh, path traversal, the output directory rules, the state
# lock. Included from tests/CMakeLists.txt.
add_executable(harden_cli_test ${CMAKE_CURRENT_LIST_DIR}/harden_cli_test.cpp)
target_link_libraries(harden_cli_test PRIVATE GTest::gtest_main nlohmann_json::nlohmann_json
  hardock_warnings)
target_compile_definitions(harden_cli_test PRIVATE HARDOCK_BINARY="$<TARGET_FILE:hardock>"
  HARDOCK_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  HARDOCK_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data")
add_dependencies(harden_cli_test hardock)
# Runs recorded (harden --rollback, audit) go to a store of their own, never the machine's.
gtest_discover_tests(harden_cli_test DISCOVERY_TIMEOUT 30 PROPERTIES LABELS cli
  ENVIRONMENT HARDOCK_STORE=${CMAKE_CURRENT_BINARY_DIR}/harden-cli-store/hardock.db)
