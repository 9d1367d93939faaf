#include "model/pieces_ahead.hpp"

#include <algorithm>
#include <limits>
#include <system_error>

namespace airgap::model {

PiecesAhead::PiecesAhead(std::vector<std::string_view> texts, std::string_view path,
                         unsigned threads)
    : texts_(std::move(texts)),
      path_(path),
      window_(4 * static_cast<std::size_t>(std::max(threads, 1u))),
      slots_(std::make_unique<Slot[]>(texts_.size())) {
  const std::size_t workers = std::min<std::size_t>(threads > 1 ? threads - 1 : 0, texts_.size());
  returns_ = std::make_unique<Returns[]>(workers);
  workers_.reserve(workers);
  try {
    for (std::size_t w = 0; w < workers; ++w) workers_.emplace_back([this, w] { work(w); });
  } catch (const std::system_error&) {
    // No more threads to be had: the reader parses what the workers started do not.
  }
}

PiecesAhead::~PiecesAhead() {
  stop_.store(true);
  // Far past every piece: frees the workers waiting on the window.
  reading_.store(std::numeric_limits<std::size_t>::max() / 2);
  reading_.notify_all();
  for (auto& worker : workers_) worker.join();
}

// Any failure, even an allocation's, only marks the piece: the caller then parses the whole
// text on its own thread, where the error surfaces as it would without workers.
void PiecesAhead::parse_into(std::size_t i, std::size_t parser) {
  Slot& slot = slots_[i];
  slot.parser = parser;
  unsigned char state = failed;
  try {
    slot.table = toml::parse(texts_[i], path_);
    state = ready;
  } catch (...) {
    slot.table.reset();
  }
  slot.state.store(state, std::memory_order_release);
  slot.state.notify_all();
}

void PiecesAhead::destroy_returned(std::size_t worker) {
  std::vector<std::size_t> done;
  {
    const std::lock_guard lock(returns_[worker].mutex);
    done.swap(returns_[worker].slots);
  }
  for (const std::size_t i : done) slots_[i].table.reset();
}

void PiecesAhead::work(std::size_t worker) {
  while (!stop_.load(std::memory_order_relaxed)) {
    const std::size_t i = next_.fetch_add(1);
    if (i >= texts_.size()) return;  // what the reader returns from here on, it destroys
    for (std::size_t r = reading_.load(); i >= r + window_; r = reading_.load()) {
      destroy_returned(worker);
      reading_.wait(r);
    }
    if (stop_.load(std::memory_order_relaxed)) return;  // the reader is gone: nobody takes piece i
    destroy_returned(worker);
    parse_into(i, worker + 1);
  }
}

const toml::table* PiecesAhead::take(std::size_t i) {
  reading_.store(i);
  reading_.notify_all();
  Slot& slot = slots_[i];
  // While a worker parses piece i, parse the next unclaimed one rather than wait idle.
  while (slot.state.load(std::memory_order_acquire) == pending) {
    const std::size_t j = next_.fetch_add(1);
    if (j < texts_.size()) {
      parse_into(j, 0);
    } else {
      slot.state.wait(pending, std::memory_order_acquire);
    }
  }
  return slot.table ? &*slot.table : nullptr;
}

void PiecesAhead::release(std::size_t i) {
  Slot& slot = slots_[i];
  if (slot.parser == 0 || next_.load() >= texts_.size()) {
    slot.table.reset();  // ours, or every piece is claimed and the workers are leaving
    return;
  }
  Returns& returns = returns_[slot.parser - 1];
  const std::lock_guard lock(returns.mutex);
  returns.slots.push_back(i);
}

}  // namespace airgap::model
