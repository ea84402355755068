# hardock harden's seccomp profiles on the real engine (label engine): included from
# tests/CMakeLists.txt. Builds its own images (scripts/make-images.sh, idempotent), so it needs no
# fixture; skips when HARDOCK_TEST_DOCKER_HOST is unset unless CI=true.
add_executable(harden_seccomp_test ${CMAKE_CURRENT_LIST_DIR}/harden_seccomp_test.cpp)
target_link_libraries(harden_seccomp_test PRIVATE hardock_harden GTest::gtest_main hardock_warnings)
target_compile_definitions(harden_seccomp_test PRIVATE HARDOCK_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
gtest_discover_tests(harden_seccomp_test PROPERTIES LABELS engine
  RESOURCE_LOCK hardock_test_engine TIMEOUT 300 DISCOVERY_TIMEOUT 30)
