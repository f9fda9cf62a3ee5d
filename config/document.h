// The configuration document as a tree of mappings, lists and scalars, each
// with the position yaml-cpp gives it. Built once, by the quick reader for the
// plain files admins write (simple_yaml.cc) or by yaml-cpp for everything else
// (yaml_document.cc); schema.cc walks it.
#pragma once

#include <yaml-cpp/mark.h>

#include <deque>
#include <list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pam_idaas::config::detail {

class Node {
 public:
  enum class Kind : unsigned char { null, scalar, sequence, map };

  Node(Kind kind, YAML::Mark mark) : kind_(kind), mark_(mark) {
    // Room for a section's keys and values at once: growing one at a time
    // was a third of the allocations of a whole PAM call's config load.
    if (kind == Kind::map) children_.reserve(16);
  }

  bool is_null() const { return kind_ == Kind::null; }
  bool is_scalar() const { return kind_ == Kind::scalar; }
  bool is_sequence() const { return kind_ == Kind::sequence; }
  bool is_map() const { return kind_ == Kind::map; }
  Kind kind() const { return kind_; }
  const YAML::Mark& mark() const { return mark_; }
  std::string_view scalar() const { return text_; }

  // A list's items; a mapping's keys and values, alternating, in file order
  // (a duplicate key stays: the schema reports it).
  const std::vector<const Node*>& children() const { return children_; }

  // `text` outlives the node: it lies in the file's text or in Document::texts.
  void set_scalar(std::string_view text) { text_ = text; }
  void add(const Node* child) { children_.push_back(child); }

 private:
  Kind kind_;
  YAML::Mark mark_;
  std::string_view text_;
  std::vector<const Node*> children_;
};

// Owns the nodes; an alias shares its anchor's node, as in yaml-cpp.
struct Document {
  std::deque<Node> nodes;       // stable addresses as it grows
  const Node* root = nullptr;  // nullptr: no document at all (empty or comments only)
  std::list<std::string> texts;   // what yaml-cpp unquoted or unescaped; none on the quick path

  Node& make(Node::Kind kind, YAML::Mark mark) { return nodes.emplace_back(kind, mark); }
  std::string_view keep(const std::string& text) { return texts.emplace_back(text); }
};

// Whether two trees have the same kinds, text, children and positions (line
// and column): the checks that the quick reader agrees with yaml-cpp. `a` must
// have no cycles (the quick reader's never have; an alias can make one).
inline bool same_tree(const Node* a, const Node* b) {
  if (a == nullptr || b == nullptr) return a == b;
  if (a->kind() != b->kind() || a->scalar() != b->scalar() || a->mark().line != b->mark().line ||
      a->mark().column != b->mark().column || a->children().size() != b->children().size()) {
    return false;
  }
  for (std::size_t i = 0; i < a->children().size(); ++i) {
    if (!same_tree(a->children()[i], b->children()[i])) return false;
  }
  return true;
}

}  // namespace pam_idaas::config::detail
