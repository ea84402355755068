// The one list of analyzers, in the order they run: HARDOCK_ANALYZER(object), each object defined
// in its own file under analyzers/. analyzers.cpp expands this list; no include guard.

HARDOCK_ANALYZER(kOsRelease)  // os: os-release, debian_version, alpine-release, redhat-release
HARDOCK_ANALYZER(kAccounts)   // etc/passwd, etc/shadow, etc/group
HARDOCK_ANALYZER(kDpkg)       // deb: var/lib/dpkg/status, status.d/*, info/*.list
HARDOCK_ANALYZER(kApk)        // apk: lib/apk/db/installed
HARDOCK_ANALYZER(kRpm)        // rpm: rpmdb.sqlite, Berkeley DB Packages, ndb Packages.db
