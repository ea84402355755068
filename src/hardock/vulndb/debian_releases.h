// Debian codenames and the OSV ecosystem names of their releases ("bookworm" is "Debian:12").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hardock::vulndb {

// "Debian:N" for a released codename (wheezy 7 ... forky 14); nullopt for any other name
// (sid, experimental, a future codename).
[[nodiscard]] std::optional<std::string> debian_release(std::string_view codename);

// The ecosystem the Debian tracker's entries of `codename` are stored under: debian_release()
// when known, else "Debian:<codename>" ("Debian:sid"), so that nothing the tracker says is
// lost and a matcher can still ask for it by that name.
[[nodiscard]] std::string debian_tracker_ecosystem(std::string_view codename);

// The release of an APT suite ("bookworm-security", "bookworm-updates", "bookworm"): its
// codename with the suffix (-security, -updates, -backports, -proposed-updates) removed, mapped
// by debian_release(); nullopt when not a known Debian codename.
[[nodiscard]] std::optional<std::string> debian_release_of_suite(std::string_view suite);

}  // namespace hardock::vulndb
