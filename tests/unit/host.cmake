# Host units: the test pattern and its damage, the test capture backend,
# and the region-size arithmetic of relay-host.
if(TARGET relay-test-pattern)
  relay_unit_test(test_host_pattern test_host_pattern.c
    ${PROJECT_SOURCE_DIR}/host/capture/test.c
    ${PROJECT_SOURCE_DIR}/host/region.c)
  target_include_directories(test_host_pattern PRIVATE ${PROJECT_SOURCE_DIR}/host)
  target_link_libraries(test_host_pattern PRIVATE relay-test-pattern)
endif()
