// The YAML configuration, turned into typed settings. Every problem is
// reported with the file, line and column it comes from; yaml-cpp exceptions
// never leave this layer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/catalogue.h"
#include "policy/settings.h"
#include "tenant/settings.h"

namespace pam_idaas::config {

inline constexpr const char* kDefaultPath = PAM_IDAAS_CONFIG_FILE;

enum class LanguageSetting { automatic, en, zh };

struct Config {
  LanguageSetting language = LanguageSetting::automatic;
  policy::PolicySettings policy;
  // Absent: the module is a policy-only password module.
  std::optional<tenant::TenantSettings> tenant;
};

struct Diagnostic {
  std::string file;
  int line = 0;    // 1-based; 0 when the problem is the file as a whole
  int column = 0;  // 1-based
  std::string message;

  // "file:line:col: message", or "file: message" without a position.
  std::string to_string() const;
};

struct LoadResult {
  Config config;                   // meaningful only when ok()
  std::vector<Diagnostic> errors;  // every problem found, in file order
  bool ok() const { return errors.empty(); }
};

// Reads and validates the file: it must be a regular file (not a symlink), at
// most 1 MiB, and not writable by group or others.
LoadResult load_file(const std::string& path);

// Validates YAML text; `name` stands for the file name in diagnostics.
LoadResult parse(std::string_view yaml, const std::string& name);

policy::Language resolve(LanguageSetting setting);

}  // namespace pam_idaas::config
