// Linked with --js-library after Embind's own (web/wasm.cmake): the JS side of the Embind calls the
// wasm makes, for what web/bindings.cpp uses: free functions (emscripten::function) over void,
// bool, unsigned int, double and std::string (web/embind-types.cpp registers only those). Same wire
// protocol as embind.js (a std::string travels as malloc'ed [u32 length][UTF-8 bytes]; JS frees
// what it receives and what it passed once the call returns); without Embind's classes, overloads,
// val, memory views and error classes. CSP safe: no eval / new Function.
mergeInto(LibraryManager.library, {
  // type id -> [toWire(value, toFree), fromWire(wire)]
  $embindLiteTypes: {},

  _embind_register_void__deps: ['$embindLiteTypes'],
  _embind_register_void: function(rawType, name) {
    embindLiteTypes[rawType] = [function() {}, function() {}];
  },

  _embind_register_bool__deps: ['$embindLiteTypes'],
  _embind_register_bool: function(rawType, name, size, trueValue, falseValue) {
    embindLiteTypes[rawType] = [function(value) { return value ? trueValue : falseValue; }, function(wire) { return !!wire; }];
  },

  // Only unsigned int is registered (web/embind-types.cpp).
  _embind_register_integer__deps: ['$embindLiteTypes'],
  _embind_register_integer: function(rawType, name, size, minRange, maxRange) {
    embindLiteTypes[rawType] = [function(value) { return value >>> 0; }, function(wire) { return wire >>> 0; }];
  },

  _embind_register_float__deps: ['$embindLiteTypes'],
  _embind_register_float: function(rawType, name, size) {
    embindLiteTypes[rawType] = [function(value) { return value; }, function(wire) { return wire; }];
  },

  _embind_register_std_string__deps: ['$embindLiteTypes'],
  _embind_register_std_string: function(rawType, name) {
    var encoder = new TextEncoder();
    var decoder = new TextDecoder();
    // Text up to this many units is copied by hand while it is ASCII (an event, an answer):
    // in Chromium that costs about half of a call into encodeInto / decode.
    var SHORT = 256;
    embindLiteTypes[rawType] = [
      function(value, toFree) {
        if (typeof value != 'string') throw new TypeError('Cannot pass non-string to std::string');
        // At most 3 UTF-8 bytes per UTF-16 unit; the length word holds what was written.
        var units = value.length;
        var ptr = _malloc(4 + 3 * units + 1);
        if (!ptr) throw new RangeError('out of memory');
        var at = ptr + 4;
        var length = 0;
        if (units <= SHORT) {
          for (var code; length < units && (code = value.charCodeAt(length)) < 128; ++length) HEAPU8[at + length] = code;
        }
        if (length < units) {
          length += encoder.encodeInto(value.slice(length), HEAPU8.subarray(at + length, at + 3 * units)).written;
        }
        HEAPU32[ptr >> 2] = length;
        HEAPU8[at + length] = 0;
        toFree.push(ptr);
        return ptr;
      },
      function(wire) {
        var length = HEAPU32[wire >> 2];
        var at = wire + 4;
        var text = '';
        var i = 0;
        if (length <= SHORT) {
          for (var code; i < length && (code = HEAPU8[at + i]) < 128; ++i) text += String.fromCharCode(code);
        }
        if (i < length) text = decoder.decode(HEAPU8.subarray(at, at + length));
        _free(wire);
        return text;
      },
    ];
  },

  // Module[name](...args): wires the arguments, calls the C++ invoker, frees the strings it
  // passed, unwires the result. Types are looked up at the first call (the registrations run from
  // static constructors in any order).
  _embind_register_function__deps: ['$embindLiteTypes', '$getWasmTableEntry'],
  _embind_register_function: function(name, argCount, rawArgTypesAddr, signature, rawInvoker, fn) {
    var typeIds = Array.from(HEAPU32.subarray(rawArgTypesAddr >> 2, (rawArgTypesAddr >> 2) + argCount));
    var invoker = getWasmTableEntry(rawInvoker);
    var types;
    // Binding names are ASCII (web/bindings.cpp): read by hand, so the glue needs no UTF8ToString.
    for (var text = ''; HEAPU8[name]; ) text += String.fromCharCode(HEAPU8[name++]);
    name = text;
    Module[name] = function() {
      if (arguments.length != argCount - 1) {
        throw new TypeError('function ' + name + ' called with ' + arguments.length + ' arguments, expected ' + (argCount - 1));
      }
      types = types || typeIds.map(function(id) {
        if (!embindLiteTypes[id]) throw new TypeError('Cannot call ' + name + ': unbound type ' + id);
        return embindLiteTypes[id];
      });
      var toFree = [];
      var wired = [fn];
      for (var i = 1; i < argCount; ++i) wired.push(types[i][0](arguments[i - 1], toFree));
      var rv = invoker.apply(null, wired);
      toFree.forEach(_free);
      return types[0][1](rv);
    };
  },
});
