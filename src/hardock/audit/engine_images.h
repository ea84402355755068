// The images an engine's containers use, as the image checks see them: each image once (by id),
// its configuration and history from /images/{id}/json and /images/{id}/history, and the
// containers that run it. No layer is read here (`audit --images` adds the file tree).
#pragma once

#include <vector>

#include "hardock/docker/snapshot.h"
#include "hardock/image/subject.h"

namespace hardock::audit {

[[nodiscard]] std::vector<image::ImageSubject> engine_image_subjects(
    const docker::EngineSnapshot& snapshot);

}  // namespace hardock::audit
