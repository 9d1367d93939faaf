# ASan + UBSan for the whole build (asan preset); UBSan findings abort so tests fail on them.
if(AIRGAP_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
