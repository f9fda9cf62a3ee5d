# pam_idaas_loadable_object(TARGET NAME VERSION_SCRIPT): what both shared
# objects that other processes load (pam_idaas.so into the PAM stack,
# pam_idaas/tenant.so into the module) need alike: the file named NAME with no
# "lib" prefix, the identity of this build, hidden symbols, and at link time
# only what VERSION_SCRIPT exports, every symbol bound at load, never unloaded
# (libcurl and OpenSSL keep process-wide state).
function(pam_idaas_loadable_object target name version_script)
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME ${name}
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LINK_DEPENDS ${version_script})
  target_compile_definitions(${target} PRIVATE
    PAM_IDAAS_TENANT_IDENTITY="${PAM_IDAAS_TENANT_IDENTITY}")
  target_link_options(${target} PRIVATE
    -Wl,--version-script=${version_script}
    -Wl,-z,now -Wl,-z,relro -Wl,-z,nodelete)
  # In the fuzz build (clang) the sanitizer runtime belongs to the executable,
  # so the object cannot resolve every symbol on its own.
  if(NOT PAM_IDAAS_FUZZ)
    target_link_options(${target} PRIVATE -Wl,-z,defs)
  endif()
endfunction()
