// BoundedMemo: a memo table that forgets its oldest entries past a size limit, so memoizing
// what designs repeat (prefixes, rules, template NSGs) never grows with the design.
#pragma once

#include <cstddef>
#include <deque>
#include <unordered_map>
#include <utility>

namespace airgap::sim {

template <typename Key, typename Value>
class BoundedMemo {
 public:
  explicit BoundedMemo(std::size_t limit) : limit_(limit) {}

  const Value* find(const Key& key) const {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second;
  }

  void clear() {
    entries_.clear();
    order_.clear();
  }

  const Value& store(Key key, Value value) {
    if (entries_.size() >= limit_) {
      entries_.erase(order_.front());
      order_.pop_front();
    }
    auto [it, fresh] = entries_.emplace(key, std::move(value));
    if (fresh) order_.push_back(std::move(key));
    return it->second;
  }

 private:
  std::size_t limit_;
  std::unordered_map<Key, Value> entries_;
  std::deque<Key> order_;  // oldest first
};

}  // namespace airgap::sim
