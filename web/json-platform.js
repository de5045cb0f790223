// Linked with --js-library (web/wasm.cmake): the JavaScript side of web/json-platform.cpp. The
// browser's JSON.parse reads the text, with the core's own rules on top (src/json.hpp): valid
// UTF-8 (a byte-order mark is not whitespace), nesting at most 64 deep, no lone surrogate in a
// string, no number beyond double range. The value goes back as a tape: a tag byte per value
// (0 null, 1 true, 2 false, 3 number: 8 bytes, 4 string, 5 array, 6 object), then for a string its
// UTF-8 length (4 bytes) and bytes, for an array its length and elements, for an object its
// length and key, value pairs.
mergeInto(LibraryManager.library, {
  $mqliteTape: null,
  $mqliteTapeTools: null,  // made once: a strict UTF-8 decoder, a double and its bytes

  // The tape's size, kept for mqliteJsonTapeCopy; 0 when the text is not valid.
  mqliteJsonTape__deps: ['$mqliteTape', '$mqliteTapeTools'],
  mqliteJsonTape: function(text, size) {
    var tools = mqliteTapeTools || (mqliteTapeTools = [new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }), new Float64Array(1)]);
    var out = [], number = tools[1], numberBytes = new Uint8Array(number.buffer);
    var u32 = function(n) { out.push(n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24); };
    var string = function(s) {
      var at = out.length, i = 0, c;
      u32(s.length);
      for (; i < s.length && (c = s.charCodeAt(i)) < 128; i++) out.push(c);
      if (i < s.length) {  // not ASCII: encoded whole (encodeURIComponent throws on a lone surrogate)
        encodeURIComponent(s);
        var bytes = new TextEncoder().encode(s);
        out.length = at;
        u32(bytes.length);
        for (i = 0; i < bytes.length; i++) out.push(bytes[i]);
      }
    };
    var value = function(v, depth) {
      var i;
      if (v === null || v === true || v === false) out.push(v === null ? 0 : v ? 1 : 2);
      else if (typeof v == 'number') {
        if (!isFinite(v)) throw 0;
        number[0] = v;
        out.push(3);
        for (i = 0; i < 8; i++) out.push(numberBytes[i]);
      } else if (typeof v == 'string') out.push(4), string(v);
      else {
        if (depth >= 64) throw 0;
        var keys = Array.isArray(v) ? 0 : Object.keys(v), n = keys ? keys.length : v.length;
        out.push(keys ? 6 : 5);
        u32(n);
        for (i = 0; i < n; i++) {
          if (keys) string(keys[i]);
          value(keys ? v[keys[i]] : v[i], depth + 1);
        }
      }
    };
    try {
      value(JSON.parse(tools[0].decode(HEAPU8.subarray(text, text + size))), 0);
    } catch (e) {
      return 0;
    }
    mqliteTape = out;
    return out.length;
  },

  mqliteJsonTapeCopy__deps: ['$mqliteTape'],
  mqliteJsonTapeCopy: function(to) {
    HEAPU8.set(mqliteTape, to);
    mqliteTape = null;
  },
});
