# The X11 display through SDL2 (EGL path), added to relay-client-display
# when RL_HAS_DISPLAY_X11. SDL2_* come from the top-level dependency check.
target_sources(relay-client-display PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/sdl.c
  ${CMAKE_CURRENT_LIST_DIR}/keymap.c
)
target_include_directories(relay-client-display PRIVATE ${SDL2_INCLUDE_DIRS} ${EGLR_INCLUDE_DIRS})
target_link_directories(relay-client-display PUBLIC ${SDL2_LIBRARY_DIRS})
target_link_libraries(relay-client-display PUBLIC ${SDL2_LIBRARIES} ${EGLR_LIBRARIES})
