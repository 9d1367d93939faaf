#include "model/service_tag_catalog.hpp"

#include <algorithm>

namespace airgap::model {

const std::vector<std::string>& known_service_tag_names() {
  // A selection of Azure's published tags (Service tags overview); regional forms are accepted too.
  static const std::vector<std::string> names{
      "Internet", "VirtualNetwork", "AzureLoadBalancer", "AzureCloud", "AzureContainerRegistry",
      "MicrosoftContainerRegistry", "AzureActiveDirectory", "AzureMonitor", "Storage", "Sql",
      "AzureKeyVault", "AzureResourceManager", "AzureFrontDoor.FirstParty",
      "AzureFrontDoor.Backend", "AzureFrontDoor.Frontend", "AzurePlatformDNS",
      "AzurePlatformIMDS", "AzurePlatformLKM", "GuestAndHybridManagement", "EventHub",
      "ServiceBus", "AzureTrafficManager", "AppService", "AzureBackup", "AzureKubernetesService",
      "ApiManagement", "AzureCosmosDB", "AzureDataLake", "AzureMachineLearning", "PowerBI",
      "GatewayManager", "AzureUpdateDelivery", "WindowsVirtualDesktop", "AzureArcInfrastructure",
      "AzureConnectors", "AzureDevOps", "DataFactory", "HDInsight", "LogicApps", "Dynamics365ForMarketing"};
  return names;
}

bool is_builtin_expandable_tag(std::string_view name) {
  return name == "Internet" || name == "VirtualNetwork" || name == "AzureLoadBalancer" ||
         name == "AzurePlatformDNS" || name == "AzurePlatformIMDS" || name == "AzurePlatformLKM";
}

bool is_known_service_tag(std::string_view name) {
  const auto& names = known_service_tag_names();
  auto matches = [&](std::string_view candidate) {
    return std::find(names.begin(), names.end(), candidate) != names.end();
  };
  if (matches(name)) return true;
  // Regional form: "Storage.westeurope"; the base must be a known tag.
  auto dot = name.rfind('.');
  return dot != std::string_view::npos && matches(name.substr(0, dot));
}

}  // namespace airgap::model

namespace airgap::model {

std::string service_endpoint_tag(std::string_view service) {
  static const std::pair<std::string_view, std::string_view> map[] = {
      {"Microsoft.Storage", "Storage"},           {"Microsoft.Storage.Global", "Storage"},
      {"Microsoft.Sql", "Sql"},                   {"Microsoft.KeyVault", "AzureKeyVault"},
      {"Microsoft.ContainerRegistry", "AzureContainerRegistry"},
      {"Microsoft.AzureCosmosDB", "AzureCosmosDB"}, {"Microsoft.EventHub", "EventHub"},
      {"Microsoft.ServiceBus", "ServiceBus"},     {"Microsoft.Web", "AppService"},
      {"Microsoft.AzureActiveDirectory", "AzureActiveDirectory"}};
  for (const auto& [name, tag] : map) {
    if (name == service) return std::string(tag);
  }
  return {};
}

}  // namespace airgap::model
