# The renderer benchmark (included by tests/bench/CMakeLists.txt). Needs the
# EGL renderer; runs on the surfaceless EGL platform (llvmpipe without a GPU).
#   build/tests/bench/bench_render [--quick]
if(RL_HAS_RENDER_EGL)
  add_executable(bench_render
    ${CMAKE_CURRENT_LIST_DIR}/bench_render.c
    ${PROJECT_SOURCE_DIR}/tests/render/harness.c)
  target_include_directories(bench_render PRIVATE ${PROJECT_SOURCE_DIR}/tests/render ${EGLR_INCLUDE_DIRS})
  target_link_libraries(bench_render PRIVATE relay-client-render ${EGLR_LIBRARIES})
  # Smoke: it builds and runs (its figures are not checked).
  add_test(NAME bench_render_smoke
           COMMAND env -u DISPLAY -u WAYLAND_DISPLAY $<TARGET_FILE:bench_render> --quick)
  set_tests_properties(bench_render_smoke PROPERTIES LABELS "bench;render" TIMEOUT 300)
endif()
