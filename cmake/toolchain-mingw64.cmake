# Cross-compile relay for 64-bit Windows with Debian's MinGW-w64
# (package gcc-mingw-w64-x86-64):
#   cmake -S . -B build-win -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-mingw64.cmake \
#         -DRELAY_BUILD_CLIENT=OFF -DENABLE_TESTS=OFF -DENABLE_BENCH=OFF
# The executables link the C runtime, libgcc and winpthreads statically, so
# they need no MinGW DLLs next to them: only Windows system DLLs.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(RELAY_MINGW_PREFIX x86_64-w64-mingw32 CACHE STRING "MinGW-w64 target triplet")
find_program(CMAKE_C_COMPILER NAMES ${RELAY_MINGW_PREFIX}-gcc)
if(NOT CMAKE_C_COMPILER)
  message(FATAL_ERROR "${RELAY_MINGW_PREFIX}-gcc not found: install gcc-mingw-w64-x86-64")
endif()
find_program(CMAKE_RC_COMPILER NAMES ${RELAY_MINGW_PREFIX}-windres)

set(CMAKE_FIND_ROOT_PATH /usr/${RELAY_MINGW_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Never let pkg-config hand the cross build the Linux machine's libraries.
set(ENV{PKG_CONFIG_LIBDIR} /usr/${RELAY_MINGW_PREFIX}/lib/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")

# Windows 8 API level (IDXGIOutput1 duplication, SetupDi, WTS).
set(CMAKE_C_FLAGS_INIT "-D_WIN32_WINNT=0x0602 -DWINVER=0x0602")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc")
