/**
 * An ICC v2 display profile for sRGB, written from the published parameters of IEC 61966-2-1
 * (the primaries adapted to the D50 connection space, as in every ICC sRGB profile, and the
 * sRGB transfer curve sampled at 1 024 points). PDF/A needs an output intent with an ICC
 * profile for its DeviceRGB colours; writing the ~2.5 KB profile here avoids shipping a
 * third-party file and its licence. Deterministic: the same bytes in every process.
 */
export const SRGB_PROFILE_NAME = 'sRGB IEC61966-2.1'

const D50 = [0.9642, 1, 0.8249] as const
const PRIMARIES = {
  rXYZ: [0.4360747, 0.2225045, 0.0139322],
  gXYZ: [0.3850649, 0.7168786, 0.0971045],
  bXYZ: [0.1430804, 0.0606169, 0.7141733],
} as const
const CURVE_POINTS = 1024

let profile: Uint8Array | undefined

export function srgbProfile(): Uint8Array {
  profile ??= buildProfile()
  return profile
}

function buildProfile(): Uint8Array {
  const curve = curveTag()
  const tags: [string, Uint8Array][] = [
    ['desc', descTag(SRGB_PROFILE_NAME)],
    ['cprt', textTag('No copyright, use freely')],
    ['wtpt', xyzTag(D50)],
    ['rXYZ', xyzTag(PRIMARIES.rXYZ)],
    ['gXYZ', xyzTag(PRIMARIES.gXYZ)],
    ['bXYZ', xyzTag(PRIMARIES.bXYZ)],
    ['rTRC', curve],
    ['gTRC', curve],
    ['bTRC', curve],
  ]
  const tableLength = 4 + tags.length * 12
  // The three curves share one copy of their data, as the ICC format allows.
  const blocks: Uint8Array[] = []
  const offsets = new Map<Uint8Array, number>()
  let offset = 128 + tableLength
  for (const [, data] of tags) {
    if (offsets.has(data)) continue
    offsets.set(data, offset)
    blocks.push(data)
    offset += align4(data.length)
  }
  const bytes = new Uint8Array(offset)
  const view = new DataView(bytes.buffer)
  writeHeader(view, offset)
  view.setUint32(128, tags.length)
  tags.forEach(([signature, data], i) => {
    const entry = 132 + i * 12
    writeAscii(bytes, entry, signature)
    view.setUint32(entry + 4, offsets.get(data) ?? 0)
    view.setUint32(entry + 8, data.length)
  })
  for (const data of blocks) bytes.set(data, offsets.get(data) ?? 0)
  return bytes
}

function writeHeader(view: DataView, size: number): void {
  const bytes = new Uint8Array(view.buffer)
  view.setUint32(0, size)
  view.setUint32(8, 0x02100000)
  writeAscii(bytes, 12, 'mntr')
  writeAscii(bytes, 16, 'RGB ')
  writeAscii(bytes, 20, 'XYZ ')
  // Creation date: a fixed day, so the profile never changes.
  for (const [i, part] of [2026, 1, 1, 0, 0, 0].entries()) view.setUint16(24 + i * 2, part)
  writeAscii(bytes, 36, 'acsp')
  view.setUint32(64, 0)
  D50.forEach((value, i) => {
    view.setInt32(68 + i * 4, s15Fixed16(value))
  })
}

function descTag(text: string): Uint8Array {
  // textDescriptionType: ASCII, then empty Unicode and ScriptCode descriptions.
  const bytes = new Uint8Array(12 + text.length + 1 + 4 + 4 + 2 + 1 + 67)
  const view = new DataView(bytes.buffer)
  writeAscii(bytes, 0, 'desc')
  view.setUint32(8, text.length + 1)
  writeAscii(bytes, 12, text)
  return bytes
}

function textTag(text: string): Uint8Array {
  const bytes = new Uint8Array(8 + text.length + 1)
  writeAscii(bytes, 0, 'text')
  writeAscii(bytes, 8, text)
  return bytes
}

function xyzTag(xyz: readonly [number, number, number]): Uint8Array {
  const bytes = new Uint8Array(20)
  const view = new DataView(bytes.buffer)
  writeAscii(bytes, 0, 'XYZ ')
  xyz.forEach((value, i) => {
    view.setInt32(8 + i * 4, s15Fixed16(value))
  })
  return bytes
}

/** The sRGB transfer function: linear near black, a 2.4 power above. */
function curveTag(): Uint8Array {
  const bytes = new Uint8Array(12 + CURVE_POINTS * 2)
  const view = new DataView(bytes.buffer)
  writeAscii(bytes, 0, 'curv')
  view.setUint32(8, CURVE_POINTS)
  for (let i = 0; i < CURVE_POINTS; i++) {
    const encoded = i / (CURVE_POINTS - 1)
    const linear = encoded <= 0.04045 ? encoded / 12.92 : ((encoded + 0.055) / 1.055) ** 2.4
    view.setUint16(12 + i * 2, Math.round(linear * 65535))
  }
  return bytes
}

function s15Fixed16(value: number): number {
  return Math.round(value * 65536)
}

function writeAscii(bytes: Uint8Array, at: number, text: string): void {
  for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i)
}

function align4(length: number): number {
  return length + ((4 - (length % 4)) % 4)
}
