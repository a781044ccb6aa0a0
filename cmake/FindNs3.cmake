# Debian's libns3-dev 3.37: find_package(ns3) fails (its config wants creator
# programs under /usr/libexec/ns3 that are not shipped) and the ns3-*.pc files
# carry a broken include flag, so find headers and libraries by name.
find_path(NS3_INCLUDE_DIR ns3/core-module.h)
set(_ns3_modules core network internet point-to-point csma applications bridge stats mobility)
set(NS3_LIBRARIES "")
foreach(m ${_ns3_modules})
  find_library(NS3_LIB_${m} NAMES ns3-${m} libns3-${m}.so.37)
  if(NS3_LIB_${m})
    list(APPEND NS3_LIBRARIES ${NS3_LIB_${m}})
  else()
    set(_ns3_missing "${_ns3_missing} ${m}")
  endif()
endforeach()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Ns3 REQUIRED_VARS NS3_INCLUDE_DIR NS3_LIB_core NS3_LIB_internet)
if(Ns3_FOUND AND NOT TARGET natlab::ns3)
  add_library(natlab::ns3 INTERFACE IMPORTED)
  # SYSTEM: ns-3 headers are not ours to warn about.
  target_include_directories(natlab::ns3 SYSTEM INTERFACE ${NS3_INCLUDE_DIR})
  target_link_libraries(natlab::ns3 INTERFACE ${NS3_LIBRARIES})
endif()

# ns-3 3.37's singleton.h and simulation-singleton.h name constructors with a
# template-id (`Singleton<T>()`), which C++20 forbids (DR 2237) and GCC 12
# rejects. Make fixed copies of the installed headers at configure time and
# force-include them: their include guards then skip the originals. Nothing of
# ns-3 is kept in this repository. ns-3 3.38 fixed the headers upstream.
if(Ns3_FOUND)
  set(_compat ${CMAKE_BINARY_DIR}/ns3-compat)
  file(MAKE_DIRECTORY ${_compat})
  foreach(h singleton simulation-singleton)
    file(READ ${NS3_INCLUDE_DIR}/ns3/${h}.h _text)
    string(REPLACE "Singleton<T>(" "Singleton(" _text "${_text}")
    string(REPLACE "#include \"simulator.h\"" "#include <ns3/simulator.h>" _text "${_text}")
    file(WRITE ${_compat}/${h}.h "${_text}")
  endforeach()
  target_compile_options(natlab::ns3 INTERFACE
    "SHELL:-include ${_compat}/singleton.h" "SHELL:-include ${_compat}/simulation-singleton.h")
endif()
