# observe_container and harden_container against the private test engine (label engine):
# included from tests/CMakeLists.txt. The test starts and removes its own h-ob-* containers (no
# workload fixture) and publishes host ports 18110-18111. It skips without
# HARDOCK_TEST_DOCKER_HOST (fails under CI=true).
add_executable(engine_harden_observe_test ${CMAKE_CURRENT_LIST_DIR}/harden_observe_test.cpp)
target_link_libraries(engine_harden_observe_test PRIVATE hardock_harden hardock_docker
  GTest::gtest_main GTest::gmock nlohmann_json::nlohmann_json hardock_warnings)
gtest_discover_tests(engine_harden_observe_test PROPERTIES LABELS engine
  RESOURCE_LOCK hardock_test_engine TIMEOUT 300 DISCOVERY_TIMEOUT 30)
