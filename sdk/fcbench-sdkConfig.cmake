# find_package(fcbench-sdk CONFIG PATHS <fcbench>/sdk) for out-of-tree plugins.
if(NOT TARGET fcbench::sdk)
  add_library(fcbench::sdk INTERFACE IMPORTED)
  set_target_properties(fcbench::sdk PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${CMAKE_CURRENT_LIST_DIR}/include")
endif()
include("${CMAKE_CURRENT_LIST_DIR}/cmake/FcbenchPlugin.cmake")
