// Entry point of the cross-object validation passes, plus their shared helpers.
#include "model/loader_parts.hpp"
#include "model/validate_support.hpp"

namespace airgap::model::detail {

void check_reference(Diagnostics& diags, const SourceRef& at, std::string_view what,
                     const std::string& ref, bool exists, const std::vector<std::string>& names) {
  if (ref.empty() || exists) return;
  std::string message = fmt::format("unknown {} '{}'", what, ref);
  if (auto hint = did_you_mean(ref, names)) message += fmt::format("; did you mean '{}'?", *hint);
  if (names.empty()) {
    message += fmt::format(" (no {} is declared)", what);
  } else if (names.size() <= 8) {
    message += fmt::format(" (declared: {})", fmt::join(names, ", "));
  }
  diags.error(DiagKind::unknown_reference, at, message);
}

std::vector<std::string> qualified_subnet_names(const Network& network) {
  std::vector<std::string> names;
  for (const auto& vnet : network.vnets) {
    for (const auto& subnet : vnet.subnets) names.push_back(vnet.name + "/" + subnet.name);
  }
  return names;
}

void validate(const Network& network, Diagnostics& diagnostics) {
  validate_addressing(network, diagnostics);
  validate_references(network, diagnostics);
  validate_rules(network, diagnostics);
}

}  // namespace airgap::model::detail
