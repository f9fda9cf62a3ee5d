# One strict warning set for every target of the project; warnings are errors.
add_library(pam_idaas_warnings INTERFACE)
target_compile_options(pam_idaas_warnings INTERFACE
  -Wall -Wextra -Werror -Wpedantic
  -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
  -Wnon-virtual-dtor -Woverloaded-virtual -Wcast-qual -Wcast-align
  -Wformat=2 -Wnull-dereference -Wduplicated-cond -Wduplicated-branches
  -Wlogical-op -Wuseless-cast -Wimplicit-fallthrough -Wmissing-declarations
  -Wundef -Wredundant-decls)
