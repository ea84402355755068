# A private PostgreSQL server for the store tests (label unit): started once per ctest run by
# tests/store/postgres.sh as a fixture, stopped after. The tests find its URL in
# $HARDOCK_TEST_PG_STATE/url; in CI a server that did not start fails them.
set(HARDOCK_TEST_PG_STATE ${CMAKE_CURRENT_BINARY_DIR}/store-postgres)
add_test(NAME store.postgres.setup
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/postgres.sh start ${HARDOCK_TEST_PG_STATE})
add_test(NAME store.postgres.cleanup
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/postgres.sh stop ${HARDOCK_TEST_PG_STATE})
set_tests_properties(store.postgres.setup PROPERTIES
  FIXTURES_SETUP store_postgres LABELS unit SKIP_RETURN_CODE 77 TIMEOUT 120)
set_tests_properties(store.postgres.cleanup PROPERTIES
  FIXTURES_CLEANUP store_postgres LABELS unit TIMEOUT 120)
