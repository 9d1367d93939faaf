// libFuzzer target: any bytes given to the scenario loader must give diagnostics or a network,
// never a crash, a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/scenario_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto result = airgap::model::load_scenario_text(text, "fuzz.toml");
  // Invariant: a result is either a network or at least one error, never both or neither.
  if (result.ok() == result.diagnostics.has_errors()) __builtin_trap();
  return 0;
}
