#include "tenant/token_cache.h"

#include <unistd.h>

#include <charconv>
#include <string_view>

#include "base/cache_directory.h"

namespace pam_idaas::tenant {

namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

constexpr std::string_view kMagic = "pam_idaas token 1\n";

// One line of `text` from `at`, without its newline.
std::optional<std::string_view> line(std::string_view text, std::size_t& at) {
  const std::size_t end = text.find('\n', at);
  if (end == std::string_view::npos) return std::nullopt;
  const std::string_view found = text.substr(at, end - at);
  at = end + 1;
  return found;
}

std::optional<long long> number(std::optional<std::string_view> text) {
  if (!text || text->empty()) return std::nullopt;
  long long value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

// Another tenant or client id gets another file: a config change never
// reuses a token that belongs elsewhere.
TokenCache::TokenCache(std::string directory, const TenantSettings& settings)
    : directory_(std::move(directory)), key_(settings.base_url + "\n" + settings.client_id) {}

std::optional<StoredToken> TokenCache::load() const noexcept {
  try {
    const Secret content = files::CacheDirectory(directory_).entry("token", key_).read();
    const std::string_view text(content);
    if (!text.starts_with(kMagic)) return std::nullopt;
    std::size_t at = kMagic.size();
    const auto refresh_at = number(line(text, at));
    const auto lifetime = number(line(text, at));
    const auto type = line(text, at);
    const auto token = line(text, at);
    if (!refresh_at || !lifetime || !type || !token || token->empty() || at != text.size()) {
      return std::nullopt;
    }
    StoredToken stored{Secret(*token), std::string(*type), seconds(*lifetime),
                       system_clock::time_point(seconds(*refresh_at))};
    const auto now = system_clock::now();
    if (now >= stored.refresh_at || stored.refresh_at - now > stored.lifetime) return std::nullopt;
    return stored;
  } catch (...) {
    return std::nullopt;
  }
}

void TokenCache::store(const StoredToken& token) const noexcept {
  // A line break inside would shift the fields: such a token is not kept.
  if (token.access_token.find('\n') != Secret::npos ||
      token.token_type.find('\n') != std::string::npos) {
    return;
  }
  try {
    const auto refresh_at =
        std::chrono::duration_cast<seconds>(token.refresh_at.time_since_epoch()).count();
    Secret content(kMagic);
    content += std::to_string(refresh_at) + "\n" + std::to_string(token.lifetime.count()) + "\n";
    content += token.token_type + "\n";
    content += token.access_token;
    content += "\n";
    files::CacheDirectory(directory_).entry("token", key_).replace(content);
  } catch (...) {
  }
}

void TokenCache::forget() const noexcept {
  try {
    const std::string path = directory_ + "/" + files::entry_name("token", key_);
    ::unlink(path.c_str());
  } catch (...) {
  }
}

}  // namespace pam_idaas::tenant
