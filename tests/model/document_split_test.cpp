// Parsing in pieces: where the splitter cuts, where it refuses, and that a design loaded in
// pieces is the design loaded whole, diagnostics and locations included.
#include "model/document_split.hpp"

#include <array>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string_view>

#include "model/scenario_generator.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

namespace {

constexpr std::array<std::string_view, 3> sections{"vnet", "networkSecurityGroup", "routeTable"};

std::size_t lines_of(std::string_view text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

const char* two_vnets = R"(name = "two"
[cluster]
name = "c"
[[vnet]]
name = "a"
[[vnet.peerings]]
remote = "b"
[[networkSecurityGroup]]
name = "n"
description = """
[[vnet]]
not a header: inside a string
"""
ports = [
  [1, 2],
]
[[cluster.nodePool]]
name = "p"
[[vnet]]
name = "b"
)";

void same_either_way(const std::string& text, const std::string& name) {
  INFO(name);
  const auto pieces =
      model::load_scenario_text(text, name, {.parse = model::Parse::in_pieces_when_exact});
  const auto whole = model::load_scenario_text(text, name, {.parse = model::Parse::whole});
  testing::check_loads_alike(pieces, whole);
}

}  // namespace

TEST_CASE("split: each [[section]] table is a piece with its subtables, and the rest keeps every line",
          "[model][split]") {
  const auto split = model::split_sections(two_vnets, sections);
  REQUIRE(split);
  REQUIRE(split->pieces.size() == 3);
  CHECK(split->pieces[0].section == "vnet");
  CHECK(split->pieces[0].first_line == 4);
  CHECK(split->pieces[0].text == "[[vnet]]\nname = \"a\"\n[[vnet.peerings]]\nremote = \"b\"\n");
  CHECK(split->pieces[1].section == "networkSecurityGroup");
  CHECK(split->pieces[1].first_line == 8);
  CHECK(lines_of(split->pieces[1].text) == 9);  // the string's "[[vnet]]" and the nested array stay in it
  CHECK(split->pieces[2].first_line == 19);
  CHECK(lines_of(split->rest) == lines_of(two_vnets));
  const auto at = split->rest.find("[[cluster.nodePool]]");
  REQUIRE(at != std::string::npos);
  CHECK(lines_of(std::string_view(split->rest).substr(0, at)) == 16);  // on line 17, as in the text
}

TEST_CASE("split: refuses what a split could change: odd headers, stray subtables, open strings, no piece",
          "[model][split]") {
  CHECK_FALSE(model::split_sections("[[\"vnet\"]]\nname = \"a\"\n", sections));
  CHECK_FALSE(model::split_sections("[[vnet]]\nname = \"a\"\n[cluster]\n[[vnet.peerings]]\n", sections));
  CHECK_FALSE(model::split_sections("[[vnet]]\nname = \"\"\"open\n", sections));
  CHECK_FALSE(model::split_sections("[[vnet]]\nname = \"open\n", sections));
  CHECK_FALSE(model::split_sections("[[vnet]]\nports = [1,\n", sections));
  CHECK_FALSE(model::split_sections("name = \"x\"\n[cluster]\n", sections));
  CHECK(model::split_sections("[[ vnet ]] # spaced\nname = 'a'\r\n", sections));
}

TEST_CASE("split: every bundled scenario and bad-input file loads the same in pieces as whole", "[model][split]") {
  for (const auto& path : testing::library_scenarios()) {
    same_either_way(testing::read_file(path.string()), path.filename().string());
  }
  for (const auto& entry : std::filesystem::directory_iterator(AIRGAP_SOURCE_DIR "/tests/bad")) {
    same_either_way(testing::read_file(entry.path().string()), entry.path().filename().string());
  }
}

TEST_CASE("split: a generated design and its damaged copies load the same in pieces as whole", "[model][split]") {
  const std::string text = testing::generated_text(6, 8, 3, 10);
  same_either_way(text, "generated.toml");
  // An unknown key, a duplicate key and a syntax error, each in a late piece: their lines are
  // the whole file's.
  for (std::string_view damage : {"\nbogusKey = 1\n", "\nname = \"twice\"\n", "\nname = \n"}) {
    const std::string damaged = testing::damaged_late(text, damage);
    same_either_way(damaged, fmt::format("damaged: {}", damage));
    CHECK_FALSE(model::load_scenario_text(damaged, "d.toml").diagnostics.all().empty());
  }
}

TEST_CASE("split: a misspelt section is an unknown key, and \"did you mean\" offers the sections", "[model][split]") {
  // Found by the fuzzer: the rest's reader had not asked for the sections, so it knew none.
  const char* misspelt = "name = \"n\"\n[[vnet]]\nname = \"a\"\naddressSpace = [\"10.0.0.0/16\"]\n"
                         "[[expectc]]\nverdict = \"isolated\"\n";
  REQUIRE(model::split_sections(misspelt, sections));
  same_either_way(misspelt, "misspelt section");
  const auto result = model::load_scenario_text(misspelt, "m.toml");
  const auto& all = result.diagnostics.all();
  CHECK(std::any_of(all.begin(), all.end(), [](const auto& d) {
    return d.message == "unknown key 'expectc'; did you mean 'expect'?";
  }));
}
