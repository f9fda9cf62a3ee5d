// Reading single values into settings; see reader.h.
#include "config/reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <system_error>
#include <utility>

#include "base/ascii.h"
#include "base/text.h"
#include "base/trusted_file.h"
#include "base/unicode.h"
#include "base/utf8.h"
#include "config/base_url.h"

namespace pam_idaas::config::detail {

using policy::HashMethod;

// Long enough to recognise a value, short enough to keep a diagnostic on one line.
constexpr std::size_t kMaxQuotedBytes = 40;

YAML::Mark position(const Value& v) {
  // yaml-cpp places an empty value at the token after it, often on a later line.
  return v.node.is_null() && !v.fallback.is_null() ? v.fallback : v.node.mark();
}

namespace {

// A diagnostic goes to syslog and to a terminal; the value's other bytes are
// quoted as they are, so that the admin recognises them.
constexpr text::Controls kQuoted{.line_separators = false, .keep_invalid_bytes = true};

}  // namespace

std::string quote(std::string_view value) {
  if (value.size() <= kMaxQuotedBytes) return "'" + text::strip_controls(value, kQuoted) + "'";
  const std::size_t cut = text::character_boundary(value, kMaxQuotedBytes);
  return "'" + text::strip_controls(value.substr(0, cut), kQuoted) + "...'";
}

std::string describe(const Node& node) {
  if (node.is_map()) return "a mapping";
  if (node.is_sequence()) return "a list";
  if (node.is_scalar()) return quote(node.scalar());
  return "no value";
}

std::string join(std::span<const std::string_view> names, std::string_view last) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? last : ", ";
    text += names[i];
  }
  return text;
}

KeyPath::KeyPath(const KeyPath& parent, std::string_view key) : KeyPath(parent) {
  if (size_ > 0) append(".");
  append(key);
}

KeyPath::KeyPath(const KeyPath& parent, std::size_t index) : KeyPath(parent) {
  char digits[24];
  const int n = std::snprintf(digits, sizeof digits, "[%zu]", index);
  append(std::string_view(digits, static_cast<std::size_t>(n)));
}

// The schema's names are known and short; a path that would not fit (a key
// nested deeper than any section) is cut, never written past the end.
void KeyPath::append(std::string_view part) {
  const std::size_t room = text_.size() - size_;
  if (part.size() > room) part = part.substr(0, room);
  std::copy(part.begin(), part.end(), text_.begin() + static_cast<long>(size_));
  size_ += part.size();
}

void Reader::error(const YAML::Mark& at, std::string_view path, const std::string& message) {
  const bool known = !at.is_null();
  errors_.push_back({file_, known ? at.line + 1 : 0, known ? at.column + 1 : 0,
                     path.empty() ? message : std::string(path) + ": " + message});
}

void Reader::error(const Value& v, const std::string& message) {
  error(position(v), v.path, message);
  rejected_.emplace(v.path);
}

bool Reader::rejected(std::span<const std::string_view> paths) const {
  return std::ranges::any_of(paths, [&](std::string_view p) { return rejected_.contains(p); });
}

YAML::Mark Reader::written(std::span<const std::string_view> paths) const {
  for (std::string_view p : paths) {
    const auto it = std::ranges::find(
        written_, p, [](const auto& entry) { return std::string_view(entry.first); });
    if (it != written_.end()) return it->second;
  }
  return YAML::Mark::null_mark();
}

std::vector<Diagnostic> Reader::take_errors() {
  std::ranges::stable_sort(errors_, {},
                           [](const Diagnostic& d) { return std::pair(d.line, d.column); });
  return std::move(errors_);
}

void mismatch(Reader& r, const Value& v, std::string_view expected) {
  if (v.node.is_null()) {
    r.error(v, "no value");
  } else {
    r.error(v, "expected " + std::string(expected) + ", got " + describe(v.node));
  }
}

namespace {

// Escapes in double quotes ("\0", "\e", "\r\n") can put control characters
// into a value; at the C interfaces a NUL would silently cut a URL or a path.
bool has_control_character(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const utf8::Step step = utf8::next(text, at);  // no copy to wipe
    if (step.length == 0 || unicode::is_control(step.code_point)) return true;
    at += step.length;
  }
  return false;
}

std::optional<std::string> scalar(Reader& r, const Value& v, std::string_view expected) {
  if (!v.node.is_scalar()) {
    mismatch(r, v, expected);
    return std::nullopt;
  }
  if (has_control_character(v.node.scalar())) {
    r.error(v, "expected " + std::string(expected) + ", got " + quote(v.node.scalar()) +
                   ", which contains a control character");
    return std::nullopt;
  }
  return std::string(v.node.scalar());
}

template <typename E>
struct Choice {
  std::string_view name;
  E value;
};

template <typename E, std::size_t N>
void read_choice(Reader& r, const Value& v, const Choice<E> (&choices)[N], E& out) {
  // A valid choice has no control character: the list of choices is spelled
  // out only for a diagnostic.
  if (v.node.is_scalar()) {
    const auto it = std::ranges::find(choices, v.node.scalar(), &Choice<E>::name);
    if (it != std::end(choices)) {
      out = it->value;
      return;
    }
  }
  std::vector<std::string_view> names;
  for (const auto& c : choices) names.push_back(c.name);
  const std::string expected = join(names);
  if (const auto text = scalar(r, v, expected)) {
    r.error(v, "expected " + expected + ", got " + quote(*text));
  }
}

constexpr Choice<HashMethod> kHashMethods[] = {
    {"yescrypt", HashMethod::yescrypt},
    {"sha512crypt", HashMethod::sha512crypt},
};
constexpr Choice<tenant::ChangeEndpoint> kChangeEndpoints[] = {
    {"verify", tenant::ChangeEndpoint::verify},
    {"admin", tenant::ChangeEndpoint::admin},
};
constexpr Choice<TenantDown> kTenantDown[] = {
    {"refuse", TenantDown::refuse},
    {"local_only", TenantDown::local_only},
};
constexpr Choice<AccountAnswer> kAccountAnswers[] = {
    {"ignore", AccountAnswer::ignore},
    {"deny", AccountAnswer::deny},
};
constexpr Choice<Offline> kOfflineAnswers[] = {
    {"local_hash", Offline::local_hash},
    {"deny", Offline::deny},
};
constexpr Choice<AskTenant> kAskTenant[] = {
    {"when_needed", AskTenant::when_needed},
    {"always", AskTenant::always},
};
constexpr Choice<LanguageSetting> kLanguages[] = {
    {"auto", LanguageSetting::automatic},
    {"en", LanguageSetting::en},
    {"zh", LanguageSetting::zh},
};

}  // namespace

std::optional<unsigned> read_integer(Reader& r, const Value& v, unsigned min, unsigned max) {
  constexpr std::string_view kExpected = "a non-negative integer";
  const auto text = scalar(r, v, kExpected);
  if (!text) return std::nullopt;
  unsigned long long n = 0;
  const char* end = text->data() + text->size();
  const auto [stop, ec] = std::from_chars(text->data(), end, n);
  if (stop != end || ec == std::errc::invalid_argument) {
    r.error(v, "expected " + std::string(kExpected) + ", got " + quote(*text));
  } else if (ec == std::errc::result_out_of_range || n > kMaxInteger) {
    r.error(v, quote(*text) + " is too large (at most " + std::to_string(kMaxInteger) + ")");
  } else if (n < min) {
    r.error(v, "must be at least " + std::to_string(min) + ", got " + *text);
  } else if (n > max) {
    r.error(v, "must be at most " + std::to_string(max) + ", got " + *text);
  } else {
    return static_cast<unsigned>(n);
  }
  return std::nullopt;
}

void read_value(Reader& r, const Value& v, unsigned& out) {
  if (auto n = read_integer(r, v, 0, kMaxInteger)) out = *n;
}

void read_value(Reader& r, const Value& v, bool& out) {
  const auto text = scalar(r, v, "true or false");
  if (!text) return;
  if (ascii::equal_ignoring_case(*text, "true")) {
    out = true;
  } else if (ascii::equal_ignoring_case(*text, "false")) {
    out = false;
  } else {
    // YAML 1.1 spells booleans many ways; one spelling keeps files unambiguous.
    r.error(v, "expected true or false, got " + quote(*text) + " (yes/no/on/off are not accepted)");
  }
}

void read_value(Reader& r, const Value& v, HashMethod& out) {
  read_choice(r, v, kHashMethods, out);
}

void read_value(Reader& r, const Value& v, LanguageSetting& out) {
  read_choice(r, v, kLanguages, out);
}

void read_value(Reader& r, const Value& v, tenant::ChangeEndpoint& out) {
  read_choice(r, v, kChangeEndpoints, out);
}

void read_value(Reader& r, const Value& v, TenantDown& out) { read_choice(r, v, kTenantDown, out); }

void read_value(Reader& r, const Value& v, AccountAnswer& out) {
  read_choice(r, v, kAccountAnswers, out);
}

void read_value(Reader& r, const Value& v, Offline& out) {
  read_choice(r, v, kOfflineAnswers, out);
}

void read_value(Reader& r, const Value& v, AskTenant& out) { read_choice(r, v, kAskTenant, out); }

std::optional<std::string> word(Reader& r, const Value& v) {
  auto text = scalar(r, v, "a word");
  if (text && text->empty()) {
    r.error(v, "empty word");
    return std::nullopt;
  }
  return text;
}

// "https://host[:port][/prefix]"; plain http gets its own message from the
// caller (check_tenant).
std::optional<std::string> base_url(Reader& r, const Value& v) {
  auto text = scalar(r, v, "a URL");
  if (!text) return std::nullopt;
  if (base_url_fault(*text) != BaseUrlFault::none) {
    r.error(v, "expected https://HOST[:PORT][/PATH] without user, query or fragment, got " +
                   quote(*text));
    return std::nullopt;
  }
  while (text->ends_with('/')) text->pop_back();
  return text;
}

// A field name of the tenant's JSON: letters, digits and '_'.
std::optional<std::string> json_field(Reader& r, const Value& v) {
  auto text = word(r, v);
  if (text && !std::ranges::all_of(
                  *text, [](char c) { return ascii::is_letter_or_digit(c) || c == '_'; })) {
    r.error(v, "expected a JSON field name (letters, digits, '_'), got " + quote(*text));
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> absolute_path(Reader& r, const Value& v) {
  auto text = scalar(r, v, "an absolute path");
  if (text && !text->starts_with('/')) {
    r.error(v, "expected an absolute path, got " + quote(*text));
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> absolute_path_or_empty(Reader& r, const Value& v) {
  auto text = scalar(r, v, "an absolute path or \"\"");
  if (text && !text->empty() && !text->starts_with('/')) {
    r.error(v, "expected an absolute path (or \"\" for none), got " + quote(*text));
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> trusted_file(Reader& r, const Value& v) {
  auto path = absolute_path(r, v);
  if (!path) return std::nullopt;
  // Checked as it will be opened when used (CA bundle, weak list, filter).
  if (const files::TrustedFile file = files::open_trusted(*path); !file.problem.empty()) {
    // In full, unlike quote(): the fix names it, and the file has no control characters.
    r.error(v, "'" + *path + "' " + file.problem);
    return std::nullopt;
  }
  return path;
}

}  // namespace pam_idaas::config::detail
