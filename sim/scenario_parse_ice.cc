// agents, sessions and expect: each value on its own. Which names they refer
// to is checked in scenario_check_ice.cc.
#include <algorithm>

#include "sim/scenario_parse.h"

namespace natlab::sim::detail {
namespace {

// `stun: [a, b]`: names, each marked "stun[i]" for the reference check.
std::vector<std::string> name_list(MapReader& r, std::string_view key, Marks& marks) {
  std::vector<std::string> names;
  auto list = r.list(key);
  if (!list) return names;
  for (const auto& item : *list) {
    if (!item.IsScalar()) {
      r.diag().error(position(item), "each of '" + std::string(key) + "' must be a server name, not " + kind_of(item));
      continue;
    }
    marks.set(std::string(key) + "[" + std::to_string(names.size()) + "]", position(item));
    names.push_back(item.Scalar());
  }
  return names;
}

std::vector<TurnEntry> turn_entries(MapReader& agent, Marks& marks) {
  std::vector<TurnEntry> entries;
  auto list = agent.list("turn");
  if (!list) return entries;
  for_each_item(*list, "'turn'", agent.diag(), [&](const YAML::Node& item) {
    std::string prefix = "turn[" + std::to_string(entries.size()) + "].";
    TurnEntry& e = entries.emplace_back();
    MapReader r(item, "turn entry", {"server", "username", "password", "transport"}, agent.diag(), {}, &marks,
                prefix);
    if (auto s = r.string("server", Need::Required)) e.server = *s;
    if (auto u = r.string("username")) e.username = *u;
    if (auto p = r.string("password")) e.password = *p;
    if (auto t = r.choice<Transport>("transport", "transport", {{"udp", Transport::Udp}, {"tcp", Transport::Tcp}})) {
      e.transport = *t;
    }
  });
  return entries;
}

// A list of distinct words out of `choices` (`transports: [udp, tcp]`):
// at least one, each once. The flags follow choices' order; none when the
// key is absent or the list is bad (reported).
std::optional<std::vector<bool>> read_word_set(MapReader& r, const char* key, const char* noun,
                                               const std::vector<std::string>& choices) {
  auto list = r.list(key);
  if (!list) return std::nullopt;
  std::string one_of, either;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    one_of += (i ? ", " : "") + choices[i];
    either += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i];
  }
  std::vector<bool> seen(choices.size(), false);
  bool bad = false;
  for (const auto& item : *list) {
    const std::string word = item.IsScalar() ? item.Scalar() : std::string();
    const auto at = std::find(choices.begin(), choices.end(), word);
    if (!item.IsScalar() || at == choices.end()) {
      r.diag().error(position(item), item.IsScalar() ? "unknown " + std::string(noun) + " '" + word +
                                                           "'; expected one of: " + one_of
                                                     : "each of '" + std::string(key) + "' must be " + either +
                                                           ", not " + kind_of(item));
      bad = true;
      continue;
    }
    const auto i = static_cast<std::size_t>(at - choices.begin());
    if (seen[i]) r.diag().error(position(item), std::string(noun) + " '" + word + "' is listed twice");
    seen[i] = true;
  }
  if (bad) return std::nullopt;
  if (std::find(seen.begin(), seen.end(), true) == seen.end()) {
    r.diag().error(r.value_pos(key), "'" + std::string(key) + "' needs at least one of: " + one_of);
    return std::nullopt;
  }
  return seen;
}

void read_transports(MapReader& r, Agent& a) {
  if (auto set = read_word_set(r, "transports", "transport", {"udp", "tcp"})) {
    a.udp = (*set)[0];
    a.tcp = (*set)[1];
  }
}

// `tcp_candidates: [active, passive, so]`: the TCP host candidates gathered
// per address (RFC 6544 4.5 tcp-type).
void read_tcp_candidates(MapReader& r, Agent& a) {
  if (!r.find("tcp_candidates")) return;
  auto set = read_word_set(r, "tcp_candidates", "TCP candidate type", {"active", "passive", "so"});
  if (!set) return;
  if (!a.tcp) {
    r.diag().error(r.key_pos("tcp_candidates"), "'tcp_candidates' needs tcp in 'transports'");
    return;
  }
  a.tcp_active = (*set)[0];
  a.tcp_passive = (*set)[1];
  a.tcp_so = (*set)[2];
}

// `tcp: ephemeral | <port>`: the local port policy of TCP candidates.
void read_tcp_port(MapReader& r, Agent& a) {
  const YAML::Node* v = r.find("tcp");
  if (!v) return;
  if (v->IsScalar() && v->Scalar() == "ephemeral") return;
  if (!v->IsScalar() || v->Scalar().empty() ||
      !std::all_of(v->Scalar().begin(), v->Scalar().end(), [](char c) { return c >= '0' && c <= '9'; })) {
    r.diag().error(r.value_pos("tcp"), "'tcp' must be ephemeral or a port number 1-65535");
    return;
  }
  if (v->Scalar().size() > 5 || std::stoul(v->Scalar()) < 1 || std::stoul(v->Scalar()) > 65535) {
    r.diag().error(r.value_pos("tcp"), "'tcp' port " + v->Scalar() + " is out of range 1-65535");
    return;
  }
  a.tcp_port = static_cast<std::uint16_t>(std::stoul(v->Scalar()));
}

}  // namespace

void parse_agents(const YAML::Node& list, ParsedScenario& out, Diagnostics& diag) {
  for_each_item(list, "agents", diag, [&](const YAML::Node& item) {
    Agent& a = out.scenario.agents.emplace_back();
    Marks& marks = out.agent_marks.emplace_back();
    MapReader r(item, "agent",
                {"name", "host", "stun", "turn", "components", "nomination", "rfc", "ta", "rto", "keepalive", "start",
                 "violate_ta_floor", "dialect", "accept_alternate_fingerprint", "transports", "tcp", "tcp_close",
                 "tcp_candidates"},
                diag, {}, &marks);
    a.pos = marks.element = r.pos();
    read_name(r, "agent", a.name);
    if (auto h = r.string("host", Need::Required)) a.host = *h;
    a.stun = name_list(r, "stun", marks);
    a.turn = turn_entries(r, marks);
    if (auto c = r.integer("components", 1, 2)) a.components = static_cast<int>(*c);
    if (auto n = r.choice<Nomination>("nomination", "nomination",
                                      {{"regular", Nomination::Regular}, {"aggressive", Nomination::Aggressive}})) {
      a.nomination = *n;
    }
    if (auto p = r.choice<IceProfile>("rfc", "ICE profile",
                                      {{"5245", IceProfile::Rfc5245}, {"8445", IceProfile::Rfc8445}})) {
      a.rfc = *p;
    }
    const bool rfc8445 = a.rfc == IceProfile::Rfc8445;
    a.ta = rfc8445 ? std::chrono::milliseconds(50) : std::chrono::milliseconds(20);  // RFC 8445 14.2, RFC 5245 16
    // A deliberately broken agent, to see the pacing check fail.
    if (auto b = r.boolean("violate_ta_floor")) a.violate_ta_floor = *b;
    if (auto d = r.duration("ta", false)) {
      // RFC 5245 16: Ta "MUST NOT be configured lower than 20 ms" for RTP;
      // RFC 8445 14.2 lowers the floor to 5 ms.
      const Duration floor = ta_floor(a.rfc);
      if (*d < floor && !a.violate_ta_floor) {
        r.diag().error(r.value_pos("ta"), std::string("ta below the ") + (rfc8445 ? "5 ms floor of RFC 8445 14.2" : "20 ms floor of RFC 5245 16") +
                             (rfc8445 ? "" : "; use rfc: 8445 for a Ta down to 5 ms"));
      } else {
        a.ta = *d;
      }
    }
    if (auto d = r.duration("rto", false)) a.rto = *d;
    if (auto d = r.duration("keepalive", false)) a.keepalive = *d;
    if (auto d = r.duration("start", true)) a.start = *d;
    if (auto d = r.choice<Dialect>("dialect", "dialect",
                                   {{"rfc", Dialect::Rfc}, {"ms-ice2", Dialect::MsIce2},
                                    {"ms-ice2-legacy", Dialect::MsIce2Legacy}})) {
      a.dialect = *d;
    }
    if (auto b = r.boolean("accept_alternate_fingerprint")) a.accept_alternate_fingerprint = *b;
    read_transports(r, a);
    read_tcp_port(r, a);
    read_tcp_candidates(r, a);
    // linger0: SO_LINGER {on, 0}, so close() sends an RST and leaves no
    // TIME_WAIT behind.
    if (auto m = r.choice<CloseMode>("tcp_close", "tcp_close",
                                     {{"graceful", CloseMode::Graceful}, {"linger0", CloseMode::Abortive}})) {
      a.tcp_close = *m;
    }
  });
}

void parse_sessions(const YAML::Node& list, ParsedScenario& out, Diagnostics& diag) {
  for_each_item(list, "sessions", diag, [&](const YAML::Node& item) {
    Session& s = out.scenario.sessions.emplace_back();
    Marks& marks = out.session_marks.emplace_back();
    MapReader r(item, "session", {"name", "controlling", "controlled", "signaling_delay", "media", "start", "end"}, diag, {},
                &marks);
    s.pos = marks.element = r.pos();
    read_name(r, "session", s.name);
    if (auto a = r.string("controlling", Need::Required)) s.controlling = *a;
    if (auto a = r.string("controlled", Need::Required)) s.controlled = *a;
    if (auto d = r.duration("signaling_delay", true)) s.signaling_delay = *d;
    if (auto d = r.duration("media", true)) s.media = *d;
    if (auto d = r.duration("start", true)) s.start = *d;
    if (auto d = r.duration("end", false)) {
      if (*d <= s.start) {
        r.diag().error(r.value_pos("end"), "session '" + s.name + "' ends at or before its start; 'end' must be later than 'start'");
      } else {
        s.end = *d;
      }
    }
  });
}

namespace {

void parse_selected(MapReader& r, Expectation& e, Marks& marks) {
  auto node = r.map("selected");
  if (!node) return;
  for (const auto& entry : *node) {
    const auto& agent = entry.first;
    const auto& type = entry.second;
    static const std::pair<std::string_view, CandidateType> kTypes[] = {{"host", CandidateType::Host},
                                                                        {"srflx", CandidateType::Srflx},
                                                                        {"prflx", CandidateType::Prflx},
                                                                        {"relay", CandidateType::Relay}};
    if (!agent.IsScalar() || !type.IsScalar()) {
      r.diag().error(position(agent.IsScalar() ? type : agent),
                     "each of 'selected' must be `agent: candidate type`, e.g. `A: relay`");
      continue;
    }
    auto it = std::find_if(std::begin(kTypes), std::end(kTypes),
                           [&](const auto& t) { return t.first == type.Scalar(); });
    if (it == std::end(kTypes)) {
      r.diag().error(position(type), "unknown candidate type '" + type.Scalar() +
                                         "'; expected one of: host, srflx, prflx, relay");
      continue;
    }
    e.selected[agent.Scalar()] = it->second;
    marks.set("selected." + agent.Scalar(), position(agent));
  }
}

void parse_conformance(MapReader& r, Expectation& e) {
  const YAML::Node& v = *r.find("conformance");
  if (v.IsScalar() && v.Scalar() == "all") {
    e.conformance_all = true;
    return;
  }
  if (!v.IsSequence() || v.size() == 0) {
    r.diag().error(r.value_pos("conformance"), "'conformance' must be `all` or a list of check ids");
    return;
  }
  for (const auto& id : v) {
    if (!id.IsScalar() || id.Scalar().empty()) {
      r.diag().error(position(id), "each of 'conformance' must be a check id such as RFC5245-16-pacing");
      continue;
    }
    e.conformance_ids.push_back(id.Scalar());
  }
}

}  // namespace

void parse_expect(const YAML::Node& list, ParsedScenario& out, Diagnostics& diag) {
  for_each_item(list, "expect", diag, [&](const YAML::Node& item) {
    Expectation& e = out.scenario.expect.emplace_back();
    Marks& marks = out.expect_marks.emplace_back();
    MapReader r(item, "expect item", {"session", "outcome", "selected", "nominated_within", "transport", "conformance"}, diag,
                {}, &marks);
    e.pos = marks.element = r.pos();
    if (r.has("conformance")) {
      for (auto key : {"session", "outcome", "selected", "nominated_within", "transport"}) {
        if (r.has(key)) {
          diag.error(r.key_pos(key), "'" + std::string(key) +
                                         "' belongs to a session expectation; put `conformance:` in an item "
                                         "of its own");
        }
      }
      parse_conformance(r, e);
      return;
    }
    if (!r.has("session")) {
      diag.error(r.pos(), "an expect item needs 'session' or 'conformance'");
      return;
    }
    e.session = r.string("session");
    e.outcome = r.choice<std::string>("outcome", "outcome", {{"connected", "connected"}, {"failed", "failed"}});
    parse_selected(r, e, marks);
    e.nominated_within = r.duration("nominated_within", false);
    e.transport = r.choice<Transport>("transport", "transport", {{"udp", Transport::Udp}, {"tcp", Transport::Tcp}});
    if (!r.has("outcome") && !r.has("selected") && !r.has("nominated_within") && !r.has("transport")) {
      diag.error(r.pos(), "this expectation checks nothing; give outcome, selected, nominated_within or transport");
    }
    // A failed session selects and nominates nothing: asking for both is a
    // mistake in the file, not a result to report.
    if (e.outcome == "failed") {
      for (auto key : {"selected", "nominated_within", "transport"}) {
        if (r.has(key)) diag.error(r.key_pos(key), "'" + std::string(key) + "' contradicts outcome: failed");
      }
    }
  });
}

}  // namespace natlab::sim::detail
