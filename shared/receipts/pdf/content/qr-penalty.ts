/**
 * The penalty score of a QR code (ISO/IEC 18004 §7.8.3) exactly as Project Nayuki's reference
 * generator computes it: the mask with the lowest score is the one drawn, so any difference,
 * even on a mask that loses, could one day pick another mask and move a receipt's bytes
 * (test/receipts/qr-penalty.test.ts holds it to a plain transcription of the reference).
 *
 * Choosing the mask scores eight masks a code, every row and every column: most of a code's
 * cost. Walking the modules one by one mispredicts a branch at every other module (the data
 * is random by design), so the code is scored on bits instead: 32 modules to a word, rows and
 * columns both stored, runs found from the positions where the colour changes, 2×2 blocks and
 * the dark count by popcount.
 */

/**
 * Modules as bits, 32 to a word, dark set: module x of row y is bit x & 31 of
 * `rows[y * words + (x >>> 5)]`; `columns` holds the transpose. Bits past `size` stay 0.
 */
export interface PackedModules {
  readonly size: number
  readonly words: number
  readonly rows: Int32Array
  readonly columns: Int32Array
}

export function emptyModules(size: number): PackedModules {
  const words = (size + 31) >>> 5
  return {
    size,
    words,
    rows: new Int32Array(size * words),
    columns: new Int32Array(size * words),
  }
}

/** `dark`: the modules row by row, 1 for dark. */
export function packModules(dark: Uint8Array, size: number): PackedModules {
  const packed = emptyModules(size)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) if (dark[y * size + x] === 1) setModule(packed, x, y, true)
  }
  return packed
}

export function setModule(packed: PackedModules, x: number, y: number, dark: boolean): void {
  const { rows, columns, words } = packed
  const across = y * words + (x >>> 5)
  const down = x * words + (y >>> 5)
  if (dark) {
    rows[across] = (rows[across] as number) | (1 << (x & 31))
    columns[down] = (columns[down] as number) | (1 << (y & 31))
  } else {
    rows[across] = (rows[across] as number) & ~(1 << (x & 31))
    columns[down] = (columns[down] as number) & ~(1 << (y & 31))
  }
}

/** target = a XOR b, module by module (a mask over a code). */
export function xorModules(target: PackedModules, a: PackedModules, b: PackedModules): void {
  for (let i = 0; i < target.rows.length; i++) {
    target.rows[i] = (a.rows[i] as number) ^ (b.rows[i] as number)
    target.columns[i] = (a.columns[i] as number) ^ (b.columns[i] as number)
  }
}

const PENALTY_N1 = 3
const PENALTY_N2 = 3
const PENALTY_N3 = 40
const PENALTY_N4 = 10

export function qrPenalty(modules: PackedModules): number {
  const { size, words, rows, columns } = modules
  let result = 0
  for (let line = 0; line < size * words; line += words) {
    result += linePenalty(rows, line, words, size)
    result += linePenalty(columns, line, words, size)
  }
  return result + blockPenalty(modules) + balancePenalty(modules)
}

/**
 * Runs of five or more modules of one colour (N1: 3, plus 1 a module past five), and
 * finder-like patterns (N3: dark runs n, n, 3n, n, n between light runs, one of them at least
 * 4n long, the other at least n), along one line of `words` words from `offset`. As in the
 * reference, `size` light modules are counted before the line's first run and after its last.
 */
function linePenalty(bits: Int32Array, offset: number, words: number, size: number): number {
  let result = 0
  // The completed runs, newest first: light, dark, light… (h0 light when a light run ends).
  let h0 = 0
  let h1 = 0
  let h2 = 0
  let h3 = 0
  let h4 = 0
  let h5 = 0
  let h6 = 0
  let border = size
  let colour = 0
  let start = 0
  let carry = 0
  for (let word = 0; word < words; word++) {
    const value = bits[offset + word] as number
    // Bit i: module i differs from module i − 1 (a light module before the line).
    let changes = value ^ ((value << 1) | carry)
    carry = value >>> 31
    const left = size - (word << 5)
    if (left < 32) changes &= (1 << left) - 1
    while (changes !== 0) {
      const lowest = changes & -changes
      changes ^= lowest
      const at = (word << 5) + 31 - Math.clz32(lowest)
      const length = at - start
      if (length >= 5) result += length - 5 + PENALTY_N1
      h6 = h5
      h5 = h4
      h4 = h3
      h3 = h2
      h2 = h1
      h1 = h0
      h0 = length + border
      border = 0
      // A light run has just ended: the dark run before it may close a finder-like pattern.
      if (colour === 0) result += finderLike(h0, h1, h2, h3, h4, h5, h6) * PENALTY_N3
      colour ^= 1
      start = at
    }
  }
  let length = size - start
  if (length >= 5) result += length - 5 + PENALTY_N1
  // The line's end, as if light modules followed.
  if (colour === 1) {
    h6 = h5
    h5 = h4
    h4 = h3
    h3 = h2
    h2 = h1
    h1 = h0
    h0 = length
    length = 0
  }
  return result + finderLike(length + size + border, h0, h1, h2, h3, h4, h5) * PENALTY_N3
}

/** 0, 1 or 2: the pattern counts once for each side light enough (≥ 4n, the other ≥ n). */
function finderLike(
  after: number,
  n: number,
  h2: number,
  h3: number,
  h4: number,
  h5: number,
  before: number,
): number {
  if (n === 0 || h2 !== n || h3 !== n * 3 || h4 !== n || h5 !== n) return 0
  return (after >= n * 4 && before >= n ? 1 : 0) + (before >= n * 4 && after >= n ? 1 : 0)
}

/** N2: each 2×2 block of one colour. */
function blockPenalty({ size, words, rows }: PackedModules): number {
  let blocks = 0
  for (let line = 0; line < (size - 1) * words; line += words) {
    for (let word = 0; word < words; word++) {
      const top = rows[line + word] as number
      const bottom = rows[line + words + word] as number
      const nextTop = word + 1 < words ? (rows[line + word + 1] as number) : 0
      const nextBottom = word + 1 < words ? (rows[line + words + word + 1] as number) : 0
      // Bit x: the module at x + 1, in the same row.
      const topRight = (top >>> 1) | (nextTop << 31)
      const bottomRight = (bottom >>> 1) | (nextBottom << 31)
      let same = ~(top ^ bottom) & ~(topRight ^ bottomRight) & ~(top ^ topRight)
      // A block starts at x = 0 … size − 2.
      const left = size - 1 - (word << 5)
      if (left < 32) same &= (1 << left) - 1
      blocks += popcount(same)
    }
  }
  return blocks * PENALTY_N2
}

/** N4: 10 for every 5 % (or part of it) the dark share strays from half, beyond the first. */
function balancePenalty({ size, rows }: PackedModules): number {
  let darkCount = 0
  for (let i = 0; i < rows.length; i++) darkCount += popcount(rows[i] as number)
  const total = size * size
  // ceil(|dark·20 − total·10| / total) − 1, in integers.
  const deviation = Math.abs(darkCount * 20 - total * 10)
  return (Math.floor((deviation + total - 1) / total) - 1) * PENALTY_N4
}

function popcount(value: number): number {
  let x = value - ((value >>> 1) & 0x55555555)
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24
}
