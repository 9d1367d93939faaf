// Work on several cores. BuDDy keeps one global node table per process, so threads cannot
// share it; worker processes can: each forks with the parent's graph and memos already built,
// proves its share, and sends the result back as bytes.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace airgap::sim {

/// Runs task(i) for every i < count on up to `jobs` processes: this one and `jobs` - 1 forked
/// workers, each claiming the next task when it is free. Returns each task's bytes, in order. A task whose worker
/// fails (killed, out of memory, an exception) is run again here, so a failure costs time, never
/// a result; an exception in this process propagates. jobs <= 1 forks nothing.
std::vector<std::string> fork_map(std::size_t count, std::size_t jobs,
                                  const std::function<std::string(std::size_t)>& task);

}  // namespace airgap::sim
