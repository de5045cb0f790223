# The WebAssembly modules (included by the root CMakeLists.txt under emcmake): the core library plus
# web/bindings.cpp, linked into an ES-module glue `mqlite-core.js` with `mqlite-core.wasm` (the full
# core) and `mqlite-core-terse.wasm` (below) under <build>/dist. Flags and their measured effect:
# docs/WASM.md.

option(MQLITE_WASM_CLOSURE "Minify the JS glue with Closure (npm google-closure-compiler)" ON)
option(MQLITE_WASM_EXCEPTIONS "-fwasm-exceptions (+14.5 KB gz); OFF: -fno-exceptions, a throw aborts with its message" OFF)
option(MQLITE_WASM_LTO "Link-time optimisation" ON)
option(MQLITE_WASM_RTTI "Keep C++ RTTI (OFF: -fno-rtti, Embind without type names; nothing uses RTTI)" OFF)
option(MQLITE_WASM_EMBIND_LITE "Embind's JS side from web/embind-lite.js (functions over void, bool, unsigned int, double and std::string, named by letter; no type registration) instead of embind.js (-2.4 KB gz)" ON)
option(MQLITE_WASM_MINIMAL_RUNTIME "-sMINIMAL_RUNTIME: a glue that fetches nothing (the caller passes wasmBinary; -1.2 KB gz); needs MQLITE_WASM_EMBIND_LITE" ON)
option(MQLITE_WASM_CSP_SAFE "No eval / new Function in the glue (-sDYNAMIC_EXECUTION=0)" ON)
option(MQLITE_WASM_INSTANTIATE_LIBCXX "Compile libc++'s string code with the core (-D_LIBCPP_DISABLE_EXTERN_TEMPLATE) instead of linking libc++.a's prebuilt copies" ON)
option(MQLITE_WASM_OWN_MALLOC "malloc/free from web/allocator.cpp (power-of-two blocks, a free list per size; -sMALLOC=none) instead of Emscripten's emmalloc" ON)
# libc++abi allocates a thrown exception with posix_memalign, which web/allocator.cpp does not
# offer: an exceptions build keeps emmalloc.
if(MQLITE_WASM_EXCEPTIONS AND MQLITE_WASM_OWN_MALLOC)
  message(STATUS "mqlite: MQLITE_WASM_EXCEPTIONS is ON, so emmalloc instead of web/allocator.cpp")
  set(MQLITE_WASM_USE_OWN_MALLOC OFF)
else()
  set(MQLITE_WASM_USE_OWN_MALLOC ${MQLITE_WASM_OWN_MALLOC})
endif()
set(MQLITE_WASM_COMPILE_OPT "-Oz -finline-functions" CACHE STRING "Compile optimisation flags (the whole core; see below)")
set(MQLITE_WASM_LINK_OPT "-Oz" CACHE STRING "Link optimisation level")
option(MQLITE_WASM_CONVERGE "wasm-opt -Oz --converge over the linked .wasm (binaryen's wasm-opt from the emscripten package)" ON)
set(MQLITE_WASM_EXTRA_PASSES "-Oz" CACHE STRING "wasm-opt passes run once more after emcc's own (-sBINARYEN_EXTRA_PASSES, comma-separated; empty: none)")

# -Oz with inlining back on: for -Oz emcc adds -fno-inline-functions, which marks every function
# noinline in the LTO bitcode, so not even vector::size() is inlined at link time (ingest ~2x
# dearer). -finline-functions after it keeps -Oz's small threshold: 41 KB gz, the smallest build
# (plain -Oz 44, -O1 56), with Node's ingest as fast as -O1 and Chromium's page_view ~25 % dearer.
# -DMQLITE_WASM_COMPILE_OPT=-O1 builds the faster, larger module (docs/WASM.md, "Size").
set(CMAKE_CXX_FLAGS_RELEASE "${MQLITE_WASM_COMPILE_OPT} -DNDEBUG")

set(MQLITE_WASM_COMPILE_FLAGS)
if(MQLITE_WASM_EXCEPTIONS)
  list(APPEND MQLITE_WASM_COMPILE_FLAGS -fwasm-exceptions)
else()
  # The core does not throw (src/json.cpp reports errors as values). A libc++ throw (bad_alloc)
  # aborts, and JS gets a WebAssembly.RuntimeError.
  list(APPEND MQLITE_WASM_COMPILE_FLAGS -fno-exceptions)
endif()
if(MQLITE_WASM_LTO)
  list(APPEND MQLITE_WASM_COMPILE_FLAGS -flto)
endif()
if(MQLITE_WASM_INSTANTIATE_LIBCXX)
  # libc++.a's std::string members are built once for every program, called out of line; made here
  # they are optimised (and inlined, or dropped) with the core under LTO: smaller, and report()
  # about twice as fast.
  list(APPEND MQLITE_WASM_COMPILE_FLAGS -D_LIBCPP_DISABLE_EXTERN_TEMPLATE)
endif()
if(NOT MQLITE_WASM_RTTI)
  list(APPEND MQLITE_WASM_COMPILE_FLAGS -fno-rtti -DEMSCRIPTEN_HAS_UNBOUND_TYPE_NAMES=0)
endif()
# Two modules from the same sources: the full core (mqlite-core.wasm: `mqlite/engine`, and the
# page's explanations) and the terse core (mqlite-core-terse.wasm: what the tracker and the script
# tag load), built with MQLITE_TERSE: the same checks and decisions without the words of a refusal
# (src/terse.hpp). Both share one glue (checked by scripts/build-wasm.sh).
target_compile_options(mqlite_core PRIVATE ${MQLITE_WASM_COMPILE_FLAGS})
target_compile_definitions(mqlite_core PUBLIC MQLITE_PLATFORM_JSON)
add_library(mqlite_core_terse STATIC ${MQLITE_CORE_SOURCES})
target_include_directories(mqlite_core_terse PUBLIC ${CMAKE_SOURCE_DIR}/src)
target_compile_definitions(mqlite_core_terse PUBLIC MQLITE_VERSION="${PROJECT_VERSION}" MQLITE_TERSE MQLITE_PLATFORM_JSON)
target_compile_options(mqlite_core_terse PRIVATE -Wall -Wextra ${MQLITE_WASM_COMPILE_FLAGS})

function(mqlite_wasm_module target output core)
  # Bindings as an OBJECT library: inside a STATIC library EMSCRIPTEN_BINDINGS would be dropped.
  add_library(${target}_bindings OBJECT ${CMAKE_SOURCE_DIR}/web/bindings.cpp ${CMAKE_SOURCE_DIR}/web/byte-loops.cpp)
  if(MQLITE_WASM_USE_OWN_MALLOC)
    target_sources(${target}_bindings PRIVATE ${CMAKE_SOURCE_DIR}/web/allocator.cpp)
  endif()
  target_link_libraries(${target}_bindings PRIVATE ${core})
  target_compile_options(${target}_bindings PRIVATE ${MQLITE_WASM_COMPILE_FLAGS})
  if(MQLITE_WASM_EMBIND_LITE)
    # Types by letter (web/bindings.cpp): nothing registers them.
    target_compile_definitions(${target}_bindings PRIVATE MQLITE_EMBIND_LITE)
  else()
    # web/embind-types.cpp replaces Embind's builtin type registrations (only the types we bind).
    target_sources(${target}_bindings PRIVATE ${CMAKE_SOURCE_DIR}/web/embind-types.cpp)
  endif()

  add_executable(${target} $<TARGET_OBJECTS:${target}_bindings>)
  target_link_libraries(${target} PRIVATE ${core})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME ${output}
    SUFFIX .js
    RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/dist)
  target_link_options(${target} PRIVATE ${MQLITE_WASM_LINK_FLAGS})
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS
    ${CMAKE_SOURCE_DIR}/web/embind-lite.js ${CMAKE_SOURCE_DIR}/web/numbers.js ${CMAKE_SOURCE_DIR}/web/json-platform.js
    ${CMAKE_SOURCE_DIR}/web/core-start.pre.js ${CMAKE_SOURCE_DIR}/web/minimal-runtime.js)
  # Optimised links need acorn from Debian's node modules (TOOLCHAIN 1); closure comes from the
  # workspace's npm google-closure-compiler (Debian's is from 2013).
  set_target_properties(${target} PROPERTIES CXX_LINKER_LAUNCHER
    "${CMAKE_COMMAND};-E;env;NODE_PATH=/usr/share/nodejs;EM_CLOSURE_COMPILER=${CMAKE_SOURCE_DIR}/node_modules/.bin/google-closure-compiler")
  if(MQLITE_WASM_CONVERGE)
    # Over the final module (after emcc's own passes and metadce) -Oz until nothing changes finds
    # more than inside the link: -75 B gz / -174 B br on the terse core. The glue does not change.
    # A --profiling-funcs build keeps its function names (-g; on a shipped build it costs 1 KB).
    find_program(MQLITE_WASM_OPT wasm-opt REQUIRED)
    set(keep_names "")
    if(CMAKE_EXE_LINKER_FLAGS MATCHES "profiling")
      set(keep_names -g)
    endif()
    set(module ${CMAKE_BINARY_DIR}/dist/${output}.wasm)
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND ${MQLITE_WASM_OPT} -Oz --converge ${keep_names} --enable-exception-handling --enable-sign-ext --enable-mutable-globals ${module} -o ${module}
      # Then the most called functions first (smaller indices at their calls), -Oz once more:
      # -23 B gz / -66 B br on the terse core.
      COMMAND ${MQLITE_WASM_OPT} --reorder-functions -Oz ${keep_names} --enable-exception-handling --enable-sign-ext --enable-mutable-globals ${module} -o ${module}
      VERBATIM)
  endif()
endfunction()

set(MQLITE_WASM_LINK_FLAGS
  ${MQLITE_WASM_LINK_OPT} ${MQLITE_WASM_COMPILE_FLAGS}
  # Embind without libembind.a (always linked whole, it would clash with web/embind-types.cpp);
  # its JS side below; the malloc/free that `--bind` would export for it.
  -sEXPORTED_FUNCTIONS=[_malloc,_free]
  -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createMqliteCore
  -sENVIRONMENT=web,worker       # Node loads it as a worker-like env with wasmBinary (TOOLCHAIN 5)
  -sALLOW_MEMORY_GROWTH=1
  $<IF:$<BOOL:${MQLITE_WASM_USE_OWN_MALLOC}>,-sMALLOC=none,-sMALLOC=emmalloc>
  -sFILESYSTEM=0
  -sINCOMING_MODULE_JS_API=[wasmBinary,printErr]  # default runtime: what js/src/loader.js passes
  -sTEXTDECODER=2
  -sWASM_BIGINT                  # i64 as BigInt: no legalisation/dynCall glue
  -sSUPPORT_ERRNO=0)             # no JS syscalls set errno
list(APPEND MQLITE_WASM_LINK_FLAGS "SHELL:--js-library ${CMAKE_SOURCE_DIR}/web/numbers.js")  # web/numbers.cpp
list(APPEND MQLITE_WASM_LINK_FLAGS "SHELL:--js-library ${CMAKE_SOURCE_DIR}/web/json-platform.js")  # web/json-platform.cpp
if(MQLITE_WASM_EMBIND_LITE)
  # Every Embind import the wasm makes comes from this file: a binding using anything else
  # (class_, val, another type's registration) fails to link with an undefined _embind_* symbol.
  list(APPEND MQLITE_WASM_LINK_FLAGS "SHELL:--js-library ${CMAKE_SOURCE_DIR}/web/embind-lite.js")
else()
  list(APPEND MQLITE_WASM_LINK_FLAGS
    "SHELL:--js-library ${EMSCRIPTEN_ROOT_PATH}/src/embind/embind.js"
    "SHELL:--js-library ${EMSCRIPTEN_ROOT_PATH}/src/embind/emval.js")
endif()
if(MQLITE_WASM_MINIMAL_RUNTIME)
  if(NOT MQLITE_WASM_EMBIND_LITE)
    # embind.js does not build under MINIMAL_RUNTIME in Emscripten 3.1.6 (dynCalls, HEAP64 undeclared).
    message(FATAL_ERROR "MQLITE_WASM_MINIMAL_RUNTIME needs MQLITE_WASM_EMBIND_LITE")
  endif()
  list(APPEND MQLITE_WASM_LINK_FLAGS -sMINIMAL_RUNTIME=1
    "SHELL:--pre-js ${CMAKE_SOURCE_DIR}/web/core-start.pre.js"          # wasmBinary, Module.ready rejects
    "SHELL:--js-library ${CMAKE_SOURCE_DIR}/web/minimal-runtime.js")    # abort() as a RuntimeError
endif()
if(MQLITE_WASM_CSP_SAFE)
  list(APPEND MQLITE_WASM_LINK_FLAGS -sDYNAMIC_EXECUTION=0)  # CSP without 'unsafe-eval'
endif()
if(MQLITE_WASM_CLOSURE)
  list(APPEND MQLITE_WASM_LINK_FLAGS --closure 1)
endif()
if(MQLITE_WASM_EXTRA_PASSES)
  # A second -Oz round finds what the first one's inlining and merging exposed (-73 B gz).
  list(APPEND MQLITE_WASM_LINK_FLAGS "-sBINARYEN_EXTRA_PASSES=${MQLITE_WASM_EXTRA_PASSES}")
endif()
mqlite_wasm_module(mqlite_wasm mqlite-core mqlite_core)
mqlite_wasm_module(mqlite_wasm_terse mqlite-core-terse mqlite_core_terse)
