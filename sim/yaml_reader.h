#pragma once
// Typed, position-aware access to the YAML tree of a scenario file. Every
// problem becomes a LoadError at the key or value it is about; the parsers in
// scenario_parse_*.cc stay a list of "this key, this type, this default".
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/ip.h"
#include "common/time.h"
#include "sim/scenario.h"
#include "sim/scenario_loader.h"
#include "sim/units.h"

namespace natlab::sim::detail {

// 1-based; {0, 0} when yaml-cpp kept no mark for the node.
SourcePos position(const YAML::Node& node);
// "a map", "a list", "a string", "nothing": for "must be X, not Y" messages.
const char* kind_of(const YAML::Node& node);

class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}
  void error(SourcePos at, std::string message);
  bool has_errors() const { return !errors_.empty(); }
  // In file order; ties keep the order they were found in.
  std::vector<LoadError> sorted() const;
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::vector<LoadError> errors_;
};

// Where the values of one element were written, by key path ("behind",
// "lan.subnet", "stun[1]", "turn[0].server", "selected.A"). A path is recorded
// only when its value was valid, so cross-checks skip what already failed and
// one mistake gives one error.
class Marks {
 public:
  SourcePos element;
  void set(std::string path, SourcePos at) { at_[std::move(path)] = at; }
  bool has(std::string_view path) const { return at_.find(path) != at_.end(); }
  SourcePos at(std::string_view path) const;  // the element's position when unknown
  // Written in the file, valid or not: given && !has means "already reported".
  void set_given(std::string path) { given_.insert(std::move(path)); }
  bool given(std::string_view path) const { return given_.find(path) != given_.end(); }

 private:
  std::map<std::string, SourcePos, std::less<>> at_;
  std::set<std::string, std::less<>> given_;
};

enum class Need { Optional, Required };

// One YAML map with a fixed set of keys. Construction reports each unknown or
// repeated key; accessors report a wrong type or bad value at the value and a
// missing required key at the map. Each accessor returns nullopt when the key
// is absent or its value was bad, and records valid values' positions in marks.
class MapReader {
 public:
  // `what` names the map in messages ("nat", "turn entry"); a null node is
  // accepted as an empty map (`stun:` with nothing after it).
  MapReader(const YAML::Node& node, std::string what, std::initializer_list<std::string_view> keys,
            Diagnostics& diag, SourcePos fallback = {}, Marks* marks = nullptr,
            std::string path_prefix = "");

  bool is_map() const { return is_map_; }
  SourcePos pos() const { return pos_; }
  // Once the element's name is known, messages say "nat 'nat-a'".
  void set_what(std::string what) { what_ = std::move(what); }
  Diagnostics& diag() { return diag_; }

  bool has(std::string_view key) const { return find(key) != nullptr; }
  const YAML::Node* find(std::string_view key) const;
  SourcePos key_pos(std::string_view key) const;
  // A null value has no useful mark of its own (yaml-cpp points at the next
  // token), so the key stands in for it.
  SourcePos value_pos(std::string_view key) const;
  // Reports the key missing when required; true when present.
  bool present(std::string_view key, Need need);

  std::optional<std::string> string(std::string_view key, Need need = Need::Optional);
  std::optional<std::uint64_t> integer(std::string_view key, std::uint64_t lo, std::uint64_t hi,
                                       Need need = Need::Optional);
  std::optional<bool> boolean(std::string_view key);
  // Zero is allowed only where "no time" means something (a start, a delay).
  std::optional<Duration> duration(std::string_view key, bool allow_zero, Need need = Need::Optional);
  // "0.5%" as a probability 0..1.
  std::optional<double> probability(std::string_view key);
  std::optional<std::uint64_t> bandwidth(std::string_view key);
  std::optional<IpAddress> address(std::string_view key, Need need = Need::Optional);
  std::optional<std::uint16_t> port(std::string_view key);
  std::optional<std::pair<std::uint16_t, std::uint16_t>> port_range(std::string_view key);
  std::optional<Subnet> subnet(std::string_view key);

  // One of a fixed set of words; `noun` starts the message: "unknown <noun> 'x';
  // expected one of: a, b".
  template <typename E>
  std::optional<E> choice(std::string_view key, std::string_view noun,
                          std::initializer_list<std::pair<std::string_view, E>> options);

  // The value when it is a map (null counts as an empty map) or a list (null
  // counts as an empty list); reports any other kind.
  std::optional<YAML::Node> map(std::string_view key, Need need = Need::Optional);
  std::optional<YAML::Node> list(std::string_view key);

  // Records a valid value's position under this reader's path prefix.
  void mark(std::string_view key);
  void mark(std::string_view key, std::string_view suffix, SourcePos at);

 private:
  // The value as a scalar string, or nullopt after reporting its kind.
  std::optional<std::string> scalar(std::string_view key, std::string_view expected);
  void bad_choice(std::string_view key, std::string_view noun, const std::string& value,
                  const std::vector<std::string_view>& options);

  YAML::Node node_;
  std::string what_;
  Diagnostics& diag_;
  SourcePos pos_;
  Marks* marks_;
  std::string prefix_;
  bool is_map_ = false;
  std::vector<std::pair<YAML::Node, YAML::Node>> entries_;  // first of each key
};

template <typename E>
std::optional<E> MapReader::choice(std::string_view key, std::string_view noun,
                                   std::initializer_list<std::pair<std::string_view, E>> options) {
  auto text = scalar(key, "one word");
  if (!text) return std::nullopt;
  for (const auto& [word, value] : options) {
    if (word == *text) {
      mark(key);
      return value;
    }
  }
  std::vector<std::string_view> words;
  for (const auto& option : options) words.push_back(option.first);
  bad_choice(key, noun, *text, words);
  return std::nullopt;
}

// "a, b, c"
std::string join(const std::vector<std::string_view>& words);

}  // namespace natlab::sim::detail
