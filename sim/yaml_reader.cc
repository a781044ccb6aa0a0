#include "sim/yaml_reader.h"

#include <algorithm>

#include "sim/units.h"

namespace natlab::sim::detail {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// A typo (`mappng`, `public-address`) is the usual cause of an unknown key.
std::string suggestion(std::string_view word, const std::vector<std::string_view>& options) {
  std::string_view best;
  std::size_t best_distance = 3;
  for (auto option : options) {
    auto d = edit_distance(word, option);
    if (d < best_distance) {
      best = option;
      best_distance = d;
    }
  }
  return best.empty() ? std::string() : " (did you mean '" + std::string(best) + "'?)";
}

std::string quote_key(std::string_view key) { return "'" + std::string(key) + "'"; }

}  // namespace

SourcePos position(const YAML::Node& node) {
  auto mark = node.Mark();
  if (mark.is_null() || mark.line < 0) return {};
  return {mark.line + 1, mark.column + 1};
}

const char* kind_of(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "a string";
    default: return "nothing";
  }
}

std::string join(const std::vector<std::string_view>& words) {
  std::string out;
  for (auto w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

void Diagnostics::error(SourcePos at, std::string message) {
  errors_.push_back(LoadError{file_, at.line, at.column, std::move(message)});
}

std::vector<LoadError> Diagnostics::sorted() const {
  auto out = errors_;
  std::stable_sort(out.begin(), out.end(), [](const LoadError& a, const LoadError& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  });
  return out;
}

SourcePos Marks::at(std::string_view path) const {
  auto it = at_.find(path);
  return it == at_.end() ? element : it->second;
}

MapReader::MapReader(const YAML::Node& node, std::string what, std::initializer_list<std::string_view> keys,
                     Diagnostics& diag, SourcePos fallback, Marks* marks, std::string path_prefix)
    : node_(node), what_(std::move(what)), diag_(diag), pos_(position(node)), marks_(marks),
      prefix_(std::move(path_prefix)) {
  if (pos_.line == 0 || node.IsNull()) pos_ = fallback;
  if (node.IsNull()) {
    is_map_ = true;
    return;
  }
  if (!node.IsMap()) {
    diag_.error(pos_, what_ + " must be a map, not " + kind_of(node));
    return;
  }
  is_map_ = true;
  std::vector<std::string_view> allowed(keys);
  for (const auto& entry : node) {
    const YAML::Node& key = entry.first;
    if (!key.IsScalar()) {
      diag_.error(position(key), std::string("a key in ") + what_ + " must be a word, not " + kind_of(key));
      continue;
    }
    const std::string& name = key.Scalar();
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      diag_.error(position(key), "unknown key " + quote_key(name) + " in " + what_ + "; expected one of: " +
                                     join(allowed) + suggestion(name, allowed));
      continue;
    }
    bool repeated = std::any_of(entries_.begin(), entries_.end(),
                                [&](const auto& e) { return e.first.Scalar() == name; });
    if (repeated) {
      diag_.error(position(key), "duplicate key " + quote_key(name) + " in " + what_);
      continue;
    }
    entries_.emplace_back(key, entry.second);
    if (marks_) marks_->set_given(prefix_ + name);
  }
}

const YAML::Node* MapReader::find(std::string_view key) const {
  for (const auto& e : entries_) {
    if (e.first.Scalar() == key) return &e.second;
  }
  return nullptr;
}

SourcePos MapReader::key_pos(std::string_view key) const {
  for (const auto& e : entries_) {
    if (e.first.Scalar() == key) return position(e.first);
  }
  return pos_;
}

SourcePos MapReader::value_pos(std::string_view key) const {
  const YAML::Node* v = find(key);
  if (!v || v->IsNull()) return key_pos(key);
  auto p = position(*v);
  return p.line == 0 ? key_pos(key) : p;
}

bool MapReader::present(std::string_view key, Need need) {
  if (has(key)) return true;
  if (need == Need::Required && is_map_) {
    diag_.error(pos_, "missing required key " + quote_key(key) + " in " + what_);
  }
  return false;
}

void MapReader::mark(std::string_view key) {
  if (marks_) marks_->set(prefix_ + std::string(key), value_pos(key));
}

void MapReader::mark(std::string_view key, std::string_view suffix, SourcePos at) {
  if (marks_) marks_->set(prefix_ + std::string(key) + std::string(suffix), at);
}

std::optional<std::string> MapReader::scalar(std::string_view key, std::string_view expected) {
  if (!has(key)) return std::nullopt;
  const YAML::Node& v = *find(key);
  if (v.IsNull()) {
    diag_.error(key_pos(key), quote_key(key) + " needs a value (" + std::string(expected) + ")");
    return std::nullopt;
  }
  if (!v.IsScalar()) {
    diag_.error(value_pos(key), quote_key(key) + " must be " + std::string(expected) + ", not " + kind_of(v));
    return std::nullopt;
  }
  return v.Scalar();
}

std::optional<std::string> MapReader::string(std::string_view key, Need need) {
  if (!present(key, need)) return std::nullopt;
  auto s = scalar(key, "a string");
  if (s) mark(key);
  return s;
}

std::optional<std::uint64_t> MapReader::integer(std::string_view key, std::uint64_t lo, std::uint64_t hi,
                                                Need need) {
  if (!present(key, need)) return std::nullopt;
  auto text = scalar(key, "a whole number");
  if (!text) return std::nullopt;
  auto v = parse_unsigned(*text);
  if (!v) {
    diag_.error(value_pos(key), quote_key(key) + " must be a whole number, not '" + *text + "'");
    return std::nullopt;
  }
  if (*v < lo || *v > hi) {
    std::string range = hi == lo + 1 ? std::to_string(lo) + " or " + std::to_string(hi)
                                     : "between " + std::to_string(lo) + " and " + std::to_string(hi);
    diag_.error(value_pos(key), quote_key(key) + " must be " + range + ", not " + *text);
    return std::nullopt;
  }
  mark(key);
  return v;
}

std::optional<bool> MapReader::boolean(std::string_view key) {
  auto text = scalar(key, "true or false");
  if (!text) return std::nullopt;
  // YAML 1.2 core schema only: `yes`/`on` are strings there, and a contract
  // should not depend on YAML 1.1 folklore.
  std::optional<bool> value;
  if (*text == "true" || *text == "True" || *text == "TRUE") value = true;
  if (*text == "false" || *text == "False" || *text == "FALSE") value = false;
  if (value) {
    mark(key);
    return value;
  }
  diag_.error(value_pos(key), quote_key(key) + " must be true or false, not '" + *text + "'");
  return std::nullopt;
}

std::optional<Duration> MapReader::duration(std::string_view key, bool allow_zero, Need need) {
  if (!present(key, need)) return std::nullopt;
  auto text = scalar(key, "a duration such as 20ms");
  if (!text) return std::nullopt;
  auto d = parse_duration(*text);
  if (!d) {
    diag_.error(value_pos(key), "bad duration '" + *text + "' for " + quote_key(key) +
                                    "; expected a number and a unit (ns, us, ms, s, m, h), e.g. 20ms, 1.5s, 2m");
    return std::nullopt;
  }
  if (!allow_zero && d->count() == 0) {
    diag_.error(value_pos(key), quote_key(key) + " must be longer than 0s");
    return std::nullopt;
  }
  mark(key);
  return d;
}

std::optional<double> MapReader::probability(std::string_view key) {
  auto text = scalar(key, "a percentage such as 1%");
  if (!text) return std::nullopt;
  auto percent = parse_percentage(*text);
  if (!percent) {
    diag_.error(value_pos(key), "bad percentage '" + *text + "' for " + quote_key(key) + "; expected e.g. 1% or 0.5%");
    return std::nullopt;
  }
  if (*percent > 100.0) {
    diag_.error(value_pos(key), quote_key(key) + " must be between 0% and 100%, not " + *text);
    return std::nullopt;
  }
  mark(key);
  return *percent / 100.0;
}

std::optional<std::uint64_t> MapReader::bandwidth(std::string_view key) {
  auto text = scalar(key, "a bandwidth such as 100Mbps");
  if (!text) return std::nullopt;
  auto bps = parse_bandwidth(*text);
  if (!bps) {
    diag_.error(value_pos(key), "bad bandwidth '" + *text + "' for " + quote_key(key) +
                                    "; expected a number above 0 and a unit (bps, kbps, Mbps, Gbps), e.g. 100Mbps");
    return std::nullopt;
  }
  mark(key);
  return bps;
}

std::optional<IpAddress> MapReader::address(std::string_view key, Need need) {
  if (!present(key, need)) return std::nullopt;
  auto text = scalar(key, "an IPv4 address");
  if (!text) return std::nullopt;
  auto a = parse_ipv4(*text);
  if (!a) {
    diag_.error(value_pos(key), "bad address '" + *text + "' for " + quote_key(key) +
                                    "; expected an IPv4 dotted quad such as 192.168.1.10");
    return std::nullopt;
  }
  mark(key);
  return a;
}

std::optional<std::uint16_t> MapReader::port(std::string_view key) {
  auto text = scalar(key, "a port number");
  if (!text) return std::nullopt;
  auto p = parse_port(*text);
  if (!p) {
    diag_.error(value_pos(key), "bad port '" + *text + "' for " + quote_key(key) + "; expected 1..65535");
    return std::nullopt;
  }
  mark(key);
  return p;
}

std::optional<std::pair<std::uint16_t, std::uint16_t>> MapReader::port_range(std::string_view key) {
  auto text = scalar(key, "a port range such as 49152-65535");
  if (!text) return std::nullopt;
  auto r = parse_port_range(*text);
  if (!r) {
    diag_.error(value_pos(key), "bad port range '" + *text + "' for " + quote_key(key) +
                                    "; expected MIN-MAX with 1 <= MIN <= MAX <= 65535, e.g. 49152-65535");
    return std::nullopt;
  }
  mark(key);
  return r;
}

std::optional<Subnet> MapReader::subnet(std::string_view key) {
  auto text = scalar(key, "a subnet such as 10.1.0.0/24");
  if (!text) return std::nullopt;
  auto s = parse_subnet(*text);
  if (!s) {
    diag_.error(value_pos(key), "bad subnet '" + *text + "' for " + quote_key(key) +
                                    "; expected a network address and a prefix length 1..30, e.g. 10.1.0.0/24");
    return std::nullopt;
  }
  mark(key);
  return s;
}

void MapReader::bad_choice(std::string_view key, std::string_view noun, const std::string& value,
                           const std::vector<std::string_view>& options) {
  // No "did you mean" here: scenario-format.md fixes this message's wording.
  diag_.error(value_pos(key), "unknown " + std::string(noun) + " '" + value + "'; expected one of: " + join(options));
}

std::optional<YAML::Node> MapReader::map(std::string_view key, Need need) {
  if (!present(key, need)) return std::nullopt;
  const YAML::Node& v = *find(key);
  if (!v.IsNull() && !v.IsMap()) {
    diag_.error(value_pos(key), quote_key(key) + " must be a map, not " + kind_of(v));
    return std::nullopt;
  }
  return v;
}

std::optional<YAML::Node> MapReader::list(std::string_view key) {
  if (!has(key)) return std::nullopt;
  const YAML::Node& v = *find(key);
  if (v.IsNull()) return std::nullopt;
  if (!v.IsSequence()) {
    diag_.error(value_pos(key), quote_key(key) + " must be a list, not " + kind_of(v));
    return std::nullopt;
  }
  return v;
}

}  // namespace natlab::sim::detail
