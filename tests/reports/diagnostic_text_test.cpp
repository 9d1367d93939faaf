#include <catch2/catch.hpp>

#include "reports/diagnostic_text.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

TEST_CASE("diagnostic text: a note follows its error with its own location", "[reports][diagnostics]") {
  auto result = testing::load_text(R"(name = "dup"
[[vnet]]
name = "v"
addressSpace = ["10.0.0.0/16"]
[[vnet]]
name = "v"
addressSpace = ["10.1.0.0/16"]
)", "dup.toml");
  const std::string text = reports::render_diagnostics(result, false);
  CHECK(text.find("dup.toml:5:1: error: duplicate VNet name 'v' [duplicate-name]") != std::string::npos);
  CHECK(text.find("dup.toml:2:1: note: first declared here") != std::string::npos);
}

TEST_CASE("diagnostic text: colour codes appear only when asked for", "[reports][diagnostics]") {
  auto result = testing::load_text("name = 1\n", "c.toml");
  CHECK(reports::render_diagnostics(result, false).find("\033[") == std::string::npos);
  CHECK(reports::render_diagnostics(result, true).find("\033[") != std::string::npos);
}
