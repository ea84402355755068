# The authorization plugin on a real dockerd started with --authorization-plugin
# (tests/monitor/authz-engine-test.sh): its own engine and plugin. Label engine; skipped (77)
# without root or dockerd unless CI=true.
add_test(NAME monitor.authz_engine
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/authz-engine-test.sh $<TARGET_FILE:hardock>)
set_tests_properties(monitor.authz_engine PROPERTIES LABELS engine SKIP_RETURN_CODE 77
  RESOURCE_LOCK hardock_test_engine TIMEOUT 600)

# The watcher on a real dockerd (tests/monitor/watch-engine-test.sh): alerts, exec sessions, and
# an engine restart in mid-stream with every container reported exactly once.
add_test(NAME monitor.watch_engine
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/watch-engine-test.sh $<TARGET_FILE:hardock>)
set_tests_properties(monitor.watch_engine PROPERTIES LABELS engine SKIP_RETURN_CODE 77
  RESOURCE_LOCK hardock_test_engine TIMEOUT 600)
