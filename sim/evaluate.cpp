// Analysis::evaluate and Analysis::trace: turning flows into verdicts, witnesses and blockers.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "sim/address_space.hpp"
#include "sim/admission.hpp"
#include "sim/analysis.hpp"
#include "sim/summary.hpp"
#include "sim/witness.hpp"

namespace airgap::sim {

namespace {

std::vector<VertexId> sorted(std::vector<VertexId> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// Why a verdict is unknown: the uncertain edges the question's own packets crossed on their
// way to its sinks (`toward`). A flow shared by several questions crosses more; naming only
// these makes the reasons the same whichever questions shared the flow.
std::vector<std::string> unknowns_of(const FlowResult& flow, EdgeView& view, const PacketSet& packets,
                                     const std::vector<bool>& toward, const AddressSpace* space) {
  std::set<std::string> reasons;
  for (const auto& crossing : flow.uncertain(view)) {
    const Edge* edge = crossing.edge;
    if (!edge->is_drop && !toward[crossing.to]) continue;
    if (!crossing.packets.intersects(packets)) continue;
    if (const auto edge_reasons = unknowns_on(*edge); !edge_reasons.empty()) {
      reasons.insert(edge_reasons.begin(), edge_reasons.end());
    } else {
      reasons.insert(fmt::format("depends on: {}", edge->description));
    }
  }
  if (space != nullptr) {
    for (const auto& tag : space->unknown_tags()) {
      reasons.insert(fmt::format("service tag '{}' has no addressPrefixes in the scenario", tag));
    }
  }
  return {reasons.begin(), reasons.end()};
}

}  // namespace

Verdict Analysis::evaluate(const std::string& from, const Target& target, const PacketSet& restrict,
                           Detail detail) {
  Verdict verdict;
  verdict.target = target.label;
  verdict.notes = target.notes;
  if (target.blocked) {
    verdict.status = Status::unreachable;
    verdict.summary = *target.blocked;
    verdict.blockers.push_back({*target.blocked, target.blocked_at, "every packet", {}});
    return verdict;
  }
  const std::vector<VertexId> sinks = sorted(target.sinks);
  const PacketSet wanted = target.packets & restrict;
  // (Per sink in the target's order: the first one reached is the witness's.)
  std::optional<std::vector<TriSet>> answered;
  if (detail == Detail::answer) answered = gated_reach(from, target.sinks, wanted);
  const auto at_sinks = answered ? std::move(*answered) : reach_at(from, target.sinks, wanted);
  TriSet reach;
  VertexId reached_sink = graph_.drop;
  for (std::size_t i = 0; i < target.sinks.size(); ++i) {
    if (!at_sinks[i].must.is_empty() && reached_sink == graph_.drop) reached_sink = target.sinks[i];
    reach |= at_sinks[i];
  }
  if (!reach.must.is_empty()) {
    verdict.status = Status::reachable;
    verdict.summary = summaries_(reach.must, names_);
    if (!(reach.may - reach.must).is_empty()) {
      verdict.notes.push_back(fmt::format("possibly also (unknown): {}",
                                          summaries_(reach.may - reach.must, names_)));
    }
    if (detail == Detail::explained) explain_reachable(from, reach.must, reached_sink, verdict);
    return verdict;
  }
  if (!reach.may.is_empty()) {
    verdict.status = Status::unknown;
    verdict.unknowns = unknowns_of(flow_for(from, sinks, wanted), *view_, wanted, relevant_to(sinks), space_.get());
    verdict.summary = fmt::format("possibly: {}", summaries_(reach.may, names_));
    return verdict;
  }
  verdict.status = Status::unreachable;
  if (detail == Detail::answer) {
    verdict.summary = "no packet gets there";  // where they stop is the explanation
    return verdict;
  }
  verdict.blockers = blockers_(flow_for(from, sinks, wanted), *view_,
                               wanted & target.blocker_focus.value_or(PacketSet::all()), names_, summaries_);
  verdict.summary = verdict.blockers.empty() ? "no route leads there"
                                             : fmt::format("stopped at {} place{}", verdict.blockers.size(),
                                                           verdict.blockers.size() == 1 ? "" : "s");
  return verdict;
}

void Analysis::explain_reachable(const std::string& from, const PacketSet& reached, VertexId sink,
                                 Verdict& verdict) {
  const auto prefs = witness_preferences(from);
  verdict.witness = reached.pick(prefs);
  verdict.witness_text = describe_packet(*verdict.witness, names_);
  if (auto path = trace_path(graph_, *view_, *source_vertex(from), sink, *verdict.witness,
                             &relevant_to({sink}))) {
    verdict.path = std::move(*path);
  }
}

const FlowResult& Analysis::flow_for(const std::string& from, const std::vector<VertexId>& sorted_sinks,
                                     const PacketSet& wanted) {
  // Only the packets the question is about are pushed through the graph (or those of the
  // questions in focus, whose flow the others share).
  const bool focused = std::includes(focus_.begin(), focus_.end(), sorted_sinks.begin(), sorted_sinks.end());
  return focused && wanted.subset_of(focus_packets_) ? flow(from, focus_, focus_packets_)
                                                     : flow(from, sorted_sinks, wanted);
}

std::vector<TriSet> Analysis::reach_at(const std::string& from, const std::vector<VertexId>& sinks,
                                       const PacketSet& wanted) {
  const FlowResult& result = flow_for(from, sorted(sinks), wanted);
  std::vector<TriSet> out;
  out.reserve(sinks.size());
  for (VertexId sink : sinks) out.push_back(result.at(sink) & wanted);
  return out;
}

std::optional<std::vector<TriSet>> Analysis::gated_reach(const std::string& from, const std::vector<VertexId>& sinks,
                                                         const PacketSet& wanted) {
  // The source's one edge toward the sinks, if its NSG gate is all that an NSG edit changes.
  const VertexId source = *source_vertex(from);
  std::vector<VertexId> sorted_sinks = sorted(sinks);
  const auto& relevant = relevant_to(sorted_sinks);
  const Edge* gated = nullptr;
  VertexId next = source;
  for (auto [e, end] = boost::out_edges(source, graph_.graph); e != end; ++e) {
    const Edge& edge = graph_.graph[*e];
    if (edge.is_drop || !relevant[boost::target(*e, graph_.graph)]) continue;
    if (gated != nullptr || !edge.gate || edge.snat) return std::nullopt;
    gated = &edge;
    next = boost::target(*e, graph_.graph);
  }
  if (gated == nullptr) return std::nullopt;
  // Flows intersect over the header as it entered the graph, so the packets that reach a sink
  // through the gate are those that reach it past the gate, narrowed by the gate: the part
  // past it is kept across NSG edits (which rebuild only sources), and answers are that part
  // narrowed by the new gate, or updated by its patch (answer_through).
  auto key = std::make_tuple(source, std::move(sorted_sinks), wanted.id());
  auto kept = past_gates_.find(key);
  if (kept == past_gates_.end() || kept->second.next != next || !(kept->second.constraint == gated->constraint)) {
    PastGate past{wanted, next, gated->constraint, sinks, {}, {}, std::nullopt};
    const FlowResult result = propagate(graph_, *view_, next, gated->constraint & TriSet::exact(wanted), relevant);
    // (Narrowed now to the question's packets from the source's addresses: what an answer
    // adds is then the gate alone.)
    const auto filter = graph_.source_filters.find(source);
    const PacketSet from_source = filter != graph_.source_filters.end() ? wanted & filter->second : wanted;
    for (VertexId sink : sinks) past.at_sinks.push_back(result.at(sink) & from_source);
    kept = past_gates_.insert_or_assign(std::move(key), std::move(past)).first;
  }
  answer_through(kept->second, *gated->gate);
  const PastGate& past = kept->second;
  std::vector<TriSet> out;
  out.reserve(sinks.size());
  for (VertexId sink : sinks) {
    const auto at = std::find(past.sinks.begin(), past.sinks.end(), sink) - past.sinks.begin();
    out.push_back(past.answers[static_cast<std::size_t>(at)]);
  }
  return out;
}

void Analysis::answer_through(PastGate& past, const Gate& gate) {
  const auto* deferred = dynamic_cast<const detail::DeferredGate*>(&gate);
  const AllowedPatch* patch = deferred != nullptr ? deferred->patch() : nullptr;
  GateMark mark = patch != nullptr ? GateMark{deferred->later(), {}} : GateMark{nullptr, gate.packets()};
  if (past.answered == mark) return;  // (answered through this very gate already)
  if (patch != nullptr && past.answered == GateMark{patch->outside_later, patch->outside}) {
    // The gate is the one answered through but on the patch's packets: so are the answers.
    for (std::size_t i = 0; i < past.sinks.size(); ++i) {
      past.answers[i] = TriSet::choose(patch->within, past.at_sinks[i] & patch->inside, past.answers[i]);
    }
  } else {
    const TriSet& packets = gate.packets();
    past.answers.clear();
    for (const auto& at : past.at_sinks) past.answers.push_back(at & packets);
  }
  past.answered = std::move(mark);
}

TriSet Analysis::reach(const std::string& from, const Target& target) {
  if (target.blocked) return TriSet{};
  const FlowResult& result = flow(from, target.sinks, target.packets);
  TriSet out;
  for (VertexId sink : target.sinks) out |= result.at(sink) & target.packets;
  return out;
}

std::vector<Hop> Analysis::trace(const std::string& from, const Packet& packet, std::string* fate) {
  VertexId stopped = graph_.drop;
  auto hops = follow_packet(graph_, *view_, *source_vertex(from), packet, &stopped);
  if (fate) *fate = graph_.graph[stopped].name;
  return hops;
}

}  // namespace airgap::sim
