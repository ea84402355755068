# Warnings for our own code only (third-party headers are included as SYSTEM).
add_library(hardock_warnings INTERFACE)
target_compile_options(hardock_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wold-style-cast -Wimplicit-fallthrough
  -Wnon-virtual-dtor -Woverloaded-virtual -Wnull-dereference -Wformat=2)
if(HARDOCK_WERROR)
  target_compile_options(hardock_warnings INTERFACE -Werror)
endif()

# g++ 12 at -O3 (Release) reports false positives inside inlined libstdc++ std::string code:
# -Wrestrict (GCC PR105329), -Wstringop-overflow (PR106199) and -Warray-bounds (PR105651) on
# plain string concatenation. They stay warnings there, not errors; -O2 builds keep them errors.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(hardock_warnings INTERFACE
    $<$<CONFIG:Release>:-Wno-error=restrict -Wno-error=stringop-overflow -Wno-error=array-bounds>)
endif()
