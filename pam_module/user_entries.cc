#include "pam_module/user_entries.h"

#include <unistd.h>

#include <utility>

#include "base/cache_directory.h"

namespace pam_idaas::module {

std::string cache_directory(const Services& services, const config::Config& config) {
  return services.may_cache ? config.cache.directory : std::string();
}

std::optional<UserEntries> UserEntries::open(std::string_view kind, const Services& services,
                                             const config::Config& config) {
  std::string directory = cache_directory(services, config);
  if (directory.empty() || !config.tenant) return std::nullopt;
  return UserEntries(kind, std::move(directory),
                     config.tenant->base_url + "\n" + config.tenant->client_id);
}

UserEntries::UserEntries(std::string_view kind, std::string directory, std::string tenant)
    : kind_(kind), directory_(std::move(directory)), tenant_(std::move(tenant)) {}

std::string UserEntries::key(std::string_view user) const {
  return tenant_ + "\n" + std::string(user);
}

std::optional<Secret> UserEntries::read(std::string_view user) const noexcept {
  try {
    return files::CacheDirectory(directory_).entry(kind_, key(user)).read();
  } catch (...) {
    return std::nullopt;
  }
}

void UserEntries::replace(std::string_view user, std::string_view content) const noexcept {
  try {
    files::CacheDirectory(directory_).entry(kind_, key(user)).replace(content);
  } catch (...) {
  }
}

void UserEntries::forget(std::string_view user) const noexcept {
  try {
    const std::string path = directory_ + "/" + files::entry_name(kind_, key(user));
    ::unlink(path.c_str());
  } catch (...) {
  }
}

}  // namespace pam_idaas::module
