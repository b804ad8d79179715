import { PDFObject } from 'pdf-lib'

/**
 * A direct object written out once and copied as text into every document that uses it. A
 * subset's /W array holds a number per glyph: built as PDFNumbers in every receipt, it was a
 * twentieth of a receipt's time, though its text depends only on the subset (cached by glyph
 * set). The text is pdf-lib's own serialization of the object, so the bytes are the same.
 */
export class SerializedPdfObject extends PDFObject {
  private constructor(private readonly text: string) {
    super()
  }

  static of(object: PDFObject): SerializedPdfObject {
    return new SerializedPdfObject(object.toString())
  }

  override clone(): SerializedPdfObject {
    return this
  }

  override toString(): string {
    return this.text
  }

  override sizeInBytes(): number {
    return this.text.length
  }

  override copyBytesInto(buffer: Uint8Array, offset: number): number {
    for (let i = 0; i < this.text.length; i++) buffer[offset + i] = this.text.charCodeAt(i)
    return this.text.length
  }
}
