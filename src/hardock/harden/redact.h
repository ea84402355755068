// What hardock shows of secrets. The artefacts that recreate a container (plan.json,
// recreate.sh, hardened.sh) must carry its environment as it is, so they are written 0600/0700;
// everything shown to a human (the terminal, the plan's README, daemon.json.md) shows secrets
// redacted with these.
#pragma once

#include <string>
#include <string_view>

namespace hardock::harden {

// True for environment keys that usually hold secrets: names containing PASSWORD, PASSWD, PASS,
// PWD (but not PWD itself), SECRET, TOKEN, KEY, CREDENTIAL, AUTH, PRIVATE, SALT or COOKIE, in
// any case.
[[nodiscard]] bool secret_looking_key(std::string_view key);

// "KEY=value" as shown: "KEY=****" for a secret-looking key, else the value with the passwords of
// URLs in it redacted (redact_url_credentials).
[[nodiscard]] std::string redact_env_entry(std::string_view entry);

// "https://user:pass@host/x" -> "https://user:****@host/x", for every URL in `text`: no character
// of a password is shown (registry mirrors and proxies in daemon.json and in env values are where
// harden meets credentials).
[[nodiscard]] std::string redact_url_credentials(std::string_view text);

}  // namespace hardock::harden
