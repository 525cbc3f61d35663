# Units owned by the client window: the escape-key state machine and a
# present's damage (pure logic, built whether or not the window itself is).
if(RELAY_BUILD_CLIENT AND NOT WIN32)
  relay_unit_test(test_keybind test_keybind.c ${PROJECT_SOURCE_DIR}/client/view/keybind.c)
  target_include_directories(test_keybind PRIVATE ${PROJECT_SOURCE_DIR}/client/view)
endif()
# The damage of a present mapped onto the drawable (pure logic).
if(RELAY_BUILD_CLIENT AND NOT WIN32)
  relay_unit_test(test_present test_present.c ${PROJECT_SOURCE_DIR}/client/view/present.c)
  target_include_directories(test_present PRIVATE ${PROJECT_SOURCE_DIR}/client/view
    ${PROJECT_SOURCE_DIR}/client/render)
endif()
