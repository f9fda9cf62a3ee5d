// Any bytes as a configuration file: config::parse() must return a
// LoadResult (valid, or with diagnostics) and never crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  const auto result = pam_idaas::config::parse(yaml, "fuzz.yaml");
  // Diagnostics are shown to admins: formatting them must hold too.
  std::size_t total = 0;
  for (const auto& error : result.errors) total += error.to_string().size();
  if (result.ok() && total != 0) __builtin_trap();  // ok() means no diagnostics
  return 0;
}
