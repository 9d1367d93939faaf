# One warning set for every airgap target; AIRGAP_WERROR turns them into errors (dev preset).
function(airgap_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
    -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
  # GCC 12 reports false array-bounds / restrict errors inside libstdc++'s std::string
  # (GCC bugs 105329, 105651, 106199); they are fixed in GCC 13.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-array-bounds -Wno-restrict -Wno-stringop-overflow)
  endif()
  if(AIRGAP_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
