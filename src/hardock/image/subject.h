// ImageSubject: one image as the image checks see it, whatever it came from: the engine (its
// /images/{id}/json and history, for the images containers use), a docker save or OCI archive,
// or a registry. The configuration is always there; the file tree and the package inventory
// only when the layers were walked.
#pragma once

#include <string>
#include <vector>

#include "hardock/image/analyzer.h"
#include "hardock/image/image_config.h"
#include "hardock/image/image_tree.h"

namespace hardock::vulnscan {
struct Assessment;  // vulnscan/assessment.h
}

namespace hardock::image {

struct ImageSubject {
  std::string id;    // the config digest, "sha256:..."
  std::string name;  // the first repo tag, else the short id
  std::vector<std::string> repo_tags;
  std::vector<std::string> repo_digests;  // "repo@sha256:...": pinned by digest somewhere
  ImageConfig config;
  // False when the history could not be read (an engine's /images/{id}/history failed, or an
  // older snapshot lacks it): checks that judge the history cannot look.
  bool history_known = true;
  const ImageTree* tree = nullptr;       // nullptr: layers not walked
  const Inventory* inventory = nullptr;  // with the tree
  // The inventory matched against the vulnerability database; nullptr: no database was given.
  const vulnscan::Assessment* assessment = nullptr;
  std::vector<std::string> used_by;     // containers running it, by name (engine only)
  std::vector<std::string> references;  // how those containers name it (Config.Image)
};

}  // namespace hardock::image
