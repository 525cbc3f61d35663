# Units owned by the common/ infrastructure: options, shm sources, log, time.
relay_unit_test(test_options test_options.c)
relay_unit_test(test_log test_log.c)
relay_unit_test(test_time test_time.c)
relay_unit_test(test_shm test_shm.c)
# test_shm reaches the shm sources' private seams (pci sysfs root, size text).
target_include_directories(test_shm PRIVATE ${PROJECT_SOURCE_DIR}/common/src)
