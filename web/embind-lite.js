// Linked with --js-library after Embind's own (web/wasm.cmake): the JS side of the Embind calls the
// wasm makes, for what web/bindings.cpp uses: free functions (emscripten::function) over void,
// bool, unsigned int, double and std::string. Same wire protocol as embind.js (a std::string
// travels as malloc'ed [u32 length][UTF-8 bytes]; JS frees what it receives and what it passed
// once the call returns); without Embind's classes, overloads, val, memory views and error
// classes, and without type registration: each binding names its types by letter (web/bindings.cpp,
// KindOf). CSP safe: no eval / new Function.
mergeInto(LibraryManager.library, {
  $embindLiteEncoder: 'new TextEncoder()',
  $embindLiteDecoder: 'new TextDecoder()',

  // Text up to 256 units is copied by hand while it is ASCII (an event, an answer): in Chromium
  // that costs about half of a call into encodeInto / decode.
  $embindLiteStringToWire__deps: ['$embindLiteEncoder'],
  $embindLiteStringToWire: function(value, toFree) {
    if (typeof value != 'string') throw new TypeError('Cannot pass non-string to std::string');
    // At most 3 UTF-8 bytes per UTF-16 unit; the length word holds what was written.
    var units = value.length;
    var ptr = _malloc(4 + 3 * units + 1);
    if (!ptr) throw new RangeError('out of memory');
    var at = ptr + 4;
    var length = 0;
    if (units <= 256) {
      for (var code; length < units && (code = value.charCodeAt(length)) < 128; ++length) HEAPU8[at + length] = code;
    }
    if (length < units) {
      length += embindLiteEncoder.encodeInto(value.slice(length), HEAPU8.subarray(at + length, at + 3 * units)).written;
    }
    HEAPU32[ptr >> 2] = length;
    HEAPU8[at + length] = 0;
    toFree.push(ptr);
    return ptr;
  },

  $embindLiteStringFromWire__deps: ['$embindLiteDecoder'],
  $embindLiteStringFromWire: function(wire) {
    var length = HEAPU32[wire >> 2];
    var at = wire + 4;
    var text = '';
    var i = 0;
    if (length <= 256) {
      for (var code; i < length && (code = HEAPU8[at + i]) < 128; ++i) text += String.fromCharCode(code);
    }
    if (i < length) text = embindLiteDecoder.decode(HEAPU8.subarray(at, at + length));
    _free(wire);
    return text;
  },

  // [toWire(value, toFree), fromWire(wire)] of a type by its letter: s std::string, b bool,
  // u unsigned int, d double, v void.
  $embindLiteConverters__deps: ['$embindLiteStringToWire', '$embindLiteStringFromWire'],
  $embindLiteConverters: function(letter) {
    return letter == 's' ? [embindLiteStringToWire, embindLiteStringFromWire]
      : letter == 'b' ? [function(value) { return value ? 1 : 0; }, function(wire) { return !!wire; }]
      : letter == 'u' ? [function(value) { return value >>> 0; }, function(wire) { return wire >>> 0; }]
      : [function(value) { return value; }, function(wire) { return wire; }];
  },

  // Module[name](...args): wires the arguments, calls the C++ invoker, frees the strings it
  // passed, unwires the result. `kinds`: the result's type letter, then each argument's.
  _embind_register_function__deps: ['$embindLiteConverters', '$getWasmTableEntry'],
  _embind_register_function: function(name, argCount, kinds, signature, rawInvoker, fn) {
    var invoker = getWasmTableEntry(rawInvoker);
    var types = [];
    for (var i = 0; i < argCount; ++i) types.push(embindLiteConverters(String.fromCharCode(HEAPU8[kinds + i])));
    // Binding names are ASCII (web/bindings.cpp): read by hand, so the glue needs no UTF8ToString.
    for (var text = ''; HEAPU8[name]; ) text += String.fromCharCode(HEAPU8[name++]);
    name = text;
    Module[name] = function() {
      if (arguments.length != argCount - 1) {
        throw new TypeError('function ' + name + ' called with ' + arguments.length + ' arguments, expected ' + (argCount - 1));
      }
      var toFree = [];
      var wired = [fn];
      for (var i = 1; i < argCount; ++i) wired.push(types[i][0](arguments[i - 1], toFree));
      var rv = invoker.apply(null, wired);
      toFree.forEach(_free);
      return types[0][1](rv);
    };
  },
});
