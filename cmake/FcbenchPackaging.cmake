# Debian packages: `cpack -G DEB` in the build directory writes two .debs,
#   fcbench          the tool, its built-in plugins and the guest files;
#   fcbench-sdk-dev  the plugin SDK's headers and CMake package.
# Both install under /usr and are stripped, so no file names the source or
# build tree. The tool's shared-library Depends come from dpkg-shlibdeps
# (dpkg-dev); the guest kernel is not packaged (see README: Install).
set(CPACK_PACKAGE_NAME fcbench)
set(CPACK_PACKAGE_VENDOR fcbench)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "fcbench maintainers <maintainers@users.noreply.r-seed-2f9f0648.example>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL fcbench fcbench-sdk-dev)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)

set(CPACK_DEBIAN_FCBENCH_PACKAGE_NAME fcbench)
set(CPACK_DEBIAN_FCBENCH_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FCBENCH_PACKAGE_DEPENDS "qemu-system-x86, busybox-static, e2fsprogs")
set(CPACK_DEBIAN_FCBENCH_PACKAGE_RECOMMENDS "file")
set(CPACK_DEBIAN_FCBENCH_PACKAGE_SUGGESTS "gnuplot-nox, fcbench-sdk-dev")
# Each description: the synopsis line, then the long description.
set(CPACK_DEBIAN_FCBENCH_DESCRIPTION "micro-benchmark framework for microVMs (QEMU, Firecracker)
fcbench boots one microVM per benchmark instance (QEMU microvm or Firecracker),
runs a plugin's test program in it and records typed results.")

set(CPACK_DEBIAN_FCBENCH-SDK-DEV_PACKAGE_NAME fcbench-sdk-dev)
set(CPACK_DEBIAN_FCBENCH-SDK-DEV_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_FCBENCH-SDK-DEV_PACKAGE_SUGGESTS "cmake, g++, fcbench")
set(CPACK_DEBIAN_FCBENCH-SDK-DEV_DESCRIPTION "fcbench plugin SDK (headers and CMake package)
Headers and the CMake package fcbench-sdk for building fcbench test-program
plugins: find_package(fcbench-sdk 1.0 CONFIG).")

include(CPack)
