// Every tunable of the password policy, with the defaults the sample config
// documents. The config layer fills this in; the engine only reads it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace pam_idaas::policy {

// Input longer than this is refused before any analysis: no policy allows such
// passwords and the bound keeps every rule's cost small.
inline constexpr std::size_t kInputCapBytes = 4096;

struct LengthRule {
  unsigned min = 8;  // Unicode code points
  unsigned max = 64;
};

struct ComplexityRule {
  unsigned min_classes = 3;  // of lower, upper, digit, special; 0 = any
  unsigned min_lower = 0;    // per-class minimum counts; 0 = not required
  unsigned min_upper = 0;
  unsigned min_digit = 0;
  unsigned min_special = 0;
};

struct UsernameRule {
  bool reject_equal = true;
  bool reject_reversed = true;
  bool case_sensitive = false;
};

struct PersonalDataRule {
  bool username = true;
  bool mobile = true;
  bool email_prefix = true;
  bool name = true;
  // Username, email prefix and mobile number shorter than this are not
  // searched for (a one-letter username would forbid that letter).
  unsigned min_length = 3;
  // Surname or given name alone, in Pinyin or Latin letters, is searched for
  // only when the matched text is at least this long.
  unsigned name_part_min_length = 4;
  bool name_initials = false;  // e.g. "zs" for 张三
  // Also found with look-alike characters (d@nwei), separators (dan_wei),
  // written backwards (iewnad) and, for the mobile number, in any notation.
  bool disguised = true;
};

struct WeakPasswordRule {
  bool builtin_list = true;        // the common-password list shipped in the library
  // Weak too: a password an attacker's guesser reaches in fewer than
  // 10^min_guesses_log10 guesses, being only dictionary words, Pinyin, keyboard
  // walks, sequences, repeats and dates with a few characters added.
  bool guessable = true;
  unsigned min_guesses_log10 = 11;
  std::vector<std::string> files;  // extra lists, one password a line
  std::vector<std::string> words;  // extra words straight from the config
  std::vector<std::string> filters;  // breached-password filters (pam-idaas filter build)
};

enum class HashMethod { yescrypt, sha512crypt };

struct HistoryRule {
  unsigned remember = 5;  // 0 = off
  std::string file = "/var/lib/pam_idaas/history";
  HashMethod hash = HashMethod::yescrypt;
};

// A password at least this long (code points) is exempt from the complexity
// rule, not from the others. 0 = off, so that the local policy mirrors the tenant's.
struct PassphraseRule {
  unsigned min_length = 0;
};

// When the current password is known (a self-service change), the new one
// must differ from it by at least this many edits, compared after case
// folding and with look-alike characters undone. 0 = off.
struct SimilarityRule {
  unsigned min_changes = 3;
};

struct PolicySettings {
  LengthRule length;
  ComplexityRule complexity;
  unsigned max_consecutive_repeats = 3;  // 0 = off
  UsernameRule username;
  PersonalDataRule personal_data;
  WeakPasswordRule weak_passwords;
  HistoryRule history;
  PassphraseRule passphrase;
  SimilarityRule similarity;
};

}  // namespace pam_idaas::policy
