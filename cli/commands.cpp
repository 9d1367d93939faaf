#include "cli/commands.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace airgap::cli {

const char* airgap_version() { return "0.1.0"; }

namespace {

void add_outputs(CLI::App* command, Options& options) {
  command->add_flag("--json", options.json, "Write JSON to stdout instead of text");
  command->add_option("--html", options.html, "Write an HTML report to FILE");
  command->add_option("--junit", options.junit, "Write JUnit XML to FILE");
  command->add_option("--sarif", options.sarif, "Write SARIF 2.1.0 to FILE");
  command->add_option("--lang", options.lang, "Language of the HTML report: en or ja")
      ->check(CLI::IsMember({"en", "ja"}));
}

void add_jobs(CLI::App* command, Options& options, const char* help) {
  command->add_option("-j,--jobs", options.jobs, help)->check(CLI::Range(0, 256));
}

}  // namespace

void register_commands(CLI::App& app, Options& options) {
  app.add_option("--parse-threads", options.parse_threads,
                 "Threads parsing a scenario file (default 0: one per core, at most 4, for files "
                 "over 1 MiB)")
      ->check(CLI::Range(0, 64));
  auto* validate = app.add_subcommand("validate", "Load and validate scenario files only");
  validate->add_option("files", options.files, "Scenario files")->required()->check(CLI::ExistingFile);
  validate->add_flag("--json", options.json, "Write diagnostics as JSON");

  auto* check = app.add_subcommand("check", "Verify each scenario as written");
  check->add_option("files", options.files, "Scenario files")->required()->check(CLI::ExistingFile);
  add_outputs(check, options);
  add_jobs(check, options, "Worker processes proving the node pools (default 0: one)");

  auto* sweep = app.add_subcommand("sweep", "Evaluate every outbound type x API-server mode");
  sweep->add_option("file", options.files, "Scenario file")->required()->expected(1)
      ->check(CLI::ExistingFile);
  add_outputs(sweep, options);
  add_jobs(sweep, options, "Worker processes proving the variants, a chain of networks each (default 0: one)");

  auto* trace = app.add_subcommand("trace", "Follow one flow hop by hop");
  trace->add_option("file", options.files, "Scenario file")->required()->expected(1)
      ->check(CLI::ExistingFile);
  trace->add_option("--from", options.from, "Node pool or vnet/subnet")->required();
  trace->add_option("--to", options.to, "ADDRESS[:PORT] or FQDN[:PORT]")->required();
  trace->add_option("--protocol", options.protocol, "tcp, udp or icmp")
      ->check(CLI::IsMember({"tcp", "udp", "icmp"}, CLI::ignore_case));
  trace->add_flag("--json", options.json, "Write JSON to stdout");

  auto* diff = app.add_subcommand("diff", "Differential reachability of two designs");
  diff->add_option("files", options.files, "OLD NEW")->required()->expected(2)
      ->check(CLI::ExistingFile);
  add_outputs(diff, options);
  diff->add_flag("--all-variants", options.all_variants,
                 "Compare every outbound type x API-server mode, not only the variant as written");

  auto* generate = app.add_subcommand("generate", "Write a synthetic hub-and-spoke design");
  generate->add_option("--spokes", options.spokes, "Number of spoke VNets")->check(CLI::Range(1, 100000));
  generate->add_option("--rules-per-nsg", options.rules_per_nsg)->check(CLI::Range(0, 1000));
  generate->add_option("--routes-per-table", options.routes_per_table)->check(CLI::Range(0, 400));
  generate->add_option("--firewall-rules", options.firewall_rules)->check(CLI::Range(0, 100000));
  generate->add_option("--seed", options.seed);
  generate->add_option("--heavy-every", options.heavy_every,
                       "Every Nth spoke gets --heavy-rules NSG rules and --heavy-routes routes (0 = none)")
      ->check(CLI::Range(0, 100000));
  generate->add_option("--heavy-rules", options.heavy_rules)->check(CLI::Range(0, 1000));
  generate->add_option("--heavy-routes", options.heavy_routes)->check(CLI::Range(0, 400));
  generate->add_flag("--distinct", options.distinct, "All-distinct rules instead of shared templates");
  generate->add_option("-o,--output", options.output, "Output file (default: stdout)");
}

int run_selected(CLI::App& app, const Options& options) {
  const std::string name = app.get_subcommands().front()->get_name();
  if (name == "validate") return run_validate(options);
  if (name == "check") return run_check(options);
  if (name == "sweep") return run_sweep(options);
  if (name == "trace") return run_trace(options);
  if (name == "diff") return run_diff(options);
  if (name == "generate") return run_generate(options);
  return exit_usage;
}

}  // namespace airgap::cli
