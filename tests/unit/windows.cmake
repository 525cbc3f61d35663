# Units owned by the Windows host: the portable half of the DXGI backend
# (damage from dirty/move rects, pointer shapes) and the restart backoff.
# They need no Windows headers and run on Linux.
relay_unit_test(test_win_convert test_win_convert.c
  ${PROJECT_SOURCE_DIR}/host/capture/dxgi_convert.c)
target_include_directories(test_win_convert PRIVATE ${PROJECT_SOURCE_DIR}/host/capture)
relay_unit_test(test_win_backoff test_win_backoff.c
  ${PROJECT_SOURCE_DIR}/host/platform/windows/backoff.c)
target_include_directories(test_win_backoff PRIVATE ${PROJECT_SOURCE_DIR}/host/platform/windows)
