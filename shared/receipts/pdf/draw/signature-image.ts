import {
  PDFContext,
  type PDFDict,
  type PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  PngEmbedder,
} from 'pdf-lib'
import { AppError } from '../../../errors.js'

/** The signature as ready-made PDF image streams, decoded and compressed once. */
export interface PreparedImage {
  width: number
  height: number
  image: { dict: PDFDict; contents: Uint8Array }
  alpha?: { dict: PDFDict; contents: Uint8Array }
}

const MAX_CACHED = 8
const prepared = new Map<string, Promise<PreparedImage>>()

/**
 * Decoding the PNG and compressing its channels (in JavaScript, in pdf-lib) took a third of
 * the time of a whole receipt. The association signs every receipt with the same image, so
 * the streams are built once per process and copied into each document.
 */
export function prepareSignature(key: string, png: Uint8Array): Promise<PreparedImage> {
  const cached = prepared.get(key)
  if (cached) return cached
  const promise = prepareImage(png)
  if (prepared.size >= MAX_CACHED) prepared.clear()
  prepared.set(key, promise)
  promise.catch(() => prepared.delete(key))
  return promise
}

/** Adds the image to the document; returns the image XObject to draw. */
export function embedPreparedImage(doc: PDFDocument, image: PreparedImage): PDFRef {
  const dict = image.image.dict.clone(doc.context)
  if (image.alpha) {
    const alpha = PDFRawStream.of(image.alpha.dict.clone(doc.context), image.alpha.contents)
    dict.set(PDFName.of('SMask'), doc.context.register(alpha))
  }
  return doc.context.register(PDFRawStream.of(dict, image.image.contents))
}

async function prepareImage(png: Uint8Array): Promise<PreparedImage> {
  try {
    const scratch = PDFContext.create()
    const embedder = await PngEmbedder.for(png)
    const image = rawStream(scratch, await embedder.embedIntoContext(scratch))
    const alphaRef = image.dict.get(PDFName.of('SMask'))
    const alpha = alphaRef instanceof PDFRef ? rawStream(scratch, alphaRef) : undefined
    return {
      width: embedder.width,
      height: embedder.height,
      image: { dict: image.dict, contents: image.contents },
      ...(alpha ? { alpha: { dict: alpha.dict, contents: alpha.contents } } : {}),
    }
  } catch (cause) {
    throw new AppError('input.invalid', 'the signature image is not a readable PNG', { cause })
  }
}

function rawStream(context: PDFContext, ref: PDFRef): PDFRawStream {
  const object = context.lookup(ref)
  if (!(object instanceof PDFRawStream)) throw new Error('pdf-lib embedded the image unexpectedly')
  return object
}
