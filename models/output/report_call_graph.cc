// models/output/report_call_graph.cc — see report_call_graph.h.
#include "models/output/report_call_graph.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "models/output/json_writer.h"
#include "models/output/svg_chart.h"

namespace lambdasim {
namespace {

constexpr int kBoxW = 170, kBoxH = 54, kColW = 260, kRowH = 84, kMargin = 20;

}  // namespace

std::string RenderCallGraphSection(const RunResult& r) {
  const size_t n = r.functions.size();
  if (r.call_edges.empty() || n == 0) return "";
  std::vector<uint8_t> drawn(n, 0);
  for (const CallEdge& e : r.call_edges) {
    if (e.from >= n || e.to >= n) return "";
    drawn[e.from] = drawn[e.to] = 1;
  }
  // Column = longest chain of callers above (the graph is acyclic: the loader refuses cycles;
  // n passes bound the relaxation either way).
  std::vector<size_t> col(n, 0);
  for (size_t pass = 0; pass < n; ++pass) {
    bool changed = false;
    for (const CallEdge& e : r.call_edges)
      if (col[e.to] < col[e.from] + 1 && col[e.from] + 1 < n) {
        col[e.to] = col[e.from] + 1;
        changed = true;
      }
    if (!changed) break;
  }
  size_t columns = 0;
  std::vector<size_t> row(n, 0), per_col(n, 0);
  for (size_t f = 0; f < n; ++f) {
    if (!drawn[f]) continue;
    row[f] = per_col[col[f]]++;
    columns = std::max(columns, col[f] + 1);
  }
  const size_t rows = *std::max_element(per_col.begin(), per_col.end());
  const int width = kMargin * 2 + static_cast<int>(columns - 1) * kColW + kBoxW;
  const int height = kMargin * 2 + static_cast<int>(rows - 1) * kRowH + kBoxH;
  const auto x_of = [&](size_t f) { return kMargin + static_cast<int>(col[f]) * kColW; };
  const auto y_of = [&](size_t f) { return kMargin + static_cast<int>(row[f]) * kRowH; };

  std::string o;
  o += "<section class=\"call-graph\">\n<h2>Call graph</h2>\n";
  o += "<p class=\"sub\">Each function with the peak and mean concurrency it held (a caller "
       "holds its environment while it waits on a synchronous call); each arrow with its call "
       "rate over the measured period. Solid: sync, dashed: async.</p>\n";
  o += fmt::format(
      "<svg class=\"call-graph\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" "
      "width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"call graph\">\n",
      width, height, width, height);
  o += "<defs><marker id=\"cg-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
       "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 "
       "L0,10 z\" fill=\"#555\"/></marker></defs>\n";
  for (const CallEdge& e : r.call_edges) {
    const int x1 = x_of(e.from) + kBoxW, y1 = y_of(e.from) + kBoxH / 2;
    const int x2 = x_of(e.to), y2 = y_of(e.to) + kBoxH / 2;
    o += fmt::format(
        "<line class=\"edge\" data-from=\"{}\" data-to=\"{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" "
        "y2=\"{}\" stroke=\"#555\" stroke-width=\"1.5\"{} marker-end=\"url(#cg-arrow)\"/>\n",
        EscapeHtml(r.functions[e.from].name), EscapeHtml(r.functions[e.to].name), x1, y1, x2, y2,
        e.sync ? "" : " stroke-dasharray=\"5,4\"");
    o += fmt::format(
        "<text class=\"edge-rate\" x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" "
        "fill=\"#333\">{}/s {}</text>\n",
        (x1 + x2) / 2, (y1 + y2) / 2 - 5, FormatNumber(e.rate_per_s, 4, "-"),
        e.sync ? "sync" : "async");
  }
  for (size_t f = 0; f < n; ++f) {
    if (!drawn[f]) continue;
    const FunctionSummary& s = r.functions[f];
    const int x = x_of(f), y = y_of(f);
    o += fmt::format(
        "<g class=\"node\" data-function=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" "
        "height=\"{}\" rx=\"6\" fill=\"#f4f7fb\" stroke=\"#4a6fa5\"/>",
        EscapeHtml(s.name), x, y, kBoxW, kBoxH);
    o += fmt::format(
        "<text x=\"{}\" y=\"{}\" font-size=\"13\" font-weight=\"bold\" "
        "text-anchor=\"middle\">{}</text>",
        x + kBoxW / 2, y + 20, EscapeHtml(s.name));
    o += fmt::format(
        "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">peak {} · mean "
        "{}</text></g>\n",
        x + kBoxW / 2, y + 40, s.concurrency_max, FormatNumber(s.concurrency_mean, 4, "-"));
  }
  o += "</svg>\n</section>\n";
  return o;
}

}  // namespace lambdasim
