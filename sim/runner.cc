#include "sim/runner.h"

#include <ns3/simulator.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "agents/ice/sdp.h"
#include "sim/agent_machine.h"
#include "sim/ns3_convert.h"
#include "sim/sans_io_app.h"
#include "sim/server_machine.h"
#include "sim/world.h"

namespace natlab::sim {

namespace {

// Host candidate ports: each (agent, session) gets its own block, so an agent
// in two sessions, or two agents on one host, never share a socket.
constexpr std::uint16_t kFirstPort = 40000;
constexpr std::uint16_t kPortsPerAgent = 10;

ice::NominationMode to_ice(Nomination n) {
  return n == Nomination::Aggressive ? ice::NominationMode::Aggressive : ice::NominationMode::Regular;
}

AgentSetup make_setup(const Scenario& sc, const Agent& a, ice::Role role, std::uint16_t first_port) {
  const Host* host = sc.find_host(a.host);
  AgentSetup s;
  s.name = a.name;
  s.ice.role = role;
  s.ice.components = a.components;
  s.ice.sockets = ice::host_sockets({host->address}, a.components, first_port);
  for (const auto& name : a.stun) {
    const Server* srv = sc.find_server(name);
    const std::uint16_t port = srv->stun ? srv->stun->port : srv->turn->port;
    s.ice.stun_servers.push_back(Endpoint{srv->address, port});
  }
  s.ice.nomination = to_ice(a.nomination);
  s.ice.profile = a.rfc == IceProfile::Rfc8445 ? ice::Profile::Rfc8445 : ice::Profile::Rfc5245;
  s.ice.ta = a.ta;
  s.ice.violate_ta_floor = a.violate_ta_floor;
  s.ice.dialect = a.dialect == Dialect::MsIce2         ? ice::Dialect::MsIce2
                  : a.dialect == Dialect::MsIce2Legacy ? ice::Dialect::MsIce2Legacy
                                                       : ice::Dialect::Rfc;
  s.ice.accept_alternate_fingerprint = a.accept_alternate_fingerprint;
  s.ice.keepalive = a.keepalive;
  s.ice.transports.udp = a.udp;
  s.ice.transports.tcp = a.tcp;
  s.ice.tcp.fixed = a.tcp_port;
  s.ice.tcp_candidates = ice::TcpCandidateTypes{a.tcp_active, a.tcp_passive, a.tcp_so};
  s.ice.gathering_retransmit.rto = a.rto;
  for (const auto& t : a.turn) {
    const Server* srv = sc.find_server(t.server);
    s.turn.push_back(TurnSetup{Endpoint{srv->address, srv->turn->port}, t.username, t.password, t.transport});
  }
  return s;
}

// A TURN server listens for TCP (RFC 5766 2.1) only when some agent reaches
// it over TCP: a listener on every TURN server would add socket records to
// the trace of runs that never use it. That is TURN over TCP, or a Binding
// over TCP for a server-reflexive simultaneous-open candidate (RFC 6544 5.2).
bool turn_tcp_wanted(const Scenario& sc, const Server& srv) {
  for (const auto& a : sc.agents) {
    for (const auto& t : a.turn)
      if (t.server == srv.name && t.transport == Transport::Tcp) return true;
    if (a.tcp && a.tcp_so && std::find(a.stun.begin(), a.stun.end(), srv.name) != a.stun.end()) return true;
  }
  return false;
}

CandidateSummary summary(const ice::Candidate& c) {
  return {ice::to_string(c.type), c.address.to_string(), to_string(c.transport),
          c.tcptype ? ice::to_string(*c.tcptype) : ""};
}

struct LiveSession {
  const Session* session = nullptr;
  std::shared_ptr<AgentMachine> controlling, controlled;
  ns3::Ptr<SansIoApp> controlling_app, controlled_app;
  std::optional<Time> offer, answer;
  std::optional<ice::SessionDescription> offer_received;
  bool answered = false;
  Trace* trace = nullptr;
};

// Signalling is not on any simulated wire, so the trace records each offer
// and answer as events of the agents at both ends: the SDP carries the
// credentials and candidates that conformance checks recompute from.
void record_signal(LiveSession& ls, const AgentMachine& agent, const char* event,
                   const ice::SessionDescription& d) {
  ls.trace->record(from_ns3(ns3::Simulator::Now()), "agent",
                   {{"agent", agent.name()},
                    {"event", event},
                    {"session", ls.session->name},
                    {"sdp", ice::format_description(d)}});
}

void try_answer(LiveSession& ls) {
  if (ls.answered || !ls.offer_received || !ls.controlled->gathering_complete()) return;
  ls.answered = true;
  const Time now = from_ns3(ns3::Simulator::Now());
  ls.answer = now;
  // RFC 5245 5.3 / 5.7: the answerer forms its check list and starts checks
  // once it has sent its answer.
  const ice::SessionDescription answer = ls.controlled->local_description();
  record_signal(ls, *ls.controlled, "answer-sent", answer);
  ls.controlled->set_remote(now, *ls.offer_received);
  ls.controlled_app->poke();
  ns3::Simulator::Schedule(to_ns3(ls.session->signaling_delay), [&ls, answer] {
    record_signal(ls, *ls.controlling, "answer-received", answer);
    ls.controlling->set_remote(from_ns3(ns3::Simulator::Now()), answer);
    ls.controlling_app->poke();
  });
}

// The controlling agent hangs up at `end`; the controlled one when the
// hang-up has crossed the signalling channel.
void schedule_hangup(LiveSession& ls, const Agent& controlling, const Agent& controlled, Duration end) {
  const CloseMode first = controlling.tcp_close;
  const CloseMode second = controlled.tcp_close;
  ns3::Simulator::Schedule(to_ns3(end), [&ls, first] {
    ls.controlling->close(from_ns3(ns3::Simulator::Now()), first);
    ls.controlling_app->poke();
  });
  ns3::Simulator::Schedule(to_ns3(end + ls.session->signaling_delay), [&ls, second] {
    ls.controlled->close(from_ns3(ns3::Simulator::Now()), second);
    ls.controlled_app->poke();
  });
}

SessionRun collect(const LiveSession& ls) {
  SessionRun r;
  r.name = ls.session->name;
  const AgentStats& c = ls.controlling->stats();
  const AgentStats& d = ls.controlled->stats();
  const bool connected = c.completed && d.completed;
  r.outcome = connected ? "connected" : "failed";
  for (const auto* m : {ls.controlling.get(), ls.controlled.get()}) {
    // The pair of component 1 (RTP) stands for the agent, as in the spec.
    auto it = m->stats().selected.find(1);
    if (it == m->stats().selected.end()) continue;
    SelectedPairSummary p{summary(it->second.local), summary(it->second.remote)};
    // A relayed candidate is the allocation of one of the two agents.
    for (auto* cand : {&p.local, &p.remote}) {
      if (cand->type != "relay") continue;
      const Endpoint relayed = (cand == &p.local ? it->second.local : it->second.remote).address;
      for (const auto* owner : {ls.controlling.get(), ls.controlled.get()})
        if (owner->relay_transport(relayed) == Transport::Tcp) cand->relay_transport = "tcp";
    }
    r.selected[m->name()] = p;
  }
  auto ms = [](std::optional<Time> t) { return t ? std::optional<double>(to_ms(*t)) : std::nullopt; };
  r.times_ms.offer = ms(ls.offer);
  r.times_ms.answer = ms(ls.answer);
  std::optional<Time> first = c.first_check;
  if (d.first_check && (!first || *d.first_check < *first)) first = d.first_check;
  r.times_ms.first_check = ms(first);
  // The controlling agent's pair is nominated once every component is.
  if (!c.nominated.empty() && c.nominated.size() == c.selected.size() && !c.selected.empty()) {
    Time last{};
    for (const auto& [comp, t] : c.nominated) last = std::max(last, t);
    r.times_ms.nominated = ms(last);
  }
  if (connected) r.times_ms.completed = ms(std::max(*c.completed, *d.completed));
  auto stats_of = [](const AgentStats& s) {
    CheckStats cs;
    cs.pairs = static_cast<int>(s.max_pairs);
    cs.sent = s.checks_sent;
    cs.retransmits = s.retransmits;
    if (s.min_check_interval) cs.min_interval_ms = to_ms(*s.min_check_interval);
    return cs;
  };
  r.checks_by_agent[ls.controlling->name()] = stats_of(c);
  r.checks_by_agent[ls.controlled->name()] = stats_of(d);
  r.checks.pairs = static_cast<int>(c.max_pairs);
  r.checks.sent = c.checks_sent + d.checks_sent;
  r.checks.retransmits = c.retransmits + d.retransmits;
  for (const auto* s : {&c, &d}) {
    if (s->min_check_interval) {
      const double v = to_ms(*s->min_check_interval);
      if (!r.checks.min_interval_ms || v < *r.checks.min_interval_ms) r.checks.min_interval_ms = v;
    }
  }
  if (ls.session->media.count() > 0) {
    r.media[ls.controlling->name()] = {c.media_sent, c.media_received};
    r.media[ls.controlled->name()] = {d.media_sent, d.media_received};
  }
  return r;
}

}  // namespace

ScenarioRun run_scenario(const Scenario& input, const RunOptions& options) {
  Scenario sc = input;
  if (options.seed) sc.seed = *options.seed;
  ScenarioRun out;
  out.seed = sc.seed;
  try {
    WorldOptions wo;
    if (options.pcap && !options.scenario_dir.empty()) {
      wo.pcap_dir = options.scenario_dir + "/pcap";
      std::filesystem::create_directories(wo.pcap_dir);
    }
    World world(sc, wo);
    for (const auto& s : sc.servers) {
      if (!s.stun && !s.turn) continue;
      auto machine = std::make_shared<ServerMachine>(s, world.rng_for("server:" + s.name), turn_tcp_wanted(sc, s));
      install_sans_io(world.node(s.name), s.name, machine, &world.trace(), Duration{0});
    }

    std::vector<std::unique_ptr<LiveSession>> live;
    std::uint16_t port = kFirstPort;
    for (const auto& session : sc.sessions) {
      auto ls = std::make_unique<LiveSession>();
      ls->session = &session;
      ls->trace = &world.trace();
      const Agent* ca = sc.find_agent(session.controlling);
      const Agent* da = sc.find_agent(session.controlled);
      ls->controlling = std::make_shared<AgentMachine>(make_setup(sc, *ca, ice::Role::Controlling, port),
                                                       world.rng_for("agent:" + session.name + ":" + ca->name));
      port = static_cast<std::uint16_t>(port + kPortsPerAgent);
      ls->controlled = std::make_shared<AgentMachine>(make_setup(sc, *da, ice::Role::Controlled, port),
                                                      world.rng_for("agent:" + session.name + ":" + da->name));
      port = static_cast<std::uint16_t>(port + kPortsPerAgent);
      // A second session of an agent is a fresh ICE agent on the same host:
      // the host's socket rules still hold the first call's connections.
      ls->controlling_app = install_sans_io(world.node(ca->host), ca->name, ls->controlling, &world.trace(),
                                            session.start + ca->start);
      ls->controlled_app = install_sans_io(world.node(da->host), da->name, ls->controlled, &world.trace(),
                                           session.start + da->start);

      LiveSession* raw = ls.get();
      // The offer leaves when the controlling agent has gathered (the
      // session's start) and arrives signaling_delay later.
      ls->controlling->on_gathering_complete = [raw](Time now) {
        raw->offer = now;
        ice::SessionDescription offer = raw->controlling->local_description();
        record_signal(*raw, *raw->controlling, "offer-sent", offer);
        ns3::Simulator::Schedule(to_ns3(raw->session->signaling_delay), [raw, offer] {
          record_signal(*raw, *raw->controlled, "offer-received", offer);
          raw->offer_received = offer;
          try_answer(*raw);
        });
      };
      // Answering from inside the agent's own event handling would re-enter
      // it: defer to a fresh event at the same instant.
      ls->controlled->on_gathering_complete = [raw](Time) {
        ns3::Simulator::ScheduleNow([raw] { try_answer(*raw); });
      };
      if (session.media.count() > 0) {
        for (auto* pair : {&ls->controlling, &ls->controlled}) {
          AgentMachine* m = pair->get();
          ns3::Ptr<SansIoApp> app = m == ls->controlling.get() ? ls->controlling_app : ls->controlled_app;
          const Duration media = session.media;
          m->on_completed = [m, app, media](Time) {
            ns3::Simulator::ScheduleNow([m, app, media] {
              const Time now = from_ns3(ns3::Simulator::Now());
              m->start_media(now, now + media);
              app->poke();
            });
          };
        }
      }
      if (session.end) schedule_hangup(*raw, *ca, *da, *session.end);
      live.push_back(std::move(ls));
    }

    world.run(sc.duration);
    for (const auto& ls : live) out.sessions.push_back(collect(*ls));
    if (!options.scenario_dir.empty()) {
      std::filesystem::create_directories(options.scenario_dir);
      world.trace().write_jsonl(options.scenario_dir + "/trace.jsonl");
      if (!wo.pcap_dir.empty()) {
        std::vector<std::string> files;
        for (const auto& e : std::filesystem::directory_iterator(wo.pcap_dir))
          files.push_back("pcap/" + e.path().filename().string());
        std::sort(files.begin(), files.end());
        out.pcap_files = std::move(files);
      }
    }
    out.trace = world.trace();
  } catch (const std::exception& e) {
    out.error = e.what();
  }
  return out;
}

}  // namespace natlab::sim
