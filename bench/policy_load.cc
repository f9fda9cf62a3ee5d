// pam-idaas-policy-load: the policy side of one PAM call, as the module pays
// it: config::load_file (read, parse, validate), policy::Policy built from
// it, one check. These are the very functions pam_module/preparation.cc and
// change.cc call.
//
//   pam-idaas-policy-load CONFIG once       one call, timed inside this fresh process
//   pam-idaas-policy-load CONFIG warm N     N calls in a row; prints the median per call
//
// A PAM call in sshd or passwd runs in a process that has loaded the config
// no time before, so "once" is the figure that matters; scripts/bench starts it
// many times, interleaved with the rest, and takes the median. "warm" shows
// what is left when caches and the allocator are warm.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "config/config.h"
#include "policy/policy.h"

namespace {

// The benchmark's user and a password every rule has to read to the end.
constexpr const char* kPassword = "Tr0ub4dor&3-Horse";

double now_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

// One PAM call's policy side; false when the config or the policy cannot be used.
bool one_call(const std::string& path) {
  using namespace pam_idaas;
  const config::LoadResult loaded = config::load_file(path);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) std::fprintf(stderr, "%s\n", e.to_string().c_str());
    return false;
  }
  const policy::Policy policy(loaded.config.policy);
  const policy::UserData user{"wangxm", "王晓明", "+86 138 0013 8000", "xiaoming.wang@example.cn"};
  return policy.check(kPassword, user).accepted();
}

double timed_call(const std::string& path) {
  const double start = now_ns();
  if (!one_call(path)) {
    std::fprintf(stderr, "pam-idaas-policy-load: %s: the check did not accept the password\n",
                 path.c_str());
    std::exit(1);
  }
  return now_ns() - start;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 2 ? argv[2] : "";
  if (argc < 3 || (mode != "once" && mode != "warm") || (mode == "warm" && argc < 4)) {
    std::fprintf(stderr, "Usage: pam-idaas-policy-load CONFIG once | CONFIG warm N\n");
    return 2;
  }
  const std::string path = argv[1];
  if (mode == "once") {
    std::printf("%.0f\n", timed_call(path));
    return 0;
  }
  const long count = std::max(1L, std::strtol(argv[3], nullptr, 10));
  std::vector<double> times;
  for (long i = 0; i < count; ++i) times.push_back(timed_call(path));
  std::ranges::nth_element(times, times.begin() + count / 2);
  std::printf("%.0f\n", times[static_cast<std::size_t>(count / 2)]);
  return 0;
}
