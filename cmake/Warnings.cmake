# Warnings for our own code only (third-party headers are included as SYSTEM).
add_library(hardock_warnings INTERFACE)
target_compile_options(hardock_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wold-style-cast -Wimplicit-fallthrough
  -Wnon-virtual-dtor -Woverloaded-virtual -Wnull-dereference -Wformat=2)
if(HARDOCK_WERROR)
  target_compile_options(hardock_warnings INTERFACE -Werror)
endif()
