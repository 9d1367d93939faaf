#include "sim/oracle/oracle.hpp"

#include <algorithm>
#include <functional>

#include "sim/oracle/oracle_detail.hpp"

namespace airgap::oracle {

using namespace detail;

bool Fate::surely_visits(const std::string& key) const {
  return !branches.empty() && std::all_of(branches.begin(), branches.end(), [&](const Branch& b) {
    return b.visited.contains(key);
  });
}

bool Fate::possibly_visits(const std::string& key) const {
  return std::any_of(branches.begin(), branches.end(),
                     [&](const Branch& b) { return b.visited.contains(key); });
}

namespace {

// A NIC that sends: a node pool, a plain subnet, a firewall or an appliance.
struct Sender {
  model::SubnetId subnet;
  std::size_t vnet = 0;
  const model::NodePool* pool = nullptr;
  const model::Firewall* firewall = nullptr;
  const model::NetworkVirtualAppliance* appliance = nullptr;
};

std::string subnet_ref(const model::Network& net, model::SubnetId id) {
  return net.vnets[id.vnet].name + "/" + net.vnets[id.vnet].subnets[id.subnet].name;
}

class Walker {
 public:
  Walker(const model::Network& net, const Probe& probe) : net_(net), probe_(probe) {}

  Fate start(const std::string& from) {
    Sender sender;
    const model::NodePool* pool = net_.find_node_pool(from);
    auto id = net_.find_subnet(pool ? pool->subnet : from);
    if (!id) return fate_;
    sender.subnet = *id;
    sender.vnet = id->vnet;
    sender.pool = pool;
    Branch branch;
    if (probe_.dst == 0xA83F8110u || probe_.dst == 0xA9FEA9FEu) {
      // Only rules naming an AzurePlatform* tag apply to the host addresses.
      for (const std::string* name : {pool ? &pool->nic_network_security_group : nullptr,
                                      &net_.subnet(*id).network_security_group}) {
        const model::Nsg* nsg = name ? nsg_of(*name) : nullptr;
        if (nsg != nullptr && platform_blocked(*nsg, sender.vnet, pool)) {
          drop(branch);
          return fate_;
        }
      }
      branch.visited.insert("platform");
      finish(branch);
      return fate_;
    }
    SourceRange src{probe_.src, probe_.src};
    auto after_nic = [&](Branch b) {
      gate(nsg_of(net_.subnet(*id).network_security_group), model::Direction::outbound, sender.vnet,
           pool ? pool->application_security_groups : std::vector<std::string>{}, true, src, b,
           [&](Branch b2) { route(sender, src, b2, 0); });
    };
    if (pool && !pool->nic_network_security_group.empty()) {
      gate(nsg_of(pool->nic_network_security_group), model::Direction::outbound, sender.vnet,
           pool->application_security_groups, true, src, branch, after_nic);
    } else {
      after_nic(branch);
    }
    return fate_;
  }

 private:
  using Then = std::function<void(Branch)>;

  const model::Nsg* nsg_of(const std::string& name) const { return net_.find_nsg(name); }

  // Only outbound rules naming an AzurePlatform* tag apply to the host addresses; the first
  // of them that matches decides.
  bool platform_blocked(const model::Nsg& nsg, std::size_t vnet, const model::NodePool* pool) const {
    std::vector<const model::SecurityRule*> rules;
    for (const auto& r : nsg.rules) {
      if (r.direction != model::Direction::outbound) continue;
      for (const auto& t : r.destination_addresses) {
        const auto* tag = std::get_if<model::ServiceTagRef>(&t);
        if (tag && tag->name.rfind("AzurePlatform", 0) == 0) {
          rules.push_back(&r);
          break;
        }
      }
    }
    std::stable_sort(rules.begin(), rules.end(), [](const auto* a, const auto* b) { return a->priority < b->priority; });
    const std::vector<std::string> asgs = pool ? pool->application_security_groups : std::vector<std::string>{};
    for (const auto* r : rules) {
      if (rule_matches(net_, *r, vnet, asgs, true, SourceRange{probe_.src, probe_.src}, probe_, Reading::documented) == Tri::yes) {
        return r->access == model::Access::deny;
      }
    }
    return false;
  }

  void finish(Branch b) { fate_.branches.push_back(std::move(b)); }
  void drop(Branch b) {
    b.visited.insert("drop");
    finish(std::move(b));
  }
  void either(Branch b, const Then& yes, const Then& no) {
    b.assumed = true;
    yes(b);
    no(b);
  }

  void gate(const model::Nsg* nsg, model::Direction dir, std::size_t vnet,
            const std::vector<std::string>& asgs, bool sender_known, SourceRange src, Branch b,
            const Then& then) {
    if (nsg == nullptr) return then(std::move(b));
    NsgResult r = nsg_allows(net_, *nsg, dir, vnet, asgs, sender_known, src, probe_);
    if (r.uncertain) b.assumed = true;
    if (!r.decided_by.empty()) b.decided_by.push_back(r.decided_by);
    if (r.may_allow) then(b);
    if (r.may_deny) drop(b);
  }

  void route(const Sender& sender, SourceRange src, Branch b, int depth) {
    if (depth > 16) return drop(std::move(b));  // a forwarding loop: the packet's TTL runs out
    for (const auto& r : pick_routes(net_, sender.subnet, probe_.dst)) {
      Branch nb = b;
      if (r.assumed) nb.assumed = true;
      follow(sender, r, src, nb, depth);
    }
  }

  void follow(const Sender& sender, const RouteResult& r, SourceRange src, Branch b, int depth) {
    switch (r.next) {
      case Next::vnet:
      case Next::interface_endpoint: return deliver(r.vnet, src, std::move(b));
      case Next::internet: return egress(sender, std::move(b));
      case Next::appliance: return appliance(sender, r, src, std::move(b), depth);
      case Next::gateway: {
        if (gateways_for(net_, sender.vnet).empty()) return drop(std::move(b));
        return either(std::move(b), [&](Branch x) { x.visited.insert("internet"); finish(x); },
                      [&](Branch x) { drop(x); });
      }
      case Next::service:
        b.visited.insert("service");
        return finish(std::move(b));
      case Next::none: return drop(std::move(b));
    }
  }

  void deliver(std::size_t vnet, SourceRange src, Branch b) {
    const auto& v = net_.vnets[vnet];
    for (std::size_t s = 0; s < v.subnets.size(); ++s) {
      if (!in_prefix(probe_.dst, v.subnets[s].address_prefix)) continue;
      const model::SubnetId id{vnet, s};
      const std::string ref = subnet_ref(net_, id);
      const model::PrivateEndpoint* pe = nullptr;
      for (const auto& e : net_.private_endpoints) {
        for (const auto& ip : e.private_ip_addresses) {
          if (e.subnet == ref && ip.value == probe_.dst) pe = &e;
        }
      }
      const auto policy = v.subnets[s].private_endpoint_network_policies;
      const bool nsg_applies = pe == nullptr || policy == model::PeNetworkPolicies::nsg_enabled ||
                               policy == model::PeNetworkPolicies::enabled;
      auto arrive = [&, ref, pe](Branch x) {
        x.visited.insert("deliver:" + ref);
        if (pe != nullptr) {
          if (pe->connection_state != "Approved") return drop(x);
          x.visited.insert("endpoint:" + pe->name);
        }
        for (const auto& ep : net_.internal_endpoints) {
          if (ep.subnet == ref && ep.ip_address.value == probe_.dst) x.visited.insert("endpoint:" + ep.name);
        }
        finish(x);
      };
      if (!nsg_applies) return arrive(std::move(b));
      return gate(nsg_of(v.subnets[s].network_security_group), model::Direction::inbound, vnet, {},
                  false, src, std::move(b), arrive);
    }
    drop(std::move(b));  // no subnet holds the address
  }

  void egress(const Sender& sender, Branch b) {
    const auto& subnet = net_.subnet(sender.subnet);
    const bool tcp_udp = probe_.protocol == 6 || probe_.protocol == 17;
    auto out = [&](Branch x) {
      x.visited.insert("internet");
      finish(x);
    };
    if (!subnet.nat_gateway.empty() && net_.find_nat_gateway(subnet.nat_gateway)) {
      if (tcp_udp) return out(std::move(b));
      if (probe_.protocol == 1) return either(std::move(b), out, [&](Branch x) { drop(x); });
      return drop(std::move(b));
    }
    if ((sender.pool && sender.pool->enable_node_public_ip) ||
        (sender.firewall && !sender.firewall->public_ip_addresses.empty()) ||
        (sender.appliance && !sender.appliance->public_ip_address.empty())) {
      return out(std::move(b));
    }
    if (sender.pool) {
      for (const auto& lb : net_.load_balancers) {
        if (!lb.is_public || lb.sku != "Standard") continue;
        for (const auto& rule : lb.outbound_rules) {
          if (std::find(rule.backend_node_pools.begin(), rule.backend_node_pools.end(),
                        sender.pool->name) == rule.backend_node_pools.end()) {
            continue;
          }
          const bool carried = rule.protocol == model::LbProtocol::all ? tcp_udp
                               : rule.protocol == model::LbProtocol::tcp ? probe_.protocol == 6
                                                                         : probe_.protocol == 17;
          return carried ? out(std::move(b)) : drop(std::move(b));
        }
      }
    }
    const bool is_private = subnet.default_outbound_access.has_value() && !*subnet.default_outbound_access;
    if (!is_private && tcp_udp) return out(std::move(b));
    drop(std::move(b));
  }

  void appliance(const Sender& sender, const RouteResult& r, SourceRange src, Branch b, int depth) {
    const std::uint32_t ip = r.appliance_ip.value_or(0);
    for (const auto& fw : net_.firewalls) {
      if (fw.private_ip_address.value != ip || sender.firewall == &fw) continue;
      return firewall(fw, src, std::move(b), depth);
    }
    for (const auto& nva : net_.appliances) {
      if (nva.private_ip_address.value != ip || sender.appliance == &nva) continue;
      auto id = net_.find_subnet(nva.subnet);
      if (!id) break;
      return gate(nsg_of(net_.subnet(*id).network_security_group), model::Direction::inbound, id->vnet,
                  {}, false, src, std::move(b),
                  [&, id](Branch x) { through_appliance(nva, *id, src, std::move(x), depth); });
    }
    either(std::move(b), [&](Branch x) { x.visited.insert("internet"); finish(x); },
           [&](Branch x) { drop(x); });
  }

  void through_appliance(const model::NetworkVirtualAppliance& nva, model::SubnetId id,
                         SourceRange src, Branch b, int depth) {
    if (!nva.enable_ip_forwarding || nva.behavior == model::ApplianceBehavior::drop_all) {
      return drop(std::move(b));
    }
    if (nva.behavior == model::ApplianceBehavior::unknown) {
      return either(std::move(b), [&](Branch x) { x.visited.insert("internet"); finish(x); },
                    [&](Branch x) { drop(x); });
    }
    Sender next{id, id.vnet, nullptr, nullptr, &nva};
    gate(nsg_of(net_.subnet(id).network_security_group), model::Direction::outbound, id.vnet, {}, true,
         src, std::move(b), [&](Branch x) { route(next, src, std::move(x), depth + 1); });
  }

  void firewall(const model::Firewall& fw, SourceRange src, Branch b, int depth) {
    auto id = net_.find_subnet(fw.subnet);
    if (!id) return drop(std::move(b));
    Sender next{*id, id->vnet, nullptr, &fw, nullptr};
    for (const auto& outcome : firewall_actions(net_, fw, id->vnet, src, probe_)) {
      Branch nb = b;
      if (outcome.assumed) nb.assumed = true;
      if (!outcome.decided_by.empty()) nb.decided_by.push_back(outcome.decided_by);
      switch (outcome.action) {
        case FirewallAction::deny: drop(nb); break;
        case FirewallAction::allow_no_snat: route(next, src, nb, depth + 1); break;
        case FirewallAction::allow_snat_public: route(next, public_source(fw), nb, depth + 1); break;
        case FirewallAction::allow_snat_private: {
          const auto& p = net_.subnet(*id).address_prefix;
          route(next, SourceRange{p.first(), p.last()}, nb, depth + 1);
          break;
        }
      }
    }
  }

  SourceRange public_source(const model::Firewall& fw) const {
    for (const auto& name : fw.public_ip_addresses) {
      const auto* pip = net_.find_public_ip(name);
      if (pip && pip->ip_address) return SourceRange{pip->ip_address->value, pip->ip_address->value};
    }
    return SourceRange{0u, 0xFFFFFFFFu};  // some public address; which one is not in the design
  }

  const model::Network& net_;
  const Probe& probe_;
  Fate fate_;
};

}  // namespace

Fate run(const model::Network& network, const std::string& from, const Probe& probe) {
  return Walker(network, probe).start(from);
}

}  // namespace airgap::oracle
