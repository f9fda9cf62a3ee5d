#include "pam_module/sync_record.h"

namespace pam_idaas::module {

namespace {

constexpr std::string_view kMagic = "pam_idaas sync 1\n";
constexpr std::size_t kMaxChangeAt = 64;  // an ISO 8601 time or epoch number is far shorter
constexpr std::size_t kFingerprintDigits = 32;

bool fit_change_at(std::string_view text) {
  if (text.size() > kMaxChangeAt) return false;
  for (const char c : text) {
    if (c < 0x20 || c > 0x7e) return false;  // printable ASCII only, so no newline
  }
  return true;
}

bool fit_fingerprint(std::string_view text) {
  if (text.size() != kFingerprintDigits) return false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool fit(const SyncRecord& record) {
  return fit_change_at(record.pwd_change_at) && fit_fingerprint(record.hash_fingerprint);
}

// "<magic><pwd_change_at>\n<fingerprint>\n" and nothing else.
std::optional<SyncRecord> parse(std::string_view content) {
  if (!content.starts_with(kMagic)) return std::nullopt;
  content.remove_prefix(kMagic.size());
  const std::size_t first = content.find('\n');
  if (first == std::string_view::npos) return std::nullopt;
  const std::string_view fingerprint = content.substr(first + 1);
  if (fingerprint.size() != kFingerprintDigits + 1 || !fingerprint.ends_with('\n')) {
    return std::nullopt;
  }
  SyncRecord record{std::string(content.substr(0, first)),
                    std::string(fingerprint.substr(0, kFingerprintDigits))};
  if (!fit(record)) return std::nullopt;
  return record;
}

}  // namespace

std::optional<SyncRecords> SyncRecords::open(const Services& services,
                                             const config::Config& config) {
  auto entries = UserEntries::open("sync", services, config);
  if (!entries) return std::nullopt;
  return SyncRecords(std::move(*entries));
}

std::optional<SyncRecord> SyncRecords::recall(std::string_view user) const noexcept {
  try {
    const std::optional<Secret> content = entries_.read(user);
    return content ? parse(*content) : std::nullopt;
  } catch (...) {
    return std::nullopt;
  }
}

void SyncRecords::remember(std::string_view user, const SyncRecord& record) const noexcept {
  if (!fit(record)) return forget(user);
  try {
    std::string content(kMagic);
    content += record.pwd_change_at + "\n" + record.hash_fingerprint + "\n";
    entries_.replace(user, content);
  } catch (...) {
  }
}

void SyncRecords::forget(std::string_view user) const noexcept { entries_.forget(user); }

}  // namespace pam_idaas::module
