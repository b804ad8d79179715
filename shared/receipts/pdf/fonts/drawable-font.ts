import type { PDFRef } from 'pdf-lib'

/**
 * What the layout needs of a font: pdf-lib's PDFFont (layout 1, Helvetica and pdf-lib's own
 * embedding) and SubsetFont (layout 2) both fit.
 */
export interface DrawableFont {
  readonly name: string
  readonly ref: PDFRef
  widthOfTextAtSize(text: string, size: number): number
  encodeText(text: string): { toString(): string }
  /** Layout 3: a right-to-left run, drawn in visual order (see FontFace.encodeRightToLeft). */
  widthOfRightToLeftAtSize?(text: string, size: number): number
  encodeRightToLeft?(text: string): { toString(): string }
}
