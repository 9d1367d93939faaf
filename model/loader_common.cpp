// Address and port lists, shared by NSG, firewall and route readers.
#include <fmt/format.h>

#include "model/loader_parts.hpp"

namespace airgap::model::detail {

std::vector<AddressMatch> read_addresses(TableReader& reader,
                                         std::initializer_list<std::string_view> spellings,
                                         Need need) {
  std::vector<AddressMatch> out;
  for (auto& [text, at] : reader.strings(spellings, need)) {
    if (text == "*" || text == "Any" || text == "any" || text == "0.0.0.0/0") {
      out.emplace_back(text == "0.0.0.0/0" ? AddressMatch{Prefix{}} : AddressMatch{AnyAddress{}});
      continue;
    }
    if (is_ip_like(text)) {
      auto parsed = parse_prefix(text, /*allow_bare_address=*/true);
      if (parsed) {
        out.emplace_back(*parsed.value);
      } else {
        reader.context().diagnostics.error(
            text.find('/') == std::string::npos ? DiagKind::invalid_ip : DiagKind::invalid_cidr,
            at, parsed.error);
      }
      continue;
    }
    ServiceTagRef tag{text};
    out.emplace_back(tag);
  }
  return out;
}

std::vector<PortRange> read_ports(TableReader& reader,
                                  std::initializer_list<std::string_view> spellings, Need need) {
  std::vector<PortRange> out;
  for (auto& [text, at] : reader.strings(spellings, need)) {
    // Augmented rules allow "80,443" in one string.
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t comma = text.find(',', start);
      std::string part = text.substr(start, comma == std::string::npos ? comma : comma - start);
      auto parsed = parse_port_range(part);
      if (parsed) {
        out.push_back(*parsed.value);
      } else {
        reader.context().diagnostics.error(DiagKind::invalid_port, at, parsed.error);
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

}  // namespace airgap::model::detail
