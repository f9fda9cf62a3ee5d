# One strict warning set for every target of the project; warnings are errors
# here and in CI. Distribution builds with newer compilers may turn that off.
option(PAM_IDAAS_WERROR "Treat warnings as errors" ON)
add_library(pam_idaas_warnings INTERFACE)
if(PAM_IDAAS_WERROR)
  target_compile_options(pam_idaas_warnings INTERFACE -Werror)
endif()
target_compile_options(pam_idaas_warnings INTERFACE
  -Wall -Wextra -Wpedantic
  -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
  -Wnon-virtual-dtor -Woverloaded-virtual -Wcast-qual -Wcast-align
  -Wformat=2 -Wnull-dereference -Wimplicit-fallthrough -Wmissing-declarations
  -Wundef -Wredundant-decls
  # GCC only: clang (the fuzz build) does not know them.
  "$<$<CXX_COMPILER_ID:GNU>:-Wduplicated-cond;-Wduplicated-branches;-Wlogical-op;-Wuseless-cast>")
