// A breached-password filter (built by `pam-idaas filter build`), mapped
// read-only. Opening checks everything that bounds a lookup (header, its
// checksum, the geometry, the exact file size), so a damaged file is refused
// with a message and a lookup never reads outside the mapping; verify()
// checks the fingerprints as well, which reads the whole file (the admin
// tool does that, the module does not: it would pull the file into memory).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "policy/breach_filter_format.h"

namespace pam_idaas::policy {

class BreachFilterError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class BreachFilter {
 public:
  // Throws BreachFilterError naming the file and what is wrong with it.
  explicit BreachFilter(const std::string& path);
  // The same checks over bytes already in memory (tests, fuzzing); `bytes`
  // must outlive the filter.
  static BreachFilter over(std::string_view bytes, std::string name);

  BreachFilter(BreachFilter&& other) noexcept;
  BreachFilter& operator=(BreachFilter&&) = delete;
  BreachFilter(const BreachFilter&) = delete;
  BreachFilter& operator=(const BreachFilter&) = delete;
  ~BreachFilter();

  // Is the password (UTF-8, as typed) in the set? No allocation; a false
  // positive now and then (about 1 in 65,536), never a false negative.
  bool contains(std::string_view password) const;
  // The same for a digest of the filter's key type.
  bool contains_digest(std::string_view digest) const;

  // Throws BreachFilterError when the fingerprints do not match the checksum.
  void verify() const;

  breach_filter::KeyType key_type() const { return key_type_; }
  std::uint64_t entries() const { return entries_; }
  std::uint64_t file_bytes() const { return size_; }
  const std::string& name() const { return name_; }

 private:
  BreachFilter(std::string name, const void* mapping, std::uint64_t size, bool owned);
  void validate();

  std::string name_;
  const unsigned char* data_ = nullptr;
  std::uint64_t size_ = 0;
  bool owned_ = false;  // munmap at the end
  breach_filter::KeyType key_type_ = breach_filter::KeyType::sha1;
  std::uint64_t seed_ = 0;
  std::uint64_t entries_ = 0;
  breach_filter::Geometry geometry_;
  std::uint64_t body_checksum_ = 0;
};

}  // namespace pam_idaas::policy
