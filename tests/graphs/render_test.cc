// The drawn graph: SVG that parses as XML, names the selected pair's
// addresses, draws it bold; the same model gives the same bytes.
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <regex>

#include "reports/graphs/graph_render.h"
#include "tests/graphs/real_run.h"

namespace natlab::reports::graphs {
namespace {

using testing::kPrcSym;
using testing::real_run;

// Parses XML with libxml2 (no network, no entity expansion); "" when well formed.
std::string xml_error(const std::string& text) {
  xmlDocPtr doc = xmlReadMemory(text.data(), static_cast<int>(text.size()), "graph.svg", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) {
    const xmlError* e = xmlGetLastError();
    return e && e->message ? e->message : "not XML";
  }
  std::string root = reinterpret_cast<const char*>(xmlDocGetRootElement(doc)->name);
  xmlFreeDoc(doc);
  return root == "svg" ? "" : "root element is " + root;
}

// Everything the SVG shows as text, entities decoded ("nat&#45;a" is "nat-a").
std::string svg_text(const std::string& svg) {
  xmlDocPtr doc = xmlReadMemory(svg.data(), static_cast<int>(svg.size()), "graph.svg", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) return {};
  std::string out;
  std::vector<xmlNodePtr> todo{xmlDocGetRootElement(doc)};
  while (!todo.empty()) {
    xmlNodePtr n = todo.back();
    todo.pop_back();
    for (xmlNodePtr c = n->last; c; c = c->prev) todo.push_back(c);
    if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "text")) {
      xmlChar* t = xmlNodeGetContent(n);
      out += reinterpret_cast<const char*>(t);
      out += '\n';
      xmlFree(t);
    }
  }
  xmlFreeDoc(doc);
  return out;
}

const Rendered& prc_sym() {
  static const Rendered r = render_scenario(real_run(kPrcSym).graph);
  return r;
}

const PairEdge& selected_of_a() {
  for (const auto& e : real_run(kPrcSym).graph.sessions.at(0).pairs)
    if (e.agent == "A" && e.selected) return e;
  throw std::runtime_error("A selected nothing");
}

TEST(GraphRender, SvgIsWellFormedXml) {
  EXPECT_EQ(xml_error(prc_sym().svg), "");
  EXPECT_NE(xml_error("<svg><g></svg>"), "") << "the parser must reject broken XML";
}

TEST(GraphRender, SvgNamesTheSelectedPairsAddresses) {
  const std::string svg = svg_text(prc_sym().svg);
  const PairEdge& e = selected_of_a();
  EXPECT_NE(svg.find(e.local), std::string::npos) << e.local;
  EXPECT_NE(svg.find(e.remote), std::string::npos) << e.remote;
  EXPECT_NE(svg.find("SELECTED"), std::string::npos);
  EXPECT_NE(svg.find("NOMINATED"), std::string::npos);
  // The path cluster names every node on the way.
  for (const char* node : {"alice-pc", "nat-a", "turn1", "nat-b", "bob-pc"}) {
    EXPECT_NE(svg.find(node), std::string::npos) << node;
  }
}

TEST(GraphRender, SelectedPairIsBold) {
  const auto& dot = prc_sym().dot;
  // The selected edge's DOT statement carries penwidth 3; unselected ones 1.
  std::regex selected_edge(R"re(label="A #\d+\\nprio[^"]*\\nSELECTED"[^\]]*penwidth=3)re");
  EXPECT_TRUE(std::regex_search(dot, selected_edge)) << dot;
  EXPECT_NE(dot.find("penwidth=1"), std::string::npos);
  EXPECT_NE(prc_sym().svg.find("stroke-width=\"3\""), std::string::npos);
}

TEST(GraphRender, ShapesAndColoursByCandidateType) {
  const auto& dot = prc_sym().dot;
  for (const char* look : {"shape=box", "shape=ellipse", "shape=diamond", "shape=hexagon", "#cfe2f3", "#d9ead3",
                           "#fff2cc", "#f4cccc", "cluster_s0_a0", "cluster_s0_a1", "cluster_s0_path"}) {
    EXPECT_NE(dot.find(look), std::string::npos) << look;
  }
}

TEST(GraphRender, SameModelSameBytes) {
  const Rendered again = render_scenario(real_run(kPrcSym).graph);
  EXPECT_EQ(again.dot, prc_sym().dot);
  EXPECT_EQ(again.svg, prc_sym().svg);
  const Rendered session = render_session(real_run(kPrcSym).graph.scenario, real_run(kPrcSym).graph.sessions[0]);
  EXPECT_EQ(session.svg, prc_sym().svg) << "one session: the scenario graph is the session's graph";
}

TEST(GraphRender, NoTimestampsOrPointers) {
  for (const std::string* text : {&prc_sym().svg, &prc_sym().dot}) {
    EXPECT_FALSE(std::regex_search(*text, std::regex(R"(\b20\d\d-\d\d-\d\d\b)"))) << "a date";
    EXPECT_FALSE(std::regex_search(*text, std::regex(R"(\d\d:\d\d:\d\d)"))) << "a time of day";
    EXPECT_FALSE(std::regex_search(*text, std::regex(R"(0x[0-9a-fA-F]{6,})"))) << "a pointer";
    EXPECT_EQ(text->find("%"), std::string::npos) << "an anonymous graph's generated name";
  }
}

TEST(GraphRender, LabelsCannotInjectGraphvizEscapes) {
  SessionGraph s;
  s.session = "x\\Ny";
  s.outcome = "failed";
  AgentGroup a;
  a.name = "A\\G";
  a.role = "controlling";
  a.host = "h\"q";
  a.candidates.push_back(CandidateNode{"A\\G", 1, "host", "10.0.0.1:1", 1u, false, "udp", ""});
  s.agents.push_back(a);
  const Rendered r = render_session("weird <name> & \"quotes\"", s);
  EXPECT_EQ(xml_error(r.svg), "");
  const std::string text = svg_text(r.svg);
  EXPECT_NE(text.find("session x\\Ny"), std::string::npos) << "\\N must stay literal, not become the node name\n" << text;
  EXPECT_NE(text.find("A\\G (controlling) on h\"q"), std::string::npos) << text;
  EXPECT_NE(text.find("weird <name> & \"quotes\""), std::string::npos) << text;
  EXPECT_NE(text.find("no pair selected"), std::string::npos);
}

}  // namespace
}  // namespace natlab::reports::graphs
