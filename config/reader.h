// Internal to the config library: reading one YAML value into one setting,
// with a diagnostic naming the setting and its position when the value does
// not fit. schema.cc combines these into the whole document.
#pragma once

#include <yaml-cpp/mark.h>

#include <array>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.h"
#include "config/document.h"

namespace pam_idaas::config::detail {

// Far beyond any sensible setting, and small enough that sums of settings
// cannot overflow.
inline constexpr unsigned kMaxInteger = 1'000'000;

// The dotted name of a setting ("policy.length.min", "users.ignore[2]"),
// kept inline: its parts are the schema's own short names, and a valid file
// has dozens of keys that would each cost an allocation or two otherwise.
class KeyPath {
 public:
  KeyPath() = default;
  KeyPath(const KeyPath& parent, std::string_view key);  // "parent.key", or "key" at the top
  KeyPath(const KeyPath& parent, std::size_t index);     // "parent[index]"

  std::string_view view() const { return {text_.data(), size_}; }
  operator std::string_view() const { return view(); }  // NOLINT: a path reads as text

 private:
  void append(std::string_view part);

  // Twice the longest name the schema has, with a list index.
  std::array<char, 96> text_{};
  std::size_t size_ = 0;
};

// A value of the document together with the dotted path naming it.
struct Value {
  const Node& node;
  YAML::Mark fallback;  // where to point when the value itself has no text
  KeyPath path;
};

YAML::Mark position(const Value& v);
std::string quote(std::string_view text);  // shortened when long
std::string describe(const Node& node);
// "a, b or c"; "a, b, c" with last = ", ".
std::string join(std::span<const std::string_view> names, std::string_view last = " or ");

// Collects diagnostics, and remembers where each setting was written and
// which ones were rejected, for the checks that relate several settings.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  void error(const YAML::Mark& at, std::string_view path, const std::string& message);
  void error(const Value& v, const std::string& message);  // also marks v rejected

  void found(const Value& v) { written_.emplace_back(v.path, position(v)); }
  bool rejected(std::span<const std::string_view> paths) const;
  // Where the first of `paths` that the file sets was written.
  YAML::Mark written(std::span<const std::string_view> paths) const;

  std::vector<Diagnostic> take_errors();  // in file order

 private:
  std::string file_;
  std::vector<Diagnostic> errors_;
  // Admitted keys only, each once (duplicates are refused): a few dozen at
  // most, and looked up a handful of times, so a list.
  std::vector<std::pair<KeyPath, YAML::Mark>> written_;
  std::set<std::string, std::less<>> rejected_;
};

// Reports that v is not `expected` (or has no value at all).
void mismatch(Reader& r, const Value& v, std::string_view expected);

std::optional<unsigned> read_integer(Reader& r, const Value& v, unsigned min, unsigned max);

// Each assigns `out` only when the value is acceptable.
void read_value(Reader& r, const Value& v, unsigned& out);
void read_value(Reader& r, const Value& v, bool& out);
void read_value(Reader& r, const Value& v, policy::HashMethod& out);
void read_value(Reader& r, const Value& v, LanguageSetting& out);
void read_value(Reader& r, const Value& v, tenant::ChangeEndpoint& out);
void read_value(Reader& r, const Value& v, TenantDown& out);
void read_value(Reader& r, const Value& v, AccountAnswer& out);
void read_value(Reader& r, const Value& v, Offline& out);
void read_value(Reader& r, const Value& v, AskTenant& out);

// Checks for text settings: the text when acceptable, nothing (and a
// diagnostic) otherwise.
using TextCheck = std::optional<std::string> (*)(Reader&, const Value&);
std::optional<std::string> word(Reader& r, const Value& v);
std::optional<std::string> base_url(Reader& r, const Value& v);
std::optional<std::string> json_field(Reader& r, const Value& v);
std::optional<std::string> absolute_path(Reader& r, const Value& v);
// An absolute path, or "" for "none".
std::optional<std::string> absolute_path_or_empty(Reader& r, const Value& v);
// A file that decides trust (ca_file, weak_passwords.files, filters): an
// absolute path that files::open_trusted accepts (regular, root's, not
// writable by group or others, no symbolic link).
std::optional<std::string> trusted_file(Reader& r, const Value& v);

}  // namespace pam_idaas::config::detail
