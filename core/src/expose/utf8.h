// SPDX-License-Identifier: Apache-2.0
//
// UTF-8 repair for text that reaches the exposition. Prometheus refuses a
// whole scrape when one label value is not valid UTF-8, so every string a
// plugin or a target produced passes through here first.
#ifndef STACKPROBE_EXPOSE_UTF8_H_
#define STACKPROBE_EXPOSE_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace stackprobe::expose {

/// Length in bytes of the valid UTF-8 sequence starting at `text[pos]`, or 0
/// when the bytes there do not form one (overlong forms, surrogates and code
/// points above U+10FFFF are invalid). `pos` must be < text.size().
std::size_t Utf8SequenceLength(std::string_view text, std::size_t pos);

/// True when `text` is entirely valid UTF-8.
bool IsValidUtf8(std::string_view text);

/// Appends `text` to `out`, each invalid byte replaced by U+FFFD.
void AppendValidUtf8(std::string_view text, std::string& out);

/// Shortens `text` in place to at most `max_bytes` bytes without splitting a
/// UTF-8 sequence. Returns true when it removed anything.
bool TruncateUtf8(std::string& text, std::size_t max_bytes);

}  // namespace stackprobe::expose

#endif  // STACKPROBE_EXPOSE_UTF8_H_
