#include "config/yaml_document.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <sstream>

namespace pam_idaas::config::detail {

namespace {

// Builds the tree from the parser's events, and notes where each document
// starts and whether it holds anything.
class Builder final : public YAML::EventHandler {
 public:
  explicit Builder(Document& doc) : doc_(doc) {}

  YAML::Mark start = YAML::Mark::null_mark();
  bool has_content = false;
  bool building = true;  // false past the first document: only watched

  void OnDocumentStart(const YAML::Mark& mark) override {
    start = mark;
    has_content = false;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    place(Node::Kind::null, mark, anchor);
  }
  void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
    has_content = true;
    if (!building) return;
    const auto it = anchors_.find(anchor);
    if (it != anchors_.end()) attach(it->second);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    has_content = true;
    if (Node* node = place(Node::Kind::scalar, mark, anchor)) node->set_scalar(doc_.keep(value));
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Node::Kind::sequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Node::Kind::map, mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  Node* place(Node::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (!building) return nullptr;
    Node& node = doc_.make(kind, mark);
    if (anchor != YAML::NullAnchor) anchors_[anchor] = &node;
    attach(&node);
    return &node;
  }
  void attach(const Node* node) {
    if (open_.empty()) {
      doc_.root = node;
    } else {
      open_.back()->add(node);
    }
  }
  void open(Node::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    has_content = true;
    if (Node* node = place(kind, mark, anchor)) open_.push_back(node);
  }
  void close() {
    if (building) open_.pop_back();
  }

  Document& doc_;
  std::vector<Node*> open_;
  std::map<YAML::anchor_t, const Node*> anchors_;
};

}  // namespace

// Not YAML::LoadAll: yaml-cpp 0.7 leaves some stray tokens (a ',' at the top
// level, for one) unconsumed and then yields empty documents at that spot
// until memory runs out. A document starting where the previous one did is
// that case.
Document read_with_yaml_cpp(Reader& r, const std::string& text) {
  Document doc;
  std::istringstream input(text);
  YAML::Parser parser(input);
  Builder builder(doc);
  if (!parser.HandleNextDocument(builder)) return doc;
  builder.building = false;
  YAML::Mark previous = builder.start;
  while (parser.HandleNextDocument(builder)) {
    const auto at = static_cast<std::size_t>(builder.start.pos);
    if (builder.start.pos == previous.pos) {
      const std::string token = at < text.size() ? quote(text.substr(at, 1)) : "text";
      r.error(builder.start, "", "unexpected " + token);
      return doc;
    }
    if (builder.has_content) {
      r.error(builder.start, "", "only one YAML document is allowed");
      return doc;
    }
    previous = builder.start;  // an empty document, such as a trailing "---": harmless
  }
  return doc;
}

}  // namespace pam_idaas::config::detail
