# Every dependency comes from a Debian package; a missing one stops configure with one line
# naming the package to install.
function(airgap_require_package name apt_package)
  find_package(${name} ${ARGN} QUIET)
  if(NOT ${name}_FOUND)
    message(FATAL_ERROR "airgap: missing dependency ${name}: apt-get install ${apt_package}")
  endif()
endfunction()

function(airgap_require_header header apt_package)
  find_path(_airgap_hdr_${apt_package} ${header})
  if(NOT _airgap_hdr_${apt_package})
    message(FATAL_ERROR "airgap: missing header <${header}>: apt-get install ${apt_package}")
  endif()
endfunction()

find_package(Threads REQUIRED)  # the C library's; the loader parses a large design's pieces on threads
airgap_require_package(fmt libfmt-dev)
airgap_require_package(tomlplusplus libtomlplusplus-dev)
airgap_require_package(Boost libboost-graph-dev)
airgap_require_header(boost/graph/adjacency_list.hpp libboost-graph-dev)
airgap_require_package(Eigen3 libeigen3-dev)
airgap_require_package(CLI11 libcli11-dev)
airgap_require_package(nlohmann_json nlohmann-json3-dev)

# BuDDy ships only a static archive and headers, no CMake package.
airgap_require_header(bdd.h libbdd-dev)
find_library(AIRGAP_BUDDY_LIB NAMES libbdd.a bdd)
if(NOT AIRGAP_BUDDY_LIB)
  message(FATAL_ERROR "airgap: missing library libbdd: apt-get install libbdd-dev")
endif()
add_library(airgap_buddy INTERFACE)
target_link_libraries(airgap_buddy INTERFACE ${AIRGAP_BUDDY_LIB})

if(AIRGAP_BUILD_TESTS)
  airgap_require_package(Catch2 catch2)
endif()
if(AIRGAP_BUILD_BENCHMARKS)
  airgap_require_package(benchmark libbenchmark-dev)
endif()

# Graphviz's layout library (linked, not shelled out to) draws the topology in HTML reports.
find_package(PkgConfig QUIET)
if(NOT PkgConfig_FOUND)
  message(FATAL_ERROR "airgap: missing pkg-config: apt-get install pkg-config")
endif()
pkg_check_modules(GVC QUIET IMPORTED_TARGET libgvc)
if(NOT GVC_FOUND)
  message(FATAL_ERROR "airgap: missing dependency libgvc: apt-get install libgraphviz-dev")
endif()
