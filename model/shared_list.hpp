// SharedList<T>: a list shared by the copies of its owner until one of them edits it.
//
// A cluster variant is the design plus a few objects; copying every NSG rule of a 1,000-spoke
// design for it (and freeing them after) cost a quarter as much as proving the variant. Reads see
// a const vector; writes go through edit(), which first copies a list another holder still
// shares. So an element's address stays valid while its holder does not edit the list, as with
// a plain vector.
#pragma once

#include <initializer_list>
#include <memory>
#include <vector>

namespace airgap::model {

template <class T>
class SharedList {
 public:
  SharedList() = default;
  SharedList(std::initializer_list<T> items) : items_(std::make_shared<std::vector<T>>(items)) {}
  SharedList(std::vector<T> items)  // NOLINT(google-explicit-constructor): a list is its items
      : items_(std::make_shared<std::vector<T>>(std::move(items))) {}

  const std::vector<T>& get() const { return items_ ? *items_ : empty_list(); }
  operator const std::vector<T>&() const { return get(); }  // NOLINT(google-explicit-constructor)

  /// The list to change, no longer shared with any other holder.
  std::vector<T>& edit() {
    if (!items_) {
      items_ = std::make_shared<std::vector<T>>();
    } else if (items_.use_count() > 1) {
      items_ = std::make_shared<std::vector<T>>(*items_);
    }
    return *items_;
  }

  /// Whether another holder shares the list (an edit would move it to a copy).
  bool shared() const { return items_.use_count() > 1; }

  auto begin() const { return get().begin(); }
  auto end() const { return get().end(); }
  std::size_t size() const { return get().size(); }
  bool empty() const { return get().empty(); }
  const T& operator[](std::size_t i) const { return get()[i]; }
  const T& front() const { return get().front(); }
  const T& back() const { return get().back(); }

  bool operator==(const SharedList& other) const { return items_ == other.items_ || get() == other.get(); }

 private:
  static const std::vector<T>& empty_list() {
    static const std::vector<T> none;
    return none;
  }
  std::shared_ptr<std::vector<T>> items_;
};

}  // namespace airgap::model
