# hardock_precompile(TARGET HEADER...): precompile third-party headers that many of TARGET's
# files include. CLI11 and nlohmann/json are header-only and cost 5-14 s of parsing per file on
# g++ 12 (measured: an app command file took 12 s, 8 s of it CLI11 and json); a precompiled
# header pays that once per target. Off with -DHARDOCK_PCH=OFF.
# Not for a target built in unity batches: a batch parses the header once already, and building
# the precompiled header (4-5 s each) cost more than it saved (docs/benchmarks.md).
function(hardock_precompile target)
  get_target_property(unity ${target} UNITY_BUILD)
  if(HARDOCK_PCH AND NOT unity)
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()

# hardock_cold(TARGET): a library off every hot path (the command line, harden's planning, the
# host reader, the Compose model) is compiled at -O1 in RelWithDebInfo builds: a quarter less
# compile time for those batches (app's: 38 s to 30 s on this machine), which keeps the default
# build from clean under three minutes. Release builds (benchmarks, packages) keep -O3.
function(hardock_cold target)
  target_compile_options(${target} PRIVATE $<$<CONFIG:RelWithDebInfo>:-O1>)
endfunction()
