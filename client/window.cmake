# The window: the window view, the display table, the recording input
# backend and the escape-key state machine. Included by
# client/CMakeLists.txt when RL_HAS_RENDER_EGL; the display backends add
# themselves from display/<name>/display.cmake.
target_sources(relay-client-core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/view/window.c
  ${CMAKE_CURRENT_LIST_DIR}/display/display.c
  ${CMAKE_CURRENT_LIST_DIR}/input/log.c
  ${CMAKE_CURRENT_LIST_DIR}/keybind.c
)
