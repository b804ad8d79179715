import { deflateSync } from 'node:zlib'
import { zlibSync } from 'fflate'

/** Compresses a PDF stream (FlateDecode: zlib format). */
export type Deflate = (bytes: Uint8Array) => Uint8Array

/**
 * Layouts 1 and 2: the zlib inside the Node release. Their bytes were pinned with it and stay
 * so, but another Node (or zlib-ng, or a CPU with other SIMD paths) may compress differently.
 */
export const nodeZlibDeflate: Deflate = (bytes) => deflateSync(bytes)

/**
 * Layout 3: fflate, pure JavaScript, integers only, pinned in package-lock.json: the same
 * output on every platform and Node release. The memory level is given, not left to fflate's
 * default, which it derives from Math.log of the input size.
 */
export const portableDeflate: Deflate = (bytes) => zlibSync(bytes, { level: 6, mem: 8 })
