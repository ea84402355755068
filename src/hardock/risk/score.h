// Risk per finding = impact x likelihood (APO12.02 "Analyze risk").
//
//   impact     = the weight of the asset's sensitivity level (RiskPolicy::impact), or
//                RiskPolicy::unlabelled when it has no known level. A container's level is its
//                own label, else the highest of its networks'; a network's, its own or its
//                members'; an image's, the highest of the containers running it; the engine,
//                daemon and host reach every container: the highest level on the host.
//   likelihood = the finding's severity weight x (1 + the exposure factors that hold):
//                all_interfaces (a port published on 0.0.0.0 / ::), public_zone (labelled, or on
//                a network, at a public level), privileged, engine_api (the engine was read
//                over TCP, or the run has HDK-H-020: the API answers on the network).
//
// Every factor only ever raises the score (weights are >= 0). Built once per snapshot in
// O(containers x networks each + networks + images); each question after that is O(1).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "hardock/core/finding.h"
#include "hardock/docker/snapshot.h"
#include "hardock/risk/policy.h"

namespace hardock::risk {

struct Exposure {
  bool all_interfaces = false;
  bool public_zone = false;
  bool privileged = false;
  bool engine_api = false;
};

struct Asset {
  std::string zone;  // the level's name, "unlabelled", or "host" for engine, daemon and host
  double impact = 0;
  Exposure exposure;
};

struct Score {
  double impact = 0;
  double likelihood = 0;
  double value = 0;                  // impact x likelihood, rounded to 0.1
  std::vector<std::string> factors;  // the exposure factors that hold, by name
};

class RiskModel {
 public:
  // `snapshot` may be null (a run stored without one, a lint run): every asset is then unlabelled
  // and unexposed, except engine_api when `engine_api` says so.
  RiskModel(RiskPolicy policy, std::string label_key, std::vector<std::string> levels,
            const docker::EngineSnapshot* snapshot, bool engine_api);

  // The asset a finding is about, looked up by the target's kind and id (else name).
  [[nodiscard]] Asset asset(core::TargetKind kind, const std::string& id,
                            const std::string& name) const;
  [[nodiscard]] Score score(const Asset& asset, core::Severity severity) const;

  [[nodiscard]] double level_weight(int level) const;

 private:
  RiskPolicy policy_;
  std::vector<std::string> levels_;
  std::vector<char> public_level_;  // not vector<bool>: g++ 12 -O3 warns inside its bit references
  bool engine_api_ = false;
  std::unordered_map<std::string, Asset> by_key_;  // "c:<id>", "c:<name>", "n:..", "i:<id>"
  Asset host_;
};

}  // namespace hardock::risk
