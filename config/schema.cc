// The schema of the configuration file, as one table of keys per mapping, and
// the walk over the document that those tables drive. Single values are read
// by reader.cc; the file itself by config.cc.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "config/config.h"
#include "config/plain_text.h"
#include "config/reader.h"
#include "config/simple_yaml.h"
#include "config/yaml_document.h"

namespace pam_idaas::config {
namespace {

using detail::absolute_path;
using detail::absolute_path_or_empty;
using detail::base_url;
using detail::describe;
using detail::join;
using detail::json_field;
using detail::KeyPath;
using detail::kMaxInteger;
using detail::mismatch;
using detail::Node;
using detail::quote;
using detail::read_integer;
using detail::read_value;
using detail::Reader;
using detail::TextCheck;
using detail::trusted_file;
using detail::Value;
using detail::word;
using policy::ComplexityRule;
using policy::HistoryRule;
using policy::LengthRule;
using policy::PassphraseRule;
using policy::PersonalDataRule;
using policy::PolicySettings;
using policy::SimilarityRule;
using policy::UsernameRule;
using policy::WeakPasswordRule;

// One entry of a mapping's table: the key and how to read its value into S.
// A refused key (one that must not be written, say why) is known, so it gets
// its own message, but never offered in the list of valid keys.
enum class Offer : bool { valid, refused };
template <typename S>
struct Key {
  std::string_view name;
  void (*read)(Reader&, const Value&, S&);
  Offer offer = Offer::valid;
};

template <typename>
struct MemberOf;
template <typename S, typename T>
struct MemberOf<T S::*> {
  using type = S;
};
template <auto Member>
using Owner = typename MemberOf<decltype(Member)>::type;

// Table entries, one per kind of setting.
template <auto Member>
void field(Reader& r, const Value& v, Owner<Member>& target) {
  read_value(r, v, target.*Member);
}

template <auto Member, unsigned Min, unsigned Max = kMaxInteger>
void bounded(Reader& r, const Value& v, Owner<Member>& target) {
  if (auto n = read_integer(r, v, Min, Max)) target.*Member = *n;
}

template <auto Member, TextCheck Check>
void text(Reader& r, const Value& v, Owner<Member>& target) {
  if (auto checked = Check(r, v)) target.*Member = std::move(*checked);
}

template <auto Member, TextCheck Check>
void list(Reader& r, const Value& v, Owner<Member>& target) {
  if (!v.node.is_sequence()) return mismatch(r, v, "a list");
  std::vector<std::string> items;
  std::size_t index = 0;
  for (const Node* item : v.node.children()) {
    const Value element{*item, v.node.mark(), KeyPath(v.path, index++)};
    if (auto checked = Check(r, element)) items.push_back(std::move(*checked));
  }
  target.*Member = std::move(items);
}

// Checks the keys of one mapping as they come: each must be a known name,
// given once.
class KeyChecker {
 public:
  KeyChecker(Reader& r, const Value& mapping, std::vector<std::string_view> names,
             std::vector<std::string_view> valid)
      : reader_(r),
        mapping_(mapping),
        names_(std::move(names)),
        valid_(std::move(valid)),
        known_first_line_(names_.size(), 0) {}

  // The key's name when its value should be read; otherwise reports why not.
  std::optional<std::string_view> admit(const Node& key) {
    if (!key.is_scalar()) return reject(key, "keys must be plain names, got " + describe(key));
    const std::string_view name = key.scalar();
    const int line = key.mark().line + 1;
    // The known names are few: a line per name, not a map of every key.
    const auto known = std::ranges::find(names_, name);
    if (known != names_.end()) {
      int& first = known_first_line_[static_cast<std::size_t>(known - names_.begin())];
      if (first != 0) return reject(key, duplicate(name, first));
      first = line;
      return *known;
    }
    const auto [first, is_new] = unknown_first_line_.try_emplace(std::string(name), line);
    if (!is_new) return reject(key, duplicate(name, first->second));
    return reject(key, unknown(name));
  }

 private:
  std::nullopt_t reject(const Node& key, const std::string& message) {
    reader_.error(key.mark(), mapping_.path, message);
    return std::nullopt;
  }

  static std::string duplicate(std::string_view name, int first_line) {
    return "duplicate key " + quote(name) + " (first at line " + std::to_string(first_line) + ")";
  }

  std::string unknown(std::string_view name) const {
    const std::string text = "unknown key " + quote(name);
    if (auto near = closest(name)) return text + "; did you mean '" + std::string(*near) + "'?";
    return text + "; valid keys: " + join(valid_, ", ");
  }

  std::optional<std::string_view> closest(std::string_view name) const {
    std::optional<std::string_view> best;
    std::size_t best_distance = 0;
    for (std::string_view candidate : names_) {
      const std::size_t limit = std::max<std::size_t>(2, candidate.size() / 3);
      const auto d = distance(name, candidate, limit);
      // Replacing every letter of a short name is no typo.
      if (d && *d < name.size() && (!best || *d < best_distance)) {
        best = candidate;
        best_distance = *d;
      }
    }
    return best;
  }

  // Levenshtein distance when at most `limit`.
  static std::optional<std::size_t> distance(std::string_view a, std::string_view b,
                                             std::size_t limit) {
    // The length difference alone can rule a pair out; that keeps absurdly long keys cheap.
    if (std::max(a.size(), b.size()) - std::min(a.size(), b.size()) > limit) return std::nullopt;
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      std::size_t diagonal = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
        const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
        diagonal = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
      }
    }
    return row[b.size()] <= limit ? std::optional(row[b.size()]) : std::nullopt;
  }

  Reader& reader_;
  const Value& mapping_;
  std::vector<std::string_view> names_;
  std::vector<std::string_view> valid_;                         // names_ less the refused ones
  std::vector<int> known_first_line_;                           // 0: not yet given
  std::map<std::string, int, std::less<>> unknown_first_line_;  // for their duplicates
};

template <typename S>
void read_mapping(Reader& r, const Value& v, std::span<const Key<S>> keys, S& target) {
  // A section whose keys are all commented out keeps its defaults, as an
  // admin who comments out a block of the sample expects.
  if (v.node.is_null()) return;
  if (!v.node.is_map()) return mismatch(r, v, "a mapping");
  std::vector<std::string_view> names;
  std::vector<std::string_view> valid;
  for (const auto& key : keys) {
    names.push_back(key.name);
    if (key.offer == Offer::valid) valid.push_back(key.name);
  }
  KeyChecker checker(r, v, std::move(names), std::move(valid));
  const auto& children = v.node.children();
  for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
    const Node& key = *children[i];
    const auto name = checker.admit(key);
    if (!name) continue;
    const Value child{*children[i + 1], key.mark(), KeyPath(v.path, *name)};
    r.found(child);
    std::ranges::find(keys, *name, &Key<S>::name)->read(r, child, target);
  }
}

template <auto Member, const auto& Keys>
void section(Reader& r, const Value& v, Owner<Member>& target) {
  using Section = std::remove_cvref_t<decltype(target.*Member)>;
  read_mapping<Section>(r, v, Keys, target.*Member);
}

constexpr Key<LengthRule> kLengthKeys[] = {
    {"min", bounded<&LengthRule::min, 1>},
    {"max", bounded<&LengthRule::max, 1, policy::kInputCapBytes>},
};
constexpr Key<ComplexityRule> kComplexityKeys[] = {
    {"min_classes", bounded<&ComplexityRule::min_classes, 0, 4>},
    {"min_lower", field<&ComplexityRule::min_lower>},
    {"min_upper", field<&ComplexityRule::min_upper>},
    {"min_digit", field<&ComplexityRule::min_digit>},
    {"min_special", field<&ComplexityRule::min_special>},
};
constexpr Key<UsernameRule> kUsernameKeys[] = {
    {"reject_equal", field<&UsernameRule::reject_equal>},
    {"reject_reversed", field<&UsernameRule::reject_reversed>},
    {"case_sensitive", field<&UsernameRule::case_sensitive>},
};
constexpr Key<PersonalDataRule> kPersonalDataKeys[] = {
    {"username", field<&PersonalDataRule::username>},
    {"mobile", field<&PersonalDataRule::mobile>},
    {"email_prefix", field<&PersonalDataRule::email_prefix>},
    {"name", field<&PersonalDataRule::name>},
    {"min_length", field<&PersonalDataRule::min_length>},
    {"name_part_min_length", field<&PersonalDataRule::name_part_min_length>},
    {"name_initials", field<&PersonalDataRule::name_initials>},
    {"disguised", field<&PersonalDataRule::disguised>},
};
constexpr Key<WeakPasswordRule> kWeakPasswordKeys[] = {
    {"builtin_list", field<&WeakPasswordRule::builtin_list>},
    {"guessable", field<&WeakPasswordRule::guessable>},
    {"min_guesses_log10", bounded<&WeakPasswordRule::min_guesses_log10, 1, 30>},
    {"files", list<&WeakPasswordRule::files, trusted_file>},
    {"words", list<&WeakPasswordRule::words, word>},
    {"filters", list<&WeakPasswordRule::filters, trusted_file>},
};
constexpr Key<HistoryRule> kHistoryKeys[] = {
    {"remember", bounded<&HistoryRule::remember, 0, 100>},
    {"file", text<&HistoryRule::file, absolute_path>},
    {"hash", field<&HistoryRule::hash>},
};
constexpr Key<PassphraseRule> kPassphraseKeys[] = {
    {"min_length", bounded<&PassphraseRule::min_length, 0, policy::kInputCapBytes>},
};
constexpr Key<SimilarityRule> kSimilarityKeys[] = {
    {"min_changes", bounded<&SimilarityRule::min_changes, 0, 64>},
};
constexpr Key<PolicySettings> kPolicyKeys[] = {
    {"length", section<&PolicySettings::length, kLengthKeys>},
    {"complexity", section<&PolicySettings::complexity, kComplexityKeys>},
    {"max_consecutive_repeats", field<&PolicySettings::max_consecutive_repeats>},
    {"username", section<&PolicySettings::username, kUsernameKeys>},
    {"personal_data", section<&PolicySettings::personal_data, kPersonalDataKeys>},
    {"weak_passwords", section<&PolicySettings::weak_passwords, kWeakPasswordKeys>},
    {"history", section<&PolicySettings::history, kHistoryKeys>},
    {"passphrase", section<&PolicySettings::passphrase, kPassphraseKeys>},
    {"similarity", section<&PolicySettings::similarity, kSimilarityKeys>},
};
using tenant::TenantSettings;

// A config file is readable by every user; the secret may not be in it.
void refuse_inline_secret(Reader& r, const Value& v, TenantSettings&) {
  r.error(v,
          "the client secret must not be in this file: put it in the file named by "
          "client_secret_file (owned by root, mode 0600)");
}

// Plain http exists only in the tests' build of the tenant library
// (tenant/for_tests.h); a config written for that build is refused whole.
void refuse_plain_http_switch(Reader& r, const Value& v, TenantSettings&) {
  r.error(v,
          "exists only in the test builds of pam_idaas, which alone speak plain http://; "
          "remove it and give base_url as https://");
}

constexpr Key<TenantSettings> kTenantKeys[] = {
    {"base_url", text<&TenantSettings::base_url, base_url>},
    {"allow_plain_http_loopback", refuse_plain_http_switch, Offer::refused},
    {"client_id", text<&TenantSettings::client_id, word>},
    {"login_client_id", text<&TenantSettings::login_client_id, word>},
    {"client_secret_file", text<&TenantSettings::client_secret_file, absolute_path>},
    {"client_secret", refuse_inline_secret, Offer::refused},
    {"ca_file", text<&TenantSettings::ca_file, trusted_file>},
    {"proxy", text<&TenantSettings::proxy, word>},
    {"connect_timeout_ms", bounded<&TenantSettings::connect_timeout_ms, 100, 60'000>},
    // Well under sshd's LoginGraceTime (120 s), which covers the whole login.
    {"budget_ms", bounded<&TenantSettings::budget_ms, 1'000, 90'000>},
    {"change_endpoint", field<&TenantSettings::change_endpoint>},
    {"must_modify_field", text<&TenantSettings::must_modify_field, json_field>},
    {"must_modify", field<&TenantSettings::must_modify>},
};

// An empty `tenant:` (every key commented out) means no tenant, like an
// absent section.
void tenant_section(Reader& r, const Value& v, Config& config) {
  if (v.node.is_null()) return;
  TenantSettings& tenant = config.tenant.emplace();
  read_mapping<TenantSettings>(r, v, kTenantKeys, tenant);
  // Most tenants register one application for both; a second is optional.
  if (tenant.login_client_id.empty()) tenant.login_client_id = tenant.client_id;
}

constexpr Key<UserScope> kUserKeys[] = {
    {"min_uid", field<&UserScope::min_uid>},
    {"ignore", list<&UserScope::ignore, word>},
};
// libpam lowercases the service name it is given (pam_start, PAM_SERVICE): a
// name with a capital, a '/' or a space could never match.
std::optional<std::string> service_name(Reader& r, const Value& v) {
  auto text = word(r, v);
  if (text && !std::ranges::all_of(*text, [](unsigned char c) {
        return c > ' ' && c < 0x7f && c != '/' && !(c >= 'A' && c <= 'Z');
      })) {
    r.error(v,
            "expected a PAM service name as libpam holds it (its file name in /etc/pam.d: "
            "ASCII, lower case, no '/' or space), got " +
                quote(*text));
    return std::nullopt;
  }
  return text;
}

constexpr Key<AdminResetSettings> kAdminResetKeys[] = {
    {"services", list<&AdminResetSettings::services, service_name>},
};
constexpr Key<PasswordSettings> kPasswordKeys[] = {
    {"enforce_for_root", field<&PasswordSettings::enforce_for_root>},
    {"on_tenant_unavailable", field<&PasswordSettings::on_tenant_unavailable>},
    {"admin_reset", section<&PasswordSettings::admin_reset, kAdminResetKeys>},
};
constexpr Key<AccountSettings> kAccountKeys[] = {
    {"on_tenant_unavailable", field<&AccountSettings::on_tenant_unavailable>},
    {"disabled", field<&AccountSettings::disabled>},
    {"locked", field<&AccountSettings::locked>},
    {"budget_ms", bounded<&AccountSettings::budget_ms, 100, 90'000>},
};
constexpr Key<AuthSettings> kAuthKeys[] = {
    {"offline", field<&AuthSettings::offline>},
    {"ask_tenant", field<&AuthSettings::ask_tenant>},
    {"budget_ms", bounded<&AuthSettings::budget_ms, 100, 90'000>},
};
// A status older than an hour says little; the cache exists for bursts.
constexpr Key<CacheSettings> kCacheKeys[] = {
    {"directory", text<&CacheSettings::directory, absolute_path_or_empty>},
    {"account_seconds", bounded<&CacheSettings::account_seconds, 0, 3'600>},
};

constexpr Key<Config> kConfigKeys[] = {
    {"language", field<&Config::language>},
    {"users", section<&Config::users, kUserKeys>},
    {"password", section<&Config::password, kPasswordKeys>},
    {"account", section<&Config::account, kAccountKeys>},
    {"auth", section<&Config::auth, kAuthKeys>},
    {"cache", section<&Config::cache, kCacheKeys>},
    {"policy", section<&Config::policy, kPolicyKeys>},
    {"tenant", tenant_section},
};

constexpr std::string_view kLengthMin = "policy.length.min";
constexpr std::string_view kLengthMax = "policy.length.max";
// Max first: the range is reported where it ends.
constexpr std::string_view kLengthRange[] = {kLengthMax, kLengthMin};
constexpr std::string_view kClassSumInputs[] = {
    "policy.complexity.min_lower", "policy.complexity.min_upper", "policy.complexity.min_digit",
    "policy.complexity.min_special", kLengthMax};
constexpr std::string_view kComplexity[] = {"policy.complexity"};

// "policy.length.max (64)"
std::string with_value(std::string_view path, unsigned value) {
  return std::string(path) + " (" + std::to_string(value) + ")";
}

// Settings that are each valid but cannot hold together. A setting already
// rejected is not checked again: its default would stand in and mislead.
void check_length_range(Reader& r, const LengthRule& length) {
  if (length.min <= length.max || r.rejected(kLengthRange)) return;
  r.error(r.written(kLengthRange), "",
          with_value(kLengthMin, length.min) + " is greater than " +
              with_value(kLengthMax, length.max));
}

void check_class_minimums_fit(Reader& r, const PolicySettings& policy) {
  const ComplexityRule& c = policy.complexity;
  const unsigned sum = c.min_lower + c.min_upper + c.min_digit + c.min_special;
  if (sum <= policy.length.max || r.rejected(kClassSumInputs)) return;
  r.error(r.written(kComplexity), kComplexity[0],
          "min_lower + min_upper + min_digit + min_special = " + std::to_string(sum) +
              ", more than " + with_value(kLengthMax, policy.length.max));
}

constexpr std::string_view kTenant[] = {"tenant"};
constexpr std::string_view kTenantRequired[] = {"tenant.base_url", "tenant.client_id"};
constexpr std::string_view kBaseUrl[] = {"tenant.base_url"};

void check_tenant(Reader& r, const TenantSettings& tenant) {
  for (std::string_view key : kTenantRequired) {
    if (r.written(std::span(&key, 1)).is_null() && !r.rejected(std::span(&key, 1))) {
      r.error(r.written(kTenant), kTenant[0],
              "missing required key '" + std::string(key.substr(key.find('.') + 1)) + "'");
    }
  }
  if (tenant.base_url.starts_with("http://")) {
    r.error(r.written(kBaseUrl), kBaseUrl[0], "plain http is refused; use https://");
  }
}

// The quick reader takes the plain files admins write; yaml-cpp the rest,
// and every syntax error, which it reports.
detail::Document read_tree(Reader& r, std::string_view yaml) {
  if (auto quick = detail::read_simple_yaml(yaml)) return std::move(*quick);
  return detail::read_with_yaml_cpp(r, std::string(yaml));
}

void read_document(Reader& r, std::string_view yaml, Config& config) {
  if (!detail::check_plain_text(r, yaml)) return;
  const detail::Document doc = read_tree(r, yaml);
  if (doc.root == nullptr || doc.root->is_null()) return;  // nothing set: all defaults
  const Node& top = *doc.root;
  if (!top.is_map()) {
    return r.error(top.mark(), "", "the top level must be a mapping of keys, got " + describe(top));
  }
  read_mapping<Config>(r, Value{top, YAML::Mark::null_mark(), KeyPath()}, kConfigKeys, config);
  check_length_range(r, config.policy.length);
  check_class_minimums_fit(r, config.policy);
  if (config.tenant) check_tenant(r, *config.tenant);
}

}  // namespace

LoadResult parse(std::string_view yaml, const std::string& name) {
  LoadResult result;
  Reader reader(name);
  try {
    read_document(reader, yaml, result.config);
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own text for this is "bad file".
    reader.error(e.mark, "",
                 "nested more than " + std::to_string(e.depth()) +
                     " levels deep; no setting needs more than four");
  } catch (const YAML::Exception& e) {  // syntax errors: ParserException
    reader.error(e.mark, "", e.msg);
  } catch (const std::exception& e) {
    reader.error(YAML::Mark::null_mark(), "", e.what());
  } catch (...) {
    reader.error(YAML::Mark::null_mark(), "", "unexpected error while reading the configuration");
  }
  result.errors = reader.take_errors();
  return result;
}

}  // namespace pam_idaas::config
