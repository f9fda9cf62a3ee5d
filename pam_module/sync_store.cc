#include "pam_module/sync_store.h"

#include "pam_module/sync_record.h"

namespace pam_idaas::module {
namespace {

// The flows' SyncStore over the records' files.
class RecordStore final : public SyncStore {
 public:
  explicit RecordStore(SyncRecords records) : records_(std::move(records)) {}

  std::optional<SyncRecord> recall(std::string_view user) override {
    return records_.recall(user);
  }
  void remember(std::string_view user, const SyncRecord& record) override {
    records_.remember(user, record);
  }
  void forget(std::string_view user) override { records_.forget(user); }

 private:
  SyncRecords records_;
};

}  // namespace

std::unique_ptr<SyncStore> open_sync_records(const Services& services,
                                             const config::Config& config) {
  auto records = SyncRecords::open(services, config);
  if (!records) return nullptr;
  return std::make_unique<RecordStore>(std::move(*records));
}

}  // namespace pam_idaas::module
