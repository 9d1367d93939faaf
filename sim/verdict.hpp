// Verdict: the answer to one (source, destination) question: reachable with a witness,
// unreachable with every blocker, or unknown with the reasons.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/packet.hpp"
#include "sim/witness.hpp"

namespace airgap::sim {

enum class Status { reachable, unreachable, unknown };
std::string_view to_string(Status status);

struct Blocker {
  std::string description;  // where and why packets stop
  model::SourceRef at;
  std::string packets;      // summary of the packets stopped there
  std::vector<std::pair<std::string, model::SourceRef>> rules;  // the deciding rules
  bool operator==(const Blocker&) const = default;
};

struct Verdict {
  std::string target;       // "the internet", "API server (10.0.0.4:443)", ...
  Status status = Status::unreachable;
  std::string summary;      // what gets through (reachable) or one line of why not
  std::optional<Packet> witness;
  std::string witness_text;
  std::vector<Hop> path;
  std::vector<Blocker> blockers;
  std::vector<std::string> unknowns;  // why the answer is not known
  std::vector<std::string> notes;     // DNS decisions, assumptions the answer relies on
  bool operator==(const Verdict&) const = default;
};

}  // namespace airgap::sim
