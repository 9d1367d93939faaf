#include "sim/design_diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <optional>
#include <string_view>

#include "sim/analysis.hpp"
#include "sim/cluster_variant.hpp"
#include "sim/graph_change.hpp"
#include "sim/summary.hpp"

namespace airgap::sim {

namespace {

struct Side {
  std::optional<MaterializedVariant> mv;
  std::unique_ptr<Analysis> analysis;
};

Target target_of(const Analysis& a, Destination destination, const std::string& pool) {
  switch (destination) {
    case Destination::internet: return a.internet();
    case Destination::api_server: return a.api_server(pool);
    case Destination::registry_login: return a.registry_login(pool);
    case Destination::registry_data: return a.registry_data(pool);
  }
  return a.internet();
}

std::vector<std::string> pools_of(const model::Network& net) {
  std::vector<std::string> out;
  if (net.cluster) {
    for (const auto& p : net.cluster->node_pools) out.push_back(p.name);
  }
  return out;
}

// What `side` reaches from `pool` for `target` (nullopt: no such pool), empty when the
// question is decided before any packet moves.
std::optional<TriSet> reach_of(Side& side, const std::string& pool, const std::optional<Target>& target) {
  if (!target) return std::nullopt;
  return target->blocked ? TriSet{} : side.analysis->reach(pool, *target);
}

// Which packets of the flow that answered reach_of meet a difference from the other design.
PacketSet met_by(Side& side, const std::string& pool, const Target& target, GraphChange& change,
                 GraphChange::Side which) {
  if (target.blocked) return PacketSet::none();  // (no packet moves)
  return change.met(side.analysis->flow(pool, target.sinks, target.packets), which);  // (the cached flow)
}

std::vector<std::string_view> sink_keys(const Analysis& a, const Target& target) {
  std::vector<std::string_view> keys;
  for (VertexId sink : target.sinks) keys.emplace_back(a.graph().graph[sink].key);
  std::sort(keys.begin(), keys.end());
  return keys;
}

// Whether both designs ask the same question: the same packets to stages of the same keys.
bool same_question(const Analysis& a, const Target& x, const Analysis& b, const Target& y) {
  return x.blocked == y.blocked && x.packets == y.packets && sink_keys(a, x) == sink_keys(b, y);
}

// Both designs' answers for one cell, and the packets whose fate can differ between them:
// those that meet a difference on either side (every packet if the question itself moved).
struct DiffCell {
  std::optional<TriSet> before, after;  // nullopt: that design has no such pool
  PacketSet may_differ = PacketSet::all();
};

std::optional<Target> target_for(const Side& side, const std::string& pool, Destination destination) {
  if (!side.analysis->source_key(pool)) return std::nullopt;
  return target_of(*side.analysis, destination, pool);
}

DiffCell cell_of(Side& before, Side& after, const std::string& pool, Destination destination, GraphChange& change) {
  const std::optional<Target> old_target = target_for(before, pool, destination);
  const std::optional<Target> new_target = target_for(after, pool, destination);
  DiffCell cell{reach_of(before, pool, old_target), reach_of(after, pool, new_target), PacketSet::all()};
  // Both flows first: a gate one of them works out can then be compared with the other's.
  if (old_target && new_target && same_question(*before.analysis, *old_target, *after.analysis, *new_target)) {
    cell.may_differ = met_by(before, pool, *old_target, change, GraphChange::before) |
                      met_by(after, pool, *new_target, change, GraphChange::after);
  }
  return cell;
}

std::optional<Status> status_of(const std::optional<TriSet>& reach) {
  if (!reach) return std::nullopt;
  if (!reach->must.is_empty()) return Status::reachable;
  return reach->may.is_empty() ? Status::unreachable : Status::unknown;
}

void compare(Side& before, Side& after, const std::string& variant, std::vector<PathChange>& out) {
  std::vector<std::string> pools = pools_of(after.analysis->network());
  for (const auto& p : pools_of(before.analysis->network())) {
    if (std::find(pools.begin(), pools.end(), p) == pools.end()) pools.push_back(p);
  }
  // Both designs' reachability matrices, then the packet-level changes cell by cell.
  ReachabilityMatrix old_matrix, new_matrix;
  GraphChange differences(before.analysis->graph(), after.analysis->graph());
  std::vector<std::array<DiffCell, destination_count>> cells(pools.size());
  for (std::size_t i = 0; i < pools.size(); ++i) {
    std::array<std::optional<Status>, destination_count> old_row, new_row;
    for (std::size_t d = 0; d < destination_count; ++d) {
      cells[i][d] = cell_of(before, after, pools[i], all_destinations[d], differences);
      old_row[d] = status_of(cells[i][d].before);
      new_row[d] = status_of(cells[i][d].after);
    }
    old_matrix.add(pools[i], old_row);
    new_matrix.add(pools[i], new_row);
  }
  for (std::size_t i = 0; i < pools.size(); ++i) {
    const auto& pool = pools[i];
    for (std::size_t d = 0; d < destination_count; ++d) {
      const Destination destination = all_destinations[d];
      const std::string label(to_string(destination));
      const DiffCell& cell = cells[i][d];
      const TriSet old_reach = cell.before.value_or(TriSet{});
      const TriSet new_reach = cell.after.value_or(TriSet{});
      // Surely new (or surely gone): bounds keep "unknown" differences out of the gate.
      const PacketSet opened = new_reach.must - old_reach.may;
      const PacketSet closed = old_reach.must - new_reach.may;
      // What may newly get through but is not proven to: a gate must not wave it through. A
      // packet unknown in both designs that meets no difference is the same unknown, not news.
      const PacketSet maybe = ((new_reach.may - old_reach.must) - opened) & cell.may_differ;
      using Kind = PathChange::Kind;
      for (auto [set, kind] : {std::pair{opened, Kind::opened}, std::pair{closed, Kind::closed},
                               std::pair{maybe, Kind::possibly_opened}}) {
        if (set.is_empty()) continue;
        Side& where = kind == Kind::closed ? before : after;
        PathChange change{pool, label, variant, kind, destination == Destination::internet,
                          summarize(set, where.analysis->names()), {},
                          old_matrix.at(i, destination), new_matrix.at(i, destination)};
        change.witness = where.analysis->evaluate(pool, target_of(*where.analysis, destination, pool), set);
        out.push_back(std::move(change));
      }
    }
  }
}

Side prepare(const model::Network& net, std::optional<MaterializedVariant> mv,
             const std::vector<std::string>& names) {
  Side side;
  if (mv) {
    side.analysis = std::make_unique<Analysis>(mv->network, mv->endpoints, std::vector<std::string>{}, names);
    side.mv = std::move(mv);
  } else {
    model::Network copy = net;
    assign_missing_addresses(copy);
    side.analysis = std::make_unique<Analysis>(std::move(copy), ClusterEndpoints{},
                                               std::vector<std::string>{}, names);
  }
  return side;
}

std::optional<MaterializedVariant> materialized(const model::Network& net, const std::optional<Variant>& variant) {
  if (!net.cluster) return std::nullopt;
  return materialize(net, variant.value_or(as_written(net)));
}

// Both designs under one variant, materialized, and the changes found between them.
std::vector<PathChange> diff_materialized(const model::Network& before, const model::Network& after,
                                          std::optional<MaterializedVariant> old_mv,
                                          std::optional<MaterializedVariant> new_mv, const std::string& label) {
  // The two designs' name classes are aligned: each side knows the other's names.
  std::vector<std::string> names;
  for (const auto& [net, mv] : {std::pair{&before, &old_mv}, std::pair{&after, &new_mv}}) {
    auto more = names_of(*net, *mv ? (*mv)->endpoints : ClusterEndpoints{});
    names.insert(names.end(), more.begin(), more.end());
  }
  Side old_side = prepare(before, std::move(old_mv), names);
  Side new_side = prepare(after, std::move(new_mv), names);
  std::vector<PathChange> out;
  compare(old_side, new_side, label, out);
  return out;
}

}  // namespace

std::vector<PathChange> diff_variant(const model::Network& before, const model::Network& after,
                                     const std::optional<Variant>& variant) {
  return diff_materialized(before, after, materialized(before, variant), materialized(after, variant),
                           variant ? variant->label() : "as written");
}

std::vector<PathChange> diff_designs(const model::Network& before, const model::Network& after,
                                     const DiffOptions& options) {
  if (!options.all_variants || !before.cluster || !after.cluster) {
    return diff_variant(before, after, std::nullopt);
  }
  // Variants whose two networks both equal an earlier variant's (on a BYO VNet, the outbound
  // types that provision nothing) have that variant's changes. Such twins share the API mode,
  // so only one mode's networks are kept at a time.
  std::map<std::string, std::vector<PathChange>> by_label;
  for (auto api : model::all_api_server_modes) {
    struct Seen {
      model::Network before, after;
      std::vector<PathChange> changes;
    };
    std::vector<Seen> seen;
    for (auto outbound : model::all_outbound_types) {
      const Variant variant{outbound, api};
      auto old_mv = materialize(before, variant);
      auto new_mv = materialize(after, variant);
      auto twin = std::find_if(seen.begin(), seen.end(), [&](const Seen& s) {
        return same_network(s.before, old_mv.network) && same_network(s.after, new_mv.network);
      });
      std::vector<PathChange> changes;
      if (twin != seen.end()) {
        changes = twin->changes;
        for (auto& change : changes) change.variant = variant.label();
      } else {
        model::Network kept_before = old_mv.network, kept_after = new_mv.network;
        changes = diff_materialized(before, after, std::move(old_mv), std::move(new_mv), variant.label());
        seen.push_back({std::move(kept_before), std::move(kept_after), changes});
      }
      by_label[variant.label()] = std::move(changes);
    }
  }
  std::vector<PathChange> out;
  for (auto outbound : model::all_outbound_types) {
    for (auto api : model::all_api_server_modes) {
      auto& changes = by_label[Variant{outbound, api}.label()];
      out.insert(out.end(), std::make_move_iterator(changes.begin()), std::make_move_iterator(changes.end()));
    }
  }
  return out;
}

}  // namespace airgap::sim
