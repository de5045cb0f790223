// Transfer sizes as a server would send them: raw, gzip -9 and brotli (quality 11) via node:zlib.
import fs from 'node:fs';
import zlib from 'node:zlib';

export function compressedSizes(buffers) {
  const sum = { raw: 0, gzip: 0, brotli: 0 };
  for (const bytes of buffers) {
    sum.raw += bytes.length;
    sum.gzip += zlib.gzipSync(bytes, { level: 9 }).length;
    sum.brotli += zlib.brotliCompressSync(bytes, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length;
  }
  return sum;
}

export function fileSizes(files) {
  for (const f of files) {
    if (!fs.existsSync(f)) throw new Error(`bench: ${f} is missing (run bash bench/run.sh, which builds it)`);
  }
  return compressedSizes(files.map((f) => fs.readFileSync(f)));
}
