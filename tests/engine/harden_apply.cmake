# `hardock harden --apply` end to end on the real engine (label engine): included from
# tests/CMakeLists.txt. Creates its own h-ap-* workloads; skips when HARDOCK_TEST_DOCKER_HOST is
# unset unless CI=true.
add_executable(harden_apply_test ${CMAKE_CURRENT_LIST_DIR}/harden_apply_test.cpp)
target_link_libraries(harden_apply_test PRIVATE GTest::gtest_main nlohmann_json::nlohmann_json
  hardock_warnings)
target_compile_definitions(harden_apply_test PRIVATE HARDOCK_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  HARDOCK_BINARY="$<TARGET_FILE:hardock>")
add_dependencies(harden_apply_test hardock)
gtest_discover_tests(harden_apply_test PROPERTIES LABELS engine
  RESOURCE_LOCK hardock_test_engine TIMEOUT 600 DISCOVERY_TIMEOUT 30)
