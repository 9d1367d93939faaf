// TOML++'s parser compiled with the project's flags rather than linked from Debian's shared
// library: see model/CMakeLists.txt and model/toml.hpp.
#define TOML_IMPLEMENTATION
#include "model/toml.hpp"
