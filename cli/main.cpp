// airgap command line: parses arguments and dispatches to one function per subcommand.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <unistd.h>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  using namespace airgap::cli;
  CLI::App app{"airgap: proves whether AKS nodes in an Azure network design can reach the internet"};
  app.set_version_flag("--version", std::string("airgap ") + airgap_version());
  app.require_subcommand(1);
  Options options;
  options.color = isatty(fileno(stdout)) != 0 && std::getenv("NO_COLOR") == nullptr;
  register_commands(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return exit_usage;
  }
  return run_selected(app, options);
}
