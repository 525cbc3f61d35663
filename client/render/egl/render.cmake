# The EGL/GLES 3 renderer (client/render/egl/), included by client/CMakeLists.txt
# when RL_HAS_RENDER_EGL. EGLR_* come from pkg-config in the top-level
# CMakeLists (epoxy egl glesv2 libdrm freetype2 fontconfig).
target_sources(relay-client-core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/cursor.c
  ${CMAKE_CURRENT_LIST_DIR}/dmabuf.c
  ${CMAKE_CURRENT_LIST_DIR}/font.c
  ${CMAKE_CURRENT_LIST_DIR}/overlay.c
  ${CMAKE_CURRENT_LIST_DIR}/render.c
  ${CMAKE_CURRENT_LIST_DIR}/shader.c
  ${CMAKE_CURRENT_LIST_DIR}/ui.c
  ${CMAKE_CURRENT_LIST_DIR}/../viewport.c
)
target_include_directories(relay-client-core PRIVATE ${EGLR_INCLUDE_DIRS})
target_link_libraries(relay-client-core PUBLIC ${EGLR_LIBRARIES})
