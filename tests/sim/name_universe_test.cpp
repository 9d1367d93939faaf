#include <catch2/catch.hpp>

#include "sim/name_universe.hpp"

using airgap::sim::fqdn_matches;
using airgap::sim::NameUniverse;

TEST_CASE("name_universe: wildcards match proper subdomains only", "[sim][names]") {
  CHECK(fqdn_matches("*.blob.core.windows.net", "acct.blob.core.windows.net"));
  CHECK(fqdn_matches("*.blob.core.windows.net", "a.b.blob.core.windows.net"));
  CHECK_FALSE(fqdn_matches("*.blob.core.windows.net", "blob.core.windows.net"));
  CHECK(fqdn_matches("*", "anything.example"));
  CHECK(fqdn_matches("MCR.microsoft.com", "mcr.MICROSOFT.com"));
  CHECK_FALSE(fqdn_matches("mcr.microsoft.com", "xmcr.microsoft.com"));
}

TEST_CASE("name_universe: every name falls in a class that patterns cannot split", "[sim][names]") {
  NameUniverse names;
  names.add("mcr.microsoft.com");
  names.add("*.data.mcr.microsoft.com");
  names.add("*.microsoft.com");
  names.finalize();
  const auto unlisted = names.class_of("example.org");
  const auto data = names.class_of("westeurope.data.mcr.microsoft.com");
  const auto ms = names.class_of("login.microsoft.com");
  CHECK(unlisted == 0);
  CHECK(data != ms);
  CHECK(names.class_of("mcr.microsoft.com") != ms);
  // The class representative matches exactly the patterns a member matches.
  for (const char* pattern : {"*.data.mcr.microsoft.com", "*.microsoft.com", "mcr.microsoft.com", "*"}) {
    for (const char* name : {"westeurope.data.mcr.microsoft.com", "login.microsoft.com", "example.org",
                             "mcr.microsoft.com"}) {
      CHECK(fqdn_matches(pattern, names.representative(names.class_of(name))) == fqdn_matches(pattern, name));
    }
  }
}

TEST_CASE("name_universe: matching names exactly the classes whose representative the pattern matches",
          "[sim][names]") {
  NameUniverse names;
  for (const char* p : {"mcr.microsoft.com", "*.data.mcr.microsoft.com", "*.Microsoft.com", "login.example.org",
                        "*example.org", "*"}) {
    names.add(p);
  }
  names.finalize();
  for (const char* pattern : {"mcr.microsoft.com", "MCR.Microsoft.COM", "*.data.mcr.microsoft.com", "*.microsoft.com",
                              "*example.org", "*.example.org", "login.example.org", "*", "unknown.example.net",
                              "*.net", "", "unlisted-host-a1rg4p.invalid"}) {
    std::vector<std::uint32_t> expected;
    for (std::uint32_t i = 0; i < names.size(); ++i) {
      if (fqdn_matches(pattern, names.representative(i))) expected.push_back(i);
    }
    INFO("pattern " << pattern);
    CHECK(names.matching(pattern) == expected);
  }
}
