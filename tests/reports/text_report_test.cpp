#include <catch2/catch.hpp>

#include "reports/text_report.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

TEST_CASE("text report: verdict lines come first, then the witness path with source lines", "[reports][text]") {
  auto report = testing::check(R"(name = "leak"
[cluster]
name = "aks"
outboundType = "none"
apiServerAccess = "vnetIntegration"
[[cluster.nodePool]]
name = "system"
enableNodePublicIP = true
)");
  const std::string text = reports::render_check_text("leak.toml", "leak", report, {});
  const auto verdicts = text.find("internet        reachable");
  const auto details = text.find("details:");
  REQUIRE(verdicts != std::string::npos);
  REQUIRE(details != std::string::npos);
  CHECK(verdicts < details);
  CHECK(text.find("witness: TCP") != std::string::npos);
  CHECK(text.find("instance-level public IP on the nodes of pool 'system'") != std::string::npos);
}
