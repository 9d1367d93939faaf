// PacketSet::intersects and subset_of, answered by walking node pairs of the two BDDs.
//
// `a & b` builds the conjunction only to ask whether it is empty; when one side is a route's
// prefix and the other an NSG decision, that is an NSG-sized BDD of fresh nodes. The walk below
// creates none and stops at the first common path.
#include <bdd.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/packet_set.hpp"

namespace airgap::sim {

namespace {

// Node pairs already found disjoint in this walk: open addressing, cleared by a new stamp.
class PairMemo {
 public:
  void start() {
    if (++stamp_ == 0) {  // wrapped: old stamps would read as current
      std::fill(stamps_.begin(), stamps_.end(), 0u);
      stamp_ = 1;
    }
    size_ = 0;
  }
  bool contains(std::uint64_t key) const {
    if (stamps_.empty()) return false;
    for (std::size_t i = slot(key);; i = (i + 1) & mask()) {
      if (stamps_[i] != stamp_) return false;
      if (keys_[i] == key) return true;
    }
  }
  void insert(std::uint64_t key) {
    if (2 * (size_ + 1) > stamps_.size()) grow();
    std::size_t i = slot(key);
    while (stamps_[i] == stamp_) i = (i + 1) & mask();
    stamps_[i] = stamp_;
    keys_[i] = key;
    ++size_;
  }

 private:
  std::size_t mask() const { return stamps_.size() - 1; }
  std::size_t slot(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 20) & mask();
  }
  void grow() {
    std::vector<std::uint64_t> live;
    for (std::size_t i = 0; i < stamps_.size(); ++i) {
      if (stamps_[i] == stamp_) live.push_back(keys_[i]);
    }
    const std::size_t capacity = std::max<std::size_t>(1024, stamps_.size() * 2);
    keys_.assign(capacity, 0);
    stamps_.assign(capacity, 0);
    size_ = 0;
    for (auto key : live) insert(key);
  }

  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> stamps_;
  std::uint32_t stamp_ = 0;
  std::size_t size_ = 0;
};

// Whether `a` and `b` (or `a` and not-`b`, with `negate_b`) share an assignment. BuDDy is not
// reordered here, so a node's variable is its level. No node is created, so none moves.
bool meet(BDD a, BDD b, bool negate_b, PairMemo& disjoint) {
  if (a == raw_false) return false;
  if (b == raw_false || b == raw_true) return (b == raw_true) != negate_b;
  if (a == raw_true) return true;  // b is neither constant, nor is its complement
  if (a == b) return !negate_b;
  const std::uint64_t key = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) |
                            static_cast<std::uint32_t>(b);
  if (disjoint.contains(key)) return false;
  const int va = bdd_var(a);
  const int vb = bdd_var(b);
  const int top = std::min(va, vb);
  const BDD a0 = va == top ? bdd_low(a) : a;
  const BDD a1 = va == top ? bdd_high(a) : a;
  const BDD b0 = vb == top ? bdd_low(b) : b;
  const BDD b1 = vb == top ? bdd_high(b) : b;
  if (meet(a0, b0, negate_b, disjoint) || meet(a1, b1, negate_b, disjoint)) return true;
  disjoint.insert(key);
  return false;
}

PairMemo& memo() {
  static PairMemo instance;  // BuDDy is single-threaded; so is every caller of these
  instance.start();
  return instance;
}

}  // namespace

bool PacketSet::intersects(const PacketSet& other) const {
  return meet(root_, other.root_, false, memo());
}

bool PacketSet::subset_of(const PacketSet& other) const {
  return !meet(root_, other.root_, true, memo());
}

}  // namespace airgap::sim
