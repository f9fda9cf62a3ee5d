#include "config/single_document.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <sstream>

namespace pam_idaas::config::detail {

namespace {

// Notes where each document starts and whether it holds anything, without
// building it.
class DocumentWalk final : public YAML::EventHandler {
 public:
  YAML::Mark start = YAML::Mark::null_mark();
  bool has_content = false;

  void OnDocumentStart(const YAML::Mark& mark) override {
    start = mark;
    has_content = false;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { has_content = true; }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {
    has_content = true;
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    has_content = true;
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    has_content = true;
  }
  void OnMapEnd() override {}
};

}  // namespace

// Not YAML::LoadAll: yaml-cpp 0.7 leaves some stray tokens (a ',' at the top
// level, for one) unconsumed and then yields empty documents at that spot
// until memory runs out. A document starting where the previous one did is
// that case.
void check_single_document(Reader& r, const std::string& text) {
  std::istringstream input(text);
  YAML::Parser parser(input);
  DocumentWalk walk;
  if (!parser.HandleNextDocument(walk)) return;
  YAML::Mark previous = walk.start;
  while (parser.HandleNextDocument(walk)) {
    const auto at = static_cast<std::size_t>(walk.start.pos);
    if (walk.start.pos == previous.pos) {
      const std::string token = at < text.size() ? quote(text.substr(at, 1)) : "text";
      return r.error(walk.start, "", "unexpected " + token);
    }
    if (walk.has_content) return r.error(walk.start, "", "only one YAML document is allowed");
    previous = walk.start;  // an empty document, such as a trailing "---": harmless
  }
}

}  // namespace pam_idaas::config::detail
