// Internal: what an NSG lets through at one place, and a subnet's inbound decision as the
// lazily worked-out gate of the edges that deliver into the subnet.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/forwarding_graph.hpp"
#include "sim/nsg_eval.hpp"

namespace airgap::sim::detail {

/// What an NSG lets through, and the drop it implies (added by the caller where it applies).
struct NsgOutcome {
  TriSet allowed;  // (unless allowed_gate is set)
  TriSet denied;
  std::string description;
  model::SourceRef source;
  std::vector<Attribution> because;          // the deny rules, for blockers
  std::vector<Attribution> allowed_because;  // the allow rules, for witnesses
  std::vector<std::string> unknowns;         // rules whose match is uncertain, and why
  /// When set, `denied` and `because` are not worked out: this gate holds them (a drop edge
  /// gated by it, always present, lets through what it denies).
  std::shared_ptr<const Gate> denied_gate;
  /// When set (an edited decision, NsgDecision::allowed_later), `allowed` and
  /// `allowed_because` are not worked out: this gate (a DeferredGate with the edit's patch) holds them.
  std::shared_ptr<const Gate> allowed_gate;
};

/// The note an NSG's outcome carries when the two readings of the VirtualNetwork tag decide
/// differently.
std::string readings_note(const model::Nsg& nsg);

/// An edited decision's unknowns, which depend on its allowed set: formed when first asked.
class DeferredNotes {
 public:
  DeferredNotes(std::shared_ptr<const DeferredSet> allowed, std::string note)
      : allowed_(std::move(allowed)), note_(std::move(note)) {}
  const std::vector<std::string>& get() const;

 private:
  std::shared_ptr<const DeferredSet> allowed_;
  std::string note_;
  mutable std::optional<std::vector<std::string>> notes_;
};

/// "denied by NSG 'n' (inbound) at subnet 'v/s'": a drop's description.
std::string denial_text(const model::Nsg& nsg, model::Direction direction, const std::string& where);

/// The outcome of `nsg` (none: everything allowed) in `direction` at `where`.
NsgOutcome nsg_outcome(const model::Nsg* nsg, model::Direction direction, const AddressSpace& space,
                       const NsgContext& context, const std::string& where);

/// The outcome of `decision`, `nsg`'s in `direction` and `context`, at `where`. With
/// `allowed_as_gate`, an edited decision's allowed set stays unformed, in `allowed_gate`.
NsgOutcome outcome_of(const model::Nsg& nsg, model::Direction direction, const AddressSpace& space,
                      const NsgContext& context, const std::string& where, const NsgDecision& decision,
                      bool allowed_as_gate = false);

/// A subnet's inbound NSG decision, evaluated on first use. It holds only what outlives the
/// builder and survives a move of the analysis: the NSG (in the network's NSG list), the
/// address space (owned on the heap), and values.
class Admission {
 public:
  Admission(const model::Nsg& nsg, const AddressSpace& space, std::size_t vnet, std::string where,
            PacketSet endpoint_ips, bool endpoints_filtered);
  const NsgOutcome& outcome() const;
  const model::Nsg& nsg() const { return nsg_; }
  std::string denial() const { return denial_text(nsg_, model::Direction::inbound, where_); }
  bool same_recipe(const Admission& other) const;
  /// The outcome if it has been worked out (nothing is worked out to answer).
  const NsgOutcome* worked_out() const { return outcome_ ? &*outcome_ : nullptr; }

 private:
  const model::Nsg& nsg_;
  const AddressSpace& space_;
  std::size_t vnet_;
  std::string where_;
  PacketSet endpoint_ips_;   // private endpoints in the subnet
  bool endpoints_filtered_;  // whether NSGs apply to them (the subnet's PE network policies)
  mutable std::optional<NsgOutcome> outcome_;
};

/// One side of an admission as an edge gate: what it allows (with the allow rules) or what it
/// denies (with the deny rules).
class AdmissionGate : public Gate {
 public:
  AdmissionGate(std::shared_ptr<const Admission> admission, bool allowed)
      : admission_(std::move(admission)), allowed_(allowed) {}
  const TriSet& packets() const override;
  const std::vector<Attribution>& because() const override;
  const std::vector<std::string>& unknowns() const override;
  bool same_as(const Gate& other) const override;
  const TriSet* known_packets() const override;

 private:
  std::shared_ptr<const Admission> admission_;
  bool allowed_;
};

/// A set of an edited NSG decision formed when first asked (DeferredSet), with its attribution
/// and the unknowns its decision's allowed set implies: the denied set (gating the drop edge),
/// or the allowed set, whose `patch` an answer reads instead (Analysis::answer_through).
class DeferredGate : public Gate {
 public:
  DeferredGate(std::shared_ptr<const DeferredSet> set, std::string text, model::SourceRef source,
               std::shared_ptr<const Explainer> explainer, std::shared_ptr<const DeferredNotes> notes,
               std::shared_ptr<const AllowedPatch> patch = nullptr)
      : set_(std::move(set)), text_(std::move(text)), source_(std::move(source)), explainer_(std::move(explainer)),
        notes_(std::move(notes)), patch_(std::move(patch)) {}
  const TriSet& packets() const override { return set_->get(); }
  const std::vector<Attribution>& because() const override;
  const std::vector<std::string>& unknowns() const override { return notes_ ? notes_->get() : none_; }
  bool same_as(const Gate& other) const override { return &other == this; }
  const TriSet* known_packets() const override { return set_->if_formed(); }
  /// The edit's patch of the allowed set before (nullptr for a denied set).
  const AllowedPatch* patch() const { return patch_.get(); }
  /// The unformed set this gate lets through: what an edit after this one finds as its
  /// patch's `outside_later`.
  const std::shared_ptr<const DeferredSet>& later() const { return set_; }

 private:
  std::shared_ptr<const DeferredSet> set_;
  std::string text_;
  model::SourceRef source_;
  std::shared_ptr<const Explainer> explainer_;
  std::shared_ptr<const DeferredNotes> notes_;
  std::shared_ptr<const AllowedPatch> patch_;
  mutable std::optional<std::vector<Attribution>> because_;
  std::vector<std::string> none_;
};

/// A gate whose sets are known when the stage is built: the outbound NSGs of a source, kept
/// off the source's small edge so that a flow narrows by them once, with nothing formed first.
class DecidedGate : public Gate {
 public:
  DecidedGate(TriSet packets, std::vector<Attribution> because, std::vector<std::string> unknowns)
      : packets_(std::move(packets)), because_(std::move(because)), unknowns_(std::move(unknowns)) {}
  const TriSet& packets() const override { return packets_; }
  const std::vector<Attribution>& because() const override { return because_; }
  const std::vector<std::string>& unknowns() const override { return unknowns_; }
  bool same_as(const Gate& other) const override;
  const TriSet* known_packets() const override { return &packets_; }

 private:
  TriSet packets_;
  std::vector<Attribution> because_;
  std::vector<std::string> unknowns_;
};

}  // namespace airgap::sim::detail
