// A byte encoding of verdicts, so a worker process can hand what it proved to its parent.
// Plain data only (no BDDs): the parent rebuilds nothing from it but the report.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/cluster_report.hpp"

namespace airgap::sim {

class ByteWriter {
 public:
  void u32(std::uint32_t value);
  void str(std::string_view value);
  void source(const model::SourceRef& ref);
  void verdict(const Verdict& v);
  void pools(const std::vector<PoolVerdicts>& pools);
  void expectations(const std::vector<ExpectationResult>& results);  // all but the expectation
  std::string take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

/// Reads what ByteWriter wrote; throws std::runtime_error on truncated or malformed bytes.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}
  std::uint32_t u32();
  std::string str();
  model::SourceRef source();
  Verdict verdict();
  std::vector<PoolVerdicts> pools();
  /// Results for `applicable`, the expectations the writer evaluated, in order.
  std::vector<ExpectationResult> expectations(const std::vector<model::Expectation>& applicable);
  bool done() const { return at_ == bytes_.size(); }

 private:
  std::string_view take(std::size_t n);
  std::size_t count();
  std::string_view bytes_;
  std::size_t at_ = 0;
  std::map<std::string, std::shared_ptr<const std::string>, std::less<>> files_;  // one pointer per file
};

}  // namespace airgap::sim
