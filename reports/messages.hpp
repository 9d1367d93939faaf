// The fixed texts of the HTML report, in English and Japanese, from one table.
#pragma once

#include <string_view>

namespace airgap::reports {

enum class Lang { en, ja };

enum class Msg {
  title, matrix, outbound_type, api_mode, as_written, legend, variant, pool, destination, verdict,
  summary, witness, path, hop, object, deciding_rule, location, blockers, packets, unknown_because,
  findings, severity, id, message, expectations, expected, actual, result, holds, fails, topology,
  notes, not_deployable_because, details, generated_by, diff, opened, closed, possibly_opened, no_changes,
  scenario,
  cell_isolated, cell_egress, cell_bootstrap_broken, cell_not_deployable, cell_unknown, cell_no_cluster,
  status_reachable, status_unreachable, status_unknown, back_to_matrix,
};

std::string_view text(Msg msg, Lang lang);

}  // namespace airgap::reports
