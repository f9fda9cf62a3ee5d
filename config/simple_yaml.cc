#include "config/simple_yaml.h"

#include <cstring>
#include <vector>

#include "base/ascii.h"

namespace pam_idaas::config::detail {

namespace {

// Deeper nesting is not a configuration file: yaml-cpp reports it.
constexpr std::size_t kMaxDepth = 16;
// yaml-cpp takes a longer text before ':' for no simple key.
constexpr std::size_t kMaxKeyBytes = 256;

bool is_key_char(char c) { return ascii::is_letter_or_digit(c) || c == '_'; }
// None of these has a meaning inside a plain scalar, in a mapping or a flow list.
bool is_word_char(char c) {
  return ascii::is_letter_or_digit(c) || (c != '\0' && std::strchr("_./@+=~%-", c) != nullptr);
}
// A plain scalar may not start with an indicator ('-', '@', '%', '~' alone ...).
bool is_word_start(char c) {
  return ascii::is_letter_or_digit(c) || c == '_' || c == '/' || c == '.' || c == '+';
}

// yaml-cpp reads these as null, not as text.
bool is_null_word(std::string_view word) {
  return word == "null" || word == "Null" || word == "NULL" || word == "~";
}

class SimpleReader {
 public:
  explicit SimpleReader(std::string_view text) : text_(text) {}

  std::optional<Document> read() {
    // yaml-cpp ends a line at a lone CR too, even inside a comment.
    if (text_.find('\r') != std::string_view::npos) return std::nullopt;
    while (at_ < text_.size()) {
      if (!line()) return std::nullopt;
    }
    if (pending_ != nullptr) return std::nullopt;  // a last key without a value
    return std::move(doc_);
  }

 private:
  struct Level {
    std::size_t indent;
    Node* map;
  };

  YAML::Mark mark(std::size_t at) const {
    YAML::Mark m;
    m.pos = static_cast<int>(at);
    m.line = line_number_;
    m.column = static_cast<int>(at - line_start_);
    return m;
  }

  // One line, up to and past its newline.
  bool line() {
    line_start_ = at_;
    std::size_t end = text_.find('\n', at_);
    if (end == std::string_view::npos) end = text_.size();
    const std::string_view row = text_.substr(at_, end - at_);
    at_ = end + 1;
    // A tab is no indentation, key or word character: content() declines it
    // everywhere but in a comment, where yaml-cpp skips it too.
    const bool ok = content(row);
    ++line_number_;
    return ok;
  }

  bool content(std::string_view row) {
    const std::size_t indent = row.find_first_not_of(' ');
    if (indent == std::string_view::npos || row[indent] == '#') return true;  // blank, comment
    std::size_t i = indent;
    while (i < row.size() && is_key_char(row[i])) ++i;
    const std::string_view key = row.substr(indent, i - indent);
    if (key.empty() || key.size() > kMaxKeyBytes || is_null_word(key)) return false;
    if (i >= row.size() || row[i] != ':') return false;
    ++i;
    if (i < row.size() && row[i] != ' ') return false;  // "a:b" is a scalar, not a key
    Node* map = place_key(indent);
    if (map == nullptr) return false;
    Node& key_node = doc_.make(Node::Kind::scalar, mark(line_start_ + indent));
    key_node.set_scalar(key);
    map->add(&key_node);
    return value(row, i, key_node, *map);
  }

  // The mapping a key at `indent` belongs to, opened or closed as needed.
  Node* place_key(std::size_t indent) {
    if (pending_ != nullptr) {
      if (levels_.empty() || indent <= levels_.back().indent || levels_.size() >= kMaxDepth) {
        return nullptr;  // the key before had no value (a null): yaml-cpp places it
      }
      Node& map = open_map(indent);
      levels_.back().map->add(&map);
      pending_ = nullptr;
      levels_.push_back({indent, &map});
      return &map;
    }
    if (levels_.empty()) {
      Node& map = open_map(indent);
      doc_.root = &map;
      levels_.push_back({indent, &map});
      return &map;
    }
    while (!levels_.empty() && indent < levels_.back().indent) levels_.pop_back();
    // Deeper than its mapping: a continued value; between two levels: an error.
    if (levels_.empty() || indent != levels_.back().indent) return nullptr;
    return levels_.back().map;
  }

  Node& open_map(std::size_t indent) {
    return doc_.make(Node::Kind::map, mark(line_start_ + indent));
  }

  // What follows "key:" from row[i]: nothing (a mapping follows), a list or a word.
  bool value(std::string_view row, std::size_t i, Node& key, Node& map) {
    while (i < row.size() && row[i] == ' ') ++i;
    if (i >= row.size() || row[i] == '#') {
      pending_ = &key;
      return true;
    }
    if (row[i] == '[') return list(row, i, map);
    const std::size_t start = i;
    std::size_t last = i;  // one past the last character of the value
    for (; i < row.size(); ++i) {
      const char c = row[i];
      if (c == ' ') {
        if (i + 1 < row.size() && row[i + 1] == '#') break;
        continue;
      }
      // "a: b" inside a value is an error; "http://host" is text.
      if (c == ':' && (i + 1 >= row.size() || row[i + 1] == ' ')) return false;
      if (c != ':' && !is_word_char(c)) return false;
      last = i + 1;
    }
    return scalar_at(row.substr(start, last - start), start, map);
  }

  bool scalar_at(std::string_view word, std::size_t column, Node& parent) {
    if (word.empty() || !is_word_start(word[0]) || is_null_word(word)) return false;
    Node& node = doc_.make(Node::Kind::scalar, mark(line_start_ + column));
    node.set_scalar(word);
    parent.add(&node);
    return true;
  }

  // "[]" or "[a, b]" of plain words, then at most a comment.
  bool list(std::string_view row, std::size_t i, Node& map) {
    Node& seq = doc_.make(Node::Kind::sequence, mark(line_start_ + i));
    map.add(&seq);
    ++i;
    auto skip_spaces = [&] {
      while (i < row.size() && row[i] == ' ') ++i;
    };
    skip_spaces();
    if (i < row.size() && row[i] == ']') return after_list(row, i + 1);
    while (i < row.size()) {
      const std::size_t start = i;
      while (i < row.size() && is_word_char(row[i])) ++i;
      if (!scalar_at(row.substr(start, i - start), start, seq)) return false;
      skip_spaces();
      if (i < row.size() && row[i] == ']') return after_list(row, i + 1);
      if (i >= row.size() || row[i] != ',') return false;
      ++i;
      skip_spaces();
    }
    return false;  // not closed on this line
  }

  static bool after_list(std::string_view row, std::size_t i) {
    if (i == row.size()) return true;
    if (row[i] != ' ') return false;
    const std::size_t next = row.find_first_not_of(' ', i);
    return next == std::string_view::npos || row[next] == '#';
  }

  std::string_view text_;
  std::size_t at_ = 0;
  std::size_t line_start_ = 0;
  int line_number_ = 0;
  Document doc_;
  std::vector<Level> levels_;
  Node* pending_ = nullptr;  // a key whose value is the mapping on the next lines
};

}  // namespace

std::optional<Document> read_simple_yaml(std::string_view text) {
  return SimpleReader(text).read();
}

}  // namespace pam_idaas::config::detail
