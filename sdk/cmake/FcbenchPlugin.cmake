# CMake helpers for building fcbench plugins, in tree or out of tree.
#
#   fcbench_add_plugin(<name> SOURCES <host sources...>)
#     builds <name>.fcbench.so into FCBENCH_PLUGIN_OUTPUT_DIR.
#   fcbench_add_guest_program(<plugin> <program> SOURCES <sources...>)
#     builds a static guest executable into
#     FCBENCH_PLUGIN_OUTPUT_DIR/<plugin>.payload/<program>; a plugin names it
#     as PayloadFile::bundled("<plugin>.payload/<program>", "/guest/path").
#   fcbench_install_plugin(<name> [DESTINATION <dir>] [COMPONENT <component>])
#     installs <name>.fcbench.so and its guest programs into <dir> (default
#     lib/fcbench/plugins), keeping the <name>.payload/<program> layout.
include_guard(GLOBAL)

if(NOT DEFINED FCBENCH_PLUGIN_OUTPUT_DIR)
  set(FCBENCH_PLUGIN_OUTPUT_DIR "${CMAKE_BINARY_DIR}/plugins")
endif()

function(fcbench_add_plugin name)
  cmake_parse_arguments(P "" "" "SOURCES" ${ARGN})
  add_library(${name}_plugin MODULE ${P_SOURCES})
  target_link_libraries(${name}_plugin PRIVATE fcbench::sdk)
  set_target_properties(${name}_plugin PROPERTIES
    PREFIX "" OUTPUT_NAME "${name}" SUFFIX ".fcbench.so"
    LIBRARY_OUTPUT_DIRECTORY "${FCBENCH_PLUGIN_OUTPUT_DIR}"
    C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    CXX_STANDARD 20 CXX_STANDARD_REQUIRED ON)
endfunction()

function(fcbench_add_guest_program plugin program)
  cmake_parse_arguments(P "" "" "SOURCES" ${ARGN})
  set(target ${plugin}_guest_${program})
  add_executable(${target} ${P_SOURCES})
  target_link_options(${target} PRIVATE -static)
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME "${program}"
    RUNTIME_OUTPUT_DIRECTORY "${FCBENCH_PLUGIN_OUTPUT_DIR}/${plugin}.payload")
  if(TARGET ${plugin}_plugin)
    add_dependencies(${plugin}_plugin ${target})
  endif()
  set_property(GLOBAL APPEND PROPERTY FCBENCH_GUEST_PROGRAMS_${plugin} ${target})
endfunction()

function(fcbench_install_plugin name)
  cmake_parse_arguments(P "" "DESTINATION;COMPONENT" "" ${ARGN})
  if(NOT P_DESTINATION)
    set(P_DESTINATION lib/fcbench/plugins)
  endif()
  if(P_COMPONENT)
    set(component COMPONENT ${P_COMPONENT})
  endif()
  install(TARGETS ${name}_plugin LIBRARY DESTINATION ${P_DESTINATION} ${component})
  get_property(programs GLOBAL PROPERTY FCBENCH_GUEST_PROGRAMS_${name})
  if(programs)
    install(TARGETS ${programs} RUNTIME DESTINATION ${P_DESTINATION}/${name}.payload ${component})
  endif()
endfunction()
