// Linked with --js-library under -sMINIMAL_RUNTIME (web/wasm.cmake): C++ abort() (a throw without
// exception support, an allocation that cannot be met) throws a WebAssembly.RuntimeError, as with
// Emscripten's default runtime (js/src/errors.js reports it as the core failing), not a bare ''.
mergeInto(LibraryManager.library, {
  abort: function() {
    throw new WebAssembly.RuntimeError('Aborted()');
  },
});
