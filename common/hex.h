#pragma once
// Lower-case hex for byte strings in text outputs (trace.jsonl payloads).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace natlab {

std::string to_hex(std::span<const std::uint8_t> bytes);
// nullopt for odd length or a non-hex character.
std::optional<std::vector<std::uint8_t>> from_hex(std::string_view text);

}  // namespace natlab
