// Inputs chosen to make a check slow: the longest input accepted for
// analysis (4 KiB), long repeats, long Pinyin-like text, many CJK characters
// and near misses of the user's own data, which make the personal-data rule
// try and fail a partial match at almost every position.
#pragma once

#include <string>
#include <vector>

#include "bench/contenders.h"

namespace pam_idaas::bench {

struct WorstCase {
  std::string label;
  std::string password;
  bool adversarial_name = false;  // checked for adversarial_user() rather than BenchUser{}
};

// 16 ideographs with the most Mandarin readings (the matcher's bound is 16
// slots): every slot has many spellings.
BenchUser adversarial_user();

std::vector<WorstCase> worst_cases();

// Random printable ASCII of each length: how the cost grows.
std::vector<std::size_t> scaling_lengths();
std::string scaling_input(std::size_t bytes);

}  // namespace pam_idaas::bench
