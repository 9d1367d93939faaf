// libFuzzer target: any bytes given to the scenario loader must give diagnostics or a network,
// never a crash, a hang or a sanitizer report; and parsing in pieces, on one thread or on
// several, must say exactly what parsing whole says.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/scenario_loader.hpp"

namespace {

bool same_diagnostics(const airgap::model::Diagnostics& a, const airgap::model::Diagnostics& b) {
  if (a.all().size() != b.all().size()) return false;
  for (std::size_t i = 0; i < a.all().size(); ++i) {
    const auto& x = a.all()[i];
    const auto& y = b.all()[i];
    if (x.kind != y.kind || x.severity != y.severity || x.message != y.message || !(x.at == y.at)) return false;
  }
  return true;
}

// The same diagnostics, and the same network if any.
bool same_load(const airgap::model::LoadResult& a, const airgap::model::LoadResult& b) {
  return same_diagnostics(a.diagnostics, b.diagnostics) && a.ok() == b.ok() &&
         (!a.ok() || a.network->same_content(*b.network));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using airgap::model::Parse;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto result =
      airgap::model::load_scenario_text(text, "fuzz.toml", {.parse = Parse::in_pieces_when_exact});
  // Invariant: a result is either a network or at least one error, never both or neither.
  if (result.ok() == result.diagnostics.has_errors()) __builtin_trap();
  const auto whole = airgap::model::load_scenario_text(text, "fuzz.toml", {.parse = Parse::whole});
  if (!same_load(result, whole)) __builtin_trap();
  const auto threaded = airgap::model::load_scenario_text(text, "fuzz.toml", {.threads = 3});
  if (!same_load(result, threaded)) __builtin_trap();
  return 0;
}
