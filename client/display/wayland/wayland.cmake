# The native Wayland display backend (rl_display_wayland), added to
# relay-client-display. Protocol glue is generated with wayland-scanner from
# Debian 12's wayland-protocols (1.31); see docs/wayland.md for which of
# these the backend needs and which it only uses when offered.

# wayland-cursor ships with libwayland-dev like wayland-client.
relay_require_pkg(WLCURSOR RELAY_DISPLAY_WAYLAND wayland-cursor)

set(_wl_dir ${CMAKE_CURRENT_LIST_DIR})
set(_wl_gen ${CMAKE_CURRENT_BINARY_DIR}/display/wayland/protocols)
file(MAKE_DIRECTORY ${_wl_gen})

set(_wl_protocols
  stable/xdg-shell/xdg-shell.xml
  stable/viewporter/viewporter.xml
  staging/fractional-scale/fractional-scale-v1.xml
  unstable/xdg-decoration/xdg-decoration-unstable-v1.xml
  unstable/pointer-constraints/pointer-constraints-unstable-v1.xml
  unstable/relative-pointer/relative-pointer-unstable-v1.xml
  unstable/keyboard-shortcuts-inhibit/keyboard-shortcuts-inhibit-unstable-v1.xml
  unstable/idle-inhibit/idle-inhibit-unstable-v1.xml
)

set(_wl_generated)
foreach(_proto ${_wl_protocols})
  set(_xml ${WAYLAND_PROTOCOLS_DIR}/${_proto})
  if(NOT EXISTS ${_xml})
    message(FATAL_ERROR "RELAY_DISPLAY_WAYLAND needs ${_xml} (wayland-protocols >= 1.31, or configure with -DRELAY_DISPLAY_WAYLAND=OFF)")
  endif()
  get_filename_component(_name ${_proto} NAME_WE)
  add_custom_command(
    OUTPUT ${_wl_gen}/${_name}-client-protocol.h
    COMMAND ${WAYLAND_SCANNER} client-header ${_xml} ${_wl_gen}/${_name}-client-protocol.h
    DEPENDS ${_xml}
    COMMENT "wayland-scanner client-header ${_name}"
    VERBATIM)
  add_custom_command(
    OUTPUT ${_wl_gen}/${_name}-protocol.c
    COMMAND ${WAYLAND_SCANNER} private-code ${_xml} ${_wl_gen}/${_name}-protocol.c
    DEPENDS ${_xml}
    COMMENT "wayland-scanner private-code ${_name}"
    VERBATIM)
  list(APPEND _wl_generated ${_wl_gen}/${_name}-client-protocol.h ${_wl_gen}/${_name}-protocol.c)
endforeach()
# The generated code builds warning-free under the project's warnings
# (gcc 12, clang 14), so it gets no relaxations.

target_sources(relay-client-display PRIVATE
  ${_wl_dir}/wayland.c
  ${_wl_dir}/toplevel.c
  ${_wl_dir}/input.c
  ${_wl_generated}
)
target_include_directories(relay-client-display PRIVATE
  ${_wl_gen}
  ${WL_INCLUDE_DIRS}
  ${WLCURSOR_INCLUDE_DIRS}
  ${EGLR_INCLUDE_DIRS}
)
target_compile_options(relay-client-display PRIVATE ${WL_CFLAGS_OTHER} ${WLCURSOR_CFLAGS_OTHER})
target_link_directories(relay-client-display PUBLIC ${WL_LIBRARY_DIRS} ${WLCURSOR_LIBRARY_DIRS} ${EGLR_LIBRARY_DIRS})
target_link_libraries(relay-client-display PRIVATE ${WL_LIBRARIES} ${WLCURSOR_LIBRARIES} ${EGLR_LIBRARIES})
