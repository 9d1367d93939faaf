// Parsing a split document's pieces on worker threads ahead of the one thread that reads them in
// order. TOML++'s parse is most of a large design's load and each piece parses alone, so the
// reader finds its next table parsed, or parses it itself; what it reads, and in what order, is
// the same as with one thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "model/toml.hpp"

namespace airgap::model {

class PiecesAhead {
 public:
  /// `threads` counts the reader: 1 parses every piece in take(). Workers stay at most a few
  /// pieces per thread ahead of the reader, so the tables alive at once stay few.
  PiecesAhead(std::vector<std::string_view> texts, std::string_view path, unsigned threads);
  PiecesAhead(const PiecesAhead&) = delete;
  PiecesAhead& operator=(const PiecesAhead&) = delete;
  ~PiecesAhead();  // stops the workers and waits for them

  /// The i-th text's table, or nullptr if it does not parse alone. Called with i = 0, 1, 2, ...
  const toml::table* take(std::size_t i);
  /// The reader is done with the i-th table. The thread that built it destroys it: a table
  /// freed by another thread takes its allocator's lock for every node, and the two threads
  /// then mostly wait for each other.
  void release(std::size_t i);

 private:
  enum State : unsigned char { pending, ready, failed };
  struct Slot {
    std::optional<toml::table> table;
    std::atomic<unsigned char> state{pending};
    std::size_t parser = 0;  // 0: the reader; w + 1: worker w
  };
  struct Returns {  // tables a worker built that the reader is done with
    std::mutex mutex;
    std::vector<std::size_t> slots;
  };

  void work(std::size_t worker);
  void parse_into(std::size_t i, std::size_t parser);
  void destroy_returned(std::size_t worker);

  std::vector<std::string_view> texts_;
  std::string_view path_;
  std::size_t window_;
  std::unique_ptr<Slot[]> slots_;
  std::unique_ptr<Returns[]> returns_;
  std::atomic<std::size_t> next_{0};     // the next piece nobody has claimed
  std::atomic<std::size_t> reading_{0};  // the piece the reader asked for last
  std::atomic<bool> stop_{false};
  std::vector<std::thread> workers_;
};

}  // namespace airgap::model
