// Any bytes as a breached-password filter file: opening either refuses them
// with BreachFilterError or yields a filter whose lookups and verify() stay
// inside the bytes (ASan would catch a read past them).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "policy/breach_filter.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const auto filter = pam_idaas::policy::BreachFilter::over(bytes, "fuzz.filter");
    for (std::string_view password : {"password", "Lantern#4821", "密码2024", ""}) {
      (void)filter.contains(password);
    }
    // Raw digests, including ones taken from the input, to reach every slot.
    if (size >= 84) (void)filter.contains_digest(bytes.substr(size - 20));
    filter.verify();
  } catch (const pam_idaas::policy::BreachFilterError&) {
  }
  return 0;
}
