#include "agents/ice/sdp.h"

#include <charconv>
#include <sstream>

namespace natlab::ice {

namespace {

std::vector<std::string_view> split_spaces(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

template <class T>
std::optional<T> parse_number(std::string_view s, std::size_t max_digits) {
  if (s.empty() || s.size() > max_digits) return std::nullopt;
  T v{};
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string_view trim_line(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::string format_candidate(const Candidate& c) {
  std::ostringstream o;
  o << "a=candidate:" << c.foundation << ' ' << c.component << ' '
    << (c.transport == Transport::Udp ? "UDP" : "TCP") << ' ' << c.priority << ' '
    << c.address.address.to_string() << ' ' << c.address.port << " typ " << to_string(c.type);
  if (c.related)
    o << " raddr " << c.related->address.to_string() << " rport " << c.related->port;
  // RFC 6544 4.5: the tcptype extension follows rel-addr and rel-port.
  if (c.transport == Transport::Tcp && c.tcptype) o << " tcptype " << to_string(*c.tcptype);
  return o.str();
}

CandidateParse parse_candidate_line(std::string_view line) {
  CandidateParse out;
  auto fail = [&](std::string why) {
    out.error = std::move(why);
    return out;
  };
  line = trim_line(line);
  if (line.starts_with("a=")) line.remove_prefix(2);
  if (!line.starts_with("candidate:")) return fail("not a candidate attribute");
  line.remove_prefix(10);
  auto f = split_spaces(line);
  if (f.size() < 8 || f[6] != "typ") return fail("expected 'foundation component transport priority address port typ type'");
  Candidate c;
  if (!is_ice_string(f[0], 1, 32)) return fail("bad foundation");  // foundation = 1*32ice-char
  c.foundation = std::string(f[0]);
  auto comp = parse_number<int>(f[1], 5);  // component-id = 1*5DIGIT
  if (!comp || *comp < 1 || *comp > 256) return fail("bad component id");
  c.component = *comp;
  if (iequals(f[2], "UDP")) c.transport = Transport::Udp;
  else if (iequals(f[2], "TCP")) c.transport = Transport::Tcp;
  else return fail("unknown transport '" + std::string(f[2]) + "'");
  auto prio = parse_number<std::uint32_t>(f[3], 10);  // priority = 1*10DIGIT
  if (!prio || *prio == 0) return fail("bad priority");
  c.priority = *prio;
  auto ip = IpAddress::parse(f[4]);
  auto port = parse_number<std::uint16_t>(f[5], 5);
  if (!ip) return fail("bad connection address");
  if (!port) return fail("bad port");
  c.address = Endpoint{*ip, *port};
  auto type = parse_candidate_type(f[7]);
  if (!type) return fail("unknown candidate type '" + std::string(f[7]) + "'");
  c.type = *type;
  std::size_t i = 8;
  std::optional<IpAddress> raddr;
  std::optional<std::uint16_t> rport;
  if (i + 1 < f.size() && f[i] == "raddr") {
    raddr = IpAddress::parse(f[i + 1]);
    if (!raddr) return fail("bad raddr");
    i += 2;
  }
  if (i + 1 < f.size() && f[i] == "rport") {
    rport = parse_number<std::uint16_t>(f[i + 1], 5);
    if (!rport) return fail("bad rport");
    i += 2;
  }
  if (raddr.has_value() != rport.has_value()) return fail("raddr without rport or rport without raddr");
  if (raddr) c.related = Endpoint{*raddr, *rport};
  if ((f.size() - i) % 2 != 0) return fail("extension attribute without a value");
  for (; i < f.size(); i += 2) {
    if (f[i] != "tcptype") continue;  // other extensions are skipped (RFC 5245 15.1)
    // RFC 6544 4.5: tcp-type = "active" / "passive" / "so".
    auto t = parse_tcp_type(f[i + 1]);
    if (!t) return fail("bad tcptype '" + std::string(f[i + 1]) + "' (expected active, passive or so)");
    if (c.tcptype) return fail("tcptype given twice");
    c.tcptype = t;
  }
  if (c.transport == Transport::Tcp && !c.tcptype) return fail("TCP candidate without tcptype (RFC 6544 4.5)");
  if (c.transport != Transport::Tcp && c.tcptype) return fail("tcptype on a UDP candidate");
  c.base = c.address;
  out.candidate = std::move(c);
  return out;
}

std::optional<Candidate> parse_candidate(std::string_view line) { return parse_candidate_line(line).candidate; }

std::string format_description(const SessionDescription& d) {
  std::string out = "a=ice-ufrag:" + d.credentials.ufrag + "\r\n";
  out += "a=ice-pwd:" + d.credentials.pwd + "\r\n";
  for (const auto& c : d.candidates) out += format_candidate(c) + "\r\n";
  return out;
}

std::string format_media_section(const SessionDescription& d) {
  std::string out;
  if (auto def = default_candidate(d.candidates, 1)) {
    const Endpoint& a = def->address;
    out += "m=application " + std::to_string(a.port) + " ICE/SDP\n";
    out += std::string("c=IN ") + (a.address.is_v4() ? "IP4 " : "IP6 ") + a.address.to_string() + "\n";
  } else {
    // RFC 4566 5.14: port 0 rejects the stream; nothing to reach.
    out += "m=application 0 ICE/SDP\nc=IN IP4 0.0.0.0\n";
  }
  out += "a=ice-ufrag:" + d.credentials.ufrag + "\n";
  out += "a=ice-pwd:" + d.credentials.pwd + "\n";
  for (const auto& c : d.candidates) out += format_candidate(c) + "\n";
  return out;
}

std::optional<SessionDescription> parse_description(std::string_view text) {
  return parse_description(text, nullptr);
}

std::optional<SessionDescription> parse_description(std::string_view text, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<SessionDescription> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  SessionDescription d;
  bool have_ufrag = false, have_pwd = false;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = trim_line(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (line.starts_with("a=ice-ufrag:")) {
      d.credentials.ufrag = std::string(line.substr(12));
      // RFC 5245 15.4: ufrag = 4*256ice-char
      if (!is_ice_string(d.credentials.ufrag, kUfragMinLength, kCredentialMaxLength)) return fail("bad ice-ufrag");
      have_ufrag = true;
    } else if (line.starts_with("a=ice-pwd:")) {
      d.credentials.pwd = std::string(line.substr(10));
      // RFC 5245 15.4: password = 22*256ice-char
      if (!is_ice_string(d.credentials.pwd, kPasswordMinLength, kCredentialMaxLength)) return fail("bad ice-pwd");
      have_pwd = true;
    } else if (line.starts_with("a=candidate:")) {
      auto c = parse_candidate_line(line);
      if (!c.candidate) return fail(std::string(line) + ": " + c.error);
      d.candidates.push_back(std::move(*c.candidate));
    }
  }
  if (!have_ufrag) return fail("no a=ice-ufrag");
  if (!have_pwd) return fail("no a=ice-pwd");
  return d;
}

}  // namespace natlab::ice
