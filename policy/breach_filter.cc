#include "policy/breach_filter.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <utility>

#include "base/files.h"
#include "base/trusted_file.h"
#include "policy/password_digest.h"

namespace pam_idaas::policy {

using breach_filter::Header;

namespace {

std::uint16_t read_u16(const unsigned char* at) {
  return static_cast<std::uint16_t>(at[0] | (at[1] << 8));
}

}  // namespace

BreachFilter::BreachFilter(const std::string& path) : name_(path) {
  // Mapped shared for the life of the process: a file that only root may
  // write cannot be truncated under the mapping by a user (SIGBUS in passwd
  // or sshd). Mapped through the descriptor that was checked.
  const files::TrustedFile file = files::open_trusted(path);
  if (!file.problem.empty()) {
    throw BreachFilterError("breached-password filter " + path + " " + file.problem);
  }
  const files::UniqueFd& fd = file.fd;
  const struct stat& st = file.st;
  size_ = static_cast<std::uint64_t>(st.st_size);
  if (size_ < sizeof(Header)) {
    throw BreachFilterError("breached-password filter " + path + " is truncated (" +
                            std::to_string(size_) + " bytes; build it again)");
  }
  void* mapping = ::mmap(nullptr, size_, PROT_READ, MAP_SHARED, fd.get(), 0);
  if (mapping == MAP_FAILED) {
    throw BreachFilterError("breached-password filter " + path +
                            " cannot be mapped: " + files::error_text(errno));
  }
  data_ = static_cast<const unsigned char*>(mapping);
  owned_ = true;
  try {
    validate();
  } catch (...) {
    ::munmap(const_cast<unsigned char*>(data_), size_);
    throw;
  }
}

BreachFilter::BreachFilter(std::string name, const void* mapping, std::uint64_t size, bool owned)
    : name_(std::move(name)),
      data_(static_cast<const unsigned char*>(mapping)),
      size_(size),
      owned_(owned) {}

BreachFilter BreachFilter::over(std::string_view bytes, std::string name) {
  BreachFilter filter(std::move(name), bytes.data(), bytes.size(), false);
  filter.validate();
  return filter;
}

BreachFilter::BreachFilter(BreachFilter&& other) noexcept
    : name_(std::move(other.name_)),
      data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      owned_(std::exchange(other.owned_, false)),
      key_type_(other.key_type_),
      seed_(other.seed_),
      entries_(other.entries_),
      geometry_(other.geometry_),
      body_checksum_(other.body_checksum_) {}

BreachFilter::~BreachFilter() {
  if (owned_) ::munmap(const_cast<unsigned char*>(data_), size_);
}

void BreachFilter::validate() {
  auto refuse = [this](const std::string& why) {
    throw BreachFilterError("breached-password filter " + name_ + " is unusable: " + why);
  };
  if (size_ < sizeof(Header)) refuse("truncated (" + std::to_string(size_) + " bytes)");
  Header header;
  std::memcpy(&header, data_, sizeof header);
  if (std::memcmp(header.magic, breach_filter::kMagic, sizeof header.magic) != 0) {
    refuse("not a pam-idaas filter (build one with `pam-idaas filter build`)");
  }
  if (header.version != breach_filter::kVersion) {
    refuse("format version " + std::to_string(header.version) + ", this pam_idaas reads " +
           std::to_string(breach_filter::kVersion));
  }
  const std::string_view checksummed(reinterpret_cast<const char*>(data_),
                                     breach_filter::kHeaderChecksummed);
  if (breach_filter::checksum(checksummed) != header.header_checksum) {
    refuse("the header is damaged (checksum mismatch)");
  }
  if (header.key_type != static_cast<std::uint32_t>(breach_filter::KeyType::sha1) &&
      header.key_type != static_cast<std::uint32_t>(breach_filter::KeyType::ntlm)) {
    refuse("unknown key type " + std::to_string(header.key_type));
  }
  const std::uint32_t length = header.segment_length;
  if (length == 0 || (length & (length - 1)) != 0 || length > breach_filter::kMaxSegmentLength ||
      header.segment_count == 0 || header.entries == 0) {
    refuse("impossible geometry in the header");
  }
  geometry_ = {length, header.segment_count};
  const std::uint64_t slots = geometry_.fingerprint_count();
  if (header.fingerprint_count != slots) refuse("the header's sizes disagree");
  if (size_ != sizeof(Header) + 2 * slots) {
    refuse(std::to_string(size_) + " bytes where the header says " +
           std::to_string(sizeof(Header) + 2 * slots) + " (truncated or padded)");
  }
  key_type_ = static_cast<breach_filter::KeyType>(header.key_type);
  seed_ = header.seed;
  entries_ = header.entries;
  body_checksum_ = header.body_checksum;
}

bool BreachFilter::contains_digest(std::string_view digest) const {
  if (digest.size() < 8) return false;
  const std::uint64_t hash = breach_filter::mix(breach_filter::key_of_digest(digest), seed_);
  const breach_filter::Slots s = breach_filter::slots(hash, geometry_);
  const unsigned char* fingerprints = data_ + sizeof(Header);
  const std::uint16_t f = read_u16(fingerprints + 2 * s.at[0]) ^
                          read_u16(fingerprints + 2 * s.at[1]) ^
                          read_u16(fingerprints + 2 * s.at[2]);
  return f == breach_filter::fingerprint(hash);
}

bool BreachFilter::contains(std::string_view password) const {
  const PasswordDigest digest(password, key_type_);
  return digest.size != 0 && contains_digest(digest.view());
}

void BreachFilter::verify() const {
  const std::string_view body(reinterpret_cast<const char*>(data_) + sizeof(Header),
                              size_ - sizeof(Header));
  if (breach_filter::checksum(body) != body_checksum_) {
    throw BreachFilterError("breached-password filter " + name_ +
                            " is damaged: its contents do not match the checksum; build it again");
  }
}

}  // namespace pam_idaas::policy
