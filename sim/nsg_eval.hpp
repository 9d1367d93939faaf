// NSG evaluation: which packets one NSG allows in one direction, and which rule decided each.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/nsg.hpp"
#include "sim/address_space.hpp"
#include "sim/first_match.hpp"
#include "sim/forwarding_graph.hpp"

namespace airgap::sim {

/// A set worked out when first asked, once: an NSG edit's denied set, which answers never read
/// (flows only note the drops they meet), only blockers and comparisons.
class DeferredSet {
 public:
  explicit DeferredSet(std::function<TriSet()> form) : form_(std::move(form)) {}
  const TriSet& get() const {
    if (!set_) {
      set_ = form_();
      form_ = nullptr;  // (lets go of what it was formed from)
    }
    return *set_;
  }
  const TriSet* if_formed() const { return set_ ? &*set_ : nullptr; }

 private:
  mutable std::function<TriSet()> form_;
  mutable std::optional<TriSet> set_;
};

/// An edit's update of an allowed set, not spliced in: `inside` on the packets of `within`,
/// `outside` (the set before the edit) elsewhere. What reaches a sink through a gate of it is
/// what reached it through the gate before, with the packets of `within` decided again: an
/// answer is updated without forming the whole set (Analysis::gated_reach).
struct AllowedPatch {
  PacketSet within;
  TriSet inside;   // (within `within`)
  /// The set before: `outside`, or the unformed set of the edit before (whoever answered
  /// through a gate of that set knows it by this pointer, formed or not).
  TriSet outside;
  std::shared_ptr<const DeferredSet> outside_later;
  int depth = 1;  // unformed edits in a row, this one included (see evaluate_nsg_edit)

  const TriSet& outside_set() const { return outside_later ? outside_later->get() : outside; }
};

struct NsgDecision {
  TriSet allowed;                     // (unless allowed_later is set: see allowed_set())
  /// When set, `allowed` was not worked out: an edit's patch (`patch`) forms it when asked.
  std::shared_ptr<const DeferredSet> allowed_later;
  std::shared_ptr<const AllowedPatch> patch;
  TriSet denied;                      // (unless denied_later is set: see denied_set())
  /// When set, `denied` was not worked out: this forms it when first asked.
  std::shared_ptr<const DeferredSet> denied_later;
  /// Rules that decide an uncertain set of packets (unknown tags, ASGs), documented reading.
  std::vector<const model::SecurityRule*> uncertain_rules;
  /// The VirtualNetwork tag reading changes the outcome (with allowed_later set: unknown
  /// until formed, see differs()).
  bool readings_differ = false;
  /// Identifies the user rules' sets in the documented reading: NSGs with equal non-zero
  /// shapes (template spokes) have equal user-rule sets, so what is worked out from them can be
  /// shared. (The default rules name the VNet's own tags and differ from spoke to spoke.)
  std::uint64_t user_shape = 0;
  /// What any user rule can match (documented reading), or more: a packet outside both sets is
  /// decided by the default rules, so an explainer need not try the user rules one by one. An
  /// edit adds what its rules can match to the second (a rule's size: cheaper than a splice
  /// into the first, which is a list's).
  TriSet user_decided = TriSet::all();
  PacketSet user_decided_also;

  /// Outbound: what the rules naming AzurePlatform* tags deny of the platform's addresses
  /// (platform_denied), kept once a source stage asked, and through edits of other rules.
  std::optional<TriSet> platform_denied;

  const TriSet& allowed_set() const { return allowed_later ? allowed_later->get() : allowed; }
  const TriSet& denied_set() const { return denied_later ? denied_later->get() : denied; }
  bool differs() const { return allowed_later ? !allowed_set().is_exact() : readings_differ; }
};

/// Where the NSG sits and who sends: the VNet that gives tags their meaning, and the
/// application security groups of the NIC the traffic comes from.
struct NsgContext {
  std::size_t vnet = 0;
  std::vector<std::string> source_asgs;
  bool source_known = true;  // false for inbound NSGs: the sender's ASGs are not known there
};

/// A user_shape no decision has had yet.
std::uint64_t new_user_shape();

/// Empties the process-wide memos of rule sets and rule-list compositions (benchmarks do, so
/// each run starts cold).
void clear_rule_memos();

/// The packets a rule matches (protocol, addresses or ASGs, ports).
TriSet rule_match(const model::SecurityRule& rule, const AddressSpace& space,
                  const NsgContext& context, TagWorld world);

/// The rules of one direction in evaluation order: user rules by priority, then the defaults.
std::vector<const model::SecurityRule*> ordered_rules(const model::Nsg& nsg, model::Direction direction);
/// Whether a rule's addresses name a service tag (whose set may depend on the tag reading).
bool names_a_tag(const model::SecurityRule& rule);
/// How many of ordered_rules' rules are the user's (they come first).
std::size_t user_rule_count(const std::vector<const model::SecurityRule*>& ordered);

/// First match over the user rules by priority, then Azure's default rules.
NsgDecision evaluate_nsg(const model::Nsg& nsg, model::Direction direction,
                         const AddressSpace& space, const NsgContext& context);

PacketSet protocol_set(model::Protocol protocol);

/// Which allow (or deny) rules of an NSG decided given packets, first match in the documented
/// reading, computed only over the packets asked about.
class NsgExplainer : public Explainer {
 public:
  /// `user_shape`, `user_decided`, `user_decided_also`: the NSG's NsgDecision fields in this
  /// context (0 and all if unknown).
  NsgExplainer(const model::Nsg& nsg, model::Direction direction, NsgContext context,
               const AddressSpace& space, model::Access access, std::uint64_t user_shape,
               TriSet user_decided = TriSet::all(), PacketSet user_decided_also = {});
  std::optional<Attribution> decider(const Packet& packet) const override;
  bool same_as(const Explainer& other) const override;

 private:
  /// An NSG shape's user rules in the documented reading, shared by the NSGs of that shape:
  /// each rule's match, worked out when first asked (a witness asks rules in order up to the
  /// one deciding its packet, so a freshly edited NSG does not build all of them), and, on the
  /// first explanation, each rule's first-match share of every packet and what none matches.
  struct UserRules {
    mutable std::vector<std::optional<TriSet>> matches;
    struct Shares {
      std::vector<TriSet> decided;  // decided[i]: what rule i decides, first match
      TriSet unmatched;
    };
    mutable std::optional<Shares> shares;
  };
  /// The rule sets of ordered_ in the documented reading: the user rules' (shared by the NSGs
  /// of one shape), then the default rules'.
  struct RuleSets {
    std::shared_ptr<const UserRules> user;
    std::vector<TriSet> defaults;
  };
  /// Rule i's set (ordered_'s order), worked out if not yet.
  const TriSet& rule_set(const RuleSets& sets, std::size_t i) const;
  const UserRules::Shares& first_match_shares(const RuleSets& sets) const;
  std::vector<Attribution> explain_first(const TriSet& packets, std::size_t limit) const override;
  Attribution attribution(const model::SecurityRule& rule, const TriSet& share) const;
  const RuleSets& matches() const;
  std::shared_ptr<const UserRules> user_matches() const;

  const std::vector<const model::SecurityRule*>& ordered() const;  // the rules in evaluation order
  std::size_t user_count() const;  // ordered()'s user rules come first, then the defaults
  bool user_may_decide(const Packet& packet) const;
  static std::uint64_t next_serial();

  const model::Nsg& nsg_;
  model::Direction direction_;
  NsgContext context_;
  const AddressSpace& space_;
  model::Access access_;
  std::uint64_t serial_;  // identifies this explainer even after another reuses its address
  std::uint64_t user_shape_;
  TriSet user_decided_;
  PacketSet user_decided_also_;
  mutable std::optional<std::vector<const model::SecurityRule*>> ordered_;  // worked out on first use
  mutable std::size_t user_count_ = 0;
  mutable std::optional<std::vector<TriSet>> default_matches_;  // worked out on first use
};

/// What an NSG's outbound rules naming AzurePlatformDNS / AzurePlatformIMDS / AzurePlatformLKM
/// deny (the only rules that apply to 168.63.129.16 and IMDS), first match among them.
TriSet platform_denied(const model::Nsg& nsg, const NsgContext& context, const AddressSpace& space);
/// Whether the rule is one platform_denied reads: outbound, naming an AzurePlatform* tag.
bool names_a_platform_tag(const model::SecurityRule& rule);

}  // namespace airgap::sim
