/**
 * A QR code (ISO/IEC 18004) of a text in byte mode (UTF-8): its modules row by row, true for
 * dark, without the quiet zone. The algorithm is Project Nayuki's reference generator (MIT),
 * the one most libraries port: smallest version that fits, Reed-Solomon blocks interleaved,
 * and the mask with the lowest penalty. Written here rather than imported because a receipt's
 * bytes must never move (a library's update could pick another mask), and because the port
 * tried (uqr) took about 5 ms of CPU a code on the development machine, as much as the rest
 * of the receipt; this one, on typed arrays, integers and GF(256) tables, with the masks
 * scored on bits (qr-penalty.ts), about 0.3 ms. test/receipts/qr-code.test.ts checks it
 * module for module against that port.
 */
import {
  emptyModules,
  type PackedModules,
  packModules,
  qrPenalty,
  setModule,
  xorModules,
} from './qr-penalty.js'

export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H'

const LEVELS: Record<QrErrorCorrection, { index: number; formatBits: number }> = {
  L: { index: 0, formatBits: 1 },
  M: { index: 1, formatBits: 0 },
  Q: { index: 2, formatBits: 3 },
  H: { index: 3, formatBits: 2 },
}

// Per error correction level (L, M, Q, H), indexed by version (index 0 unused).
const ECC_CODEWORDS_PER_BLOCK = [
  [
    -1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30,
    30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
  [
    -1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28,
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  ],
  [
    -1, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30,
    30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
  [
    -1, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
]
const NUM_ERROR_CORRECTION_BLOCKS = [
  [
    -1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14,
    15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25,
  ],
  [
    -1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23,
    25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
  ],
  [
    -1, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34,
    34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68,
  ],
  [
    -1, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35,
    37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
  ],
]

export function qrModules(text: string, ecc: QrErrorCorrection = 'M'): boolean[][] {
  const level = LEVELS[ecc]
  const bytes = new TextEncoder().encode(text)
  const version = smallestVersion(bytes.length, level.index)
  const code = QrGrid.withFunctionPatterns(version, level.formatBits)
  code.drawCodewords(
    withErrorCorrection(dataCodewords(bytes, version, level.index), version, level.index),
  )
  const best = code.bestMask(level.formatBits)
  code.applyMask(best)
  code.drawFormatBits(level.formatBits, best)
  return code.rows()
}

function smallestVersion(length: number, level: number): number {
  for (let version = 1; version <= 40; version++) {
    const countBits = version < 10 ? 8 : 16
    if (4 + countBits + length * 8 <= numDataCodewords(version, level) * 8) return version
  }
  throw new RangeError(`a QR code cannot hold ${length} bytes`)
}

/** Data modules of a version: all modules less the function patterns. */
function numRawDataModules(version: number): number {
  let result = (16 * version + 128) * version + 64
  if (version >= 2) {
    const numAlign = Math.floor(version / 7) + 2
    result -= (25 * numAlign - 10) * numAlign - 55
    if (version >= 7) result -= 36
  }
  return result
}

function numDataCodewords(version: number, level: number): number {
  const ecc =
    (ECC_CODEWORDS_PER_BLOCK[level]?.[version] ?? 0) *
    (NUM_ERROR_CORRECTION_BLOCKS[level]?.[version] ?? 0)
  return Math.floor(numRawDataModules(version) / 8) - ecc
}

/** Mode, count, bytes, terminator, then pad bytes 0xEC 0x11 to the capacity. */
function dataCodewords(bytes: Uint8Array, version: number, level: number): Uint8Array {
  const capacity = numDataCodewords(version, level)
  const codewords = new Uint8Array(capacity)
  let length = 0
  // Big-endian, into the zeroed codewords: only set bits need writing.
  const append = (value: number, bits: number) => {
    for (let i = bits - 1; i >= 0; i--, length++) {
      if (((value >>> i) & 1) === 1) {
        const at = length >>> 3
        codewords[at] = (codewords[at] as number) | (0x80 >>> (length & 7))
      }
    }
  }
  append(0b0100, 4)
  append(bytes.length, version < 10 ? 8 : 16)
  for (const byte of bytes) append(byte, 8)
  length += Math.min(4, capacity * 8 - length)
  length += (8 - (length % 8)) % 8
  for (let at = length >>> 3, pad = 0xec; at < capacity; at++, pad ^= 0xec ^ 0x11)
    codewords[at] = pad
  return codewords
}

/** The data split into blocks, each followed by its Reed-Solomon codewords, interleaved. */
function withErrorCorrection(data: Uint8Array, version: number, level: number): Uint8Array {
  const numBlocks = NUM_ERROR_CORRECTION_BLOCKS[level]?.[version] ?? 1
  const eccLength = ECC_CODEWORDS_PER_BLOCK[level]?.[version] ?? 0
  const rawCodewords = Math.floor(numRawDataModules(version) / 8)
  const numShortBlocks = numBlocks - (rawCodewords % numBlocks)
  const shortBlockLength = Math.floor(rawCodewords / numBlocks)
  const shortDataLength = shortBlockLength - eccLength
  const divisor = reedSolomonDivisor(eccLength)
  const result = new Uint8Array(rawCodewords)
  // Data codewords first, column by column across the blocks (a short block has one less),
  // then the error correction codewords the same way.
  for (let block = 0, k = 0; block < numBlocks; block++) {
    const dataLength = shortDataLength + (block < numShortBlocks ? 0 : 1)
    const blockData = data.subarray(k, k + dataLength)
    k += dataLength
    for (let i = 0; i < dataLength; i++) {
      const before = i < shortDataLength ? i * numBlocks : shortDataLength * numBlocks
      const column = i < shortDataLength ? block : block - numShortBlocks
      result[before + column] = blockData[i] as number
    }
    const ecc = reedSolomonRemainder(blockData, divisor)
    const eccStart = data.length
    for (let i = 0; i < eccLength; i++) result[eccStart + i * numBlocks + block] = ecc[i] as number
  }
  return result
}

const LOG_DIVISORS = new Map<number, Uint8Array>()

/**
 * The generator polynomial of a degree, as the logarithms of its coefficients: the same for
 * every code, worked out once. None is 0 (checked), so none lacks a logarithm.
 */
function reedSolomonDivisor(degree: number): Uint8Array {
  let logs = LOG_DIVISORS.get(degree)
  if (!logs) {
    const divisor = newReedSolomonDivisor(degree)
    if (divisor.includes(0)) throw new Error(`a generator of degree ${degree} has a zero term`)
    logs = divisor.map((coefficient) => LOG[coefficient] as number)
    LOG_DIVISORS.set(degree, logs)
  }
  return logs
}

function newReedSolomonDivisor(degree: number): Uint8Array {
  const result = new Uint8Array(degree)
  result[degree - 1] = 1
  let root = 1
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      result[j] = multiply(result[j] as number, root)
      if (j + 1 < degree) result[j] = (result[j] as number) ^ (result[j + 1] as number)
    }
    root = multiply(root, 0x02)
  }
  return result
}

/** The remainder of the data by the divisor (the logarithms of its coefficients). */
function reedSolomonRemainder(data: Uint8Array, logDivisor: Uint8Array): Uint8Array {
  const degree = logDivisor.length
  const result = new Uint8Array(degree)
  for (const byte of data) {
    const factor = byte ^ (result[0] as number)
    result.copyWithin(0, 1)
    result[degree - 1] = 0
    if (factor === 0) continue
    const logFactor = LOG[factor] as number
    for (let i = 0; i < degree; i++)
      result[i] = (result[i] as number) ^ (EXP[(logDivisor[i] as number) + logFactor] as number)
  }
  return result
}

// GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1: exponentials of 2 and their logarithms.
const EXP = new Uint8Array(512)
const LOG = new Uint8Array(256)
for (let i = 0, value = 1; i < 255; i++) {
  EXP[i] = value
  EXP[i + 255] = value
  LOG[value] = i
  value = (value << 1) ^ (value & 0x80 ? 0x11d : 0)
}

/** Product in GF(2^8), by logarithms. */
function multiply(x: number, y: number): number {
  if (x === 0 || y === 0) return 0
  return EXP[(LOG[x] as number) + (LOG[y] as number)] as number
}

const MASK_PATTERNS = new Map<number, Uint8Array>()
const PACKED_MASK_PATTERNS = new Map<number, PackedModules>()
/** Function patterns and data module order by version and format bits (see withFunctionPatterns). */
const TEMPLATES = new Map<number, QrGrid>()

class QrGrid {
  readonly size: number
  private readonly dark: Uint8Array
  private readonly fixed: Uint8Array
  /** The data modules in the zigzag order drawCodewords fills them, once known. */
  private dataModules: Uint32Array | undefined

  constructor(readonly version: number) {
    this.size = version * 4 + 17
    this.dark = new Uint8Array(this.size * this.size)
    this.fixed = new Uint8Array(this.size * this.size)
  }

  /**
   * A grid with its function patterns drawn. They, and the order of the data modules, are
   * the same for every code of a version and level: drawn once, then copied.
   */
  static withFunctionPatterns(version: number, formatBits: number): QrGrid {
    const key = version * 4 + formatBits
    let template = TEMPLATES.get(key)
    if (!template) {
      template = new QrGrid(version)
      template.drawFunctionPatterns(formatBits)
      template.dataModules = template.dataModuleOrder()
      TEMPLATES.set(key, template)
    }
    const grid = new QrGrid(version)
    grid.dark.set(template.dark)
    grid.fixed.set(template.fixed)
    grid.dataModules = template.dataModules
    return grid
  }

  rows(): boolean[][] {
    const rows: boolean[][] = []
    for (let y = 0; y < this.size; y++) {
      const row: boolean[] = []
      for (let x = 0; x < this.size; x++) row.push(this.dark[y * this.size + x] === 1)
      rows.push(row)
    }
    return rows
  }

  drawFunctionPatterns(formatBits: number): void {
    const { size } = this
    for (let i = 0; i < size; i++) {
      this.setFixed(6, i, i % 2 === 0)
      this.setFixed(i, 6, i % 2 === 0)
    }
    this.drawFinder(3, 3)
    this.drawFinder(size - 4, 3)
    this.drawFinder(3, size - 4)
    const positions = alignmentPositions(this.version)
    const last = positions.length - 1
    positions.forEach((x, i) => {
      positions.forEach((y, j) => {
        const corner = (i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)
        if (!corner) this.drawAlignment(x, y)
      })
    })
    this.drawFormatBits(formatBits, 0)
    this.drawVersion()
  }

  drawFormatBits(formatBits: number, mask: number): void {
    forEachFormatModule(this.size, formatBits, mask, (x, y, dark) => this.setFixed(x, y, dark))
  }

  /** The data bits in the zigzag order (see dataModuleOrder). */
  drawCodewords(codewords: Uint8Array): void {
    const order = this.dataModules ?? this.dataModuleOrder()
    const bits = Math.min(order.length, codewords.length * 8)
    for (let i = 0; i < bits; i++)
      this.dark[order[i] as number] = ((codewords[i >>> 3] as number) >>> (7 - (i & 7))) & 1
  }

  /** The modules not fixed, two columns at a time from the right, skipping the timing column. */
  private dataModuleOrder(): Uint32Array {
    const { size } = this
    const order: number[] = []
    for (let right = size - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5
      for (let vertical = 0; vertical < size; vertical++) {
        for (let j = 0; j < 2; j++) {
          const x = right - j
          const upward = ((right + 1) & 2) === 0
          const y = upward ? size - 1 - vertical : vertical
          const at = y * size + x
          if (this.fixed[at] === 0) order.push(at)
        }
      }
    }
    return Uint32Array.from(order)
  }

  /** XORs the mask over the data modules (applying it twice undoes it). */
  applyMask(mask: number): void {
    const pattern = this.maskPattern(mask)
    const { dark } = this
    for (let at = 0; at < dark.length; at++)
      dark[at] = (dark[at] as number) ^ (pattern[at] as number)
  }

  /** Which modules a mask flips: the same for every code of a version, so computed once. */
  private maskPattern(mask: number): Uint8Array {
    const key = this.version * 8 + mask
    let pattern = MASK_PATTERNS.get(key)
    if (!pattern) {
      const { size } = this
      pattern = new Uint8Array(size * size)
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const at = y * size + x
          pattern[at] = this.fixed[at] === 0 && masked(mask, x, y) ? 1 : 0
        }
      }
      MASK_PATTERNS.set(key, pattern)
    }
    return pattern
  }

  /**
   * The mask with the lowest penalty (the first of equals), each scored with its own format
   * bits, on a bit-packed copy of the code (qr-penalty.ts).
   */
  bestMask(formatBits: number): number {
    const { size } = this
    const unmasked = packModules(this.dark, size)
    const masked = emptyModules(size)
    let best = 0
    let lowest = Number.POSITIVE_INFINITY
    for (let mask = 0; mask < 8; mask++) {
      xorModules(masked, unmasked, this.packedMaskPattern(mask))
      forEachFormatModule(size, formatBits, mask, (x, y, dark) => setModule(masked, x, y, dark))
      const penalty = qrPenalty(masked)
      if (penalty < lowest) {
        best = mask
        lowest = penalty
      }
    }
    return best
  }

  private packedMaskPattern(mask: number): PackedModules {
    const key = this.version * 8 + mask
    let packed = PACKED_MASK_PATTERNS.get(key)
    if (!packed) {
      packed = packModules(this.maskPattern(mask), this.size)
      PACKED_MASK_PATTERNS.set(key, packed)
    }
    return packed
  }

  private drawFinder(x: number, y: number): void {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const distance = Math.max(Math.abs(dx), Math.abs(dy))
        const xx = x + dx
        const yy = y + dy
        if (xx >= 0 && xx < this.size && yy >= 0 && yy < this.size)
          this.setFixed(xx, yy, distance !== 2 && distance !== 4)
      }
    }
  }

  private drawAlignment(x: number, y: number): void {
    for (let dy = -2; dy <= 2; dy++) {
      for (let dx = -2; dx <= 2; dx++)
        this.setFixed(x + dx, y + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1)
    }
  }

  private drawVersion(): void {
    if (this.version < 7) return
    let remainder = this.version
    for (let i = 0; i < 12; i++) remainder = (remainder << 1) ^ ((remainder >>> 11) * 0x1f25)
    const bits = (this.version << 12) | remainder
    for (let i = 0; i < 18; i++) {
      const bit = ((bits >>> i) & 1) === 1
      const a = this.size - 11 + (i % 3)
      const b = Math.floor(i / 3)
      this.setFixed(a, b, bit)
      this.setFixed(b, a, bit)
    }
  }

  private setFixed(x: number, y: number, dark: boolean): void {
    const at = y * this.size + x
    this.dark[at] = dark ? 1 : 0
    this.fixed[at] = 1
  }
}

/** The 15 format bits (level and mask, BCH-protected) twice, and the module always dark. */
function forEachFormatModule(
  size: number,
  formatBits: number,
  mask: number,
  draw: (x: number, y: number, dark: boolean) => void,
): void {
  const data = (formatBits << 3) | mask
  let remainder = data
  for (let i = 0; i < 10; i++) remainder = (remainder << 1) ^ ((remainder >>> 9) * 0x537)
  const bits = ((data << 10) | remainder) ^ 0x5412
  const bit = (i: number) => ((bits >>> i) & 1) === 1
  for (let i = 0; i <= 5; i++) draw(8, i, bit(i))
  draw(8, 7, bit(6))
  draw(8, 8, bit(7))
  draw(7, 8, bit(8))
  for (let i = 9; i < 15; i++) draw(14 - i, 8, bit(i))
  for (let i = 0; i < 8; i++) draw(size - 1 - i, 8, bit(i))
  for (let i = 8; i < 15; i++) draw(8, size - 15 + i, bit(i))
  draw(8, size - 8, true)
}

/** Centres of the alignment patterns, the same list across and down. */
function alignmentPositions(version: number): number[] {
  if (version === 1) return []
  const numAlign = Math.floor(version / 7) + 2
  const size = version * 4 + 17
  // ceil((version·4 + 4) / (numAlign·2 − 2)) · 2, in integers; version 32 is the exception.
  const divisor = numAlign * 2 - 2
  const step = version === 32 ? 26 : Math.floor((version * 4 + 4 + divisor - 1) / divisor) * 2
  const result = [6]
  for (let position = size - 7; result.length < numAlign; position -= step)
    result.splice(1, 0, position)
  return result
}

function masked(mask: number, x: number, y: number): boolean {
  switch (mask) {
    case 0:
      return (x + y) % 2 === 0
    case 1:
      return y % 2 === 0
    case 2:
      return x % 3 === 0
    case 3:
      return (x + y) % 3 === 0
    case 4:
      return (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0
    case 5:
      return ((x * y) % 2) + ((x * y) % 3) === 0
    case 6:
      return (((x * y) % 2) + ((x * y) % 3)) % 2 === 0
    default:
      return (((x + y) % 2) + ((x * y) % 3)) % 2 === 0
  }
}
