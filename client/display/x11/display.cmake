# The X11 display through SDL2 (EGL path). Included by client/CMakeLists.txt
# when RL_HAS_DISPLAY_X11; SDL2_* come from the top-level dependency check.
target_sources(relay-client-core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/x11.c
  ${CMAKE_CURRENT_LIST_DIR}/keymap.c
)
target_include_directories(relay-client-core PRIVATE ${SDL2_INCLUDE_DIRS})
target_link_directories(relay-client-core PUBLIC ${SDL2_LIBRARY_DIRS})
target_link_libraries(relay-client-core PUBLIC ${SDL2_LIBRARIES})
