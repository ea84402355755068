# Live exposure tests (label live-host): included from tests/CMakeLists.txt.
# They start private dockerd and docker-registry processes on loopback ports
# and skip unless run as root with those binaries installed.
add_executable(exposure_live_test ${CMAKE_CURRENT_LIST_DIR}/exposure_live_test.cpp)
target_link_libraries(exposure_live_test PRIVATE hardock_audit hardock_host GTest::gtest_main
  nlohmann_json::nlohmann_json hardock_warnings)
gtest_discover_tests(exposure_live_test PROPERTIES LABELS live-host TIMEOUT 300
  RESOURCE_LOCK hardock_live_host DISCOVERY_TIMEOUT 30)
