// Runs a test body as the unprivileged user nobody (65534) in a forked child, so that a test
// run as root can see what an unprivileged audit sees (EACCES where root reads everything).
#pragma once

#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

namespace hardock::test {

// `body` returns 0 on success or a small number naming the failed step; the result is the
// child's exit status (100: could not switch users, 200: the child did not exit normally).
template <class Body>
int as_nobody(Body&& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::setgroups(0, nullptr) != 0 || ::setresgid(65534, 65534, 65534) != 0 ||
        ::setresuid(65534, 65534, 65534) != 0) {
      ::_exit(100);
    }
    ::_exit(body());
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 200;
}

}  // namespace hardock::test
