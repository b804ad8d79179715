import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { PDFDocument } from 'pdf-lib'
import { AppError } from '../../../errors.js'
import {
  BUNDLED_FONT_DIR,
  bundledFontFileName,
  type EmbeddedFontName,
  FONT_MODULE_PATHS,
} from './font-sources.js'
import { padOddGlyphsInSubsets } from './pad-odd-glyphs.js'

export type { EmbeddedFontName } from './font-sources.js'

/**
 * The embedded fonts, used only when a string cannot be written with the standard PDF fonts.
 * Order matters: each character goes to the first font that has it. DejaVu Sans covers Latin
 * (Vietnamese included), Greek, Cyrillic, Arabic, Hebrew, Armenian and Georgian; Noto Sans SC
 * adds Chinese and Japanese, Noto Sans KR adds Hangul. All are TrueType: fontkit subsets glyf
 * fonts fast, while the CFF (.otf) CJK fonts cost ~100 ms and ~40 KB per receipt.
 */
/**
 * Size factors that match each font's apparent size to Helvetica's: DejaVu is drawn wide and
 * CJK glyphs fill the whole em, so at the same point size a name would look shouted.
 */
export const FONT_SCALE: Record<EmbeddedFontName, number> = {
  // Layout 2 only (embedded-font-book.ts), which has its own scales: never in these chains.
  'noto-sans': 1,
  'noto-sans-bold': 1,
  'noto-sans-italic': 1,
  'noto-sans-bold-italic': 1,
  'dejavu-sans': 0.92,
  'dejavu-sans-bold': 0.92,
  'noto-sans-sc': 0.9,
  'noto-sans-kr': 0.9,
}

/** Fallback order per weight; bold text falls back to regular glyphs rather than to nothing. */
export const FALLBACK_CHAINS = {
  regular: ['dejavu-sans', 'noto-sans-sc', 'noto-sans-kr'],
  bold: ['dejavu-sans-bold', 'dejavu-sans', 'noto-sans-sc', 'noto-sans-kr'],
} as const satisfies Record<string, readonly EmbeddedFontName[]>

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0]
type FontkitFont = ReturnType<Fontkit['create']>

let fontkit: Fontkit | undefined

/**
 * fontkit is 0.9 MB of code, 40 % of the deliver bundle: it is its own chunk, loaded when the
 * first receipt of the process is rendered rather than at every cold start of every function
 * that can render one. renderReceiptPdf() awaits this before drawing.
 */
export async function loadFontkit(): Promise<void> {
  fontkit ??= (await import('@pdf-lib/fontkit')).default
}

function loadedFontkit(): Fontkit {
  if (!fontkit) throw new Error('fontkit is not loaded: await loadFontkit() before rendering')
  return fontkit
}

const bytesByName = new Map<EmbeddedFontName, Uint8Array>()
const parsedByBytes = new WeakMap<Uint8Array, FontkitFont>()

/** The font file, read once per process (the CJK ones are 6–10 MB). */
export function fontBytes(name: EmbeddedFontName): Uint8Array {
  const cached = bytesByName.get(name)
  if (cached) return cached
  const bytes = readFontFile(name)
  bytesByName.set(name, bytes)
  return bytes
}

/** The parsed font behind fontBytes(name), shared by every document of the process. */
export function parsedFont(name: EmbeddedFontName): FontkitFont {
  return memoisedFontkit.create(fontBytes(name))
}

/**
 * pdf-lib parses the font again for every document; parsing dominates the cost of an embedded
 * font (toolchain.md §6: 15 → 70 documents/s). pdf-lib only reads the parsed font, so one
 * instance per buffer can be shared. Each instance also gets the odd-glyph subsetting fix.
 */
export const memoisedFontkit: Fontkit = {
  create(buffer) {
    const cached = parsedByBytes.get(buffer)
    if (cached) return cached
    const font = padOddGlyphsInSubsets(loadedFontkit().create(buffer))
    parsedByBytes.set(buffer, font)
    return font
  },
}

function readFontFile(name: EmbeddedFontName): Uint8Array {
  const path = fontFilePath(name)
  try {
    return readFileSync(path)
  } catch (cause) {
    throw new AppError('runtime.unavailable', `font file ${FONT_MODULE_PATHS[name]} not found`, {
      cause,
    })
  }
}

/**
 * node_modules when it is there (local runs, tests); otherwise the copy that the CDK app ships
 * in `fonts/` beside the Lambda bundle, which has no node_modules.
 */
export function fontFilePath(name: EmbeddedFontName, moduleUrl: string = import.meta.url): string {
  try {
    return createRequire(moduleUrl).resolve(FONT_MODULE_PATHS[name])
  } catch {
    return bundledFontPath(name, moduleUrl)
  }
}

export function bundledFontPath(name: EmbeddedFontName, moduleUrl: string): string {
  return fileURLToPath(new URL(`${BUNDLED_FONT_DIR}/${bundledFontFileName(name)}`, moduleUrl))
}
