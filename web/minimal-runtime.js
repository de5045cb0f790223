// Linked with --js-library under -sMINIMAL_RUNTIME (web/wasm.cmake).
mergeInto(LibraryManager.library, {
  // C++ abort() (a throw without exception support, an allocation that cannot be met) throws a
  // WebAssembly.RuntimeError, as with Emscripten's default runtime (js/src/errors.js reports it as
  // the core failing), not a bare ''.
  abort: function() {
    throw new WebAssembly.RuntimeError('Aborted()');
  },

  // malloc needs more memory: grow by the request plus a fifth of the heap (at most 96 MB), else
  // by the request alone; 0 when the memory cannot grow (malloc then fails). Emscripten's version
  // does the same in more steps.
  emscripten_resize_heap__deps: [],
  emscripten_resize_heap: function(requestedSize) {
    requestedSize >>>= 0;
    for (var size of [requestedSize + Math.min(HEAPU8.length / 5, 100663296), requestedSize]) {
      try {
        wasmMemory.grow(Math.ceil((size - HEAPU8.length) / 65536));
        updateGlobalBufferAndViews(wasmMemory.buffer);
        return 1;
      } catch (e) {}
    }
    return 0;
  },
});
