#include "bench/guessability.h"

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>

#include "bench/data.h"
#include "bench/report.h"
#include "config/config.h"
#include "policy/catalogue.h"
#include "policy/policy.h"

namespace pam_idaas::bench {
namespace {

// The sets and targets of issue 19, in the table's order.
struct CategorySpec {
  const char* file;
  const char* label;
  GuessTarget target;
  bool passphrases;
};
constexpr CategorySpec kCategories[] = {
    {"dressed", "common words dressed up (`Welcome22?`, `Admin15@`)", {true, 0.90}, false},
    {"pinyin", "Pinyin leaked-style (`zhangwei520`, `Woaini1314!`)", {true, 0.90}, false},
    {"keyboard", "keyboard walks and sequences (`1qaz@WSX`, `abcd1234`)", {true, 0.95}, false},
    {"personal",
     "the user's own data disguised (`W@ngxm88!`, `138-0013-8000`)",
     {true, 0.95},
     false},
    {"leaked", "leaked passwords of 8+ characters", {true, 0.99}, false},
    {"random", "random strong passwords (wrongly refused)", {false, 0.005}, false},
    {"passphrase", "4-6-word passphrases (wrongly refused)", {false, 0.02}, true},
};

constexpr unsigned kShipped = 0, kPassphrase = 1, kPwquality = 2;
constexpr double kCheckTarget = 10e-6;
constexpr double kPwqualityRatioTarget = 40;

std::string percent(std::size_t part, std::size_t whole) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%",
                100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return text;
}

std::string target_text(const GuessTarget& t) {
  char text[48];
  std::snprintf(text, sizeof text, "%s %g%% refused", t.refuse ? "≥" : "≤", 100 * t.share);
  return text;
}

bool target_met(const GuessTarget& t, std::size_t refused, std::size_t total) {
  const double share = static_cast<double>(refused) / static_cast<double>(total);
  return t.refuse ? share >= t.share : share <= t.share;
}

// One checker's answers and times over the whole corpus, category by category.
struct Results {
  std::vector<std::vector<bool>> refused;  // [category][password]
  std::vector<double> seconds;             // per password: median of the rounds
};

std::vector<std::unique_ptr<Contender>> checkers(const policy::PolicySettings& shipped,
                                                 const BenchUser& user) {
  policy::PolicySettings long_phrases = shipped;
  long_phrases.passphrase.min_length = 20;
  std::vector<std::unique_ptr<Contender>> out;
  out.push_back(make_pam_idaas(user, shipped, "pam_idaas"));
  out.push_back(make_pam_idaas(user, long_phrases, "pam_idaas, passphrase.min_length: 20"));
  out.push_back(make_pwquality(user));
  out.push_back(make_passwdqc(user, ""));
  out.push_back(make_zxcvbn(user));
  return out;
}

// CPU time of this thread: the time other processes take on a shared
// machine is not counted (the wall clock would count it).
double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// What reading the clock twice costs (a system call each, a few hundred ns):
// taken off every timed call.
double clock_overhead() {
  std::vector<double> samples(1000);
  for (double& sample : samples) {
    const double start = thread_cpu_seconds();
    sample = thread_cpu_seconds() - start;
  }
  return median_of(samples);
}

// Fisher-Yates over 0..n-1.
void shuffle(std::vector<std::size_t>& order, Rng& rng) {
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
}

// The checkers take turns on each password, in a new random order for each
// call: a burst of load falls on all of them alike, and none always follows
// the same other checker (whose data would be in the caches, or not).
std::vector<Results> run_all(const std::vector<GuessCategory>& corpus,
                             const std::vector<std::unique_ptr<Contender>>& cs, unsigned rounds) {
  const double overhead = clock_overhead();
  std::vector<Results> results(cs.size());
  std::vector<std::vector<double>> times(cs.size(), std::vector<double>(rounds));
  std::vector<std::size_t> order(cs.size());
  Rng rng(19);
  for (const auto& category : corpus) {
    for (auto& r : results) r.refused.emplace_back(category.passwords.size());
    for (std::size_t p = 0; p < category.passwords.size(); ++p) {
      const std::string& password = category.passwords[p];
      for (unsigned round = 0; round < rounds; ++round) {
        shuffle(order, rng);
        for (const std::size_t k : order) {
          const double start = thread_cpu_seconds();
          const bool accepted = cs[k]->accepts(password);
          times[k][round] = thread_cpu_seconds() - start - overhead;
          results[k].refused.back()[p] = !accepted;
        }
      }
      for (std::size_t k = 0; k < cs.size(); ++k) results[k].seconds.push_back(median_of(times[k]));
    }
  }
  return results;
}

std::size_t count(const std::vector<bool>& refused) {
  std::size_t n = 0;
  for (const bool r : refused) n += r;
  return n;
}

// Counts, largest first, as "name 61%, other 2.0%", at most `limit` of them
// ("..." stands for the rest); `detail` adds to a name what follows its share.
std::string ranked(const std::map<std::string, std::size_t>& counts, std::size_t total,
                   std::size_t limit, const std::map<std::string, std::string>& detail = {}) {
  std::vector<std::pair<std::size_t, std::string>> order;
  for (const auto& [name, n] : counts) order.emplace_back(n, name);
  std::sort(order.rbegin(), order.rend());
  if (order.size() > limit) order.resize(limit);
  std::string out;
  for (const auto& [n, name] : order) {
    const auto more = detail.find(name);
    out += (out.empty() ? "" : ", ") + name + " " + percent(n, total) +
           (more == detail.end() ? "" : more->second);
  }
  return counts.size() > limit ? out + ", ..." : out;
}

// Which of pam_idaas's rules refused the set's passwords, and what they found
// where they say ("complexity 61%, weak 30% (Pinyin words 28%, a date or year
// 2.0%)"); a password that breaks two rules counts for both.
std::string refused_by(const GuessCategory& category, const policy::Policy& policy,
                       const BenchUser& user) {
  const policy::UserData data{user.username, user.real_name, user.mobile, user.email};
  std::map<std::string, std::size_t> rules;
  std::map<std::string, std::map<std::string, std::size_t>> findings;
  for (const auto& password : category.passwords) {
    for (const auto& v : policy.check(password, data).violations) {
      const std::string rule(policy::info(v.rule).id);
      ++rules[rule];
      if (v.finding != policy::Finding::none) {
        ++findings[rule][std::string(policy::finding_text(v.finding, policy::Language::en))];
      }
    }
  }
  const std::size_t total = category.passwords.size();
  std::map<std::string, std::string> detail;
  for (const auto& [rule, found] : findings) detail[rule] = " (" + ranked(found, total, 3) + ")";
  const std::string out = ranked(rules, total, 4, detail);
  return out.empty() ? "-" : out;
}

void speed_row(Table& t, const std::vector<std::unique_ptr<Contender>>& cs,
               const std::vector<Results>& results, std::size_t total) {
  std::vector<double> medians;
  for (const auto& r : results) medians.push_back(median_of(r.seconds));
  const double base = medians[kShipped];
  std::vector<std::string> row{"check, median per password over all " + grouped(total) +
                               " (thread CPU time)"};
  for (std::size_t k = 0; k < cs.size(); ++k) {
    row.push_back(k == kShipped ? duration(base)
                                : duration(medians[k]) + " (" + times(medians[k] / base) + ")");
  }
  const double ratio = medians[kPwquality] / base;
  row.push_back("≤ 10 µs; ≥ 40× pwquality");
  row.push_back(std::string(base <= kCheckTarget ? "yes" : "**no**") + ", " +
                (ratio >= kPwqualityRatioTarget ? "yes" : "**no**"));
  row.push_back("");
  t.row(std::move(row));
}

}  // namespace

std::vector<GuessCategory> read_guess_corpus(const std::string& dir) {
  std::vector<GuessCategory> out;
  for (const auto& spec : kCategories) {
    GuessCategory category{spec.file, spec.label, spec.target, spec.passphrases, {}};
    const std::string path = dir + "/" + spec.file + ".txt";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path + " (bench/corpus/make_corpus.py)");
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) category.passwords.push_back(line);
    }
    if (category.passwords.empty()) throw std::runtime_error(path + " is empty");
    out.push_back(std::move(category));
  }
  return out;
}

policy::PolicySettings shipped_policy(const std::string& config_path) {
  const config::LoadResult loaded = config::load_file(config_path);
  if (!loaded.ok()) {
    throw std::runtime_error(config_path + ": " + loaded.errors.front().to_string());
  }
  return loaded.config.policy;
}

std::string guessability_table(const std::vector<GuessCategory>& corpus,
                               const policy::PolicySettings& shipped, const BenchUser& user,
                               const GuessOptions& options) {
  const auto cs = checkers(shipped, user);
  const std::vector<Results> results = run_all(corpus, cs, options.rounds);
  const policy::Policy policy(shipped);
  Table t({"set (1,000 each)", cs[0]->name(), cs[1]->name(), cs[2]->name(), cs[3]->name(),
           "zxcvbn-c (< 1e8 guesses)", "target", "met", "pam_idaas: refused by"});
  std::size_t total = 0;
  for (std::size_t c = 0; c < corpus.size(); ++c) {
    const std::size_t n = corpus[c].passwords.size();
    total += n;
    std::vector<std::string> row{corpus[c].label + (n == 1000 ? "" : " (" + grouped(n) + ")")};
    for (const auto& r : results) row.push_back(percent(count(r.refused[c]), n));
    // The cell the target is judged on, in bold.
    const std::size_t judged = corpus[c].passphrases ? kPassphrase : kShipped;
    row[1 + judged] = "**" + row[1 + judged] + "**";
    row.push_back(target_text(corpus[c].target));
    row.push_back(target_met(corpus[c].target, count(results[judged].refused[c]), n) ? "yes"
                                                                                     : "**no**");
    row.push_back(refused_by(corpus[c], policy, user));
    t.row(std::move(row));
  }
  speed_row(t, cs, results, total);
  return t.markdown();
}

}  // namespace pam_idaas::bench
