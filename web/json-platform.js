// Linked with --js-library (web/wasm.cmake): the JavaScript side of web/json-platform.cpp. The
// browser's JSON.parse reads the text, with the core's own rules on top (src/json.hpp): valid
// UTF-8 (a byte-order mark is not whitespace), nesting at most 64 deep, no lone surrogate in a
// string, no number beyond double range. The value goes back as a tape: a tag byte per value
// (0 null, 1 true, 2 false, 3 number: 8 bytes, 4 string, 5 array, 6 object), then for a string its
// UTF-8 length (4 bytes) and bytes, for an array its length and elements, for an object its
// length and key, value pairs.
mergeInto(LibraryManager.library, {
  $mqliteTape: null,
  $mqliteTapeDecoder: null,  // made once
  $mqliteTapeBuffer: null,  // kept between calls (the tape is copied out at once), up to 64 KB

  // The tape's size, kept for mqliteJsonTapeCopy; 0 when the text is not valid. The tape is at most
  // 9 bytes per byte of text (a one-digit number).
  mqliteJsonTape__deps: ['$mqliteTape', '$mqliteTapeDecoder', '$mqliteTapeBuffer'],
  mqliteJsonTape: function(text, size) {
    var decoder = mqliteTapeDecoder || (mqliteTapeDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }));
    var out = mqliteTapeBuffer;
    if (!out || out.length < 9 * size + 9) {
      out = new Uint8Array(9 * size + 9);
      if (size < 7e3) mqliteTapeBuffer = out;  // events: a big model's buffer is not kept
    }
    var view = new DataView(out.buffer), at = 0;
    var u32 = function(n) { view.setUint32(at, n, true); at += 4; };
    var string = function(s) {
      var start = at += 4, i = 0, c;
      for (; i < s.length && (c = s.charCodeAt(i)) < 128; i++) out[at++] = c;  // ASCII (most text): no allocation
      if (i < s.length) {
        encodeURIComponent(s);  // throws on a lone surrogate
        at = start + new TextEncoder().encodeInto(s, out.subarray(start)).written;
      }
      view.setUint32(start - 4, at - start, true);
    };
    var value = function(v, depth) {
      if (v === null || v === true || v === false) out[at++] = v === null ? 0 : v ? 1 : 2;
      else if (typeof v == 'number') {
        if (!isFinite(v)) throw 0;
        out[at] = 3;
        view.setFloat64(at + 1, v, true);
        at += 9;
      } else if (typeof v == 'string') out[at++] = 4, string(v);
      else {
        if (depth >= 64) throw 0;
        var keys = Array.isArray(v) ? 0 : Object.keys(v), n = keys ? keys.length : v.length;
        out[at++] = keys ? 6 : 5;
        u32(n);
        for (var i = 0; i < n; i++) {
          if (keys) string(keys[i]);
          value(keys ? v[keys[i]] : v[i], depth + 1);
        }
      }
    };
    try {
      value(JSON.parse(decoder.decode(HEAPU8.subarray(text, text + size))), 0);
    } catch (e) {
      return 0;
    }
    mqliteTape = out.subarray(0, at);
    return at;
  },

  mqliteJsonTapeCopy__deps: ['$mqliteTape'],
  mqliteJsonTapeCopy: function(to) {
    HEAPU8.set(mqliteTape, to);
    mqliteTape = null;
  },
});
