# The Windows parts of relay-host, included by host/CMakeLists.txt when
# WIN32: console/stop handling, the service, and the DXGI capture backend.
target_include_directories(relay-host PRIVATE
  ${PROJECT_SOURCE_DIR}/common/platform/windows
  ${CMAKE_CURRENT_SOURCE_DIR}/platform/windows)
target_sources(relay-host PRIVATE
  platform/windows/stop.c
)
target_link_libraries(relay-host PRIVATE winmm)

target_sources(relay-host PRIVATE platform/windows/backoff.c platform/windows/service.c)
target_link_libraries(relay-host PRIVATE wtsapi32 shell32 ole32 uuid)
if(RL_HAS_CAPTURE_DXGI)
  target_sources(relay-host PRIVATE capture/dxgi.c capture/dxgi_convert.c)
  target_link_libraries(relay-host PRIVATE d3d11 dxgi dxguid)
endif()
