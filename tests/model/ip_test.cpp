#include <catch2/catch.hpp>

#include "model/ip.hpp"

using namespace airgap::model;

TEST_CASE("ip: a dotted quad parses to its 32-bit value", "[model][ip]") {
  auto ip = parse_ipv4("10.1.2.3");
  REQUIRE(ip);
  CHECK(ip.value->value == 0x0A010203u);
  CHECK(ip.value->to_string() == "10.1.2.3");
}

TEST_CASE("ip: octets above 255, missing octets and leading zeros are rejected", "[model][ip]") {
  CHECK(parse_ipv4("300.1.1.1").error == "'300.1.1.1' is not an IPv4 address (octet '300' must be 0-255)");
  CHECK_FALSE(parse_ipv4("10.1.1"));
  CHECK_FALSE(parse_ipv4("10.1.1.1.1"));
  CHECK_FALSE(parse_ipv4("010.1.1.1"));
  CHECK_FALSE(parse_ipv4("10.1.1."));
  CHECK_FALSE(parse_ipv4(""));
}

TEST_CASE("ip: a prefix longer than /32 is rejected", "[model][ip]") {
  CHECK(parse_prefix("10.0.0.0/33").error == "'10.0.0.0/33' has an invalid prefix length (expected 0-32)");
}

TEST_CASE("ip: a prefix with host bits set is rejected with the corrected prefix", "[model][ip]") {
  CHECK(parse_prefix("10.0.0.1/24").error == "'10.0.0.1/24' has host bits set (did you mean '10.0.0.0/24'?)");
}

TEST_CASE("ip: a bare address is a /32 only where allowed", "[model][ip]") {
  CHECK_FALSE(parse_prefix("10.0.0.1"));
  auto host = parse_prefix("10.0.0.1", true);
  REQUIRE(host);
  CHECK(host.value->length == 32);
}

TEST_CASE("ip: prefixes contain and overlap as CIDR arithmetic says", "[model][ip]") {
  auto big = *parse_prefix("10.0.0.0/16").value;
  auto small = *parse_prefix("10.0.4.0/24").value;
  auto other = *parse_prefix("10.1.0.0/16").value;
  CHECK(big.contains(small));
  CHECK_FALSE(small.contains(big));
  CHECK(big.overlaps(small));
  CHECK_FALSE(big.overlaps(other));
  CHECK(Prefix{}.contains(big));
}

TEST_CASE("ip: port ranges parse singles, ranges and any, and reject reversed ranges", "[model][ip]") {
  CHECK(parse_port_range("443").value->to_string() == "443");
  CHECK(parse_port_range("1000-2000").value->low == 1000);
  CHECK(parse_port_range("*").value->is_any());
  CHECK(parse_port_range("2000-1000").error == "port range '2000-1000' is reversed (did you mean '1000-2000'?)");
  CHECK_FALSE(parse_port_range("65536"));
  CHECK_FALSE(parse_port_range("-1"));
}

TEST_CASE("ip: addresses and prefixes print as they parse, at both extremes", "[model][ip]") {
  for (const char* text : {"0.0.0.0", "255.255.255.255", "10.0.6.4", "192.168.100.1"}) {
    CHECK(parse_ipv4(text).value->to_string() == text);
  }
  for (const char* text : {"0.0.0.0/0", "255.255.255.255/32", "10.16.4.0/22", "100.64.0.0/10"}) {
    CHECK(parse_prefix(text).value->to_string() == text);
  }
}
