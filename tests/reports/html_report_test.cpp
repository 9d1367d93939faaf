#include <catch2/catch.hpp>

#include "reports/html_report.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

namespace {

// Names that would be markup if they were not escaped.
constexpr std::string_view hostile = R"(
name = "<script>alert('scenario')</script> & \"quotes\""
[cluster]
name = "aks<b>bold</b>"
outboundType = "none"
apiServerAccess = "vnetIntegration"
[[cluster.nodePool]]
name = "pool<script>x()</script>"
enableNodePublicIP = true
)";

std::string html_of(std::string_view toml, reports::Lang lang = reports::Lang::en) {
  auto net = testing::load_ok(toml);
  std::vector<reports::ScenarioResult> results{{"hostile.toml", net.name, {sim::analyze_variant(net, sim::as_written(net), true)}}};
  reports::HtmlOptions options;
  options.lang = lang;
  return reports::render_html(results, options);
}

}  // namespace

TEST_CASE("html: every scenario string is escaped, so hostile names render as text", "[reports][html]") {
  const std::string html = html_of(hostile);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<b>bold") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(&#39;scenario&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;") != std::string::npos);
}

TEST_CASE("html: the report is self-contained and fetches nothing", "[reports][html]") {
  const std::string html = html_of(hostile);
  CHECK(html.find("src=\"http") == std::string::npos);
  CHECK(html.find("href=\"http") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("default-src 'none'") != std::string::npos);
  CHECK(html.find("<svg") != std::string::npos);  // the topology is inline
}

TEST_CASE("html: fixed texts come from the message table in the chosen language", "[reports][html]") {
  CHECK(html_of(hostile, reports::Lang::ja).find("証拠パケット") != std::string::npos);
  CHECK(html_of(hostile, reports::Lang::en).find("Witness packet") != std::string::npos);
}
