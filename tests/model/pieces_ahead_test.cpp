// Parsing pieces ahead of the reader: each piece comes back parsed, in order, whatever the
// thread count; a piece that does not parse comes back empty; a reader that stops early stops
// the workers. And a design loads the same with one thread as with several.
#include "model/pieces_ahead.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "model/scenario_generator.hpp"
#include "model/scenario_loader.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

namespace {

std::vector<std::string> vnet_pieces(std::size_t count) {
  std::vector<std::string> pieces;
  for (std::size_t i = 0; i < count; ++i)
    pieces.push_back(fmt::format("[[vnet]]\nname = \"v{}\"\n", i));
  return pieces;
}

std::vector<std::string_view> views(const std::vector<std::string>& texts) {
  return {texts.begin(), texts.end()};
}

std::string name_in(const toml::table& table) {
  return table["vnet"][0]["name"].value_or(std::string("?"));
}

void same_with_threads(const std::string& text, unsigned threads) {
  INFO(threads << " threads");
  const auto one = model::load_scenario_text(text, "t.toml", {.threads = 1});
  const auto many = model::load_scenario_text(text, "t.toml", {.threads = threads});
  testing::check_loads_alike(many, one);
}

}  // namespace

TEST_CASE("pieces ahead: every piece comes back parsed, in order, whatever the thread count",
          "[model][pieces]") {
  const auto texts = vnet_pieces(300);
  for (unsigned threads : {1u, 2u, 4u, 8u}) {
    INFO(threads << " threads");
    model::PiecesAhead parsed(views(texts), "p.toml", threads);
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const toml::table* table = parsed.take(i);
      REQUIRE(table != nullptr);
      CHECK(name_in(*table) == fmt::format("v{}", i));
      parsed.release(i);
    }
  }
}

TEST_CASE("pieces ahead: a piece that does not parse comes back empty, the others parsed",
          "[model][pieces]") {
  auto texts = vnet_pieces(40);
  texts[17] = "[[vnet]]\nname = \n";
  model::PiecesAhead parsed(views(texts), "p.toml", 3);
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const toml::table* table = parsed.take(i);
    CHECK((table == nullptr) == (i == 17));
    parsed.release(i);
  }
}

TEST_CASE("pieces ahead: a reader that stops early leaves no worker behind", "[model][pieces]") {
  const auto texts = vnet_pieces(500);
  for (std::size_t taken : {0u, 1u, 7u}) {
    model::PiecesAhead parsed(views(texts), "p.toml", 4);
    for (std::size_t i = 0; i < taken; ++i) {
      REQUIRE(parsed.take(i) != nullptr);
      if (i % 2 == 0) parsed.release(i);  // the others are destroyed with the slots
    }
  }  // each destructor joins its workers; ASan and the test's end say whether it did
  SUCCEED();
}

TEST_CASE(
    "pieces ahead: a design and its damaged copies load the same with one thread as with several",
    "[model][pieces]") {
  const std::string text = testing::generated_text(12, 6, 3, 10);
  for (unsigned threads : {2u, 4u}) same_with_threads(text, threads);
  // An unknown key and a syntax error in a late piece: the first is read from its piece, the
  // second makes the whole text's parse decide.
  for (std::string_view damage : {"\nbogusKey = 1\n", "\nname = \n"}) {
    const std::string damaged = testing::damaged_late(text, damage);
    same_with_threads(damaged, 3);
    CHECK_FALSE(
        model::load_scenario_text(damaged, "d.toml", {.threads = 3}).diagnostics.all().empty());
  }
}
