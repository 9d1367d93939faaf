// The topology diagram: the design as Graphviz DOT, laid out by libgvc into inline SVG, with the
// hops of a witness path drawn in red.
#pragma once

#include <string>
#include <vector>

#include "model/network.hpp"
#include "sim/witness.hpp"

namespace airgap::reports {

/// DOT text for the network; `highlight` holds vertex names of the graph stages on a witness.
std::string topology_dot(const model::Network& network, const std::vector<sim::Hop>& highlight);
/// SVG for DOT text (no XML prolog), or an empty string if Graphviz cannot lay it out.
std::string dot_to_svg(const std::string& dot);

}  // namespace airgap::reports
