#include "reports/bench/bench_plots.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "reports/xml_escape.h"

namespace natlab::reports::bench {
namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

// gnuplot strings in double quotes: escape what it would interpret.
std::string gp_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '_' || c == '^' || c == '@' || c == '&' || c == '~' || c == '{' || c == '}') out += "\\\\";
    out += c;
  }
  return out + "\"";
}

std::string safe_name(const std::string& s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') ? c : '_';
  return out;
}

const char* kTerminal = "set terminal svg size 900,%d dynamic font 'sans,11' background rgb 'white'\n";

}  // namespace

Plot nomination_plot(const Sweep& sweep) {
  Plot plot{"bench.svg", "bench.gp", {}};
  const auto groups = by_combination(sweep);
  const std::size_t panels = std::max<std::size_t>(1, sweep.keys.size());
  char term[128];
  std::snprintf(term, sizeof term, kTerminal, static_cast<int>(320 * panels));
  std::string gp = term;
  gp += "set output 'bench.svg'\nset multiplot layout " + std::to_string(panels) + ",1\n";
  gp += "set grid ytics\nset key outside right top\nset ylabel 'nomination (ms, p50 and p5-p95)'\nset style fill transparent solid 0.15 noborder\n";

  for (std::size_t k = 0; k < panels; ++k) {
    // Lines: every combination of the other keys, and session.
    std::map<std::string, std::map<std::size_t, std::vector<double>>> lines;  // label -> x -> sample
    std::vector<std::string> order;
    for (const auto& rows : groups) {
      const auto& values = rows.front()->values;
      std::size_t x = 0;
      std::string others;
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (i == k) {
          const auto& vs = sweep.values[i];
          x = static_cast<std::size_t>(std::find(vs.begin(), vs.end(), values[i]) - vs.begin());
        } else {
          others += (others.empty() ? "" : " ") + sweep.keys[i] + "=" + values[i];
        }
      }
      for (const auto* r : rows) {
        for (const auto& s : r->sessions) {
          std::string label = others;
          if (r->sessions.size() > 1) label += (label.empty() ? "" : " ") + s.name;
          if (label.empty()) label = "nominated";
          if (!lines.count(label)) order.push_back(label);
          auto& sample = lines[label][x];
          if (s.times_ms.nominated) sample.push_back(*s.times_ms.nominated);
        }
      }
    }
    std::string data;
    for (const auto& label : order) {
      for (const auto& [x, sample] : lines[label]) {
        if (sample.empty()) continue;
        data += std::to_string(x) + " " + num(percentile(sample, 5)) + " " + num(percentile(sample, 50)) + " " +
                num(percentile(sample, 95)) + "\n";
      }
      data += "\n\n";
    }
    const std::string file = "bench-" + std::to_string(k) + ".dat";
    plot.files.push_back({file, data});
    const std::string key = sweep.keys.empty() ? "run" : sweep.keys[k];
    gp += "set title " + gp_string("nomination time against " + key) + "\nset xlabel " + gp_string(key) + "\n";
    gp += "set xtics (";
    const auto& vs = sweep.keys.empty() ? std::vector<std::string>{"-"} : sweep.values[k];
    for (std::size_t i = 0; i < vs.size(); ++i) gp += (i ? ", " : "") + gp_string(vs[i]) + " " + std::to_string(i);
    gp += ")\nset xrange [-0.3:" + num(static_cast<double>(vs.size()) - 0.7) + "]\nplot ";
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (i) gp += ", \\\n     ";
      gp += "'" + file + "' index " + std::to_string(i) + " using 1:2:4 with filledcurves lc " + std::to_string(i + 1) +
            " notitle, '' index " + std::to_string(i) + " using 1:3 with linespoints lc " + std::to_string(i + 1) +
            " lw 2 pt 7 title " + gp_string(order[i]);
    }
    gp += "\n";
  }
  gp += "unset multiplot\n";
  plot.files.insert(plot.files.begin(), PlotFile{plot.script, gp});
  return plot;
}

std::vector<Plot> pacing_plots(const Sweep& sweep) {
  std::map<std::string, std::vector<double>> intervals;
  std::map<std::string, std::set<double>> tas;
  for (const auto& r : sweep.rows) {
    for (const auto& [agent, iv] : r.intervals_ms) intervals[agent].insert(intervals[agent].end(), iv.begin(), iv.end());
    for (const auto& [agent, ta] : r.ta_ms)
      if (r.intervals_ms.count(agent)) tas[agent].insert(ta);
  }
  std::vector<Plot> plots;
  for (const auto& [agent, iv] : intervals) {
    if (iv.empty()) continue;
    const std::string base = "pacing-" + safe_name(agent);
    Plot p{base + ".svg", base + ".gp", {}};
    std::string data;
    for (double v : iv) data += num(v) + "\n";
    const double max_ta = tas[agent].empty() ? 20.0 : *tas[agent].rbegin();
    const double hi = std::max(3 * max_ta, percentile(iv, 95) * 1.1);
    const double width = std::max(0.5, std::round(hi / 60.0 * 2) / 2);  // about 60 bins
    char term[128];
    std::snprintf(term, sizeof term, kTerminal, 360);
    std::string gp = term;
    gp += "set output '" + p.svg + "'\n";
    gp += "set title " + gp_string("check pacing of " + agent + ": intervals between consecutive new checks (" +
                                   std::to_string(iv.size()) + ")") + "\n";
    gp += "set xlabel 'interval (ms)'\nset ylabel 'count'\nset grid ytics\nset style fill solid 0.6 border -1\n";
    gp += "set xrange [0:" + num(hi) + "]\nset yrange [0:*]\nbinwidth = " + num(width) +
          "\nbin(x) = binwidth * floor(x / binwidth) + binwidth / 2\nset boxwidth binwidth * 0.9 absolute\n";
    int n = 0;
    for (double ta : tas[agent]) {
      ++n;
      gp += "set arrow " + std::to_string(n) + " from first " + num(ta) + ", graph 0 to first " + num(ta) +
            ", graph 1 nohead front lc rgb 'red' lw 2 dt 2\n";
      gp += "set label " + std::to_string(n) + " " + gp_string("Ta " + num(ta).substr(0, num(ta).find('.') + 2) + " ms") +
            " at first " + num(ta) + ", graph " + num(0.95 - 0.08 * (n - 1)) + " left offset 0.5,0 front tc rgb 'red'\n";
    }
    gp += "plot '" + base + ".dat' using (bin($1)):(1.0) smooth freq with boxes lc rgb '#4477aa' notitle\n";
    p.files.push_back({p.script, gp});
    p.files.push_back({base + ".dat", data});
    plots.push_back(std::move(p));
  }
  return plots;
}

std::string bench_html(const Sweep& sweep, const std::vector<std::pair<std::string, std::string>>& svgs) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>natlab bench</title>\n"
      "<style>body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}pre{background:#f6f6f6;padding:1em;"
      "overflow-x:auto}svg{max-width:100%;height:auto}</style></head><body>\n";
  html += "<h1>natlab bench: " + xml_escape(sweep.scenario) + "</h1>\n<p>" + std::to_string(sweep.rows.size()) +
          " runs: every combination of";
  for (std::size_t i = 0; i < sweep.keys.size(); ++i) {
    html += std::string(i ? "," : "") + " <code>" + xml_escape(sweep.keys[i]) + "</code> in {";
    for (std::size_t v = 0; v < sweep.values[i].size(); ++v) html += (v ? ", " : "") + xml_escape(sweep.values[i][v]);
    html += "}";
  }
  html += " with " + std::to_string(sweep.seeds) + " seeds. Data: <a href=\"bench.csv\">bench.csv</a>, "
          "<a href=\"bench.json\">bench.json</a>.</p>\n<pre>" + xml_escape(summary_table(sweep)) + "</pre>\n";
  for (const auto& [name, svg] : svgs) {
    html += "<h2>" + xml_escape(name) + "</h2>\n";
    if (svg.empty()) {
      html += "<p>(not drawn: gnuplot is not installed or failed)</p>\n";
      continue;
    }
    const auto start = svg.find("<svg");
    html += start == std::string::npos ? "" : svg.substr(start);
    html += "\n";
  }
  return html + "</body></html>\n";
}

}  // namespace natlab::reports::bench
