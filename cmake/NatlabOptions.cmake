# Warnings for natlab's own targets; call natlab_target(<target>) on each.
function(natlab_target target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
  if(NATLAB_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(NATLAB_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Sources of one concept folder; CONFIGURE_DEPENDS so new files need no CMake edit.
macro(natlab_glob var dir)
  file(GLOB ${var} CONFIGURE_DEPENDS ${dir}/*.cc)
endmacro()

# libFuzzer needs coverage from the libraries under test, not only from the
# target file: instrument everything in the fuzz build.
if(NATLAB_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# Precompiled headers: the big third-party headers most files include
# (nlohmann/json, GoogleTest, CLI11) were parsed again for every file, about a
# quarter of a test file's compile time. Not for targets that force-include
# the ns-3 compatibility headers (cmake/FindNs3.cmake): a precompiled header
# must come first. NATLAB_PCH=OFF turns them off (e.g. to check that every
# file includes what it uses).
option(NATLAB_PCH "Use precompiled headers for third-party headers" ON)
function(natlab_pch target)
  if(NATLAB_PCH)
    target_precompile_headers(${target} PRIVATE <map> <optional> <string> <vector> <nlohmann/json.hpp> ${ARGN})
    # Through a precompiled header, GCC 12 no longer treats libstdc++ as a
    # system header and reports its known -O2 false positives inside
    # std::string (GCC PR 105329, 105651). ASan+UBSan still check bounds at run time.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      target_compile_options(${target} PRIVATE -Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread -Wno-restrict)
    endif()
  endif()
endfunction()
