#include "pam_module/sync_store.h"

#include <unistd.h>

#include "pam_module/status_cache.h"
#include "policy/cache_directory.h"

namespace pam_idaas::module {
namespace {

constexpr std::string_view kMagic = "pam_idaas sync 1\n";

// "<magic><pwd_change_at>\n<hash fingerprint>\n", one file per user and tenant.
class FileSyncStore final : public SyncStore {
 public:
  FileSyncStore(std::string directory, std::string tenant)
      : directory_(std::move(directory)), tenant_(std::move(tenant)) {}

  std::optional<SyncRecord> recall(std::string_view user) override {
    try {
      const Secret content = files::CacheDirectory(directory_).entry("sync", key(user)).read();
      std::string_view rest(content);
      if (!rest.starts_with(kMagic)) return std::nullopt;
      rest.remove_prefix(kMagic.size());
      const std::size_t first = rest.find('\n');
      if (first == std::string_view::npos || first + 1 >= rest.size() || !rest.ends_with('\n')) {
        return std::nullopt;
      }
      const std::string_view second = rest.substr(first + 1, rest.size() - first - 2);
      if (second.find('\n') != std::string_view::npos) return std::nullopt;
      return SyncRecord{std::string(rest.substr(0, first)), std::string(second)};
    } catch (...) {
      return std::nullopt;
    }
  }

  void remember(std::string_view user, const SyncRecord& record) override {
    if ((record.pwd_change_at + record.hash_fingerprint).find_first_of("\r\n") !=
        std::string::npos) {
      return forget(user);
    }
    try {
      files::CacheDirectory(directory_)
          .entry("sync", key(user))
          .replace(std::string(kMagic) + record.pwd_change_at + "\n" + record.hash_fingerprint +
                   "\n");
    } catch (...) {
    }
  }

  void forget(std::string_view user) override {
    try {
      const std::string path = directory_ + "/" + files::entry_name("sync", key(user));
      ::unlink(path.c_str());
    } catch (...) {
    }
  }

 private:
  std::string key(std::string_view user) const { return tenant_ + "\n" + std::string(user); }

  std::string directory_;
  std::string tenant_;  // base URL and client id, as the status cache keys them
};

}  // namespace

std::unique_ptr<SyncStore> open_sync_records(const Services& services,
                                             const config::Config& config) {
  std::string directory = cache_directory(services, config);
  if (directory.empty() || !config.tenant) return nullptr;
  return std::make_unique<FileSyncStore>(std::move(directory),
                                         config.tenant->base_url + "\n" + config.tenant->client_id);
}

}  // namespace pam_idaas::module
