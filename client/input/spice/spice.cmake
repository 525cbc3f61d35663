# The SPICE input backend (input/spice/), added to relay-client-input when
# RL_HAS_SPICE. SPICE_* come from the top-level dependency check
# (spice-client-glib-2.0, which brings GLib). Its headers are system
# headers: the project's warnings are for the project's code.
add_library(relay-spice-scancode STATIC ${CMAKE_CURRENT_LIST_DIR}/scancode.c)
target_include_directories(relay-spice-scancode PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_sources(relay-client-input PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/session.c
  ${CMAKE_CURRENT_LIST_DIR}/spice.c
)
target_include_directories(relay-client-input SYSTEM PRIVATE ${SPICE_INCLUDE_DIRS})
target_compile_options(relay-client-input PRIVATE ${SPICE_CFLAGS_OTHER})
target_link_directories(relay-client-input PUBLIC ${SPICE_LIBRARY_DIRS})
target_link_libraries(relay-client-input PUBLIC relay-spice-scancode relay-client-audio ${SPICE_LIBRARIES})
