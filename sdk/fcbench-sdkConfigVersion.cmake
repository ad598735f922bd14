# fcbench SDK version for find_package(fcbench-sdk <version>): the plugin ABI
# version. Same major is compatible; a plugin asking for a newer minor is not.
set(PACKAGE_VERSION "1.0")
if(PACKAGE_FIND_VERSION_MAJOR STREQUAL "1" AND NOT PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
  if(PACKAGE_FIND_VERSION VERSION_EQUAL PACKAGE_VERSION)
    set(PACKAGE_VERSION_EXACT TRUE)
  endif()
else()
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
endif()
