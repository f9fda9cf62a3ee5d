// pam-idaas-bench: every benchmark of issue 7 in one process run, printed as
// one table. pam_idaas, pwquality and passwdqc check the same passwords for
// the same user, their repetitions interleaved at random, so that a load on
// the machine falls on all three alike and the ratios hold. scripts/bench
// builds and runs it; docs/performance.md explains the method.
#include <benchmark/benchmark.h>
#include <pwd.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/contenders.h"
#include "bench/data.h"
#include "bench/filter_builds.h"
#include "bench/guessability.h"
#include "bench/report.h"
#include "bench/worst_cases.h"
#include "policy/breach_filter.h"
#include "policy/password_digest.h"

namespace pam_idaas::bench {
namespace {

constexpr const char* kUsage =
    "Usage: pam-idaas-bench [--data DIR] [--large] [--quick] [--detail] [--markdown FILE]\n"
    "                       [--reuse-filters] [--cli PATH] [--corpus PATH] [--passwd-entry]\n"
    "                       [--guessability] [--guess-corpus DIR] [--config FILE]\n"
    "                       [Google Benchmark flags]\n"
    "\n"
    "--data DIR       where generated lists and filters are kept (default: bench-data)\n"
    "--large          also the 100M-entry filter (about 1.3 GB of list, minutes to build)\n"
    "--quick          fewer and shorter repetitions: a trial run, not numbers to publish\n"
    "--detail         Google Benchmark's own output as well as the table\n"
    "--markdown FILE  also write the table to FILE\n"
    "--reuse-filters  keep the filters an earlier run built (and its build numbers, marked)\n"
    "--guessability   only the guessability table (held-out corpus, about a minute)\n"
    "--guess-corpus DIR  the held-out corpus (default: bench/corpus)\n"
    "--config FILE    the shipped config whose policy the guessability table uses\n"
    "                 (default: packaging/pam_idaas.yaml)\n"
    "--passwd-entry   print the bench user's passwd line (for nss_wrapper) and exit\n";

struct Options {
  std::string data_dir = "bench-data";
  std::string cli = PAM_IDAAS_CLI;
  std::string corpus = PAM_IDAAS_BENCH_CORPUS;
  std::string guess_corpus = PAM_IDAAS_BENCH_GUESS_CORPUS;
  std::string config = PAM_IDAAS_SHIPPED_CONFIG;
  std::string markdown;
  bool large = false;
  bool quick = false;
  bool detail = false;
  bool reuse_filters = false;
  bool guessability_only = false;
};

constexpr std::uint64_t kMillion = 1'000'000;
constexpr std::size_t kProbes = kMillion;  // passwords not in the set, for the FPR
constexpr std::size_t kLookupKeys = 1 << 16;

// Targets of issue 7.
constexpr double kCheckTarget = 10e-6;
constexpr double kPwqualityRatioTarget = 40;
constexpr double kPasswdqcRatioTarget = 200;
constexpr double kWorstTarget = 1e-3;
constexpr double kLookupTarget = 1e-6;
constexpr double kBuildRateTarget = 1e6;
constexpr double kBitsTarget = 20;
constexpr double kFprTarget = 1e-4;
constexpr double kLargeRssTarget = 24.0 * 1024 * 1024;  // KiB

struct FilterSize {
  std::uint64_t entries;
  std::string label;  // "10M"
  std::string list;   // the generated list it is built from
  std::string path;
  BuildResult build;
  bool reused = false;  // build numbers of an earlier run (--reuse-filters)
  std::unique_ptr<policy::BreachFilter> filter;
  std::uint64_t false_positives = 0;
};

struct Suite {
  Options options;
  std::vector<CorpusEntry> corpus;
  std::vector<FilterSize> sizes;
  std::vector<std::string> probes;
  std::vector<std::array<unsigned char, 20>> digests;  // SHA-1 of the first kLookupKeys probes
  // pam_idaas (the 10M filter), pwquality, passwdqc, zxcvbn-c: for BenchUser{}, then
  // for adversarial_user().
  std::vector<std::unique_ptr<Contender>> contenders;
  std::vector<std::unique_ptr<Contender>> adversarial;
  // pam_idaas without a filter, then with each size's.
  std::vector<std::unique_ptr<Contender>> by_filter;
  std::vector<WorstCase> worst;
  std::vector<std::string> scaling;
  std::string load_before;
};

Options parse(int& argc, char** argv) {
  Options o;
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--data") {
      o.data_dir = value();
    } else if (arg == "--cli") {
      o.cli = value();
    } else if (arg == "--corpus") {
      o.corpus = value();
    } else if (arg == "--guess-corpus") {
      o.guess_corpus = value();
    } else if (arg == "--config") {
      o.config = value();
    } else if (arg == "--guessability") {
      o.guessability_only = true;
    } else if (arg == "--markdown") {
      o.markdown = value();
    } else if (arg == "--large") {
      o.large = true;
    } else if (arg == "--quick") {
      o.quick = true;
    } else if (arg == "--detail") {
      o.detail = true;
    } else if (arg == "--reuse-filters") {
      o.reuse_filters = true;
    } else if (arg == "--passwd-entry") {
      // For scripts/bench's nss_wrapper passwd file: pwquality's GECOS check reads it.
      const BenchUser user;
      std::cout << user.username << ":x:1000:1000:" << user.gecos() << ":/home/" << user.username
                << ":/bin/bash\n";
      std::exit(0);
    } else if (arg == "--help") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg.starts_with("--benchmark_")) {
      rest.push_back(argv[i]);
    } else {
      throw std::invalid_argument("unknown argument " + arg + "\n" + kUsage);
    }
  }
  for (std::size_t i = 0; i < rest.size(); ++i) argv[i] = rest[i];
  argc = static_cast<int>(rest.size());
  return o;
}

std::string first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("model name")) return line.substr(line.find(':') + 2);
  }
  return "unknown CPU";
}

// "1M", "10M", "100M"
std::string size_label(std::uint64_t entries) { return std::to_string(entries / kMillion) + "M"; }

void note(const std::string& text) { std::cerr << "pam-idaas-bench: " << text << std::endl; }

void prepare_filters(Suite& s) {
  std::vector<std::string> breached;
  for (const auto& entry : s.corpus) {
    if (entry.kind == "breached") breached.push_back(entry.password);
  }
  std::vector<std::uint64_t> counts{kMillion, 10 * kMillion};
  if (s.options.large) counts.push_back(100 * kMillion);
  for (const std::uint64_t count : counts) {
    FilterSize size{count, size_label(count), "", "", {}, false, nullptr, 0};
    note("list of " + size.label + " generated passwords (cached) ...");
    const std::string list = password_list(s.options.data_dir, count, breached);
    size.list = list;
    const std::string stem = s.options.data_dir + "/filter-" + size.label;
    size.path = stem + ".pidf";
    if (s.options.reuse_filters) {
      if (auto earlier = reuse_build(size.path, stem + ".result")) {
        size.build = *earlier;
        size.reused = true;
        s.sizes.push_back(std::move(size));
        continue;
      }
    }
    note("pam-idaas filter build, " + size.label + " ...");
    size.build = build_filter(s.options.cli, list, size.path, stem + ".log", stem + ".result");
    s.sizes.push_back(std::move(size));
  }
}

void measure_false_positives(Suite& s) {
  note("false-positive rate over " + grouped(kProbes) + " passwords not in the lists ...");
  s.probes = absent_passwords(kProbes, 7);
  for (auto& size : s.sizes) {
    size.filter = std::make_unique<policy::BreachFilter>(size.path);
    size.filter->verify();  // reads every page: the warm lookups find them mapped
    for (const auto& probe : s.probes) size.false_positives += size.filter->contains(probe);
  }
  s.digests.resize(kLookupKeys);
  for (std::size_t i = 0; i < kLookupKeys; ++i) {
    const policy::PasswordDigest digest(s.probes[i], policy::breach_filter::KeyType::sha1);
    std::memcpy(s.digests[i].data(), digest.bytes.data(), 20);
  }
}

const FilterSize& size_named(const Suite& s, std::uint64_t entries) {
  for (const auto& size : s.sizes) {
    if (size.entries == entries) return size;
  }
  throw std::logic_error("no filter of that size");
}

// passwdqc gets the list pam_idaas's 10M filter holds, through its own filter.
std::string passwdqc_filter(const Suite& s) {
  const FilterSize& size = size_named(s, 10 * kMillion);
  const std::string path = s.options.data_dir + "/pwqfilter-" + size.label + ".pwq";
  note("pwqfilter --create, " + size.label + " (kept while newer than its list) ...");
  build_pwqfilter(size.list, size.entries, path, s.options.data_dir + "/pwqfilter.log");
  return path;
}

void make_contenders(Suite& s) {
  const std::vector<std::string> ten_million{size_named(s, 10 * kMillion).path};
  const std::string qc_filter = passwdqc_filter(s);
  const BenchUser user;
  s.contenders.push_back(make_pam_idaas(user, ten_million));
  s.contenders.push_back(make_pwquality(user));
  s.contenders.push_back(make_passwdqc(user, qc_filter));
  s.contenders.push_back(make_zxcvbn(user));
  const BenchUser odd = adversarial_user();
  s.adversarial.push_back(make_pam_idaas(odd, ten_million));
  s.adversarial.push_back(make_pwquality(odd));
  s.adversarial.push_back(make_passwdqc(odd, qc_filter));
  s.adversarial.push_back(make_zxcvbn(odd));
  s.by_filter.push_back(make_pam_idaas(user, {}));
  for (const auto& size : s.sizes) s.by_filter.push_back(make_pam_idaas(user, {size.path}));
  s.worst = worst_cases();
  for (std::size_t length : scaling_lengths()) s.scaling.push_back(scaling_input(length));
}

benchmark::internal::Benchmark* configure(benchmark::internal::Benchmark* b, const Options& o) {
  return b->Repetitions(o.quick ? 3 : 5)
      ->ReportAggregatesOnly(true)
      ->MinTime(o.quick ? 0.005 : 0.02)
      ->Unit(benchmark::kNanosecond);
}

void register_check(const std::string& name, const Contender* c, const std::string* password,
                    const Options& o) {
  configure(benchmark::RegisterBenchmark(name.c_str(),
                                         [c, password](benchmark::State& state) {
                                           for (auto _ : state) {
                                             benchmark::DoNotOptimize(c->accepts(*password));
                                           }
                                         }),
            o);
}

std::string check_name(const Contender& c, const std::string& what, std::size_t index) {
  return std::string("check/") + c.name() + "/" + what + "/" + std::to_string(index);
}

void register_all(Suite& s) {
  const Options& o = s.options;
  for (std::size_t i = 0; i < s.corpus.size(); ++i) {
    for (const auto& c : s.contenders) {
      register_check(check_name(*c, "corpus", i), c.get(), &s.corpus[i].password, o);
    }
  }
  for (std::size_t i = 0; i < s.scaling.size(); ++i) {
    for (const auto& c : s.contenders) {
      register_check(check_name(*c, "length", i), c.get(), &s.scaling[i], o);
    }
  }
  for (std::size_t i = 0; i < s.worst.size(); ++i) {
    for (const auto& c : s.worst[i].adversarial_name ? s.adversarial : s.contenders) {
      register_check(check_name(*c, "worst", i), c.get(), &s.worst[i].password, o);
    }
  }
  // The whole corpus per iteration: the mean check as the filter grows.
  for (std::size_t f = 0; f < s.by_filter.size(); ++f) {
    const Contender* c = s.by_filter[f].get();
    const auto* corpus = &s.corpus;
    configure(
        benchmark::RegisterBenchmark(("corpus_by_filter/" + std::to_string(f)).c_str(),
                                     [c, corpus](benchmark::State& state) {
                                       for (auto _ : state) {
                                         for (const auto& entry : *corpus) {
                                           benchmark::DoNotOptimize(c->accepts(entry.password));
                                         }
                                       }
                                     }),
        o);
  }
  for (const auto& size : s.sizes) {
    const policy::BreachFilter* filter = size.filter.get();
    const auto* probes = &s.probes;
    const auto* digests = &s.digests;
    const std::string* path = &size.path;
    configure(
        benchmark::RegisterBenchmark(("filter/" + size.label + "/lookup").c_str(),
                                     [filter, probes](benchmark::State& state) {
                                       std::size_t i = 0;
                                       for (auto _ : state) {
                                         benchmark::DoNotOptimize(filter->contains((*probes)[i]));
                                         i = (i + 1) % kLookupKeys;
                                       }
                                     }),
        o);
    configure(
        benchmark::RegisterBenchmark(("filter/" + size.label + "/digest").c_str(),
                                     [filter, digests](benchmark::State& state) {
                                       std::size_t i = 0;
                                       for (auto _ : state) {
                                         const auto& d = (*digests)[i];
                                         benchmark::DoNotOptimize(filter->contains_digest(
                                             {reinterpret_cast<const char*>(d.data()), d.size()}));
                                         i = (i + 1) % kLookupKeys;
                                       }
                                     }),
        o);
    configure(
        benchmark::RegisterBenchmark(("filter/" + size.label + "/open").c_str(),
                                     [path, probes](benchmark::State& state) {
                                       std::size_t i = 0;
                                       for (auto _ : state) {
                                         const policy::BreachFilter opened(*path);
                                         benchmark::DoNotOptimize(opened.contains((*probes)[i]));
                                         i = (i + 1) % kLookupKeys;
                                       }
                                     }),
        o);
  }
}

std::string met(bool ok) { return ok ? "yes" : "**no**"; }
std::string met(double value, double limit, bool at_least = false) {
  if (std::isnan(value)) return "—";
  return met(at_least ? value >= limit : value <= limit);
}

std::string with_ratio(double value, double base) {
  return duration(value) + " (" + times(value / base) + ")";
}

std::string fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string scientific(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1e", value);
  return text;
}

// The rivals refuse some passwords on length alone (passwdqc also on classes),
// in tens of nanoseconds: over the whole corpus their medians then compare a
// length test with pam_idaas's full analysis. These rows compare analysis with
// analysis: each rival's median over the passwords it analyses, against
// pam_idaas's median over the same passwords.
void analysed_rows(Table& t, const Suite& s, const std::vector<std::vector<double>>& all) {
  const auto& cs = s.contenders;
  std::vector<std::string> cells(3);
  std::vector<std::string> counts(3);
  std::string base_cells;
  for (std::size_t k = 1; k < 3; ++k) {
    std::vector<double> ours, theirs;
    for (std::size_t i = 0; i < s.corpus.size(); ++i) {
      if (!cs[k]->analyses(s.corpus[i].password)) continue;
      ours.push_back(all[0][i]);
      theirs.push_back(all[k][i]);
    }
    counts[k] = std::to_string(ours.size()) + " of " + std::to_string(s.corpus.size());
    if (ours.empty()) {
      cells[k] = "—";
      continue;
    }
    const double base = median_of(ours);
    cells[k] = with_ratio(median_of(theirs), base) + ", " + counts[k];
    base_cells += (base_cells.empty() ? "" : " / ") + duration(base);
  }
  t.row(
      {"policy check, median over the passwords each rival analyses (not refused on length "
       "alone); pam_idaas over the same passwords (pwquality's / passwdqc's)",
       base_cells, cells[1], cells[2], "", "", ""});
}

Table make_table(const Suite& s, const Collector& results) {
  const auto& cs = s.contenders;
  // A benchmark left out by --benchmark_filter shows as "—".
  auto cpu = [&](const std::string& name) {
    return results.has(name) ? results.median(name).cpu : std::nan("");
  };
  Table t({"measure", "pam_idaas", "pwquality", "passwdqc", "zxcvbn-c", "target", "met"});

  // Per-password medians over the corpus, per contender.
  const std::size_t m = cs.size();
  std::vector<std::vector<double>> all(m), ascii(m), cjk(m);
  std::vector<unsigned> rejected(m, 0), breached_rejected(m, 0);
  unsigned breached = 0;
  for (std::size_t i = 0; i < s.corpus.size(); ++i) {
    const bool listed = s.corpus[i].kind == "breached";
    breached += listed;
    for (std::size_t k = 0; k < m; ++k) {
      const double v = cpu(check_name(*cs[k], "corpus", i));
      all[k].push_back(v);
      (s.corpus[i].ascii() ? ascii : cjk)[k].push_back(v);
      const bool refused = !cs[k]->accepts(s.corpus[i].password);
      rejected[k] += refused;
      breached_rejected[k] += listed && refused;
    }
  }
  const std::string n = std::to_string(s.corpus.size());
  auto comparison = [&](const std::string& label, const std::vector<std::vector<double>>& v,
                        double (*stat)(const std::vector<double>&), const std::string& target,
                        const std::string& verdict) {
    const double base = stat(v[0]);
    t.row({label, duration(base), with_ratio(stat(v[1]), base), with_ratio(stat(v[2]), base),
           with_ratio(stat(v[3]), base), target, verdict});
  };
  auto median = [](const std::vector<double>& v) { return median_of(v); };
  auto mean = [](const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return sum / static_cast<double>(v.size());
  };
  auto p90 = [](const std::vector<double>& v) { return percentile_of(v, 0.9); };
  auto slowest = [](const std::vector<double>& v) { return percentile_of(v, 1.0); };
  const double m0 = median_of(all[0]);
  const double r1 = median_of(all[1]) / m0;
  const double r2 = median_of(all[2]) / m0;
  comparison("policy check, median per password (" + n + "-password corpus, 10M filter)", all,
             median, "≤ 10 µs; ≥ 40×; ≥ 200×",
             met(m0, kCheckTarget) + ", " + met(r1, kPwqualityRatioTarget, true) + ", " +
                 met(r2, kPasswdqcRatioTarget, true));
  comparison("policy check, mean per password", all, mean, "", "");
  comparison("policy check, 90th percentile", all, p90, "", "");
  comparison("policy check, slowest password of the corpus", all, slowest, "", "");
  comparison("policy check, median of the " + std::to_string(ascii[0].size()) + " ASCII passwords",
             ascii, median, "", "");
  comparison("policy check, median of the " + std::to_string(cjk[0].size()) +
                 " passwords with CJK characters",
             cjk, median, "", "");
  analysed_rows(t, s, all);
  t.row({"passwords of the corpus rejected", std::to_string(rejected[0]) + " of " + n,
         std::to_string(rejected[1]) + " of " + n, std::to_string(rejected[2]) + " of " + n,
         std::to_string(rejected[3]) + " of " + n, "", ""});
  const std::string listed = std::to_string(breached);
  t.row({"of which on the breached list (strong-looking otherwise)",
         std::to_string(breached_rejected[0]) + " of " + listed,
         std::to_string(breached_rejected[1]) + " of " + listed,
         std::to_string(breached_rejected[2]) + " of " + listed,
         std::to_string(breached_rejected[3]) + " of " + listed, "", ""});

  const auto lengths = scaling_lengths();
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    const double base = cpu(check_name(*cs[0], "length", i));
    t.row({"policy check, " + std::to_string(lengths[i]) + " bytes of random ASCII", duration(base),
           with_ratio(cpu(check_name(*cs[1], "length", i)), base),
           with_ratio(cpu(check_name(*cs[2], "length", i)), base),
           with_ratio(cpu(check_name(*cs[3], "length", i)), base), "", ""});
  }
  for (std::size_t i = 0; i < s.worst.size(); ++i) {
    const auto& group = s.worst[i].adversarial_name ? s.adversarial : s.contenders;
    const double base = cpu(check_name(*group[0], "worst", i));
    t.row({"worst case: " + s.worst[i].label, duration(base),
           with_ratio(cpu(check_name(*group[1], "worst", i)), base),
           with_ratio(cpu(check_name(*group[2], "worst", i)), base),
           with_ratio(cpu(check_name(*group[3], "worst", i)), base), "≤ 1 ms",
           met(base, kWorstTarget)});
  }

  const double corpus_size = static_cast<double>(s.corpus.size());
  t.row({"policy check, corpus mean, no filter", duration(cpu("corpus_by_filter/0") / corpus_size),
         "", "", "", ""});
  for (std::size_t f = 0; f < s.sizes.size(); ++f) {
    t.row({"policy check, corpus mean, " + s.sizes[f].label + " filter",
           duration(cpu("corpus_by_filter/" + std::to_string(f + 1)) / corpus_size), "", "", "",
           ""});
  }

  for (const auto& size : s.sizes) {
    const std::string f = "filter " + size.label + ": ";
    const double lookup = cpu("filter/" + size.label + "/lookup");
    t.row({f + "lookup, warm (SHA-1 of the password + 3 reads)", duration(lookup), "", "", "",
           "≤ 1 µs", met(lookup, kLookupTarget)});
    t.row({f + "lookup of a ready SHA-1 digest, warm",
           duration(cpu("filter/" + size.label + "/digest")), "", "", "", ""});
    t.row({f + "open + lookup + close (file in the page cache)",
           duration(cpu("filter/" + size.label + "/open")), "", "", "", ""});
    // One core: the build is single-threaded, and its CPU time is what it
    // costs a core; on a shared machine the wall clock also counts the time
    // spent waiting for one (both are shown).
    const BuildResult& b = size.build;
    const auto entries = static_cast<double>(b.entries);
    const double rate = entries / b.cpu_seconds;
    const std::string earlier = size.reused ? " (built " + b.when + ", --reuse-filters)" : "";
    t.row({f + "build, `pam-idaas filter build`, plain list: per CPU second (per wall second)" +
               earlier,
           grouped(static_cast<unsigned long long>(rate)) + " entries/s (" +
               grouped(static_cast<unsigned long long>(entries / b.wall_seconds)) + "/s; " +
               fixed(b.cpu_seconds, 1) + " s CPU, " + fixed(b.wall_seconds, 1) + " s wall)",
           "", "", "", "≥ 1,000,000/s", met(rate, kBuildRateTarget, true)});
    const bool large = size.entries >= 100 * kMillion;
    t.row({f + "build peak RSS", fixed(static_cast<double>(b.peak_rss_kib) / 1024, 0) + " MiB", "",
           "", "", large ? "≤ 24 GiB" : "",
           large ? met(static_cast<double>(b.peak_rss_kib), kLargeRssTarget) : ""});
    t.row(
        {f + "bits per entry (" + grouped(b.entries) + " entries, " + grouped(b.bytes) + " bytes)",
         fixed(b.bits_per_entry(), 2), "", "", "", "≤ 20", met(b.bits_per_entry(), kBitsTarget)});
    const double fpr = static_cast<double>(size.false_positives) / static_cast<double>(kProbes);
    t.row({f + "false-positive rate, " + grouped(kProbes) + " passwords not in the set",
           scientific(fpr) + " (" + std::to_string(size.false_positives) + ")", "", "", "",
           "≤ 1e-4", met(fpr, kFprTarget)});
  }
  return t;
}

// pwquality reads the user data from getpwnam(user)'s GECOS field; scripts/bench
// provides that entry through nss_wrapper. Said in the heading, either way.
std::string gecos_note() {
  const BenchUser user;
  const struct passwd* pw = ::getpwnam(user.username.c_str());
  if (pw != nullptr && pw->pw_gecos != nullptr && user.gecos() == pw->pw_gecos) {
    return "pwquality's GECOS check reads the same user data (the passwd entry of " +
           user.username + ")";
  }
  return "**no passwd entry for " + user.username +
         " with the bench's user data: pwquality's GECOS check compared nothing**";
}

std::string machine(const std::string& load_before) {
  char when[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  return std::string("pam-idaas-bench, ") + when + ": " + cpu_model() + ", " +
         std::to_string(::sysconf(_SC_NPROCESSORS_ONLN)) + " CPUs, " +
         first_line("/etc/debian_version") + " (Debian), g++ " + __VERSION__ +
         "\nload average before: " + load_before + "; after: " + first_line("/proc/loadavg") + "\n";
}

std::string heading(const Suite& s) {
  return machine(s.load_before) + "times: median of " + (s.options.quick ? "3" : "5") +
         " interleaved repetitions, process CPU time per check\n" + gecos_note() +
         "; passwdqc has pwqfilter's filter of the 10M list\n";
}

// The guessability table of issue 19 on the held-out corpus, with its heading.
std::string guessability(const Options& o, const std::string& load_before) {
  const auto corpus = read_guess_corpus(o.guess_corpus);
  const policy::PolicySettings shipped = shipped_policy(o.config);
  GuessOptions options;
  options.rounds = o.quick ? 1 : 3;
  note("guessability: " + std::to_string(corpus.size()) + " sets of the held-out corpus ...");
  const std::string table = guessability_table(corpus, shipped, BenchUser{}, options);
  // Relative to the working directory (scripts/bench runs from the source tree).
  auto shown = [](const std::string& path) { return std::filesystem::relative(path).string(); };
  return machine(load_before) + "guessability: share of each held-out set (" +
         shown(o.guess_corpus) + ") refused; pam_idaas with the policy of " + shown(o.config) +
         "; no breached-password filter in any checker\ntimes: CPU time of the thread per check, "
         "less the clock's own cost; median of " +
         std::to_string(options.rounds) +
         " calls per password (the checkers taking turns), then the median over the passwords\n" +
         gecos_note() + "\n\n" + table;
}

void print(const Options& o, const std::string& text) {
  std::cout << text;
  if (!o.markdown.empty()) std::ofstream(o.markdown) << text;
}

int run(int argc, char** argv) {
  Suite s;
  s.options = parse(argc, argv);
  s.load_before = first_line("/proc/loadavg");
  if (s.options.guessability_only) {
    print(s.options, guessability(s.options, s.load_before));
    return 0;
  }
  std::filesystem::create_directories(s.options.data_dir);
  s.corpus = read_corpus(s.options.corpus);

  prepare_filters(s);
  measure_false_positives(s);
  make_contenders(s);
  register_all(s);

  std::string interleave = "--benchmark_enable_random_interleaving=true";
  std::vector<char*> args{argv[0], interleave.data()};
  for (int i = 1; i < argc; ++i) args.push_back(argv[i]);
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());
  note("running the benchmarks ...");
  Collector collector(s.options.detail ? std::make_unique<benchmark::ConsoleReporter>() : nullptr);
  benchmark::RunSpecifiedBenchmarks(&collector);

  const std::string table = heading(s) + "\n" + make_table(s, collector).markdown();
  print(s.options, table + "\n" + guessability(s.options, first_line("/proc/loadavg")));
  return 0;
}

}  // namespace
}  // namespace pam_idaas::bench

int main(int argc, char** argv) {
  try {
    return pam_idaas::bench::run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "pam-idaas-bench: " << e.what() << '\n';
    return 2;
  }
}
