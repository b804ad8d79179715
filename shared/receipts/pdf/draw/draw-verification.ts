import type { ContentElement } from '../content/receipt-content.js'
import type { TextFonts } from '../fonts/font-book.js'
import { baselineBelow, drawLine, TONE_COLORS } from './draw-line.js'
import type { PageFlow } from './page-flow.js'
import { type Line, layoutLines, lineHeight } from './text-layout.js'

type Verification = Extract<ContentElement, { kind: 'verification' }>

/**
 * 1.5 pt (0.53 mm) modules: a 200-character link (57 modules) is 86 pt, 30 mm, a side, read
 * by a phone at arm's length and by zbarimg from a 150 dpi scan (about 3 pixels a module).
 */
const MODULE = 1.4
const GAP = 10
const TITLE_SIZE = 8.5
const TEXT_SIZE = 7.5

/** The QR code at the left of the column, its title, text and link on its right. */
export function drawVerification(flow: PageFlow, book: TextFonts, element: Verification): void {
  const layout = verificationLayout(flow.width, book, element)
  flow.ensure(layout.height)
  const top = flow.y
  flow.canvas.fillCells(element.modules, { x: flow.x, y: top }, MODULE, TONE_COLORS.value)
  let y = top
  for (const [lines, size] of layout.blocks) {
    for (const line of lines) {
      drawLine(flow.canvas, line, flow.x + layout.textX, baselineBelow(y, size))
      y -= lineHeight(size)
    }
    y -= 2
  }
  flow.advance(layout.height)
}

/** How tall the element is in a column of `width` (the signature row keeps room for it). */
export function verificationHeight(width: number, book: TextFonts, element: Verification) {
  return verificationLayout(width, book, element).height
}

// The signature row measures the element before drawing it: laid out once.
const layouts = new WeakMap<Verification, { width: number; layout: VerificationLayout }>()

interface VerificationLayout {
  textX: number
  blocks: [Line[], number][]
  height: number
}

function verificationLayout(
  width: number,
  book: TextFonts,
  element: Verification,
): VerificationLayout {
  const known = layouts.get(element)
  if (known?.width === width) return known.layout
  const layout = layOut(width, book, element)
  layouts.set(element, { width, layout })
  return layout
}

function layOut(width: number, book: TextFonts, element: Verification): VerificationLayout {
  const side = element.modules.length * MODULE
  const textX = side + GAP
  const textWidth = width - textX
  const blocks: [Line[], number][] = [
    [layoutLines(element.title, textWidth, TITLE_SIZE, book), TITLE_SIZE],
    [layoutLines(element.text, textWidth, TEXT_SIZE, book), TEXT_SIZE],
    [layoutLines(element.link, textWidth, TEXT_SIZE, book), TEXT_SIZE],
  ]
  const textHeight = blocks.reduce(
    (sum, [lines, size]) => sum + lines.length * lineHeight(size) + 2,
    0,
  )
  return { textX, blocks, height: Math.max(side, textHeight) + 4 }
}
