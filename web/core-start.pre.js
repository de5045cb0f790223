// Linked with --pre-js under -sMINIMAL_RUNTIME (MQLITE_WASM_MINIMAL_RUNTIME, web/wasm.cmake). That
// runtime fetches nothing: it instantiates Module['wasm'], so the bytes passed as `wasmBinary` (as
// with Emscripten's default runtime; js/src/loader.js fetches them in browsers and workers) are
// handed over here. Its start-up, `WebAssembly.instantiate(Module['wasm'], imports).then(start)`,
// only ever resolves Module.ready: the WebAssembly below (local to the factory: Emscripten wraps
// the glue in it after Closure) rejects it instead when instantiation or start-up fails, so the
// factory's promise always settles and nothing is left as an unhandled rejection.
Module['wasm'] = Module['wasmBinary'];
/** @suppress {duplicate} */
var WebAssembly = Object.create(globalThis.WebAssembly, {
  instantiate: {
    value: function(wasm, imports) {
      var instantiated = globalThis.WebAssembly.instantiate(wasm, imports);
      return { then: function(start) { instantiated.then(start).catch(readyPromiseReject); } };
    },
  },
});
