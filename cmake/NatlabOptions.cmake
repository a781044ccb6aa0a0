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
