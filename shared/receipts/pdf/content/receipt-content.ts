/**
 * What a receipt prints, before any font or position is chosen. The per-form builders turn a
 * snapshot into this plain structure; the drawer lays it out. Keeping the two apart lets the
 * fonts be chosen (and embedded, which is async) from the full list of strings up front.
 */
export type SpanStyle = 'regular' | 'bold' | 'italic' | 'boldItalic'

/** How a span looks: wording is grey, filled-in data black, marks red. */
export type SpanTone = 'label' | 'value' | 'mark'

export interface Span {
  text: string
  style: SpanStyle
  tone: SpanTone
  /** A note call (⁵), drawn small and raised. */
  sup?: boolean
}

export type CheckShape = 'box' | 'radio'

export interface CheckOption {
  label: Span[]
  checked: boolean
}

export type ContentElement =
  | { kind: 'paragraph'; spans: Span[]; size?: number; align?: 'left' | 'center'; indent?: number }
  /** One checkbox with a label that may wrap (hanging indent). */
  | { kind: 'check'; shape: CheckShape; checked: boolean; label: Span[]; indent?: number }
  /** A row of short options after an optional label, wrapping between options. */
  | { kind: 'options'; label?: Span[]; options: CheckOption[] }
  /** Figures framed in a box, then the unit, then optional text on the same row. */
  | { kind: 'amount'; figures: string; unit: string; after?: Span[] }
  | { kind: 'frame'; title: string; children: ContentElement[] }
  /** Red stamps (DUPLICATA, SPECIMEN) side by side, their explanations stacked beside them. */
  | { kind: 'marks'; stamps: string[]; lines: Span[][] }
  | {
      kind: 'signature'
      label: string
      /** Printed left of the signature box (the period on 16216). */
      left: ContentElement[]
      date: string
      signatory: Span[]
      /** The PNG, and its base64 text as a cache key. */
      image?: { png: Uint8Array; key: string }
    }
  | { kind: 'space'; height: number }
  /**
   * Layout 3: the QR code of the verification link, its modules (true: dark) row by row,
   * with the link itself and a short text printed beside it.
   */
  | { kind: 'verification'; modules: boolean[][]; title: Span[]; text: Span[]; link: Span[] }

export interface ReceiptHeader {
  title: Span[]
  formCode: string
  cerfaLabel: string
  number: string
}

/** What differs between the two models. */
export interface FormContent {
  title: Span[]
  /** « N°11580*05 » / « N° Cerfa : 16216*02 ». */
  cerfaLabel: string
  body: ContentElement[]
  notes: Span[][]
}

export interface ReceiptContent {
  header: ReceiptHeader
  body: ContentElement[]
  /** Footnotes, kept together at the foot of the last page. */
  notes: Span[][]
  /** Diagonal text on every page (SPECIMEN, ANNULÉ, REMPLACÉ). */
  watermark?: string
  /** A receipt no longer valid: its stamp line, at the top of every page. */
  stamp?: string
  /** Printed at the top of every page after the first. */
  number: string
  /** Layout 3: the marks row (DUPLICATA, SPECIMEN, annule et remplace), on every page. */
  pageMarks?: Extract<ContentElement, { kind: 'marks' }>
  metadata: { title: string; author: string; subject: string; issuedAt: Date }
}

export function label(text: string, style: SpanStyle = 'regular'): Span {
  return { text, style, tone: 'label' }
}

export function value(text: string, style: SpanStyle = 'regular'): Span {
  return { text, style, tone: 'value' }
}

export function mark(text: string, style: SpanStyle = 'bold'): Span {
  return { text, style, tone: 'mark' }
}

export function noteCall(n: number, style: SpanStyle = 'regular'): Span {
  return { text: String(n), style, tone: 'label', sup: true }
}

/** Every span of the content, for choosing fonts before layout. */
export function allSpans(content: ReceiptContent): Span[] {
  const { header } = content
  const spans: Span[] = [
    ...header.title,
    value(header.number, 'bold'),
    value(header.number),
    label(header.formCode, 'bold'),
    label(header.cerfaLabel),
    ...content.notes.flat(),
  ]
  if (content.watermark) spans.push(mark(content.watermark))
  if (content.stamp) spans.push(mark(content.stamp))
  const visit = (elements: ContentElement[]): void => {
    for (const element of elements) spans.push(...spansOf(element, visit))
  }
  visit(content.body)
  return spans
}

function spansOf(element: ContentElement, visit: (e: ContentElement[]) => void): Span[] {
  switch (element.kind) {
    case 'paragraph':
      return element.spans
    case 'check':
      return element.label
    case 'options':
      return [...(element.label ?? []), ...element.options.flatMap((option) => option.label)]
    case 'amount':
      return [value(element.figures, 'bold'), label(element.unit), ...(element.after ?? [])]
    case 'frame':
      visit(element.children)
      return []
    case 'marks':
      return [...element.stamps.map((stamp) => mark(stamp)), ...element.lines.flat()]
    case 'signature':
      visit(element.left)
      return [label(element.label, 'bold'), value(element.date), ...element.signatory]
    case 'verification':
      return [...element.title, ...element.text, ...element.link]
    case 'space':
      return []
  }
}
