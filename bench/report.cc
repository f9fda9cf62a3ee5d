#include "bench/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace pam_idaas::bench {

bool Collector::ReportContext(const Context& context) {
  return echo_ ? echo_->ReportContext(context) : true;
}

void Collector::ReportRuns(const std::vector<Run>& runs) {
  for (const Run& run : runs) {
    if (run.run_type != Run::RT_Aggregate || run.aggregate_name != "median") continue;
    const double unit = benchmark::GetTimeUnitMultiplier(run.time_unit);
    medians_[run.run_name.function_name] = {run.GetAdjustedCPUTime() / unit,
                                            run.GetAdjustedRealTime() / unit};
  }
  if (echo_) echo_->ReportRuns(runs);
}

void Collector::Finalize() {
  if (echo_) echo_->Finalize();
}

const Timing& Collector::median(const std::string& name) const {
  const auto it = medians_.find(name);
  if (it == medians_.end()) throw std::runtime_error("benchmark " + name + " did not run");
  return it->second;
}

double median_of(std::vector<double> values) { return percentile_of(std::move(values), 0.5); }

// Nearest rank; the median of an even count is the mean of the middle two.
double percentile_of(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  if (fraction == 0.5 && values.size() % 2 == 0) {
    return (values[values.size() / 2 - 1] + values[values.size() / 2]) / 2;
  }
  const auto rank =
      static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

std::string duration(double seconds) {
  if (std::isnan(seconds)) return "—";
  struct Unit {
    double scale;
    const char* name;
  };
  static constexpr Unit units[] = {{1e-9, "ns"}, {1e-6, "µs"}, {1e-3, "ms"}, {1, "s"}};
  const Unit* unit = &units[0];
  for (const Unit& u : units) {
    if (seconds >= u.scale) unit = &u;
  }
  const double value = seconds / unit->scale;
  char text[32];
  std::snprintf(text, sizeof text,
                value < 10    ? "%.2f %s"
                : value < 100 ? "%.1f %s"
                              : "%.0f %s",
                value, unit->name);
  return text;
}

std::string times(double ratio) {
  if (std::isnan(ratio)) return "—";
  char text[32];
  // Below 1 the other checker is the faster one (passwdqc refuses anything
  // over 72 bytes before analysis): "1/1200×".
  if (ratio < 0.1) {
    std::snprintf(text, sizeof text, "1/%.0f×", 1 / ratio);
  } else {
    std::snprintf(text, sizeof text, ratio < 10 ? "%.1f×" : "%.0f×", ratio);
  }
  return text;
}

std::string grouped(unsigned long long n) {
  std::string digits = std::to_string(n);
  for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<std::size_t>(i), ",");
  }
  return digits;
}

namespace {

// Display width: every UTF-8 sequence counts one column (no wide text here).
std::size_t width(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

std::string Table::markdown() const {
  std::vector<std::size_t> widths;
  for (const auto& row : rows_) {
    if (widths.size() < row.size()) widths.resize(row.size(), 3);
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], width(row[i]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out = "|";
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const std::string cell = i < cells.size() ? cells[i] : "";
      out += " " + cell + std::string(widths[i] - width(cell), ' ') + " |";
    }
    return out + "\n";
  };
  std::string out = line(rows_.front());
  std::string rule = "|";
  for (std::size_t w : widths) rule += std::string(w + 2, '-') + "|";
  out += rule + "\n";
  for (std::size_t r = 1; r < rows_.size(); ++r) out += line(rows_[r]);
  return out;
}

}  // namespace pam_idaas::bench
