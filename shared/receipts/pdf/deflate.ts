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
 * output on every platform and Node release. Both settings are given, not left to fflate's
 * defaults (it derives the memory level from Math.log of the input size). Level 3 deflates a
 * page's 28 KB stream in about half the time of level 6, for 0.5 KB more; memory level 4
 * (a 128 KB hash table) is as small as fflate advises, 8 costs more to clear than to deflate.
 */
export const portableDeflate: Deflate = (bytes) => zlibSync(bytes, { level: 3, mem: 4 })
