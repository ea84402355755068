# Real-engine harness: included from tests/CMakeLists.txt. The tests below carry the label
# `engine` and skip (exit 77) unless HARDOCK_TEST_DOCKER_HOST names a private engine, which
# scripts/test.sh starts. A test that audits the workloads declares
#   FIXTURES_REQUIRED engine_workloads  and  LABELS engine
# so ctest creates the t-* containers before it and removes them after it.
set(hardock_engine_step ${CMAKE_CURRENT_LIST_DIR}/ctest-step.sh)

add_test(NAME engine.workloads.setup COMMAND ${hardock_engine_step} setup)
add_test(NAME engine.workloads.verify COMMAND ${hardock_engine_step} verify)
add_test(NAME engine.workloads.teardown COMMAND ${hardock_engine_step} teardown)
set_tests_properties(engine.workloads.setup PROPERTIES FIXTURES_SETUP engine_workloads)
set_tests_properties(engine.workloads.verify PROPERTIES FIXTURES_REQUIRED engine_workloads)
set_tests_properties(engine.workloads.teardown PROPERTIES FIXTURES_CLEANUP engine_workloads)
set_tests_properties(engine.workloads.setup engine.workloads.verify engine.workloads.teardown
  PROPERTIES LABELS engine SKIP_RETURN_CODE 77 RESOURCE_LOCK hardock_test_engine TIMEOUT 300)
