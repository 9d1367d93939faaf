// The bad-input corpus: every file in tests/bad/ must be rejected with the diagnostic its first
// line promises ("# expect: LINE:COL KIND: message"), at exactly that place.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include "reports/diagnostic_text.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;
namespace fs = std::filesystem;

namespace {

struct Expected {
  std::uint32_t line = 0, column = 0;
  std::string kind, message;
};

std::vector<Expected> expectations_in(const std::string& text) {
  std::vector<Expected> out;
  static const std::regex pattern(R"(^# expect: (\d+):(\d+) ([a-z-]+): (.*)$)");
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, pattern)) {
      out.push_back({static_cast<std::uint32_t>(std::stoul(m[1])), static_cast<std::uint32_t>(std::stoul(m[2])),
                     m[3], m[4]});
    }
  }
  return out;
}

// Files that cannot carry a comment: what they must produce.
const std::map<std::string, Expected> without_header{
    {"23-empty.toml", {1, 1, "missing-key", "file is empty"}},
    {"24-binary.toml", {1, 1, "binary-file", "file contains NUL bytes"}},
    {"25-deeply-nested.toml", {2, 0, "syntax", "exceeded maximum nested value depth"}},
};

bool has(const model::LoadResult& result, const Expected& e) {
  for (const auto& d : result.diagnostics.all()) {
    if (d.severity != model::Severity::error) continue;
    if (std::string(model::to_string(d.kind)) != e.kind) continue;
    if (d.message.find(e.message) == std::string::npos) continue;
    if (d.at.line != e.line) continue;
    if (e.column != 0 && d.at.column != e.column) continue;
    return true;
  }
  return false;
}

}  // namespace

TEST_CASE("bad input: every corpus file is rejected with its promised diagnostic", "[model][bad]") {
  const fs::path corpus = fs::path(AIRGAP_SOURCE_DIR) / "tests" / "bad";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(corpus)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 30);
  for (const auto& file : files) {
    SECTION(file.filename().string()) {
      auto result = model::load_scenario_file(file.string());
      const std::string rendered = reports::render_diagnostics(result, false);
      INFO(rendered);
      CHECK_FALSE(result.ok());
      auto expected = expectations_in(testing::read_file(file.string()));
      if (expected.empty()) {
        auto it = without_header.find(file.filename().string());
        REQUIRE(it != without_header.end());
        expected.push_back(it->second);
      }
      for (const auto& e : expected) {
        INFO(fmt::format("expected {}:{} [{}] {}", e.line, e.column, e.kind, e.message));
        CHECK(has(result, e));
      }
      // Every error carries a location in this file.
      for (const auto& d : result.diagnostics.all()) CHECK(d.at.path() == file.string());
    }
  }
}

TEST_CASE("bad input: one run reports every problem, not just the first", "[model][bad]") {
  auto result = testing::load_text(R"(
name = "many problems"
[[vnet]]
name = "v"
addressSpace = ["10.0.0.0/33"]
subnets = [{ name = "s", addressPrefix = "10.0.0.1/24", routeTable = "nope" }]
colour = "blue"
)");
  CHECK(result.diagnostics.error_count() >= 4);
}

TEST_CASE("bad input: the rendered diagnostic shows the line and a caret under the culprit", "[model][bad]") {
  auto result = testing::load_text("name = \"x\"\n[[vnet]]\nname = \"v\"\naddressSpace = [\"10.0.0.0/33\"]\n",
                                   "scenario.toml");
  const std::string text = reports::render_diagnostics(result, false);
  CHECK(text.find("scenario.toml:4:17: error: '10.0.0.0/33' has an invalid prefix length (expected 0-32) [invalid-cidr]") != std::string::npos);
  CHECK(text.find("    4 | addressSpace = [\"10.0.0.0/33\"]\n      |                 ^~~~~~~~~~~~~\n") != std::string::npos);
}

TEST_CASE("bad input: a 100 MB file of garbage is refused quickly, without a crash", "[model][bad]") {
  std::string huge(100u * 1024u * 1024u, 'x');
  auto result = testing::load_text(huge);
  CHECK_FALSE(result.ok());
  CHECK(result.diagnostics.all().front().kind == model::DiagKind::syntax);
}

TEST_CASE("bad input: a file above the size limit is refused before it is read", "[model][bad]") {
  const fs::path path = fs::temp_directory_path() / "airgap-too-large.toml";
  {
    std::ofstream out(path);
  }
  fs::resize_file(path, model::max_scenario_bytes + 1);  // sparse: costs no disk
  auto result = model::load_scenario_file(path.string());
  fs::remove(path);
  REQUIRE_FALSE(result.ok());
  CHECK(result.diagnostics.all().front().kind == model::DiagKind::file_too_large);
}

TEST_CASE("bad input: a missing file is an error, not a crash", "[model][bad]") {
  auto result = model::load_scenario_file("/nonexistent/airgap.toml");
  REQUIRE_FALSE(result.ok());
  CHECK(result.diagnostics.all().front().kind == model::DiagKind::io_error);
}

TEST_CASE("bad input: warnings such as a one-sided peering do not fail the load", "[model][bad]") {
  auto result = testing::load_text(R"(
name = "one-sided"
[[vnet]]
name = "a"
addressSpace = ["10.0.0.0/16"]
peerings = [{ remoteVirtualNetwork = "b" }]
[[vnet]]
name = "b"
addressSpace = ["10.1.0.0/16"]
)");
  CHECK(result.ok());
  REQUIRE(result.diagnostics.all().size() == 1);
  CHECK(result.diagnostics.all().front().severity == model::Severity::warning);
}
