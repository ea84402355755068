# Package-database fixtures (tests/image/make-package-fixtures.sh: rpm databases in the three
# formats written with rpm, rpmbuild and db5.3_load; this machine's dpkg database; an apk
# installed database) built once per ctest run, and the tests that read them. Exit 77 (skipped)
# when rpm, rpmbuild or db5.3_load is missing: scripts/install-deps.sh installs them. A test
# binary run by hand, without HARDOCK_PACKAGE_FIXTURES, builds its own copy.
set(HARDOCK_PACKAGE_FIXTURES ${CMAKE_BINARY_DIR}/package-fixtures)
find_package(SQLite3)
add_test(NAME image.package_fixtures.setup
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/make-package-fixtures.sh ${HARDOCK_PACKAGE_FIXTURES})
set_tests_properties(image.package_fixtures.setup PROPERTIES
  FIXTURES_SETUP image_package_fixtures LABELS "unit;fuzz-replay" SKIP_RETURN_CODE 77)

file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/unit/image/packages/*.cpp)
add_executable(unit_image_packages ${sources})
target_include_directories(unit_image_packages PRIVATE ${PROJECT_SOURCE_DIR}/tests/unit/image)
target_link_libraries(unit_image_packages PRIVATE hardock_image GTest::gtest_main hardock_warnings
  PkgConfig::LIBARCHIVE)
target_compile_definitions(unit_image_packages PRIVATE
  HARDOCK_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
if(SQLite3_FOUND)
  target_link_libraries(unit_image_packages PRIVATE SQLite::SQLite3)
  target_compile_definitions(unit_image_packages PRIVATE HARDOCK_HAVE_SQLITE)
endif()
gtest_discover_tests(unit_image_packages PROPERTIES LABELS unit
  FIXTURES_REQUIRED image_package_fixtures
  ENVIRONMENT HARDOCK_PACKAGE_FIXTURES=${HARDOCK_PACKAGE_FIXTURES} DISCOVERY_TIMEOUT 30)
