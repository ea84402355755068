// Internal to the fix module: package-manager commands of a RUN script (apt-get install ...,
// apk add ..., pip install ...) with the index of their subcommand, and flag tests.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/dockerfile/shell_split.h"

namespace hardock::fix {

struct PackageCommand {
  const dockerfile::SimpleCommand* command = nullptr;
  std::string manager;         // apt-get apt apk yum dnf microdnf zypper pip
  std::size_t name_index = 0;  // the manager's word (pip's after `python -m`)
  std::size_t sub_index = 0;   // the subcommand's word; words.size() when none
  [[nodiscard]] std::string_view sub() const;
  // The words after the subcommand that are not options nor option values: the packages.
  [[nodiscard]] std::vector<std::size_t> operands() const;
};

[[nodiscard]] std::optional<PackageCommand> package_command(
    const dockerfile::SimpleCommand& command);

// Whether a word after the manager is one of `longs` ("--yes"), or a bundle of short options
// holding one of `shorts` ("-qy" holds 'y'). `--name=value` matches "--name".
[[nodiscard]] bool has_option(const PackageCommand& command,
                              std::initializer_list<std::string_view> longs,
                              std::string_view shorts);

// Whether the subcommand is one that installs or upgrades packages for `manager`.
[[nodiscard]] bool installs(const PackageCommand& command);

// All package commands of a script.
[[nodiscard]] std::vector<PackageCommand> package_commands(const dockerfile::ShellScript& script);

}  // namespace hardock::fix
