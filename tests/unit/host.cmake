# Host units: the test pattern and its damage, the test capture backend,
# and the region-size arithmetic of relay-host.
if(TARGET relay-host-capture)
  relay_unit_test(test_host_pattern test_host_pattern.c
    ${PROJECT_SOURCE_DIR}/host/region.c)
  target_link_libraries(test_host_pattern PRIVATE relay-host-capture)
endif()
