// SPDX-License-Identifier: Apache-2.0
//
// Probes the embeddings service (sentence-transformers behind Flask):
// GET /health tells up / loading / model error; an optional semantic check
// POSTs one text to /embed and checks the vector's dimension and values.
#ifndef STACKPROBE_PLUGINS_EMBEDDINGS_EMBEDDINGS_PROBE_H_
#define STACKPROBE_PLUGINS_EMBEDDINGS_EMBEDDINGS_PROBE_H_

#include <string>

#include "stackprobe/plugin.h"

namespace stackprobe::embeddings {

/// Extra reason: the service answered but reports a model error.
inline constexpr const char* kReasonModelError = "model_error";

/// The embeddings probe. Immutable after construction; Run is not called
/// concurrently on one object (plugin.h), so it needs no locking.
class EmbeddingsProbe : public Probe {
 public:
  /// Reads `config_json` (see README.md). Throws std::invalid_argument with
  /// "key: expected ..., got ..." on a semantic error.
  explicit EmbeddingsProbe(const std::string& config_json);

  /// Runs one check. Never throws: a failure inside becomes state error,
  /// reason plugin_error.
  ProbeResult Run(ProbeContext& context) override;

 private:
  ProbeResult RunChecked(ProbeContext& context);

  std::string base_url_;  // Without a trailing slash.
  bool semantic_check_ = false;
  int expected_dimension_ = 0;
};

}  // namespace stackprobe::embeddings

#endif  // STACKPROBE_PLUGINS_EMBEDDINGS_EMBEDDINGS_PROBE_H_
