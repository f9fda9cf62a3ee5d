#include "bench/contenders.h"

#include <passwdqc.h>
#include <pwd.h>
#include <pwquality.h>
#include <zxcvbn.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace pam_idaas::bench {
namespace {

class PamIdaas final : public Contender {
 public:
  PamIdaas(const BenchUser& user, const std::vector<std::string>& filters, bool name_initials)
      : user_(user), policy_(settings(filters, name_initials)) {}
  const char* name() const override { return "pam_idaas"; }
  bool accepts(const std::string& password) const override {
    const policy::UserData data{user_.username, user_.real_name, user_.mobile, user_.email};
    return policy_.check(password, data).accepted();
  }

 private:
  static policy::PolicySettings settings(const std::vector<std::string>& filters,
                                         bool name_initials) {
    policy::PolicySettings s;  // the shipped defaults: every rule on
    s.personal_data.name_initials = name_initials;
    s.weak_passwords.words = {"examplecorp", "idaas", "wangxiaoming2024"};
    s.weak_passwords.filters = filters;
    return s;
  }

  BenchUser user_;
  policy::Policy policy_;
};

class ShippedPamIdaas final : public Contender {
 public:
  ShippedPamIdaas(const BenchUser& user, policy::PolicySettings settings, const char* name)
      : user_(user), policy_(std::move(settings)), name_(name) {}
  const char* name() const override { return name_; }
  bool accepts(const std::string& password) const override {
    const policy::UserData data{user_.username, user_.real_name, user_.mobile, user_.email};
    return policy_.check(password, data).accepted();
  }

 private:
  BenchUser user_;
  policy::Policy policy_;
  const char* name_;
};

class Zxcvbn final : public Contender {
 public:
  explicit Zxcvbn(const BenchUser& user) {
    std::string digits;
    for (const char c : user.mobile) {
      if (c >= '0' && c <= '9') digits += c;
    }
    const std::string local = user.email.substr(0, user.email.find('@'));
    // The mobile also without its country code (+86).
    words_ = {user.username,
              user.real_name,
              user.mobile,
              digits,
              digits.size() > 2 ? digits.substr(2) : digits,
              user.email,
              local};
    for (std::size_t start = 0; start < local.size();) {
      const std::size_t end = std::min(local.find_first_of("._-+", start), local.size());
      if (end > start && end - start < local.size()) {
        words_.push_back(local.substr(start, end - start));
      }
      start = end + 1;
    }
    for (const auto& w : words_) dict_.push_back(w.c_str());
    dict_.push_back(nullptr);
  }
  Zxcvbn(const Zxcvbn&) = delete;
  Zxcvbn& operator=(const Zxcvbn&) = delete;
  const char* name() const override { return "zxcvbn-c"; }
  bool accepts(const std::string& password) const override {
    return ZxcvbnMatch(password.c_str(), const_cast<const char**>(dict_.data()), nullptr) >=
           kMinBits;
  }

 private:
  // log2(10^8): fewer guesses than this is refused.
  static inline const double kMinBits = 8 * std::log2(10.0);
  std::vector<std::string> words_;
  std::vector<const char*> dict_;
};

class Pwquality final : public Contender {
 public:
  explicit Pwquality(const BenchUser& user) : user_(user.username) {
    settings_ = pwquality_default_settings();
    if (settings_ == nullptr) throw std::runtime_error("pwquality_default_settings failed");
    // Off in Debian's defaults; on here, so that pwquality too looks for the
    // user's name, mobile and email (from the passwd entry's GECOS field).
    if (pwquality_set_int_value(settings_, PWQ_SETTING_GECOS_CHECK, 1) != 0) {
      pwquality_free_settings(settings_);
      throw std::runtime_error("pwquality: cannot turn the GECOS check on");
    }
  }
  ~Pwquality() override { pwquality_free_settings(settings_); }
  Pwquality(const Pwquality&) = delete;
  Pwquality& operator=(const Pwquality&) = delete;
  const char* name() const override { return "pwquality"; }
  bool accepts(const std::string& password) const override { return check(password) >= 0; }
  // Too short is decided before any rule reads the password.
  bool analyses(const std::string& password) const override {
    const int result = check(password);
    return result != PWQ_ERROR_MIN_LENGTH && result != PWQ_ERROR_EMPTY_PASSWORD;
  }

 private:
  // No auxerror: pwquality then allocates no message.
  int check(const std::string& password) const {
    return pwquality_check(settings_, password.c_str(), nullptr, user_.c_str(), nullptr);
  }

  std::string user_;
  pwquality_settings_t* settings_ = nullptr;
};

class Passwdqc final : public Contender {
 public:
  Passwdqc(const BenchUser& user, const std::string& filter)
      : name_(user.username), gecos_(user.gecos()) {
    passwdqc_params_reset(&params_);
    if (!filter.empty()) {
      const std::string option = "filter=" + filter;
      const char* argv[] = {option.c_str()};
      char* reason = nullptr;
      if (passwdqc_params_parse(&params_, &reason, 1, argv) != 0) {
        const std::string why = reason != nullptr ? reason : "unknown reason";
        std::free(reason);
        passwdqc_params_free(&params_);
        throw std::runtime_error("passwdqc: " + option + ": " + why);
      }
    }
    pw_.pw_name = name_.data();
    pw_.pw_passwd = password_field_.data();
    pw_.pw_gecos = gecos_.data();
    pw_.pw_dir = dir_.data();
    pw_.pw_shell = shell_.data();
  }
  ~Passwdqc() override { passwdqc_params_free(&params_); }
  Passwdqc(const Passwdqc&) = delete;
  Passwdqc& operator=(const Passwdqc&) = delete;
  const char* name() const override { return "passwdqc"; }
  bool accepts(const std::string& password) const override { return check(password) == nullptr; }
  // Refusals on length and character classes alone come before its word,
  // sequence, personal-data and filter checks, in tens of nanoseconds.
  bool analyses(const std::string& password) const override {
    const char* reason = check(password);
    if (reason == nullptr) return true;
    const std::string_view why = reason;
    return why != "too short" && !why.starts_with("not enough different characters or classes");
  }

 private:
  const char* check(const std::string& password) const {
    return passwdqc_check(&params_.qc, password.c_str(), nullptr, &pw_);
  }

  std::string name_, gecos_;
  std::string password_field_ = "x", dir_ = "/home/wangxm", shell_ = "/bin/bash";
  passwdqc_params_t params_{};
  struct passwd pw_ {};
};

}  // namespace

std::unique_ptr<Contender> make_pam_idaas(const BenchUser& user,
                                          const std::vector<std::string>& filters,
                                          bool name_initials) {
  return std::make_unique<PamIdaas>(user, filters, name_initials);
}

std::unique_ptr<Contender> make_pam_idaas(const BenchUser& user, policy::PolicySettings settings,
                                          const char* name) {
  return std::make_unique<ShippedPamIdaas>(user, std::move(settings), name);
}

std::unique_ptr<Contender> make_zxcvbn(const BenchUser& user) {
  return std::make_unique<Zxcvbn>(user);
}

std::unique_ptr<Contender> make_pwquality(const BenchUser& user) {
  return std::make_unique<Pwquality>(user);
}

std::unique_ptr<Contender> make_passwdqc(const BenchUser& user, const std::string& filter) {
  return std::make_unique<Passwdqc>(user, filter);
}

}  // namespace pam_idaas::bench
