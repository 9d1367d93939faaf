// Golden files for JSON, JUnit and SARIF of three library scenarios; UPDATE_GOLDENS=1 rewrites
// them. Outputs must also be deterministic: the same input gives the same bytes.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "reports/json_report.hpp"
#include "reports/junit_report.hpp"
#include "reports/sarif_report.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;
namespace fs = std::filesystem;

namespace {

reports::ScenarioResult analyse(const std::string& name) {
  const std::string relative = "scenarios/" + name + ".toml";
  auto result = model::load_scenario_text(testing::read_file(std::string(AIRGAP_SOURCE_DIR) + "/" + relative), relative);
  REQUIRE(result.ok());
  const auto& net = *result.network;
  return {relative, net.name, {sim::analyze_variant(net, sim::as_written(net), true)}};
}

void compare_with_golden(const std::string& file, const std::string& actual) {
  const fs::path golden = fs::path(AIRGAP_SOURCE_DIR) / "tests" / "golden" / file;
  if (std::getenv("UPDATE_GOLDENS") != nullptr) {
    std::ofstream(golden) << actual;
    WARN("rewrote " << golden.string());
    return;
  }
  INFO("golden " << golden.string() << " (UPDATE_GOLDENS=1 regenerates it)");
  REQUIRE(fs::exists(golden));
  CHECK(testing::read_file(golden.string()) == actual);
}

}  // namespace

TEST_CASE("golden: JSON, JUnit and SARIF of library scenarios match their goldens", "[reports][golden]") {
  for (const char* name : {"isolated-byo-acr-vnet-integration", "leak-hub-firewall-allow-any",
                           "broken-bootstrap-dns-not-linked"}) {
    SECTION(name) {
      std::vector<reports::ScenarioResult> results{analyse(name)};
      compare_with_golden(std::string(name) + ".json", reports::render_json("check", results));
      compare_with_golden(std::string(name) + ".junit.xml", reports::render_junit(results));
      compare_with_golden(std::string(name) + ".sarif", reports::render_sarif(results));
    }
  }
}

TEST_CASE("golden: the same input gives byte-identical JSON", "[reports][json]") {
  std::vector<reports::ScenarioResult> a{analyse("udr-firewall-aks-fqdn-tag")};
  std::vector<reports::ScenarioResult> b{analyse("udr-firewall-aks-fqdn-tag")};
  CHECK(reports::render_json("check", a) == reports::render_json("check", b));
}
