# The fixed corpus Dockerfiles build on the private engine and lint clean of the fixed rules
# (tests/lint/fix-build-test.sh). Base images (a bookworm debootstrap, kept in the build
# directory; busybox-static) are made once as a fixture. Label engine; skipped (77) without a
# private engine unless CI=true.
set(HARDOCK_FIX_BUILD_DIR ${CMAKE_BINARY_DIR}/lint-fix-build)
add_test(NAME lint.fix_build.setup
  COMMAND sh -c "exec \"$0\" setup \"$1\" \"\${HARDOCK_TEST_DOCKER_HOST:-}\""
    ${CMAKE_CURRENT_LIST_DIR}/fix-build-test.sh ${HARDOCK_FIX_BUILD_DIR})
set_tests_properties(lint.fix_build.setup PROPERTIES FIXTURES_SETUP lint_fix_build)
set(hardock_fix_build_tests)
foreach(name debian-apt-web debian-ssh-server debian-multistage-build windows-crlf-escape busybox-tools)
  add_test(NAME lint.fix_build.${name}
    COMMAND ${CMAKE_CURRENT_LIST_DIR}/fix-build-test.sh ${name} ${HARDOCK_FIX_BUILD_DIR}
      $<TARGET_FILE:hardock>)
  set_tests_properties(lint.fix_build.${name} PROPERTIES FIXTURES_REQUIRED lint_fix_build)
  list(APPEND hardock_fix_build_tests lint.fix_build.${name})
endforeach()
set_tests_properties(lint.fix_build.setup ${hardock_fix_build_tests}
  PROPERTIES LABELS engine SKIP_RETURN_CODE 77 RESOURCE_LOCK hardock_test_engine TIMEOUT 900)
