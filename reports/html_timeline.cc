#include "reports/html_timeline.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

#include "reports/expectations.h"
#include "reports/html_parts.h"

namespace natlab::reports::html {
namespace {

// Geometry of the drawing, in SVG user units.
constexpr double kWidth = 720, kLeft = 130, kRight = 36;
constexpr double kLaneY[2] = {28, 78};  // centre lines: controlling, controlled
constexpr double kBarHeight = 14, kAxisY = 108, kHeight = 130;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

struct Lanes {
  std::string agent[2];
  std::map<std::string, double> at[2];  // event -> t_ms, per lane

  std::optional<double> get(int lane, const char* event) const {
    auto it = at[lane].find(event);
    if (it == at[lane].end()) return std::nullopt;
    return it->second;
  }
};

Lanes read(const Json& session) {
  Lanes l;
  l.agent[0] = text(session, "controlling");
  l.agent[1] = text(session, "controlled");
  for (const auto& e : session.value("events", Json::array())) {
    auto t = e.find("t_ms");
    if (t == e.end() || !t->is_number()) continue;
    const std::string agent = text(e, "agent");
    for (int lane = 0; lane < 2; ++lane) {
      if (agent == l.agent[lane]) l.at[lane].emplace(text(e, "event"), t->get<double>());
    }
  }
  return l;
}

// For <title> text, which title() escapes.
std::string plain_ms(double t) { return format_ms(t) + " ms"; }

std::string format_span(double t0, const std::optional<double>& t1) {
  return "from " + plain_ms(t0) + (t1 ? " to " + plain_ms(*t1) : std::string(", not finished"));
}

std::string title(const std::string& what) { return "<title>" + esc(what) + "</title>"; }

std::string time_text(double t) { return ms(Json(t)); }

class Drawing {
 public:
  explicit Drawing(double end_ms) : end_(end_ms) {}
  double x(double t) const { return kLeft + (kWidth - kLeft - kRight) * (t / end_); }

  // A bar on a lane from t0 to t1 (at least 2 units wide so an instant shows).
  std::string bar(int lane, double t0, double t1, const char* cls, const std::string& tip) const {
    double x0 = x(t0), w = std::max(2.0, x(t1) - x0);
    return "<rect class=\"" + std::string(cls) + "\" x=\"" + num(x0) + "\" y=\"" + num(kLaneY[lane] - kBarHeight / 2) +
           "\" width=\"" + num(w) + "\" height=\"" + num(kBarHeight) + "\">" + title(tip) + "</rect>\n";
  }

  // An arrow from one lane at t0 to the other at t1. The offer's label sits
  // left of its arrow and the answer's right of its own, so they do not
  // collide when the two arrows are close.
  std::string arrow(int from, double t0, double t1, const char* label, bool label_left, const std::string& tip) const {
    const int to = 1 - from;
    double x0 = x(t0), x1 = x(t1);
    double y0 = kLaneY[from] + (from == 0 ? 1 : -1) * kBarHeight / 2;
    double y1 = kLaneY[to] + (to == 0 ? 1 : -1) * kBarHeight / 2;
    double dir = y1 > y0 ? 1 : -1;  // the head points along the lane change
    std::string head = num(x1) + "," + num(y1) + " " + num(x1 - 4) + "," + num(y1 - 7 * dir) + " " + num(x1 + 4) +
                       "," + num(y1 - 7 * dir);
    double lx = label_left ? std::min(x0, x1) - 4 : std::max(x0, x1) + 4;
    return "<g class=\"sig\">" + title(tip) + "<line x1=\"" + num(x0) + "\" y1=\"" + num(y0) + "\" x2=\"" + num(x1) +
           "\" y2=\"" + num(y1) + "\"/><polygon points=\"" + head + "\"/><text x=\"" + num(lx) + "\" y=\"" +
           num((y0 + y1) / 2 + 4) + "\" text-anchor=\"" + (label_left ? "end" : "start") + "\">" + label +
           "</text></g>\n";
  }

  // Nomination as a diamond just above the lane, completion or failure as a
  // dot on it, so both show when they happen at the same instant.
  std::string mark(int lane, double t, const char* cls, const std::string& tip) const {
    double cx = x(t), cy = kLaneY[lane];
    std::string shape;
    if (std::string(cls) == "nom") {
      cy -= kBarHeight / 2 + 6;
      shape = "<polygon points=\"" + num(cx) + "," + num(cy - 6) + " " + num(cx + 5) + "," + num(cy) + " " + num(cx) +
              "," + num(cy + 6) + " " + num(cx - 5) + "," + num(cy) + "\"/>";
    } else {
      shape = "<circle cx=\"" + num(cx) + "\" cy=\"" + num(cy) + "\" r=\"5\"/>";
    }
    return "<g class=\"" + std::string(cls) + "\">" + title(tip) + shape + "</g>\n";
  }

  std::string axis(double step) const {
    std::string out = "<line class=\"axis\" x1=\"" + num(kLeft) + "\" y1=\"" + num(kAxisY) + "\" x2=\"" +
                      num(kWidth - kRight) + "\" y2=\"" + num(kAxisY) + "\"/>\n";
    for (int i = 0; i * step <= end_ + step / 1000; ++i) {
      double t = i * step, tx = x(t);
      out += "<line class=\"axis\" x1=\"" + num(tx) + "\" y1=\"" + num(kAxisY) + "\" x2=\"" + num(tx) + "\" y2=\"" +
             num(kAxisY + 4) + "\"/><text class=\"tick\" x=\"" + num(tx) + "\" y=\"" + num(kAxisY + 16) + "\">" +
             time_text(t) + "</text>\n";
    }
    return out;
  }

 private:
  double end_;
};

const char* const kRows[][2] = {
    {"gathering-start", "gathering started"},   {"gathering-complete", "gathering complete"},
    {"offer-sent", "offer sent"},               {"offer-received", "offer received"},
    {"answer-sent", "answer sent"},             {"answer-received", "answer received"},
    {"first-check", "first check sent"},        {"nominated", "nominated (all components)"},
    {"completed", "ICE completed"},             {"failed", "ICE failed"},
};

std::string table(const Lanes& l) {
  std::string out = "<table class=\"timeline\">\n<tr><th>Moment</th><th>" + esc(l.agent[0]) +
                    " (controlling)</th><th>" + esc(l.agent[1]) + " (controlled)</th></tr>\n";
  for (const auto& [event, label] : kRows) {
    auto a = l.get(0, event), b = l.get(1, event);
    if (!a && !b) continue;
    out += "<tr><td>" + std::string(label) + "</td><td>" + (a ? time_text(*a) : "&#8211;") + "</td><td>" +
           (b ? time_text(*b) : "&#8211;") + "</td></tr>\n";
  }
  return out + "</table>\n";
}

// TCP socket records (timeline.json "sockets"). Their colours are SVG
// presentation attributes rather than report.html's stylesheet, so reports
// of runs without TCP stay as they were.
std::string socket_tip(const Json& e) {
  std::string tip = text(e, "agent") + " " + text(e, "event");
  const std::string local = text(e, "local"), remote = text(e, "remote");
  if (!local.empty()) tip += " " + local;
  if (!remote.empty()) tip += " -> " + remote;
  if (!text(e, "direction").empty()) tip += " (" + text(e, "direction") + ")";
  if (!text(e, "mode").empty()) tip += ", " + text(e, "mode");
  if (!text(e, "reason").empty()) tip += ", reason: " + text(e, "reason");
  if (!text(e, "duration").empty()) tip += ", held for " + text(e, "duration");
  return tip + " at " + plain_ms(e.value("t_ms", 0.0));
}

// TIME_WAIT as a hatched strip under the lane for its duration (cut at the
// axis' end), an RST and an "address in use" as labelled marks above it,
// the other socket steps as thin ticks across it.
std::string socket_marks(const Drawing& d, double axis_end, int lane, const Json& e) {
  const std::string event = text(e, "event");
  const double t = e.value("t_ms", 0.0);
  const double x = d.x(t), y = kLaneY[lane];
  const std::string tip = title(socket_tip(e));
  if (event == "time_wait") {
    const double until = std::min(axis_end, t + e.value("duration_ms", 0.0));
    const double w = std::max(2.0, d.x(until) - x);
    return "<g class=\"time-wait\">" + tip + "<rect x=\"" + num(x) + "\" y=\"" + num(y + kBarHeight / 2 + 1) +
           "\" width=\"" + num(w) + "\" height=\"5\" fill=\"#bdbdbd\" stroke=\"#636363\" stroke-width=\"0.5\"/><text x=\"" +
           num(x + 2) + "\" y=\"" + num(y + kBarHeight / 2 + 15) + "\" fill=\"#636363\">TIME_WAIT " +
           esc(text(e, "duration")) + "</text></g>\n";
  }
  if (event == "rst" || event == "addr_in_use") {
    const bool rst = event == "rst";
    const char* colour = rst ? "#d7301f" : "#a50f15";
    const std::string label = rst ? "RST " + text(e, "direction") : std::string("EADDRINUSE");
    const double top = y - kBarHeight / 2 - 2;
    return "<g class=\"" + event + "\">" + tip + "<polygon points=\"" + num(x) + "," + num(top) + " " + num(x - 4) + "," +
           num(top - 7) + " " + num(x + 4) + "," + num(top - 7) + "\" fill=\"" + colour + "\"/><text x=\"" + num(x + 6) +
           "\" y=\"" + num(top - 1) + "\" fill=\"" + colour + "\">" + esc(label) + "</text></g>\n";
  }
  return "<g class=\"socket\">" + tip + "<line x1=\"" + num(x) + "\" y1=\"" + num(y - kBarHeight / 2) + "\" x2=\"" +
         num(x) + "\" y2=\"" + num(y + kBarHeight / 2) + "\" stroke=\"#3182bd\" stroke-width=\"1\"/></g>\n";
}

std::string socket_table(const Json& sockets) {
  std::string out =
      "<table class=\"timeline sockets\">\n<tr><th>TCP socket</th><th>Agent</th><th>Event</th><th>Local</th>"
      "<th>Remote</th><th>Details</th></tr>\n";
  for (const auto& e : sockets) {
    std::string details;
    auto add = [&details](const std::string& part) { details += (details.empty() ? "" : "; ") + part; };
    if (!text(e, "direction").empty()) add(text(e, "direction"));
    if (!text(e, "mode").empty()) add(text(e, "mode"));
    if (!text(e, "duration").empty()) add("held for " + text(e, "duration"));
    if (!text(e, "reason").empty()) add("reason: " + text(e, "reason"));
    out += "<tr><td>" + time_text(e.value("t_ms", 0.0)) + "</td><td>" + esc(text(e, "agent")) + "</td><td>" +
           esc(text(e, "event")) + "</td><td>" + esc(text(e, "local")) + "</td><td>" + esc(text(e, "remote")) +
           "</td><td>" + esc(details) + "</td></tr>\n";
  }
  return out + "</table>\n";
}

}  // namespace

std::pair<double, double> axis_scale(double t_max_ms) {
  if (!(t_max_ms > 0)) return {1.0, 1.0};
  double power = std::pow(10.0, std::floor(std::log10(t_max_ms / 5)));
  for (double mult : {1.0, 2.0, 5.0, 10.0}) {
    double step = mult * power;
    double end = std::ceil(t_max_ms / step - 1e-9) * step;
    if (end / step <= 5 + 1e-9) return {end, step};
  }
  return {t_max_ms, t_max_ms / 5};
}

std::string timeline_figure(const Json& session) {
  Lanes l = read(session);
  double t_max = 0;
  for (const auto& lane : l.at) {
    for (const auto& [event, t] : lane) t_max = std::max(t_max, t);
  }
  const Json sockets = session.value("sockets", Json::array());
  for (const auto& e : sockets) t_max = std::max(t_max, e.value("t_ms", 0.0));
  if (l.at[0].empty() && l.at[1].empty() && sockets.empty()) return "<p class=\"none\">Nothing happened in this session.</p>\n";
  auto [end, step] = axis_scale(t_max);
  Drawing d(end);
  std::string svg = "<svg class=\"tl\" viewBox=\"0 0 " + num(kWidth) + " " + num(kHeight) + "\" width=\"" +
                    num(kWidth) + "\" height=\"" + num(kHeight) + "\" role=\"img\">\n" +
                    title("Timeline of session " + text(session, "name")) + "\n";
  const char* role[2] = {"controlling", "controlled"};
  for (int lane = 0; lane < 2; ++lane) {
    svg += "<line class=\"lane\" x1=\"" + num(kLeft) + "\" y1=\"" + num(kLaneY[lane]) + "\" x2=\"" +
           num(kWidth - kRight) + "\" y2=\"" + num(kLaneY[lane]) + "\"/>\n";
    svg += "<text class=\"agent\" x=\"6\" y=\"" + num(kLaneY[lane] - 2) + "\">" + esc(l.agent[lane]) +
           "</text><text class=\"role\" x=\"6\" y=\"" + num(kLaneY[lane] + 11) + "\">" + role[lane] + "</text>\n";
    auto g0 = l.get(lane, "gathering-start"), g1 = l.get(lane, "gathering-complete");
    if (g0) {
      double until = g1 ? *g1 : t_max;
      svg += d.bar(lane, *g0, until, "gather",
                   l.agent[lane] + " gathering " + format_span(*g0, g1));
    }
    auto c0 = l.get(lane, "first-check");
    if (c0) {
      auto done = l.get(lane, "completed");
      if (!done) done = l.get(lane, "failed");
      double until = done ? *done : t_max;
      svg += d.bar(lane, *c0, until, "checks", l.agent[lane] + " checking " + format_span(*c0, done));
    }
  }
  auto offer0 = l.get(0, "offer-sent"), offer1 = l.get(1, "offer-received");
  if (offer0 && offer1) svg += d.arrow(0, *offer0, *offer1, "offer", true, "offer " + format_span(*offer0, offer1));
  auto answer0 = l.get(1, "answer-sent"), answer1 = l.get(0, "answer-received");
  if (answer0 && answer1) {
    svg += d.arrow(1, *answer0, *answer1, "answer", false, "answer " + format_span(*answer0, answer1));
  }
  const char* marks[][3] = {{"nominated", "nom", " nominated at "},
                            {"completed", "done", " completed at "},
                            {"failed", "failed", " failed at "}};
  for (int lane = 0; lane < 2; ++lane) {
    for (const auto& [event, cls, words] : marks) {
      if (auto t = l.get(lane, event)) svg += d.mark(lane, *t, cls, l.agent[lane] + words + plain_ms(*t));
    }
  }
  for (const auto& e : sockets) {
    for (int lane = 0; lane < 2; ++lane) {
      if (text(e, "agent") == l.agent[lane]) svg += socket_marks(d, end, lane, e);
    }
  }
  svg += d.axis(step) + "</svg>\n";
  return "<div class=\"figure\">\n" + svg + "</div>\n" + table(l) + (sockets.empty() ? "" : socket_table(sockets));
}

}  // namespace natlab::reports::html
