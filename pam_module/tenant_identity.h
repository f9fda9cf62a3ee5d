// The identity of a tenant client, read from its file before anything of it
// runs: dlopen runs the constructors of the plugin and of libcurl and OpenSSL,
// so a plugin of another build must be refused without loading it.
#pragma once

#include <string>

namespace pam_idaas::module {

struct PluginIdentity {
  std::string identity;  // the note's text, "pam_idaas VERSION abi N HASH"; empty when `problem`
                         // says why there is none
  std::string problem;   // "not an ELF file", "truncated", ...
};

// Reads the ELF file open on `fd` (a regular file) with pread: its program
// headers, then the pam_idaas note of its PT_NOTE segments. Never maps or
// runs anything of it.
PluginIdentity read_plugin_identity(int fd);

}  // namespace pam_idaas::module
