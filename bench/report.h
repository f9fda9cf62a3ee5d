// Collects Google Benchmark's median of each benchmark's repetitions, and
// formats the numbers of the final table.
#pragma once

#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace pam_idaas::bench {

struct Timing {
  double cpu = 0;   // seconds per iteration: CPU time of the process
  double real = 0;  // seconds per iteration: wall clock
};

class Collector : public benchmark::BenchmarkReporter {
 public:
  // `echo` (may be null) also receives every report: Google Benchmark's own table.
  explicit Collector(std::unique_ptr<benchmark::BenchmarkReporter> echo) : echo_(std::move(echo)) {}
  bool ReportContext(const Context& context) override;
  void ReportRuns(const std::vector<Run>& runs) override;
  void Finalize() override;

  // The median over repetitions of the benchmark named `name`; throws if it did not run.
  const Timing& median(const std::string& name) const;
  bool has(const std::string& name) const { return medians_.count(name) != 0; }

 private:
  std::unique_ptr<benchmark::BenchmarkReporter> echo_;
  std::map<std::string, Timing> medians_;
};

double median_of(std::vector<double> values);
double percentile_of(std::vector<double> values, double fraction);

// "812 ns", "3.41 µs", "1.27 ms", "2.5 s"
std::string duration(double seconds);
// "135×"
std::string times(double ratio);
// "1,000,000"
std::string grouped(unsigned long long n);

// A markdown table, columns padded so that it also reads well on a terminal.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : rows_{std::move(header)} {}
  void row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  std::string markdown() const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace pam_idaas::bench
