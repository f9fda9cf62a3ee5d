// The three password checkers the benchmark compares, behind one call, each
// given the same user in the form its API takes.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "policy/policy.h"

struct pwquality_settings;

namespace pam_idaas::bench {

// The benchmark's user: what pam_idaas gets from the tenant, what the other
// two get from the passwd entry (user name; the GECOS field holds the rest).
struct BenchUser {
  std::string username = "wangxm";
  std::string real_name = "王晓明";
  std::string mobile = "+86 138 0013 8000";
  std::string email = "xiaoming.wang@example.cn";
  std::string gecos() const { return real_name + ",," + mobile + ",," + email; }
};

class Contender {
 public:
  virtual ~Contender() = default;
  virtual const char* name() const = 0;
  // `password` is NUL-terminated (the C libraries need that).
  virtual bool accepts(const std::string& password) const = 0;
  // Whether the checker looks at the password beyond its length (and, for
  // passwdqc, its character classes) before answering: the passwords whose
  // times compare analysis with analysis.
  virtual bool analyses(const std::string&) const { return true; }
};

// pam_idaas: every rule but history (the engine's check() without a history
// store), the built-in list, an extra word list and the given filters.
std::unique_ptr<Contender> make_pam_idaas(const BenchUser& user,
                                          const std::vector<std::string>& filters,
                                          bool name_initials = true);

// pam_idaas with the given settings as they are (no extra words or filters
// added), reported under `name`: the guessability table's shipped config.
std::unique_ptr<Contender> make_pam_idaas(const BenchUser& user, policy::PolicySettings settings,
                                          const char* name);

// libpwquality with its compiled-in defaults, which Debian's shipped
// /etc/security/pwquality.conf (every line commented) leaves unchanged:
// minlen 8, difok 1, dictcheck (cracklib, Debian's dictionary) and usercheck
// on; plus gecoscheck, so that it gets the user data pam_idaas gets: it reads
// the GECOS field of getpwnam(user) (scripts/bench provides that entry through
// nss_wrapper). The host's config file is not read: the numbers must not
// depend on it.
std::unique_ptr<Contender> make_pwquality(const BenchUser& user);

// passwdqc with passwdqc_params_reset(): its defaults (min=disabled,24,11,8,7,
// max=72, passphrase=3, match=4, similar=deny), and `filter` (pwqfilter's,
// built from the list pam_idaas's filter holds) unless empty.
std::unique_ptr<Contender> make_passwdqc(const BenchUser& user, const std::string& filter);

// zxcvbn-c (libzxcvbn, its built-in dictionaries): refuses a password it
// estimates at fewer than 10^8 guesses (26.575 bits), the bar of issue 19's
// table. Its user dictionary holds the user's data as given and the parts an
// attacker would try: login, real name, mobile (as given and in digits only),
// email, its local part and that part's pieces.
std::unique_ptr<Contender> make_zxcvbn(const BenchUser& user);

}  // namespace pam_idaas::bench
