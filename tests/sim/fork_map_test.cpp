// Worker processes: every task's result comes back in order whichever process ran it, a failed
// worker costs time and never a result, and the verdicts they send back survive the trip intact.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "sim/fork_map.hpp"
#include "sim/sweep.hpp"
#include "sim/verdict_codec.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

namespace {

// "index:pid", after a pause long enough that idle workers claim some of the tasks.
std::string slow_task(std::size_t i) {
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  return std::to_string(i) + ":" + std::to_string(::getpid());
}

std::string pid_of(const std::string& result) { return result.substr(result.find(':') + 1); }

}  // namespace

TEST_CASE("fork_map: results come back in task order, some of them from workers", "[sim][fork]") {
  const auto here = std::to_string(::getpid());
  const auto results = sim::fork_map(12, 3, slow_task);
  REQUIRE(results.size() == 12);
  std::size_t elsewhere = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    CHECK(results[i].starts_with(std::to_string(i) + ":"));
    if (pid_of(results[i]) != here) ++elsewhere;
  }
  CHECK(elsewhere > 0);
}

TEST_CASE("fork_map: one job forks nothing", "[sim][fork]") {
  const auto here = std::to_string(::getpid());
  for (const auto& result : sim::fork_map(4, 1, slow_task)) CHECK(pid_of(result) == here);
}

TEST_CASE("fork_map: a task whose worker dies or throws is run again here", "[sim][fork]") {
  const auto parent = ::getpid();
  for (const bool crash : {true, false}) {
    const auto results = sim::fork_map(6, 2, [&](std::size_t i) {
      if (::getpid() != parent) {
        if (crash) std::_Exit(3);
        throw std::runtime_error("worker failed");
      }
      return slow_task(i);
    });
    for (std::size_t i = 0; i < results.size(); ++i) CHECK(results[i] == slow_task(i));
  }
}

TEST_CASE("fork_map: an exception in this process reaches the caller", "[sim][fork]") {
  const auto parent = ::getpid();
  auto fails_here = [&](std::size_t i) -> std::string {
    if (::getpid() == parent) throw std::runtime_error("failed here");
    return slow_task(i);
  };
  CHECK_THROWS_WITH(sim::fork_map(4, 2, fails_here), "failed here");
}

TEST_CASE("verdict bytes: pools and expectations read back equal, truncation is an error", "[sim][fork]") {
  for (const auto& file : testing::library_scenarios()) {
    const auto design = testing::library_design(file.filename().string());
    if (!design.cluster) continue;
    const auto report = sim::analyze_variant(design, sim::as_written(design), true);
    sim::ByteWriter writer;
    writer.pools(report.pools);
    writer.expectations(report.expectations);
    const std::string bytes = writer.take();
    std::vector<model::Expectation> asked;
    for (const auto& result : report.expectations) asked.push_back(result.expectation);
    sim::ByteReader reader(bytes);
    INFO(file.filename().string());
    CHECK(reader.pools() == report.pools);
    CHECK(reader.expectations(asked) == report.expectations);
    CHECK(reader.done());
    for (std::size_t cut : {bytes.size() / 3, bytes.size() - 1}) {
      sim::ByteReader truncated(std::string_view(bytes).substr(0, cut));
      CHECK_THROWS_AS((truncated.pools(), truncated.expectations(asked)), std::runtime_error);
    }
  }
}

TEST_CASE("sweep: two workers give the same 18 reports as one", "[sim][fork][sweep]") {
  for (const auto& file : testing::library_scenarios()) {
    const auto design = testing::library_design(file.filename().string());
    if (!design.cluster) continue;
    const auto one = sim::sweep_variants(design, 1);
    const auto two = sim::sweep_variants(design, 2);
    REQUIRE(one.reports.size() == two.reports.size());
    for (std::size_t i = 0; i < one.reports.size(); ++i) {
      INFO(file.filename().string() << " " << one.reports[i].variant.label());
      CHECK(one.reports[i].cell == two.reports[i].cell);
      CHECK(one.reports[i].reason == two.reports[i].reason);
      CHECK(one.reports[i].pools == two.reports[i].pools);
      CHECK(one.reports[i].expectations == two.reports[i].expectations);
      CHECK(one.reports[i].reachability.codes() == two.reports[i].reachability.codes());
    }
  }
}

TEST_CASE("pool verdicts: two workers prove every pool as one process does, in pool order", "[sim][fork]") {
  const auto design = testing::generated(12, 6, 3, 20, true);
  auto alone = testing::analysed(design);
  auto shared = testing::analysed(design);
  const auto one = sim::pool_verdicts(alone, 1);
  const auto two = sim::pool_verdicts(shared, 2);
  REQUIRE(one.size() == design.cluster->node_pools.size());
  CHECK(one == two);
}
