# The HTML report rendered by real headless Chromium (tests/report/html_render.py): the DOM it
# builds holds every section and the JSON report's counts, and a screenshot of it is a drawn PNG
# of the window's size, at 228 and at 10,000 containers (bench/make-snapshot.py). Label browser;
# scripts/install-deps.sh installs chromium, and the test fails, not skips, without it.
add_test(NAME report.html_render
  COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/html_render.py $<TARGET_FILE:hardock>
    ${CMAKE_BINARY_DIR}/html-render 228 10000)
set_tests_properties(report.html_render PROPERTIES LABELS browser TIMEOUT 900)
