// What a check found: every violated rule with the parameters its message
// needs. Rendering into a language goes through the catalogue.
#pragma once

#include <string>
#include <vector>

#include "policy/catalogue.h"

namespace pam_idaas::policy {

// How a password falls short of the complexity rule.
struct ComplexityShortfall {
  unsigned missing_lower = 0;  // characters still needed per class
  unsigned missing_upper = 0;
  unsigned missing_digit = 0;
  unsigned missing_special = 0;
  unsigned classes_required = 0;  // set when too few classes are present
  unsigned classes_present = 0;
  bool has_lower = false, has_upper = false, has_digit = false, has_special = false;
};

// How a finding was dressed up: bits of Violation::additions.
namespace added {
inline constexpr unsigned digits = 1;
inline constexpr unsigned symbols = 2;
inline constexpr unsigned letters = 4;
inline constexpr unsigned backwards = 8;
inline constexpr unsigned disguised = 16;  // look-alike characters (p@ssw0rd) or separators (d.a.n)
}  // namespace added

struct Violation {
  Rule rule;
  unsigned first = 0;   // {0} of the numeric templates
  unsigned second = 0;  // {1}
  ComplexityShortfall complexity{};
  Finding finding = Finding::none;  // appended to the message when set
  unsigned additions = 0;           // `added` bits
};

struct Verdict {
  std::vector<Violation> violations;  // in catalogue order of the checks
  bool accepted() const { return violations.empty(); }
  bool has(Rule rule) const;
};

// The violation's message in the given language, parameters filled in.
std::string message(const Violation& violation, Language language);

}  // namespace pam_idaas::policy
