#include "hardock/audit/engine_images.h"

#include <algorithm>
#include <ctime>
#include <unordered_map>

namespace hardock::audit {
namespace {

std::string rfc3339(int64_t seconds) {
  if (seconds <= 0) return {};
  const auto time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  if (gmtime_r(&time, &utc) == nullptr) return {};
  char text[32];
  if (std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc) == 0) return {};
  return text;
}

std::string display_name(const docker::Image& image) {
  for (const auto& tag : image.repo_tags) {
    if (tag != "<none>:<none>") return tag;
  }
  const auto colon = image.id.find(':');
  const std::string hex = colon == std::string::npos ? image.id : image.id.substr(colon + 1);
  return hex.substr(0, 12);
}

image::ImageSubject subject_of(const docker::Image& image) {
  image::ImageSubject subject;
  subject.id = image.id;
  subject.name = display_name(image);
  subject.repo_tags = image.repo_tags;
  subject.repo_digests = image.repo_digests;
  image::ImageConfig& config = subject.config;
  config.architecture = image.architecture;
  config.os = image.os;
  config.created = image.created;
  config.user = image.user;
  config.env = image.env;
  config.entrypoint = image.entrypoint;
  config.cmd = image.cmd;
  config.exposed_ports = image.exposed_ports;
  config.labels = image.labels;
  if (image.healthcheck) config.healthcheck = image.healthcheck->test;
  subject.history_known = image.history.has_value();
  if (image.history) {
    // The engine answers newest first; an image config lists its history base first.
    for (auto step = image.history->rbegin(); step != image.history->rend(); ++step) {
      config.history.push_back(
          {rfc3339(step->created), step->created_by, step->comment, step->size == 0});
    }
  }
  return subject;
}

}  // namespace

std::vector<image::ImageSubject> engine_image_subjects(const docker::EngineSnapshot& snapshot) {
  std::vector<image::ImageSubject> subjects;
  std::unordered_map<std::string, size_t> by_id;
  for (const auto& image : snapshot.images) {
    if (by_id.contains(image.id)) continue;  // a snapshot may repeat one
    by_id.emplace(image.id, subjects.size());
    subjects.push_back(subject_of(image));
  }
  for (const auto& container : snapshot.containers) {
    const auto found = by_id.find(container.image_id);
    if (found == by_id.end()) continue;
    image::ImageSubject& subject = subjects[found->second];
    subject.used_by.push_back(container.name);
    if (!container.image_ref.empty() &&
        std::find(subject.references.begin(), subject.references.end(), container.image_ref) ==
            subject.references.end()) {
      subject.references.push_back(container.image_ref);
    }
  }
  return subjects;
}

}  // namespace hardock::audit
