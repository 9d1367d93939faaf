#include "model/ip.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace airgap::model {

namespace {

// Dotted quad (and "/length") written into a fixed buffer: route descriptions name a prefix
// each, and the hub of a large design has thousands.
char* write_dotted(std::uint32_t value, char* out, char* end) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out = std::to_chars(out, end, (value >> shift) & 0xffu).ptr;
    if (shift != 0) *out++ = '.';
  }
  return out;
}

}  // namespace

std::string Ipv4::to_string() const {
  char buffer[16];
  return {buffer, write_dotted(value, buffer, buffer + sizeof buffer)};
}

std::string Prefix::to_string() const {
  char buffer[19];
  char* out = write_dotted(first(), buffer, buffer + sizeof buffer);
  *out++ = '/';
  out = std::to_chars(out, buffer + sizeof buffer, static_cast<unsigned>(length)).ptr;
  return {buffer, out};
}

std::string PortRange::to_string() const {
  if (is_any()) return "*";
  if (low == high) return std::to_string(low);
  return fmt::format("{}-{}", low, high);
}

namespace {

std::optional<std::uint32_t> parse_decimal(std::string_view text, std::uint32_t max) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  if (text.size() > 1 && text[0] == '0') return std::nullopt;  // no octal-looking octets
  std::uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

}  // namespace

bool is_ip_like(std::string_view text) {
  return !text.empty() && std::isdigit(static_cast<unsigned char>(text[0])) != 0;
}

Parsed<Ipv4> parse_ipv4(std::string_view text) {
  std::uint32_t value = 0;
  int octets = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t dot = text.find('.', start);
    std::string_view part = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    auto octet = parse_decimal(part, 255);
    if (!octet) {
      return {std::nullopt, fmt::format("'{}' is not an IPv4 address (octet '{}' must be 0-255)",
                                        text, part)};
    }
    value = (value << 8) | *octet;
    ++octets;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (octets != 4) {
    return {std::nullopt, fmt::format("'{}' is not an IPv4 address (expected 4 octets)", text)};
  }
  return {Ipv4{value}, {}};
}

Parsed<Prefix> parse_prefix(std::string_view text, bool allow_bare_address) {
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    if (!allow_bare_address) {
      return {std::nullopt, fmt::format("'{}' is not a CIDR prefix (expected a.b.c.d/n)", text)};
    }
    auto ip = parse_ipv4(text);
    if (!ip) return {std::nullopt, ip.error};
    return {Prefix{*ip.value, 32}, {}};
  }
  auto ip = parse_ipv4(text.substr(0, slash));
  if (!ip) return {std::nullopt, ip.error};
  auto length = parse_decimal(text.substr(slash + 1), 32);
  if (!length) {
    return {std::nullopt,
            fmt::format("'{}' has an invalid prefix length (expected 0-32)", text)};
  }
  Prefix prefix{*ip.value, static_cast<std::uint8_t>(*length)};
  if (prefix.first() != ip.value->value) {
    return {std::nullopt, fmt::format("'{}' has host bits set (did you mean '{}'?)", text,
                                      prefix.to_string())};
  }
  return {prefix, {}};
}

Parsed<PortRange> parse_port_range(std::string_view text) {
  if (text == "*" || text == "Any" || text == "any") return {PortRange{}, {}};
  std::size_t dash = text.find('-');
  auto low = parse_decimal(text.substr(0, dash), 65535);
  auto high = dash == std::string_view::npos ? low : parse_decimal(text.substr(dash + 1), 65535);
  if (!low || !high) {
    return {std::nullopt,
            fmt::format("'{}' is not a port or port range (expected 0-65535 or a-b)", text)};
  }
  if (*low > *high) {
    return {std::nullopt, fmt::format("port range '{}' is reversed (did you mean '{}-{}'?)",
                                      text, *high, *low)};
  }
  return {PortRange{static_cast<std::uint16_t>(*low), static_cast<std::uint16_t>(*high)}, {}};
}

}  // namespace airgap::model
