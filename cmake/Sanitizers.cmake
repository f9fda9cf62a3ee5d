# -DPAM_IDAAS_SANITIZE=ON builds everything with AddressSanitizer and
# UndefinedBehaviorSanitizer; any report aborts the test that caused it.
option(PAM_IDAAS_SANITIZE "Build with ASan + UBSan" OFF)
if(PAM_IDAAS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
endif()
