// The one list of every check, in report order: one line per check, HARDOCK_CHECK(object),
// where the object is defined in its own file under checks/<area>/. registry.cpp expands
// this list to declare the objects and to build the registry; no check file includes it, so
// editing it recompiles registry.cpp alone. A check file that is not listed here fails
// registry_test; a listed object with no definition fails to link.
//
// A check file keeps its helpers in a namespace named after the file (checks/daemon/icc.cpp:
// `namespace icc`), not an anonymous one: the library compiles its files in unity batches, where
// two anonymous `run` functions would collide.
//
// No include guard: registry.cpp includes it once per expansion.

// daemon (CIS 2: the engine and the host configuration)
HARDOCK_CHECK(kDaemonConfigRunsAsRoot)             // HDK-H-001
HARDOCK_CHECK(kDaemonConfigIcc)                    // HDK-H-002
HARDOCK_CHECK(kDaemonConfigLogLevel)               // HDK-H-003
HARDOCK_CHECK(kDaemonConfigIptablesDisabled)       // HDK-H-004
HARDOCK_CHECK(kDaemonConfigInsecureRegistry)       // HDK-H-005
HARDOCK_CHECK(kDaemonConfigAufs)                   // HDK-H-006
HARDOCK_CHECK(kDaemonConfigTlsIncomplete)          // HDK-H-007
HARDOCK_CHECK(kDaemonConfigNoDefaultUlimits)       // HDK-H-008
HARDOCK_CHECK(kDaemonConfigNoUsernsRemap)          // HDK-H-009
HARDOCK_CHECK(kDaemonConfigCgroupParent)           // HDK-H-010
HARDOCK_CHECK(kDaemonConfigBaseDeviceSize)         // HDK-H-011
HARDOCK_CHECK(kDaemonConfigNoAuthorizationPlugin)  // HDK-H-012
HARDOCK_CHECK(kDaemonConfigLocalLogging)           // HDK-H-013
HARDOCK_CHECK(kDaemonConfigNewPrivileges)          // HDK-H-014
HARDOCK_CHECK(kDaemonConfigLiveRestore)            // HDK-H-015
HARDOCK_CHECK(kDaemonConfigUserlandProxy)          // HDK-H-016
HARDOCK_CHECK(kDaemonConfigSeccompProfile)         // HDK-H-017
HARDOCK_CHECK(kDaemonConfigExperimental)           // HDK-H-018
HARDOCK_CHECK(kDaemonConfigFlagConflict)           // HDK-H-019
HARDOCK_CHECK(kDaemonApiTcpWithoutTls)             // HDK-H-020
HARDOCK_CHECK(kDaemonConfigUnreadable)             // HDK-H-021

// exposure
HARDOCK_CHECK(kContainerdSocketExposed)       // HDK-X-003
HARDOCK_CHECK(kRegistryPlainHttp)             // HDK-X-004
HARDOCK_CHECK(kRegistryTlsUnverified)         // HDK-X-005
HARDOCK_CHECK(kRegistryWeakTls)               // HDK-X-006
HARDOCK_CHECK(kRegistryCertExpiring)          // HDK-X-007
HARDOCK_CHECK(kPlaintextRegistryCredentials)  // HDK-X-008
HARDOCK_CHECK(kContentTrustDisabled)          // HDK-X-009

// files
HARDOCK_CHECK(kDockerServiceOwner)
HARDOCK_CHECK(kDockerServiceMode)
HARDOCK_CHECK(kDockerSocketUnitOwner)
HARDOCK_CHECK(kDockerSocketUnitMode)
HARDOCK_CHECK(kEtcDockerOwner)
HARDOCK_CHECK(kEtcDockerMode)
HARDOCK_CHECK(kRegistryCertOwner)
HARDOCK_CHECK(kRegistryCertMode)
HARDOCK_CHECK(kTlsCaOwner)
HARDOCK_CHECK(kTlsCaMode)
HARDOCK_CHECK(kTlsCertOwner)
HARDOCK_CHECK(kTlsCertMode)
HARDOCK_CHECK(kTlsKeyOwner)
HARDOCK_CHECK(kTlsKeyMode)
HARDOCK_CHECK(kDockerSockOwner)
HARDOCK_CHECK(kDockerSockMode)
HARDOCK_CHECK(kDaemonJsonOwner)
HARDOCK_CHECK(kDaemonJsonMode)
HARDOCK_CHECK(kDefaultDockerOwner)
HARDOCK_CHECK(kDefaultDockerMode)
HARDOCK_CHECK(kSysconfigDockerMode)
HARDOCK_CHECK(kSysconfigDockerOwner)
HARDOCK_CHECK(kContainerdSockOwner)
HARDOCK_CHECK(kContainerdSockMode)
HARDOCK_CHECK(kDataRootPartition)
HARDOCK_CHECK(kDockerGroupMembers)
HARDOCK_CHECK(kAuditRulesMissing)
HARDOCK_CHECK(kKernelVersion)

// lsm
HARDOCK_CHECK(kNoHostLsm)
HARDOCK_CHECK(kAppArmorDockerDefault)
HARDOCK_CHECK(kSelinuxNotEnforcing)
HARDOCK_CHECK(kSeccompUnsupported)

// daemon, engine view only
HARDOCK_CHECK(kNoLsmConfinement)  // HDK-D-011
HARDOCK_CHECK(kSwarmModeActive)   // HDK-D-012

// engine
HARDOCK_CHECK(kEngineOutdated)    // HDK-E-001
HARDOCK_CHECK(kImageSprawl)       // HDK-E-002
HARDOCK_CHECK(kContainerSprawl)   // HDK-E-003
HARDOCK_CHECK(kCollectionErrors)  // HDK-E-004
HARDOCK_CHECK(kKeptForRollback)   // HDK-E-005

// container
HARDOCK_CHECK(kAppArmorProfile)         // HDK-C-001
HARDOCK_CHECK(kSelinuxOptions)          // HDK-C-002
HARDOCK_CHECK(kCapabilitiesAdded)       // HDK-C-003
HARDOCK_CHECK(kPrivilegedContainer)     // HDK-C-004
HARDOCK_CHECK(kSensitiveHostMount)      // HDK-C-005
HARDOCK_CHECK(kSshdRunning)             // HDK-C-006
HARDOCK_CHECK(kMemoryLimit)             // HDK-C-007
HARDOCK_CHECK(kCpuPriority)             // HDK-C-008
HARDOCK_CHECK(kReadonlyRootfs)          // HDK-C-009
HARDOCK_CHECK(kRestartPolicy)           // HDK-C-010
HARDOCK_CHECK(kHostPidNamespace)        // HDK-C-011
HARDOCK_CHECK(kHostIpcNamespace)        // HDK-C-012
HARDOCK_CHECK(kHostDevices)             // HDK-C-013
HARDOCK_CHECK(kSharedMountPropagation)  // HDK-C-014
HARDOCK_CHECK(kHostUtsNamespace)        // HDK-C-015
HARDOCK_CHECK(kSeccompUnconfined)       // HDK-C-016
HARDOCK_CHECK(kExecSessions)            // HDK-C-017
HARDOCK_CHECK(kCgroupParent)            // HDK-C-018
HARDOCK_CHECK(kNoNewPrivileges)         // HDK-C-019
HARDOCK_CHECK(kHealthcheck)             // HDK-C-020
HARDOCK_CHECK(kPidsLimit)               // HDK-C-021
HARDOCK_CHECK(kHostUserNamespace)       // HDK-C-022
HARDOCK_CHECK(kDockerSocketMount)       // HDK-C-023
HARDOCK_CHECK(kRootUser)                // HDK-C-024
HARDOCK_CHECK(kEnvSecrets)              // HDK-C-026

// network
HARDOCK_CHECK(kPrivilegedHostPort)           // HDK-N-001
HARDOCK_CHECK(kUnexposedPortPublished)       // HDK-N-002
HARDOCK_CHECK(kHostNetworkMode)              // HDK-N-003
HARDOCK_CHECK(kPortOnAllInterfaces)          // HDK-N-004
HARDOCK_CHECK(kDefaultBridgeUsed)            // HDK-N-005
HARDOCK_CHECK(kIccEnabled)                   // HDK-N-006
HARDOCK_CHECK(kUnencryptedOverlay)           // HDK-N-007
HARDOCK_CHECK(kMixedSensitivityNetwork)      // HDK-N-008
HARDOCK_CHECK(kContainerBridgesZones)        // HDK-N-009
HARDOCK_CHECK(kSensitiveNetworkNotInternal)  // HDK-N-010
HARDOCK_CHECK(kContainerWithoutSensitivity)  // HDK-N-011
HARDOCK_CHECK(kNetworkUnknownSensitivity)    // HDK-N-012

// image
HARDOCK_CHECK(kImageRootUser)              // HDK-I-001
HARDOCK_CHECK(kImageNoHealthcheck)         // HDK-I-002
HARDOCK_CHECK(kImageSshServer)             // HDK-I-003
HARDOCK_CHECK(kImageConfigSecrets)         // HDK-I-004
HARDOCK_CHECK(kImageSecretFiles)           // HDK-I-005
HARDOCK_CHECK(kImageSetuidFiles)           // HDK-I-006
HARDOCK_CHECK(kImageWorldWritable)         // HDK-I-007
HARDOCK_CHECK(kImageAccounts)              // HDK-I-008
HARDOCK_CHECK(kImageAddRemoteUrl)          // HDK-I-009
HARDOCK_CHECK(kImageUpdateAlone)           // HDK-I-010
HARDOCK_CHECK(kImageNeedlessFiles)         // HDK-I-011
HARDOCK_CHECK(kImageAge)                   // HDK-I-012
HARDOCK_CHECK(kImageUntrustedSource)       // HDK-I-013
HARDOCK_CHECK(kImageVulnerablePackage)     // HDK-I-014
HARDOCK_CHECK(kImageOutdatedPackage)       // HDK-I-015
HARDOCK_CHECK(kImageSecuritySupportEnded)  // HDK-I-016

// dockerfile (CIS 4: images built from a Dockerfile; `hardock lint`)
HARDOCK_CHECK(kDockerfileUserRoot)             // HDK-B-001
HARDOCK_CHECK(kDockerfileBaseLatest)           // HDK-B-002
HARDOCK_CHECK(kDockerfileBaseNotPinned)        // HDK-B-003
HARDOCK_CHECK(kDockerfileBaseUntrusted)        // HDK-B-004
HARDOCK_CHECK(kDockerfileAddLocal)             // HDK-B-005
HARDOCK_CHECK(kDockerfileAddUrl)               // HDK-B-006
HARDOCK_CHECK(kDockerfileExposeSsh)            // HDK-B-007
HARDOCK_CHECK(kDockerfileExposePrivileged)     // HDK-B-008
HARDOCK_CHECK(kDockerfileExposeInvalid)        // HDK-B-009
HARDOCK_CHECK(kDockerfileSecretArgEnv)         // HDK-B-010
HARDOCK_CHECK(kDockerfileSecretFileCopied)     // HDK-B-011
HARDOCK_CHECK(kDockerfileWorkdirRelative)      // HDK-B-012
HARDOCK_CHECK(kDockerfileWorkdirSystem)        // HDK-B-013
HARDOCK_CHECK(kDockerfileHealthcheckMissing)   // HDK-B-014
HARDOCK_CHECK(kDockerfileMultipleCmd)          // HDK-B-015
HARDOCK_CHECK(kDockerfileMultipleEntrypoint)   // HDK-B-016
HARDOCK_CHECK(kDockerfileMultipleHealthcheck)  // HDK-B-017
HARDOCK_CHECK(kDockerfileCopyFromInvalid)      // HDK-B-018
HARDOCK_CHECK(kDockerfileDuplicateStage)       // HDK-B-019
HARDOCK_CHECK(kDockerfileMaintainer)           // HDK-B-020
HARDOCK_CHECK(kDockerfileCopyDestNotDir)       // HDK-B-021
HARDOCK_CHECK(kDockerfileParseError)           // HDK-B-022
HARDOCK_CHECK(kDockerfileRunInsecure)          // HDK-B-023
HARDOCK_CHECK(kDockerfileRunNetworkHost)       // HDK-B-024
HARDOCK_CHECK(kDockerfileTlsVerifyDisabled)    // HDK-B-025
HARDOCK_CHECK(kDockerfileUserNotNumeric)       // HDK-B-026
HARDOCK_CHECK(kDockerfileCopyStageRoot)        // HDK-B-027

// dockerfile: RUN scripts
HARDOCK_CHECK(kDockerfilePipeToShell)         // HDK-B-040
HARDOCK_CHECK(kDockerfileSudo)                // HDK-B-041
HARDOCK_CHECK(kDockerfileUpdateAlone)         // HDK-B-042
HARDOCK_CHECK(kDockerfileNoAssumeYes)         // HDK-B-043
HARDOCK_CHECK(kDockerfileAptRecommends)       // HDK-B-044
HARDOCK_CHECK(kDockerfileAptListsKept)        // HDK-B-045
HARDOCK_CHECK(kDockerfileApkCache)            // HDK-B-046
HARDOCK_CHECK(kDockerfileYumDnfCache)         // HDK-B-047
HARDOCK_CHECK(kDockerfileZypperCache)         // HDK-B-048
HARDOCK_CHECK(kDockerfilePipCache)            // HDK-B-049
HARDOCK_CHECK(kDockerfileUnpinnedPackages)    // HDK-B-050
HARDOCK_CHECK(kDockerfileSshServer)           // HDK-B-051
HARDOCK_CHECK(kDockerfileWorldWritable)       // HDK-B-052
HARDOCK_CHECK(kDockerfileSetuid)              // HDK-B-053
HARDOCK_CHECK(kDockerfilePipefail)            // HDK-B-054
HARDOCK_CHECK(kDockerfileDistUpgrade)         // HDK-B-055
HARDOCK_CHECK(kDockerfileSecretInRun)         // HDK-B-056
HARDOCK_CHECK(kDockerfileTlsVerifyOff)        // HDK-B-057
HARDOCK_CHECK(kDockerfileUnverifiedPackages)  // HDK-B-058
HARDOCK_CHECK(kDockerfilePlainHttpDownload)   // HDK-B-059
HARDOCK_CHECK(kDockerfileShellcheck)          // HDK-B-060

// policy (the run's own waivers: accepted risks, APO12)
HARDOCK_CHECK(kWaiverExpired)             // HDK-G-001
HARDOCK_CHECK(kWaiverCriticalNotAllowed)  // HDK-G-002
