// Any bytes as a configuration file: config::parse() must return a
// LoadResult (valid, or with diagnostics) and never crash, hang or leak. And
// whatever the quick reader accepts, yaml-cpp must read as the same tree with
// the same positions: the diagnostics depend on them.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "config/config.h"
#include "config/plain_text.h"
#include "config/simple_yaml.h"
#include "config/yaml_document.h"

namespace {

void check_quick_reader(std::string_view yaml) {
  const auto quick = pam_idaas::config::detail::read_simple_yaml(yaml);
  if (!quick) return;
  pam_idaas::config::detail::Reader reader("fuzz.yaml");
  try {
    const auto full = pam_idaas::config::detail::read_with_yaml_cpp(reader, std::string(yaml));
    if (!pam_idaas::config::detail::same_tree(quick->root, full.root) || !reader.take_errors().empty()) __builtin_trap();
  } catch (const std::exception&) {
    __builtin_trap();  // yaml-cpp refuses what the quick reader took
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  const auto result = pam_idaas::config::parse(yaml, "fuzz.yaml");
  // Diagnostics are shown to admins: formatting them must hold too.
  std::size_t total = 0;
  for (const auto& error : result.errors) total += error.to_string().size();
  if (result.ok() && total != 0) __builtin_trap();  // ok() means no diagnostics
  // The quick reader takes text only: parse() checks that first.
  pam_idaas::config::detail::Reader scratch("fuzz.yaml");
  if (pam_idaas::config::detail::check_plain_text(scratch, yaml)) check_quick_reader(yaml);
  return 0;
}
