import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodePDFRawStream, PDFArray, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib'
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs'

/** A box in PDF points, y upwards. */
export interface Box {
  page: number
  left: number
  right: number
  bottom: number
  top: number
}

export interface TextRunBox extends Box {
  text: string
}

/**
 * Every upright text run as pdf.js reads it, with the box its glyphs occupy: from the
 * baseline's descender depth to the cap height (ascent minus accents, so that an accented
 * capital does not touch the line above, as on paper).
 */
export async function pdfJsTextRuns(bytes: Uint8Array): Promise<TextRunBox[]> {
  const document = await getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise
  try {
    const runs: TextRunBox[] = []
    for (let page = 1; page <= document.numPages; page++) {
      const content = await (await document.getPage(page)).getTextContent()
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue
        const [a, b, , d, x, y] = item.transform.map(Number) as number[]
        if (b !== 0) continue
        const size = Math.abs(d ?? a ?? 0)
        const left = x ?? 0
        const baseline = y ?? 0
        runs.push({
          page,
          text: item.str,
          left,
          right: left + item.width,
          bottom: baseline - 0.22 * size,
          top: baseline + 0.72 * size,
        })
      }
    }
    return runs
  } finally {
    await document.destroy()
  }
}

/** One glyph as pdf.js draws it: where its origin is, and the text it stands for. */
export interface DrawnGlyph {
  page: number
  x: number
  baseline: number
  text: string
}

/**
 * Every upright glyph in the order and at the place pdf.js draws it (its operator list, not
 * its text extraction, which reorders right-to-left text): what a reader's eye meets, left
 * to right. Works on the receipts' own content streams (Tf, then Tm and one Tj per piece).
 */
export async function drawnGlyphs(bytes: Uint8Array): Promise<DrawnGlyph[]> {
  const document = await getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise
  try {
    const glyphs: DrawnGlyph[] = []
    for (let page = 1; page <= document.numPages; page++) {
      const { fnArray, argsArray } = await (await document.getPage(page)).getOperatorList()
      let size = 0
      let matrix = [1, 0, 0, 1, 0, 0]
      fnArray.forEach((fn, index) => {
        const args = argsArray[index] as unknown[]
        if (fn === OPS.setFont) size = Number(args[1])
        else if (fn === OPS.setTextMatrix) matrix = (args as number[]).map(Number)
        else if (fn === OPS.showText && matrix[1] === 0) {
          let x = matrix[4] ?? 0
          for (const glyph of args[0] as ({ unicode: string; width: number } | number)[]) {
            if (typeof glyph === 'number') continue
            glyphs.push({ page, x, baseline: matrix[5] ?? 0, text: glyph.unicode })
            x += (glyph.width * size) / 1000
          }
        }
      })
    }
    return glyphs
  } finally {
    await document.destroy()
  }
}

/**
 * The glyphs drawn on the line that contains `marker`, left to right, as one string (no-break
 * spaces read as spaces).
 */
export function visualLine(glyphs: readonly DrawnGlyph[], marker: RegExp): string {
  const lines = new Map<string, DrawnGlyph[]>()
  for (const glyph of glyphs) {
    const key = `${glyph.page}:${glyph.baseline.toFixed(1)}`
    lines.set(key, [...(lines.get(key) ?? []), glyph])
  }
  for (const line of lines.values()) {
    const text = line
      .sort((a, b) => a.x - b.x)
      .map((glyph) => glyph.text)
      .join('')
      .replaceAll('\u00a0', ' ')
    if (marker.test(text)) return text
  }
  return ''
}

/** Rectangles stroked on each page (frames, boxes, stamps), read from the content streams. */
export async function strokedRectangles(bytes: Uint8Array): Promise<Box[]> {
  const doc = await PDFDocument.load(bytes)
  const boxes: Box[] = []
  doc.getPages().forEach((page, index) => {
    const contents = page.node.lookup(PDFName.of('Contents'))
    const streams = contents instanceof PDFArray ? contents.asArray() : [contents]
    for (const ref of streams) {
      const stream = ref instanceof PDFRawStream ? ref : doc.context.lookup(ref)
      if (!(stream instanceof PDFRawStream)) continue
      const text = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1')
      const number = '(-?[\\d.]+)'
      const pattern = new RegExp(`${number} ${number} ${number} ${number} re [SB]\\b`, 'g')
      for (const match of text.matchAll(pattern)) {
        const [x, y, w, h] = match.slice(1, 5).map(Number) as [number, number, number, number]
        boxes.push({ page: index + 1, left: x, right: x + w, bottom: y, top: y + h })
      }
    }
  })
  return boxes
}

export interface Word extends Box {
  text: string
}

/** Poppler's words (`pdftotext -bbox`): a word ends where poppler sees a space or a gap. */
export function popplerWords(bytes: Uint8Array): Word[] {
  return withPdfFile(bytes, (path) => {
    const html = execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8' })
    const words: Word[] = []
    let page = 0
    let height = 0
    for (const line of html.split('\n')) {
      const pageMatch = line.match(/<page width="[\d.]+" height="([\d.]+)">/)
      if (pageMatch) {
        page += 1
        height = Number(pageMatch[1])
        continue
      }
      const word = line.match(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/,
      )
      if (!word) continue
      const [xMin, yMin, xMax, yMax] = word.slice(1, 5).map(Number) as number[]
      words.push({
        page,
        text: unescapeHtml(word[5] ?? ''),
        left: xMin ?? 0,
        right: xMax ?? 0,
        top: height - (yMin ?? 0),
        bottom: height - (yMax ?? 0),
      })
    }
    return words
  })
}

/** `pdffonts`' table: one row per font, with its embedded flag. */
export function pdfFonts(bytes: Uint8Array): { name: string; type: string; embedded: boolean }[] {
  return withPdfFile(bytes, (path) => {
    const lines = execFileSync('pdffonts', [path], { encoding: 'utf8' }).split('\n').slice(2)
    return lines
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const columns = line.trim().split(/\s{2,}|\s(?=yes|no)/)
        const flags = line.match(/\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/)
        return { name: columns[0] ?? '', type: columns[1] ?? '', embedded: flags?.[1] === 'yes' }
      })
  })
}

export function pdfToText(bytes: Uint8Array): string {
  return withPdfFile(bytes, (path) => execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }))
}

export function withPdfFile<T>(bytes: Uint8Array, use: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'receipt-pdf-'))
  try {
    const path = join(dir, 'receipt.pdf')
    writeFileSync(path, bytes)
    return use(path)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function unescapeHtml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
}
