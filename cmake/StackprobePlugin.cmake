# SPDX-License-Identifier: Apache-2.0
#
# stackprobe_add_plugin(NAME SOURCES... [LINK_LIBRARIES libs...]
#                       [OUTPUT_DIRECTORY dir])
#
# Builds the plugin NAME as NAME.so: hidden visibility, no undefined symbols,
# and no link to the stackprobe core (every host service comes through the
# context). Inside the stackprobe tree the library is written to the build's
# plugin folder and installed with stackprobe; out of tree, install it where
# your stackprobe.yml's plugin_dirs points. OUTPUT_DIRECTORY writes the
# library there instead and leaves it out of the installation (for plugins
# that only tests use).
function(stackprobe_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "OUTPUT_DIRECTORY" "SOURCES;LINK_LIBRARIES")
  set(sources ${ARG_UNPARSED_ARGUMENTS} ${ARG_SOURCES})
  add_library(${name} MODULE ${sources})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    OUTPUT_NAME ${name}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON)
  target_compile_features(${name} PRIVATE cxx_std_20)
  # Every symbol resolved at link time, so a missing one fails the build and
  # not the load. Not with clang's sanitizers: their runtime is linked into the
  # executable only, and a plugin finds it there when it is loaded.
  if(NOT (CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND (STACKPROBE_SANITIZE OR STACKPROBE_FUZZ)))
    target_link_options(${name} PRIVATE -Wl,--no-undefined)
  endif()
  if(TARGET stackprobe::plugin_api)
    target_link_libraries(${name} PRIVATE stackprobe::plugin_api)
  endif()
  if(ARG_LINK_LIBRARIES)
    target_link_libraries(${name} PRIVATE ${ARG_LINK_LIBRARIES})
  endif()
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
  elseif(DEFINED STACKPROBE_BUILD_PLUGIN_DIR)
    set_target_properties(${name} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY "${STACKPROBE_BUILD_PLUGIN_DIR}")
    install(TARGETS ${name} LIBRARY DESTINATION "${STACKPROBE_PLUGIN_INSTALL_DIR}")
    # Lets tests that load every installed plugin depend on all of them.
    set_property(GLOBAL APPEND PROPERTY STACKPROBE_INSTALLED_PLUGINS ${name})
  endif()
endfunction()
