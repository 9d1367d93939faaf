// IPv4 addresses, prefixes and port ranges as Azure writes them, with strict parsing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace airgap::model {

struct Ipv4 {
  std::uint32_t value = 0;
  auto operator<=>(const Ipv4&) const = default;
  std::string to_string() const;
};

struct Prefix {
  Ipv4 address;
  std::uint8_t length = 0;

  auto operator<=>(const Prefix&) const = default;
  std::uint32_t mask() const { return length == 0 ? 0u : ~0u << (32 - length); }
  std::uint32_t first() const { return address.value & mask(); }
  std::uint32_t last() const { return first() | ~mask(); }
  bool contains(Ipv4 ip) const { return (ip.value & mask()) == first(); }
  bool contains(const Prefix& other) const {
    return other.length >= length && contains(other.address);
  }
  bool overlaps(const Prefix& other) const { return contains(other) || other.contains(*this); }
  std::string to_string() const;
  static Prefix host(Ipv4 ip) { return Prefix{ip, 32}; }
};

struct PortRange {
  std::uint16_t low = 0;
  std::uint16_t high = 65535;
  auto operator<=>(const PortRange&) const = default;
  bool is_any() const { return low == 0 && high == 65535; }
  bool contains(std::uint16_t port) const { return port >= low && port <= high; }
  std::string to_string() const;
};

/// Result of parsing: a value, or a lowercase message saying what was wrong.
template <typename T>
struct Parsed {
  std::optional<T> value;
  std::string error;
  explicit operator bool() const { return value.has_value(); }
};

Parsed<Ipv4> parse_ipv4(std::string_view text);
/// Accepts "a.b.c.d/n" and, when allow_bare_address, "a.b.c.d" as a /32. Host bits must be zero.
Parsed<Prefix> parse_prefix(std::string_view text, bool allow_bare_address = false);
/// Accepts "*", "443" and "1000-2000".
Parsed<PortRange> parse_port_range(std::string_view text);

bool is_ip_like(std::string_view text);  // starts like a dotted quad: decides IP vs service tag

}  // namespace airgap::model
