# One warning set for every airgap target; AIRGAP_WERROR turns them into errors (dev preset).
function(airgap_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
    -Wold-style-cast -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
  if(AIRGAP_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
