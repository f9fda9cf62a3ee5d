#include "bench/contenders.h"

#include <passwdqc.h>
#include <pwd.h>
#include <pwquality.h>

#include <stdexcept>

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

class Pwquality final : public Contender {
 public:
  explicit Pwquality(const BenchUser& user) : user_(user.username) {
    settings_ = pwquality_default_settings();
    if (settings_ == nullptr) throw std::runtime_error("pwquality_default_settings failed");
  }
  ~Pwquality() override { pwquality_free_settings(settings_); }
  Pwquality(const Pwquality&) = delete;
  Pwquality& operator=(const Pwquality&) = delete;
  const char* name() const override { return "pwquality"; }
  bool accepts(const std::string& password) const override {
    // No auxerror: pwquality then allocates no message.
    return pwquality_check(settings_, password.c_str(), nullptr, user_.c_str(), nullptr) >= 0;
  }

 private:
  std::string user_;
  pwquality_settings_t* settings_ = nullptr;
};

class Passwdqc final : public Contender {
 public:
  explicit Passwdqc(const BenchUser& user) : name_(user.username), gecos_(user.gecos()) {
    passwdqc_params_reset(&params_);
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
  bool accepts(const std::string& password) const override {
    return passwdqc_check(&params_.qc, password.c_str(), nullptr, &pw_) == nullptr;
  }

 private:
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

std::unique_ptr<Contender> make_pwquality(const BenchUser& user) {
  return std::make_unique<Pwquality>(user);
}

std::unique_ptr<Contender> make_passwdqc(const BenchUser& user) {
  return std::make_unique<Passwdqc>(user);
}

}  // namespace pam_idaas::bench
