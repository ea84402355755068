// Writes the seed corpus of image_analysis_fuzz: records encode_analysis makes for the id and
// version the fuzz target decodes with (an image without layers, one with every kind of entry
// and inventory field, one whose top layer deletes and hides what the base put).
// Usage: image_analysis_seeds DIR
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "hardock/image_cache/analysis_codec.h"

namespace {

using namespace hardock;

constexpr const char* kId =
    "sha256:5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed";
constexpr const char* kVersion = "fuzz";

image::FileEntry entry(image::EntryType type, uint32_t mode, std::string link = "") {
  image::FileEntry out;
  out.type = type;
  out.mode = mode;
  out.uid = 1000;
  out.gid = 42;
  out.size = type == image::EntryType::kFile ? 123 : 0;
  out.link = std::move(link);
  return out;
}

bool write(const std::filesystem::path& dir, const std::string& name, const image::ImageTree& tree,
           const image::Inventory& inventory) {
  auto record = image_cache::encode_analysis(kId, kVersion, tree, inventory);
  if (!record) {
    std::cerr << name << ": " << record.error().to_string() << "\n";
    return false;
  }
  std::ofstream(dir / name, std::ios::binary) << *record;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: image_analysis_seeds DIR\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  bool ok = write(dir, "empty", image::ImageTree{}, image::Inventory{});

  image::LayerRecord base;
  base.digest = "sha256:" + std::string(64, 'b');
  base.compressed_bytes = 1000;
  base.uncompressed_bytes = 4000;
  base.anomalies = {"dev/sda: a block device, not read"};
  using image::EntryType;
  base.entries = {{"etc", entry(EntryType::kDirectory, 0755)},
                  {"etc/passwd", entry(EntryType::kFile, 0644)},
                  {"usr/bin/su", entry(EntryType::kFile, 04755)},
                  {"usr/bin/su2", entry(EntryType::kHardlink, 0, "usr/bin/su")},
                  {"bin", entry(EntryType::kSymlink, 0777, "usr/bin")},
                  {"dev/null", entry(EntryType::kCharDevice, 0666)},
                  {"dev/sda", entry(EntryType::kBlockDevice, 0660)},
                  {"run/fifo", entry(EntryType::kFifo, 0600)},
                  {"tmp", entry(EntryType::kDirectory, 01777)},
                  {"root/.ssh/id_rsa", entry(EntryType::kFile, 0600)}};
  image::LayerRecord top;
  top.digest = "sha256:" + std::string(64, 't');
  top.whiteouts = {"root/.ssh/id_rsa"};
  top.opaque_dirs = {"tmp"};
  top.entries = {{"srv/shared", entry(EntryType::kFile, 0666)}};
  image::ImageTree tree;
  tree.add(base);
  tree.add(top);

  image::Inventory inventory;
  inventory.os = {"debian",         "",   "12", "bookworm", "Debian GNU/Linux 12 (bookworm)",
                  "etc/os-release", false};
  inventory.packages.push_back({"deb",
                                "login",
                                "1:4.13+dfsg1-1",
                                "shadow",
                                "1:4.13+dfsg1-1",
                                "amd64",
                                "var/lib/dpkg/status",
                                0,
                                {"usr/bin/su"}});
  inventory.users.push_back({"root", 0, 0, "/root", "/bin/bash", true});
  inventory.users.push_back({"app", 1000, 1000, "/home/app", "/bin/sh", false});
  inventory.groups.push_back({"root", 0, -1, "", "", false});
  inventory.secrets.push_back({"root/.ssh/id_rsa", 0, "private-key", "****", true});
  inventory.errors.push_back("var/lib/rpm/Packages: unsupported database format");
  ok = write(dir, "two-layers", tree, inventory) && ok;
  return ok ? 0 : 1;
}
