// Linked with --js-library (web/wasm.cmake): the JavaScript side of web/numbers.cpp. Numbers are
// ASCII, so they cross the boundary byte by byte.
mergeInto(LibraryManager.library, {
  // value: finite, > 0. At most 23 characters ("1.2345678901234567e-308"), in a buffer of 32.
  mqliteShortestScientific: function(value, out) {
    var text = value.toExponential();
    for (var i = 0; i < text.length; i++) HEAPU8[out + i] = text.charCodeAt(i);
    return text.length;
  },

  // text: a decimal the core checked. Number() rounds correctly and gives ±Infinity beyond range.
  mqliteNearestDouble: function(text, length) {
    var s = '';
    for (var i = 0; i < length; i++) s += String.fromCharCode(HEAPU8[text + i]);
    return Number(s);
  },
});
