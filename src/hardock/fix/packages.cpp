#include "hardock/fix/packages.h"

#include <algorithm>

namespace hardock::fix {
namespace packages_detail {

std::string_view basename(std::string_view word) {
  const auto slash = word.rfind('/');
  return slash == std::string_view::npos ? word : word.substr(slash + 1);
}

bool is_pip(std::string_view name) {
  return name == "pip" || name == "pip3" || (name.starts_with("pip3.") && name.size() <= 8);
}

bool is_python(std::string_view name) {
  return name == "python" || name == "python3" ||
         (name.starts_with("python3.") && name.size() <= 11);
}

// Options taking the next word as their value, per manager.
bool takes_value(std::string_view manager, std::string_view option) {
  if (option.find('=') != std::string_view::npos) return false;
  if (manager == "apt-get" || manager == "apt") {
    return option == "-o" || option == "-c" || option == "-t" || option == "--option" ||
           option == "--config-file" || option == "--target-release";
  }
  if (manager == "yum" || manager == "dnf" || manager == "microdnf") {
    return option == "-c" || option == "--config" || option == "--enablerepo" ||
           option == "--disablerepo" || option == "--setopt" || option == "--releasever" ||
           option == "--installroot" || option == "-x" || option == "--exclude" ||
           option == "--repo" || option == "--repoid";
  }
  if (manager == "zypper") {
    return option == "-R" || option == "--root" || option == "-c" || option == "--config" ||
           option == "-r" || option == "--repo" || option == "-t" || option == "--type";
  }
  if (manager == "apk") {
    return option == "-X" || option == "--repository" || option == "-p" || option == "--root" ||
           option == "-t" || option == "--virtual";
  }
  if (manager == "pip") {
    return option == "-r" || option == "--requirement" || option == "-c" ||
           option == "--constraint" || option == "-i" || option == "--index-url" ||
           option == "--extra-index-url" || option == "-t" || option == "--target" ||
           option == "--prefix" || option == "--root" || option == "-f" || option == "--find-links";
  }
  return false;
}

}  // namespace packages_detail

std::string_view PackageCommand::sub() const {
  return sub_index < command->words.size() ? std::string_view(command->words[sub_index].text)
                                           : std::string_view();
}

std::vector<std::size_t> PackageCommand::operands() const {
  std::vector<std::size_t> out;
  const auto& words = command->words;
  for (std::size_t index = sub_index + 1; index < words.size(); ++index) {
    const std::string_view word = words[index].text;
    if (word.starts_with("-")) {
      if (packages_detail::takes_value(manager, word)) ++index;
      continue;
    }
    out.push_back(index);
  }
  return out;
}

std::optional<PackageCommand> package_command(const dockerfile::SimpleCommand& command) {
  const auto& words = command.words;
  std::size_t first = 0;
  if (!words.empty() && words[0].text == "sudo") first = 1;
  if (first >= words.size()) return std::nullopt;
  PackageCommand out;
  out.command = &command;
  const std::string_view name = packages_detail::basename(words[first].text);
  if (name == "apt-get" || name == "apt" || name == "apk" || name == "yum" || name == "dnf" ||
      name == "microdnf" || name == "zypper") {
    out.manager = std::string(name);
    out.name_index = first;
  } else if (packages_detail::is_pip(name)) {
    out.manager = "pip";
    out.name_index = first;
  } else if (packages_detail::is_python(name) && first + 2 < words.size() &&
             words[first + 1].text == "-m" && packages_detail::is_pip(words[first + 2].text)) {
    out.manager = "pip";
    out.name_index = first + 2;
  } else {
    return std::nullopt;
  }
  out.sub_index = words.size();
  for (std::size_t index = out.name_index + 1; index < words.size(); ++index) {
    const std::string_view word = words[index].text;
    if (word.starts_with("-")) {
      if (packages_detail::takes_value(out.manager, word)) ++index;
      continue;
    }
    out.sub_index = index;
    break;
  }
  return out;
}

bool has_option(const PackageCommand& command, std::initializer_list<std::string_view> longs,
                std::string_view shorts) {
  const auto& words = command.command->words;
  for (std::size_t index = command.name_index + 1; index < words.size(); ++index) {
    const std::string_view word = words[index].text;
    if (word.starts_with("--")) {
      const std::string_view name = word.substr(0, word.find('='));
      if (std::find(longs.begin(), longs.end(), name) != longs.end()) return true;
      if (std::find(longs.begin(), longs.end(), word) != longs.end()) return true;
    } else if (word.size() > 1 && word[0] == '-' && !shorts.empty()) {
      const std::string_view letters = word.substr(1);
      if (!std::all_of(letters.begin(), letters.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); })) {
        continue;
      }
      if (letters.find_first_of(shorts) != std::string_view::npos) return true;
    }
  }
  return false;
}

bool installs(const PackageCommand& command) {
  const std::string_view sub = command.sub();
  const std::string& manager = command.manager;
  if (manager == "apt-get" || manager == "apt") {
    return sub == "install" || sub == "upgrade" || sub == "dist-upgrade" || sub == "full-upgrade" ||
           sub == "reinstall" || sub == "build-dep";
  }
  if (manager == "apk") return sub == "add" || sub == "upgrade";
  if (manager == "yum" || manager == "dnf" || manager == "microdnf") {
    return sub == "install" || sub == "update" || sub == "upgrade" || sub == "reinstall" ||
           sub == "groupinstall" || sub == "downgrade" || sub == "localinstall" ||
           sub == "distro-sync";
  }
  if (manager == "zypper") {
    return sub == "install" || sub == "in" || sub == "update" || sub == "up" ||
           sub == "dist-upgrade" || sub == "dup" || sub == "patch";
  }
  if (manager == "pip") return sub == "install";
  return false;
}

std::vector<PackageCommand> package_commands(const dockerfile::ShellScript& script) {
  std::vector<PackageCommand> out;
  for (const auto& command : script.commands) {
    if (auto found = package_command(command)) out.push_back(*found);
  }
  return out;
}

}  // namespace hardock::fix
