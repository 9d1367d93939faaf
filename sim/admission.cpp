#include "sim/admission.hpp"

#include <fmt/format.h>

namespace airgap::sim::detail {

std::string denial_text(const model::Nsg& nsg, model::Direction direction, const std::string& where) {
  return fmt::format("denied by NSG '{}' ({}) at {}", nsg.name, model::to_string(direction), where);
}

NsgOutcome nsg_outcome(const model::Nsg* nsg, model::Direction direction, const AddressSpace& space,
                       const NsgContext& context, const std::string& where) {
  if (nsg == nullptr) {
    NsgOutcome outcome;
    outcome.allowed = TriSet::all();
    return outcome;
  }
  return outcome_of(*nsg, direction, space, context, where, evaluate_nsg(*nsg, direction, space, context));
}

std::string readings_note(const model::Nsg& nsg) {
  return fmt::format(
      "NSG '{}' decides differently under the two readings of the VirtualNetwork tag "
      "(documented, or widened by the VNet's UDR prefixes as observed after a 0/0 UDR; "
      "azure-semantics §2.4 [C])",
      nsg.name);
}

const std::vector<std::string>& DeferredNotes::get() const {
  if (!notes_) {
    notes_.emplace();
    if (!allowed_->get().is_exact()) notes_->push_back(note_);
  }
  return *notes_;
}

NsgOutcome outcome_of(const model::Nsg& nsg, model::Direction direction, const AddressSpace& space,
                      const NsgContext& context, const std::string& where, const NsgDecision& decision,
                      bool allowed_as_gate) {
  NsgOutcome outcome;
  const bool deferred = allowed_as_gate && decision.allowed_later;
  // (A deferred set's note depends on that set: its gates carry it, formed when asked.)
  if (!deferred && decision.differs()) outcome.unknowns.push_back(readings_note(nsg));
  for (const auto* rule : decision.uncertain_rules) {
    std::vector<std::string> tags;
    for (const auto* list : {&rule->source_addresses, &rule->destination_addresses}) {
      for (const auto& term : *list) {
        if (const auto* tag = std::get_if<model::ServiceTagRef>(&term)) tags.push_back(tag->name);
      }
    }
    if (!rule->source_asgs.empty() || !rule->destination_asgs.empty()) tags.push_back("an application security group");
    outcome.unknowns.push_back(fmt::format(
        "NSG '{}' rule '{}' matches an uncertain set ({}): {}", nsg.name, rule->name,
        fmt::join(tags, ", "),
        "service tag extents follow azure-semantics §2.4, where VirtualNetwork may also hold UDR "
        "prefixes and Internet excludes it"));
  }
  // Which rule decided is worked out on demand, for the packets a witness or blocker names.
  const std::string text = fmt::format("NSG '{}' {} rules", nsg.name, model::to_string(direction));
  auto explainer = [&](model::Access access) {
    return std::make_shared<NsgExplainer>(nsg, direction, context, space, access, decision.user_shape,
                                          decision.user_decided, decision.user_decided_also);
  };
  const auto notes =
      deferred ? std::make_shared<const DeferredNotes>(decision.allowed_later, readings_note(nsg)) : nullptr;
  if (deferred) {
    outcome.allowed_gate = std::make_shared<DeferredGate>(decision.allowed_later, text, nsg.source,
                                                          explainer(model::Access::allow), notes, decision.patch);
  } else if (!decision.allowed_set().is_empty()) {
    outcome.allowed_because.push_back(
        Attribution{decision.allowed_set(), text, nsg.source, {}, explainer(model::Access::allow)});
  }
  if (decision.denied_later) {
    outcome.denied_gate = std::make_shared<DeferredGate>(decision.denied_later, text, nsg.source,
                                                         explainer(model::Access::deny), notes);
  } else if (!decision.denied.is_empty()) {
    outcome.because.push_back(Attribution{decision.denied, text, nsg.source, {}, explainer(model::Access::deny)});
  }
  outcome.denied = decision.denied;
  if (!deferred) outcome.allowed = decision.allowed_set();
  outcome.description = denial_text(nsg, direction, where);
  outcome.source = nsg.source;
  return outcome;
}

Admission::Admission(const model::Nsg& nsg, const AddressSpace& space, std::size_t vnet, std::string where,
                     PacketSet endpoint_ips, bool endpoints_filtered)
    : nsg_(nsg), space_(space), vnet_(vnet), where_(std::move(where)), endpoint_ips_(std::move(endpoint_ips)),
      endpoints_filtered_(endpoints_filtered) {}

const NsgOutcome& Admission::outcome() const {
  if (outcome_) return *outcome_;
  NsgOutcome outcome = nsg_outcome(&nsg_, model::Direction::inbound, space_, NsgContext{vnet_, {}, false}, where_);
  if (!endpoints_filtered_ && !endpoint_ips_.is_empty()) {
    const TriSet endpoints = TriSet::exact(endpoint_ips_);
    outcome.allowed = (outcome.allowed - endpoints) | endpoints;
    outcome.denied = outcome.denied - endpoints;
    for (auto& a : outcome.because) a.packets = a.packets - endpoints;
  }
  return outcome_.emplace(std::move(outcome));
}

bool Admission::same_recipe(const Admission& other) const {
  return &nsg_ == &other.nsg_ && &space_ == &other.space_ && vnet_ == other.vnet_ && where_ == other.where_ &&
         endpoint_ips_ == other.endpoint_ips_ && endpoints_filtered_ == other.endpoints_filtered_;
}

const std::vector<Attribution>& DeferredGate::because() const {
  if (!because_) {
    because_.emplace();
    if (!packets().is_empty()) because_->push_back(Attribution{packets(), text_, source_, {}, explainer_});
  }
  return *because_;
}

const TriSet& AdmissionGate::packets() const {
  return allowed_ ? admission_->outcome().allowed : admission_->outcome().denied;
}

const std::vector<Attribution>& AdmissionGate::because() const {
  return allowed_ ? admission_->outcome().allowed_because : admission_->outcome().because;
}

const std::vector<std::string>& AdmissionGate::unknowns() const { return admission_->outcome().unknowns; }

bool AdmissionGate::same_as(const Gate& other) const {
  const auto* o = dynamic_cast<const AdmissionGate*>(&other);
  if (o == nullptr || o->allowed_ != allowed_) return false;
  return o->admission_ == admission_ || admission_->same_recipe(*o->admission_);
}

const TriSet* AdmissionGate::known_packets() const {
  return admission_->worked_out() != nullptr ? &packets() : nullptr;
}

bool DecidedGate::same_as(const Gate& other) const {
  const auto* o = dynamic_cast<const DecidedGate*>(&other);
  return o != nullptr && o->packets_ == packets_ && o->unknowns_ == unknowns_ &&
         same_attributions(o->because_, because_);
}

}  // namespace airgap::sim::detail
