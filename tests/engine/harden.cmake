# Real-engine test of the harden module's RunSpec (label engine): containers recreated from their
# rendered `docker run` match the originals' inspect field for field. Each test creates and
# removes its own h-rs-e-* containers, so it needs no workload fixture.
add_executable(harden_recreate_test ${CMAKE_CURRENT_SOURCE_DIR}/engine/harden_recreate_test.cpp)
target_link_libraries(harden_recreate_test PRIVATE hardock_harden nlohmann_json::nlohmann_json
  GTest::gtest_main hardock_warnings)
target_compile_definitions(harden_recreate_test PRIVATE HARDOCK_SOURCE_DIR="${CMAKE_CURRENT_LIST_DIR}/../..")
gtest_discover_tests(harden_recreate_test PROPERTIES LABELS engine
  RESOURCE_LOCK hardock_test_engine DISCOVERY_TIMEOUT 30)
