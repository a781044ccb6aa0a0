#include "sim/trace.h"

#include <fstream>
#include <stdexcept>

namespace natlab::sim {

void Trace::record(Time at, const char* kind, nlohmann::json fields) {
  fields["t_ns"] = at.count();
  fields["kind"] = kind;
  records_.push_back(std::move(fields));
}

std::string Trace::to_jsonl() const {
  std::string out;
  for (const auto& r : records_) {
    out += r.dump();
    out += '\n';
  }
  return out;
}

void Trace::write_jsonl(const std::string& path) const {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw std::runtime_error("cannot write " + path);
  for (const auto& r : records_) f << r.dump() << '\n';
}

}  // namespace natlab::sim
