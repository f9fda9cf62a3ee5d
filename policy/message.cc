#include <string_view>
#include <vector>

#include "policy/verdict.h"

namespace pam_idaas::policy {

namespace {

// Replaces {0}, {1}, ... in a catalogue template.
std::string fill(std::string_view templ, const std::vector<std::string>& args) {
  std::string out;
  out.reserve(templ.size() + 16);
  for (std::size_t i = 0; i < templ.size(); ++i) {
    const bool placeholder = templ[i] == '{' && i + 2 < templ.size() && templ[i + 2] == '}' &&
                             templ[i + 1] >= '0' && templ[i + 1] <= '9';
    const auto index = placeholder ? static_cast<std::size_t>(templ[i + 1] - '0') : args.size();
    if (index < args.size()) {
      out += args[index];
      i += 2;
    } else {
      out += templ[i];
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

std::string describe_shortfall(const ComplexityShortfall& s, Language lang) {
  struct ClassState {
    Phrase name;
    unsigned missing;
    bool present;
  };
  const ClassState classes[] = {
      {Phrase::lower_letters, s.missing_lower, s.has_lower},
      {Phrase::upper_letters, s.missing_upper, s.has_upper},
      {Phrase::digits, s.missing_digit, s.has_digit},
      {Phrase::special_characters, s.missing_special, s.has_special},
  };
  std::vector<std::string> clauses;
  for (const auto& c : classes) {
    if (c.missing == 0) continue;
    clauses.push_back(fill(phrase(Phrase::missing_count, lang),
                           {std::to_string(c.missing), std::string(phrase(c.name, lang))}));
  }
  if (s.classes_required > s.classes_present) {
    std::vector<std::string> absent;
    for (const auto& c : classes) {
      if (!c.present) absent.emplace_back(phrase(c.name, lang));
    }
    clauses.push_back(fill(
        phrase(Phrase::missing_kinds, lang),
        {std::to_string(s.classes_required), std::to_string(s.classes_required - s.classes_present),
         join(absent, phrase(Phrase::list_separator, lang))}));
  }
  return join(clauses, phrase(Phrase::clause_separator, lang));
}

// "a common word with digits, symbols added", "your name, written backwards".
std::string describe_finding(const Violation& v, Language lang) {
  std::string text(finding_text(v.finding, lang));
  std::vector<std::string> kinds;
  if (v.additions & added::digits) kinds.emplace_back(phrase(Phrase::added_digits, lang));
  if (v.additions & added::symbols) kinds.emplace_back(phrase(Phrase::added_symbols, lang));
  if (v.additions & added::letters) kinds.emplace_back(phrase(Phrase::added_letters, lang));
  if (!kinds.empty()) {
    text = fill(phrase(Phrase::with_additions, lang),
                {text, join(kinds, phrase(Phrase::list_separator, lang))});
  }
  if (v.additions & added::backwards) text = fill(phrase(Phrase::written_backwards, lang), {text});
  if (v.additions & added::disguised) text = fill(phrase(Phrase::disguised, lang), {text});
  return text;
}

}  // namespace

bool Verdict::has(Rule rule) const {
  for (const auto& v : violations) {
    if (v.rule == rule) return true;
  }
  return false;
}

std::string message(const Violation& violation, Language lang) {
  const std::string_view templ = template_for(violation.rule, lang);
  if (violation.rule == Rule::complexity) {
    return fill(templ, {describe_shortfall(violation.complexity, lang)});
  }
  std::string text =
      fill(templ, {std::to_string(violation.first), std::to_string(violation.second)});
  if (violation.finding == Finding::none) return text;
  return fill(phrase(Phrase::found, lang), {text, describe_finding(violation, lang)});
}

}  // namespace pam_idaas::policy
