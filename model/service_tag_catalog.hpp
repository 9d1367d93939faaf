// The service tag names airgap knows, and which of them it can expand without given prefixes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace airgap::model {

/// True for tags airgap gives meaning to itself (azure-semantics §2.4, §3).
bool is_builtin_expandable_tag(std::string_view name);
/// True when `name` is a published Azure service tag, optionally with a ".region" suffix.
bool is_known_service_tag(std::string_view name);
const std::vector<std::string>& known_service_tag_names();
/// The service tag behind a service endpoint name ("Microsoft.Storage" -> "Storage"), or "".
std::string service_endpoint_tag(std::string_view service);

}  // namespace airgap::model
