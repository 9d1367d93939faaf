// TOML++'s parser compiled with the project's flags rather than linked from Debian's shared
// library: see model/CMakeLists.txt.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
