# A real Debian 12 image (debootstrap from the Debian mirror, with openssh-server) on the private
# engine, checked against dpkg-query and find on its rootfs (tests/image/debian-test.sh). The
# rootfs is kept in the build directory between runs. Label engine; skipped (77) without a
# private engine unless CI=true.
set(HARDOCK_DEBIAN_FIXTURES ${CMAKE_BINARY_DIR}/image-debian)
add_test(NAME image.debian.setup
  COMMAND sh -c "exec \"$0\" setup \"$1\" \"\${HARDOCK_TEST_DOCKER_HOST:-}\""
    ${CMAKE_CURRENT_LIST_DIR}/debian-test.sh ${HARDOCK_DEBIAN_FIXTURES})
set_tests_properties(image.debian.setup PROPERTIES FIXTURES_SETUP image_debian)
foreach(case inventory findings vulnerabilities)
  add_test(NAME image.debian.${case}
    COMMAND ${CMAKE_CURRENT_LIST_DIR}/debian-test.sh ${case} ${HARDOCK_DEBIAN_FIXTURES}
      $<TARGET_FILE:hardock>)
  set_tests_properties(image.debian.${case} PROPERTIES FIXTURES_REQUIRED image_debian)
  list(APPEND hardock_debian_tests image.debian.${case})
endforeach()
set_tests_properties(image.debian.setup ${hardock_debian_tests}
  PROPERTIES LABELS engine SKIP_RETURN_CODE 77 RESOURCE_LOCK hardock_test_engine TIMEOUT 900)
