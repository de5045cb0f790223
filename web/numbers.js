// Linked with --js-library (web/wasm.cmake): the JavaScript side of web/numbers.cpp. Numbers are
// ASCII, so they cross the boundary byte by byte.
mergeInto(LibraryManager.library, {
  // value: finite, not a whole number below 1e17. The format of src/numbers.hpp: String() between
  // 1e-4 and 1e15 (the same shortest digits), else toExponential() with two exponent digits at least.
  // At most 24 characters ("-1.2345678901234567e-308"), in a buffer of 32.
  mqliteShortestText: function(value, out) {
    var text = value.toExponential(), e = text.indexOf('e'), power = +text.slice(e + 1);
    if (power >= -4 && power < 15) text = String(value);
    else if (power > -10 && power < 10) text = text.slice(0, e + 2) + '0' + text.slice(e + 2);
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
