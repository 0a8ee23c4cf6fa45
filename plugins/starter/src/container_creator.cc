// SPDX-License-Identifier: Apache-2.0
#include "container_creator.h"

#include <filesystem>

#include "path_sanitizer.h"

namespace stackprobe::starter {
namespace {

std::string JoinBlockers(const std::vector<std::string>& blockers) {
  std::string out;
  for (const auto& blocker : blockers) {
    out += (out.empty() ? "" : ", ") + blocker;
  }
  return out;
}

}  // namespace

ContainerCreator::ContainerCreator(const PodmanClient& podman, CreateWith mode,
                                   std::string podman_compose,
                                   std::string search_path,
                                   std::string compose_file,
                                   std::string project,
                                   std::vector<std::string> compose_env)
    : podman_(podman),
      mode_(mode),
      podman_compose_(std::move(podman_compose)),
      search_path_(std::move(search_path)),
      compose_file_(std::move(compose_file)),
      project_(std::move(project)),
      compose_env_(std::move(compose_env)) {}

CreateOutcome ContainerCreator::Create(
    const ContainerSpec& spec, std::chrono::milliseconds timeout) const {
  CreateOutcome outcome;
  if (!spec.create) {
    outcome.error =
        "it does not exist and has no compose service to create it from";
    return outcome;
  }
  const std::vector<std::string>& blockers = spec.create->blockers;
  if (mode_ == CreateWith::kPodman ||
      (mode_ == CreateWith::kAuto && blockers.empty())) {
    return CreateBuiltin(spec, timeout);
  }
  std::string program = podman_compose_;
  if (program.find('/') == std::string::npos) {
    program = FindProgram(program, search_path_);
  }
  if (program.empty()) {
    outcome.via = "podman-compose";
    outcome.error =
        mode_ == CreateWith::kAuto
            ? "service " + spec.create->service + " needs podman-compose (" +
                  JoinBlockers(blockers) + ") and " + podman_compose_ +
                  " is not in PATH; install it, or set create_with: podman to "
                  "create it without those keys"
            : podman_compose_ + " is not in PATH";
    return outcome;
  }
  return CreateWithCompose(spec, program, timeout);
}

std::string ContainerCreator::EnsureVolume(
    const VolumeToCreate& volume, std::chrono::milliseconds timeout) const {
  std::lock_guard lock(volume_mutex_);
  const CommandResult exists = podman_.Run({"volume", "exists", volume.name});
  if (exists.started && exists.exit_code == 0) return "";
  std::vector<std::string> args = {"volume", "create"};
  args.insert(args.end(), volume.create_args.begin(), volume.create_args.end());
  const CommandResult created = podman_.Run(args, timeout);
  if (created.started && created.exit_code == 0) return "";
  return "podman volume create " + volume.name + ": " +
         DescribeFailure(created);
}

CreateOutcome ContainerCreator::CreateBuiltin(
    const ContainerSpec& spec, std::chrono::milliseconds timeout) const {
  CreateOutcome outcome;
  outcome.via = "podman";
  // podman-compose's assert_volume makes missing bind folders; podman
  // itself refuses a missing source.
  for (const auto& folder : spec.create->bind_sources) {
    std::error_code ignored;
    std::filesystem::create_directories(folder, ignored);
  }
  for (const auto& volume : spec.create->volumes) {
    outcome.error = EnsureVolume(volume, timeout);
    if (!outcome.error.empty()) return outcome;
  }
  std::vector<std::string> args = {"create"};
  args.insert(args.end(), spec.create->create_args.begin(),
              spec.create->create_args.end());
  const CommandResult result = podman_.Run(args, timeout);
  if ((result.started && result.exit_code == 0) ||
      podman_.Exists(spec.name) == Existence::kExists) {
    outcome.created = true;
    return outcome;
  }
  outcome.error = "podman create: " + DescribeFailure(result);
  return outcome;
}

CreateOutcome ContainerCreator::CreateWithCompose(
    const ContainerSpec& spec, const std::string& program,
    std::chrono::milliseconds timeout) const {
  CreateOutcome outcome;
  outcome.via = "podman-compose";
  std::lock_guard lock(compose_mutex_);
  // podman-compose 1.0.3: `up --no-start` runs `podman create` for the
  // service and what it depends on (existing ones fail harmlessly), and
  // exits 0 whatever podman said: check the container afterwards.
  const CommandResult result = podman_.RunProgram(
      {program, "--podman-path", podman_.program(), "-f", compose_file_, "-p",
       project_, "up", "--no-start", spec.create->service},
      compose_env_, timeout);
  if (podman_.Exists(spec.name) == Existence::kExists) {
    outcome.created = true;
    return outcome;
  }
  std::string why = DescribeFailure(result);
  if (result.started && result.exit_code == 0) {
    why = "it did not create " + spec.name;
    // podman's own error, when podman-compose relayed it.
    CommandResult relayed = result;
    relayed.exit_code = 0;
    if (relayed.stderr_data.find_first_not_of(" \t\r\n") != std::string::npos) {
      why += ": " + DescribeFailure(relayed);
    }
  }
  outcome.error = "podman-compose: " + why;
  return outcome;
}

}  // namespace stackprobe::starter
