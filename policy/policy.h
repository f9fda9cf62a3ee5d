// The policy engine's entry point: one object built from the settings, one
// call that reports every rule a password breaks.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "policy/breach_filter.h"
#include "policy/guess/estimate.h"
#include "policy/history.h"
#include "policy/personal_data.h"
#include "policy/settings.h"
#include "policy/verdict.h"
#include "policy/weak_list.h"

namespace pam_idaas::policy {

// What a check knows of the passwords the user had before.
struct Previous {
  const PasswordHistory* history = nullptr;  // the history store, when enabled
  // The password being replaced, when the caller verified it (a self-service
  // change); empty when unknown (an administrator's reset).
  std::string_view current;
};

class Policy {
 public:
  // Throws WeakListError when an extra weak-password list or a breached-password
  // filter cannot be used.
  explicit Policy(PolicySettings settings);

  // Every rule except history.
  Verdict check(std::string_view password, const UserData& user) const;

  // Every rule, history included when `history` is given and enabled.
  // Throws HistoryError when the history store cannot be used.
  Verdict check(std::string_view password, const UserData& user,
                const PasswordHistory* history) const;

  // Every rule; history as above, and similarity to `previous.current` when
  // it is known.
  Verdict check(std::string_view password, const UserData& user, const Previous& previous) const;

  // The old password a self-service change presents (PWD.0011).
  static Verdict check_old_password(std::string_view old_password);

  const PolicySettings& settings() const { return settings_; }
  const std::vector<BreachFilter>& filters() const { return filters_; }

 private:
  bool breached(std::string_view password) const;
  // The weak rule: on a list (exact), or guessable in too few guesses.
  std::optional<Violation> weak(std::string_view password, std::u32string_view text,
                                std::u32string_view folded) const;

  PolicySettings settings_;
  WeakList weak_;
  std::vector<BreachFilter> filters_;
  guess::Estimator estimator_;
};

}  // namespace pam_idaas::policy
