# Image sources against real components (label engine): one image built on the private engine
# and read back from the engine's export, `docker save`, an OCI layout (skopeo), an http
# docker-registry and an https one with htpasswd Basic auth (tests/image/make-source-fixtures.sh
# makes them and starts the registries on free ports of 127.0.0.1; the cleanup step stops them
# by pid). Skipped (77) when HARDOCK_TEST_DOCKER_HOST is unset, unless CI=true.
set(HARDOCK_SOURCE_FIXTURES ${CMAKE_BINARY_DIR}/image-source-fixtures)
add_test(NAME image.sources.setup
  COMMAND sh -c "exec \"$0\" setup \"$1\" \"\${HARDOCK_TEST_DOCKER_HOST:-}\""
    ${CMAKE_CURRENT_LIST_DIR}/make-source-fixtures.sh ${HARDOCK_SOURCE_FIXTURES})
add_test(NAME image.sources.teardown
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/make-source-fixtures.sh teardown ${HARDOCK_SOURCE_FIXTURES})
set_tests_properties(image.sources.setup PROPERTIES FIXTURES_SETUP image_sources)
set_tests_properties(image.sources.teardown PROPERTIES FIXTURES_CLEANUP image_sources)
set(hardock_source_cases identical findings wrong-password no-credentials tls-untrusted
  plain-refused engine-missing platforms
  hostile-registry)
foreach(case ${hardock_source_cases})
  add_test(NAME image.sources.${case}
    COMMAND ${CMAKE_CURRENT_LIST_DIR}/sources-test.sh ${case} ${HARDOCK_SOURCE_FIXTURES}
      $<TARGET_FILE:hardock>)
  set_tests_properties(image.sources.${case} PROPERTIES FIXTURES_REQUIRED image_sources)
  list(APPEND hardock_source_tests image.sources.${case})
endforeach()
# The Bearer token flow: its own token service and token-auth registry, over the same fixtures.
add_test(NAME image.sources.bearer
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/bearer-test.sh ${HARDOCK_SOURCE_FIXTURES} $<TARGET_FILE:hardock>)
set_tests_properties(image.sources.bearer PROPERTIES FIXTURES_REQUIRED image_sources)
list(APPEND hardock_source_tests image.sources.bearer)
set_tests_properties(image.sources.setup image.sources.teardown ${hardock_source_tests}
  PROPERTIES LABELS engine SKIP_RETURN_CODE 77 RESOURCE_LOCK hardock_test_engine TIMEOUT 600)
