#pragma once
// Agent and server events as trace records ("agent" kind). Field names are
// the trace's vocabulary, documented in docs/trace-format.md.
#include <nlohmann/json.hpp>

#include "agents/ice/events.h"
#include "agents/turn/client_events.h"
#include "agents/turn/server_events.h"

namespace natlab::sim {

nlohmann::json candidate_json(const ice::Candidate& c);
nlohmann::json to_json(const ice::Event& e);
nlohmann::json to_json(const turn::ClientEvent& e);
nlohmann::json to_json(const turn::ServerEvent& e);

}  // namespace natlab::sim
