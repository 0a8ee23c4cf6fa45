// SPDX-License-Identifier: Apache-2.0
//
// What `/probe?probe=NAME&target=URL` reads from a plugin's config schema.
// The one string property the target replaces is marked
// "format": "target-url" (the http plugin's url, the others' base_url), and
// every property that carries or names a credential is marked
// "format": "secret" (headers, API keys, password files): those are
// dropped from the copy of the config when the target is on another origin
// than the configured URL, so credentials never follow a caller's URL.
#ifndef STACKPROBE_CONFIG_SCHEMA_ANNOTATIONS_H_
#define STACKPROBE_CONFIG_SCHEMA_ANNOTATIONS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace stackprobe::config {

/// The schema `format` of the string property a target= URL replaces.
inline constexpr const char* kTargetUrlFormat = "target-url";

/// The schema `format` of a property that carries or names a credential.
inline constexpr const char* kSecretFormat = "secret";

/// The subschema the member `key` of an object under `schema` follows: its
/// entry in `properties`, else an `additionalProperties` schema, else null.
const nlohmann::json* MemberSchema(const nlohmann::json& schema,
                                   const std::string& key);

/// Names of the top-level properties of `schema` with format "target-url",
/// in key order. A plugin's schema has at most one (the conformance test
/// checks it); none means the plugin takes no target.
std::vector<std::string> TargetUrlKeys(const nlohmann::json& schema);

/// Removes from `config` every member whose schema (properties and
/// additionalProperties, followed through objects and array items as deep
/// as the config goes) has format "secret", so that validation fills in the
/// schema's default instead.
void RemoveSecrets(const nlohmann::json& schema, nlohmann::json& config);

}  // namespace stackprobe::config

#endif  // STACKPROBE_CONFIG_SCHEMA_ANNOTATIONS_H_
