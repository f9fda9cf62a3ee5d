# -DPAM_IDAAS_FUZZ=ON builds the libFuzzer targets of fuzz/ (clang only):
# every target of the project gets the fuzzer's coverage instrumentation,
# AddressSanitizer and UndefinedBehaviorSanitizer; the fuzz executables link
# libFuzzer's main (fuzz/CMakeLists.txt). scripts/fuzz builds and runs them.
option(PAM_IDAAS_FUZZ "Build the libFuzzer targets (clang)" OFF)
if(PAM_IDAAS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PAM_IDAAS_FUZZ needs clang (CXX=clang++), not ${CMAKE_CXX_COMPILER_ID}")
  endif()
  if(PAM_IDAAS_SANITIZE)
    message(FATAL_ERROR "PAM_IDAAS_FUZZ already sanitizes; leave PAM_IDAAS_SANITIZE off")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined
    -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
endif()
