// The guessability table of issue 19: how many passwords of each held-out set
// (bench/corpus/) each checker refuses, against the targets, and how
// long each checker takes per check over those passwords.
#pragma once

#include <string>
#include <vector>

#include "bench/contenders.h"
#include "policy/settings.h"

namespace pam_idaas::bench {

struct GuessTarget {
  bool refuse = true;  // true: at least `share` refused; false: at most `share` refused
  double share = 0;    // 0..1
};

struct GuessCategory {
  std::string file;   // "dressed" (bench/corpus/dressed.txt)
  std::string label;  // the table's row
  GuessTarget target;
  bool passphrases = false;  // judged on pam_idaas with passphrase.min_length 20
  std::vector<std::string> passwords;
};

// Every set of `dir`, in the table's order; throws when one is missing or empty.
std::vector<GuessCategory> read_guess_corpus(const std::string& dir);

// The packaged sample config's policy (packaging/pam_idaas.yaml): the shipped
// defaults; throws when it does not load.
policy::PolicySettings shipped_policy(const std::string& config_path);

struct GuessOptions {
  unsigned rounds = 5;  // timed calls per password and checker; the median counts
};

// Checks every password with every checker (the checkers take turns on each
// password, so that a load on the machine falls on all alike) and returns the
// table in markdown, with its heading.
std::string guessability_table(const std::vector<GuessCategory>& corpus,
                               const policy::PolicySettings& shipped, const BenchUser& user,
                               const GuessOptions& options);

}  // namespace pam_idaas::bench
