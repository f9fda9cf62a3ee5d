// Policies with exactly the rules a test is about, so that each assertion
// names the only violations that can occur.
#pragma once

#include <vector>

#include "policy/policy.h"

inline pam_idaas::policy::PolicySettings no_rules() {
  pam_idaas::policy::PolicySettings s;
  s.length = {1, 4096};
  s.complexity = {0, 0, 0, 0, 0};
  s.max_consecutive_repeats = 0;
  s.username = {false, false, false};
  s.personal_data = {false, false, false, false, 3, 4, false};
  s.weak_passwords.builtin_list = false;
  s.weak_passwords.guessable = false;
  s.history.remember = 0;
  return s;
}

inline std::vector<pam_idaas::policy::Rule> rules_of(const pam_idaas::policy::Verdict& verdict) {
  std::vector<pam_idaas::policy::Rule> out;
  for (const auto& v : verdict.violations) out.push_back(v.rule);
  return out;
}
