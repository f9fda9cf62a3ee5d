#include "pam_module/status_cache.h"

#include <chrono>
#include <cstdio>
#include <utility>

namespace pam_idaas::module {

namespace {

// Version 2 added the pwd_change_at line: an entry of version 1 is not read
// (its user is asked again), nor one of a later version.
constexpr std::string_view kMagic = "pam_idaas status 2\n";

long long now_s() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::optional<StatusCache> StatusCache::open(const Services& services,
                                             const config::Config& config) {
  if (config.cache.account_seconds == 0) return std::nullopt;
  auto entries = UserEntries::open("status", services, config);
  if (!entries) return std::nullopt;
  return StatusCache(std::move(*entries), config.cache.account_seconds);
}

StatusCache::StatusCache(UserEntries entries, unsigned lifetime_s)
    : entries_(std::move(entries)), lifetime_s_(lifetime_s) {}

// "<magic><checked at, Unix seconds> <known> <disabled> <locked>\n<pwd_change_at>\n"
std::optional<AccountStatus> StatusCache::recall(std::string_view user) const noexcept {
  try {
    const std::optional<Secret> content = entries_.read(user);
    if (!content || !std::string_view(*content).starts_with(kMagic)) return std::nullopt;
    const std::string_view fields = std::string_view(*content).substr(kMagic.size());
    const std::size_t line_end = fields.find('\n');
    if (line_end == std::string_view::npos) return std::nullopt;
    const std::string numbers(fields.substr(0, line_end));
    long long checked_at = 0;
    int known = 0, disabled = 0, locked = 0, end = 0;
    if (std::sscanf(numbers.c_str(), "%lld %d %d %d%n", &checked_at, &known, &disabled, &locked,
                    &end) != 4 ||
        static_cast<std::size_t>(end) != numbers.size()) {
      return std::nullopt;
    }
    const std::string_view rest = fields.substr(line_end + 1);
    if (!rest.ends_with('\n') || rest.find('\n') != rest.size() - 1) return std::nullopt;
    // A time ahead of the clock means the clock was set back: trust nothing.
    const long long age = now_s() - checked_at;
    if (age < 0 || age >= lifetime_s_) return std::nullopt;
    return AccountStatus{known == 1, disabled == 1, locked == 1, false,
                         std::string(rest.substr(0, rest.size() - 1))};
  } catch (...) {
    return std::nullopt;
  }
}

void StatusCache::remember(std::string_view user, const AccountStatus& status) const noexcept {
  if (status.must_modify) return forget(user);
  // The tenant's text, on a line of its own: a line break in it would end the entry.
  if (status.pwd_change_at.find_first_of("\r\n") != std::string::npos) return forget(user);
  try {
    std::string content(kMagic);
    content += std::to_string(now_s()) + " " + (status.known ? "1" : "0") + " " +
               (status.disabled ? "1" : "0") + " " + (status.locked ? "1" : "0") + "\n";
    content += status.pwd_change_at + "\n";
    entries_.replace(user, content);
  } catch (...) {
  }
}

void StatusCache::forget(std::string_view user) const noexcept { entries_.forget(user); }

}  // namespace pam_idaas::module
