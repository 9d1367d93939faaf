#include "sim/verdict_codec.hpp"

#include <stdexcept>

namespace airgap::sim {

namespace {

// Fields of Hop and Blocker in one place each, so writer and reader cannot drift apart.
template <typename Io, typename H>
void hop_fields(Io& io, H& hop) {
  io(hop.from), io(hop.to), io(hop.from_key), io(hop.to_key), io(hop.description), io(hop.at),
      io(hop.decided_by), io(hop.decided_at), io(hop.snat);
}

template <typename Io, typename B>
void blocker_fields(Io& io, B& blocker) {
  io(blocker.description), io(blocker.at), io(blocker.packets);
}

}  // namespace

void ByteWriter::u32(std::uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes_.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

void ByteWriter::str(std::string_view value) {
  u32(static_cast<std::uint32_t>(value.size()));
  bytes_.append(value);
}

void ByteWriter::source(const model::SourceRef& ref) {
  str(ref.file ? *ref.file : std::string{});
  u32(ref.file ? 1 : 0);
  u32(ref.line);
  u32(ref.column);
}

void ByteWriter::verdict(const Verdict& v) {
  auto io = [this](const auto& field) {
    if constexpr (std::is_same_v<std::decay_t<decltype(field)>, model::SourceRef>) {
      source(field);
    } else {
      str(field);
    }
  };
  str(v.target);
  u32(static_cast<std::uint32_t>(v.status));
  str(v.summary);
  u32(v.witness ? 1 : 0);
  if (v.witness) {
    u32(v.witness->src.value), u32(v.witness->dst.value), u32(v.witness->protocol);
    u32(v.witness->src_port), u32(v.witness->dst_port), u32(v.witness->name);
  }
  str(v.witness_text);
  u32(static_cast<std::uint32_t>(v.path.size()));
  for (const auto& hop : v.path) hop_fields(io, hop);
  u32(static_cast<std::uint32_t>(v.blockers.size()));
  for (const auto& blocker : v.blockers) {
    blocker_fields(io, blocker);
    u32(static_cast<std::uint32_t>(blocker.rules.size()));
    for (const auto& [rule, at] : blocker.rules) str(rule), source(at);
  }
  for (const auto* list : {&v.unknowns, &v.notes}) {
    u32(static_cast<std::uint32_t>(list->size()));
    for (const auto& s : *list) str(s);
  }
}

void ByteWriter::pools(const std::vector<PoolVerdicts>& pools) {
  u32(static_cast<std::uint32_t>(pools.size()));
  for (const auto& p : pools) {
    str(p.pool), str(p.subnet), verdict(p.internet), verdict(p.api_server);
    for (const auto* optional : {&p.registry_login, &p.registry_data}) {
      u32(optional->has_value() ? 1 : 0);
      if (optional->has_value()) verdict(**optional);
    }
  }
}

void ByteWriter::expectations(const std::vector<ExpectationResult>& results) {
  u32(static_cast<std::uint32_t>(results.size()));
  for (const auto& r : results) {
    u32(r.holds ? 1 : 0), str(r.actual), u32(r.verdict ? 1 : 0);
    if (r.verdict) verdict(*r.verdict);
  }
}

std::string_view ByteReader::take(std::size_t n) {
  if (n > bytes_.size() - at_) throw std::runtime_error("verdict bytes truncated");
  auto out = bytes_.substr(at_, n);
  at_ += n;
  return out;
}

std::uint32_t ByteReader::u32() {
  auto b = take(4);
  std::uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(b[static_cast<std::size_t>(i)]);
  return value;
}

std::string ByteReader::str() { return std::string(take(u32())); }

model::SourceRef ByteReader::source() {
  std::string file = str();
  model::SourceRef ref;
  if (u32() != 0) {
    auto it = files_.find(file);
    if (it == files_.end()) it = files_.emplace(file, std::make_shared<const std::string>(file)).first;
    ref.file = it->second;
  }
  ref.line = u32();
  ref.column = u32();
  return ref;
}

Verdict ByteReader::verdict() {
  auto io = [this](auto& field) {
    if constexpr (std::is_same_v<std::decay_t<decltype(field)>, model::SourceRef>) {
      field = source();
    } else {
      field = str();
    }
  };
  Verdict v;
  v.target = str();
  const auto status = u32();
  if (status > static_cast<std::uint32_t>(Status::unknown)) throw std::runtime_error("bad verdict status");
  v.status = static_cast<Status>(status);
  v.summary = str();
  if (u32() != 0) {
    Packet p;
    p.src.value = u32(), p.dst.value = u32();
    p.protocol = static_cast<std::uint8_t>(u32());
    p.src_port = static_cast<std::uint16_t>(u32()), p.dst_port = static_cast<std::uint16_t>(u32());
    p.name = u32();
    v.witness = p;
  }
  v.witness_text = str();
  v.path.resize(count());
  for (auto& hop : v.path) hop_fields(io, hop);
  v.blockers.resize(count());
  for (auto& blocker : v.blockers) {
    blocker_fields(io, blocker);
    blocker.rules.resize(count());
    for (auto& [rule, at] : blocker.rules) rule = str(), at = source();
  }
  for (auto* list : {&v.unknowns, &v.notes}) {
    list->resize(count());
    for (auto& s : *list) s = str();
  }
  return v;
}

std::vector<PoolVerdicts> ByteReader::pools() {
  std::vector<PoolVerdicts> out(count());
  for (auto& p : out) {
    p.pool = str(), p.subnet = str(), p.internet = verdict(), p.api_server = verdict();
    for (auto* optional : {&p.registry_login, &p.registry_data}) {
      if (u32() != 0) *optional = verdict();
    }
  }
  return out;
}

std::vector<ExpectationResult> ByteReader::expectations(const std::vector<model::Expectation>& applicable) {
  if (count() != applicable.size()) throw std::runtime_error("expectation count differs");
  std::vector<ExpectationResult> out;
  for (const auto& expect : applicable) {
    ExpectationResult r{expect, u32() != 0, str(), std::nullopt};
    if (u32() != 0) r.verdict = verdict();
    out.push_back(std::move(r));
  }
  return out;
}

std::size_t ByteReader::count() {
  // Every element takes at least one byte: a larger count is corrupt, not a huge allocation.
  const std::size_t n = u32();
  if (n > bytes_.size() - at_) throw std::runtime_error("verdict bytes: bad count");
  return n;
}

}  // namespace airgap::sim
