// What the weak rule's message names: the main piece of the cheapest
// decomposition, and the kinds of characters added around it.
#pragma once

#include "policy/catalogue.h"
#include "policy/guess/estimate.h"

namespace pam_idaas::policy::guess {

struct WeakFinding {
  Finding finding = Finding::none;
  unsigned additions = 0;  // policy::added bits
};

// Main piece: the kind of pattern covering most characters (dates only when
// nothing else is there); two kinds of similar weight (the lighter over 4/5 of the
// heavier) make "patterns".
WeakFinding describe(const Estimate& estimate, const Text& text);

}  // namespace pam_idaas::policy::guess
