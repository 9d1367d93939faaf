// Escaping for XML and HTML text and attributes: every scenario string goes through here.
#pragma once

#include <string>
#include <string_view>

namespace airgap::reports {

std::string escape_xml(std::string_view text);

}  // namespace airgap::reports
