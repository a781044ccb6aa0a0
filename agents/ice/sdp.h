#pragma once
// ICE's SDP attributes (RFC 5245 15): a=candidate, a=ice-ufrag, a=ice-pwd.
// Only the ICE lines: the m=/c= lines around them belong to the signalling
// layer, which passes whole descriptions between agents.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agents/ice/candidate.h"
#include "agents/ice/credentials.h"

namespace natlab::ice {

// RFC 5245 15.1:
//   candidate-attribute = "candidate" ":" foundation SP component-id SP
//                         transport SP priority SP connection-address SP port
//                         SP cand-type [SP rel-addr] [SP rel-port]
//                         *(SP extension-att-name SP extension-att-value)
// Printed with the "a=" prefix and without a line ending.
std::string format_candidate(const Candidate& c);
// Accepts the line with or without "a=" and a trailing CR/LF. Transport is
// case-insensitive (RFC 5245 15.1 uses "UDP"; implementations send "udp").
// Extension attributes are skipped. nullopt on any syntax error; the base of
// the parsed candidate is set to its address.
std::optional<Candidate> parse_candidate(std::string_view line);
// The same, saying what is wrong when the line is rejected. RFC 6544 4.5:
// a TCP candidate carries "tcptype active|passive|so" after rel-addr/rel-port;
// one without it, a UDP one with it, or another tcptype value is an error.
struct CandidateParse {
  std::optional<Candidate> candidate;
  std::string error;  // set when !candidate
};
CandidateParse parse_candidate_line(std::string_view line);

struct SessionDescription {
  Credentials credentials;
  std::vector<Candidate> candidates;
  bool operator==(const SessionDescription&) const = default;
};

// "a=ice-ufrag:..\r\na=ice-pwd:..\r\n" then one a=candidate line each.
std::string format_description(const SessionDescription& d);
// Ignores lines it does not know; nullopt when ufrag or pwd is missing or
// malformed (RFC 5245 15.4 lengths and alphabet) or a candidate line is bad.
std::optional<SessionDescription> parse_description(std::string_view text);
// The same; on failure `error` (when given) says which line and why.
std::optional<SessionDescription> parse_description(std::string_view text, std::string* error);

// A whole media section as libnice's nice_agent_generate_local_sdp writes
// it and nice_agent_parse_remote_sdp reads it: "m=application <port>
// ICE/SDP" and "c=IN IP4 <address>" naming the default candidate of
// component 1 (RFC 5245 4.3), then the lines of format_description. Lines
// end in LF only: libnice 0.1.21 rejects a description whose lines end in
// CRLF. parse_description reads it back (it skips the m= and c= lines).
std::string format_media_section(const SessionDescription& d);

}  // namespace natlab::ice
