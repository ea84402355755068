# The real hardock binary over hostile host roots made by tests/host/make-hostile-fixtures.sh
# (label cli): included from tests/CMakeLists.txt. Needs root (mknod, setpriv); skips otherwise.
add_executable(host_root_cli_test ${CMAKE_CURRENT_LIST_DIR}/host_root_cli_test.cpp)
target_link_libraries(host_root_cli_test PRIVATE GTest::gtest_main nlohmann_json::nlohmann_json
  hardock_warnings)
target_compile_definitions(host_root_cli_test PRIVATE
  HARDOCK_BINARY="$<TARGET_FILE:hardock>"
  HARDOCK_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(host_root_cli_test hardock)
# Never the machine's default store, whatever a test forgets (its audits also say --no-store).
gtest_discover_tests(host_root_cli_test DISCOVERY_TIMEOUT 30 PROPERTIES LABELS cli TIMEOUT 600
  ENVIRONMENT HARDOCK_STORE=${CMAKE_CURRENT_BINARY_DIR}/host-root-store/hardock.db)
