// FQDN tags of Azure Firewall application rules, expanded to the names they stand for.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace airgap::sim {

/// The FQDN patterns behind a tag, or nullopt when airgap does not know the tag's contents.
std::optional<std::vector<std::string>> expand_fqdn_tag(const std::string& tag,
                                                        const std::string& region);

}  // namespace airgap::sim
