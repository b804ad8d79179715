import type MimeNode from 'nodemailer/lib/mime-node/index.js'
import * as qp from 'nodemailer/lib/qp/index.js'

/**
 * The bytes of a message tree that nodemailer's MailComposer compiled, written at once.
 * nodemailer's own `build()` streams every node through its encoders, one pipeline and a few
 * turns of the event loop each: 2 ms of CPU for a receipt email, a tenth of an order's whole
 * cost. Our messages are a few strings and one PDF, already in memory, so the same encoders'
 * synchronous forms do it in a tenth of that. The headers (addresses, encoded words, folding,
 * boundaries, Date, Message-ID) are still nodemailer's own: `buildHeaders()` of each node. The
 * output is byte for byte what `build()` gives (test/mail/render-mime.test.ts holds it).
 */
export function renderMime(root: MimeNode): Buffer {
  const parts: (string | Buffer)[] = []
  writeNode(root, parts)
  const last = parts.at(-1)
  // As build() does: the message ends with a line break.
  const lastByte = typeof last === 'string' ? last.charCodeAt(last.length - 1) : last?.at(-1)
  if (lastByte !== 0x0a) parts.push(lastByte === 0x0d ? '\n' : '\r\n')
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)))
}

function writeNode(node: MimeNode, parts: (string | Buffer)[]): void {
  const encoding = node.getTransferEncoding()
  parts.push(`${node.buildHeaders()}\r\n\r\n`)
  if (node.content) parts.push(body(node, encoding))
  if (!node.multipart) return
  node.childNodes.forEach((child, index) => {
    parts.push(`${index > 0 ? '\r\n' : ''}--${node.boundary}\r\n`)
    writeNode(child, parts)
  })
  parts.push(`\r\n--${node.boundary}--\r\n`)
}

function body(node: MimeNode, encoding: string | false): string | Buffer {
  const content = node.content
  if (typeof content !== 'string' && !Buffer.isBuffer(content)) {
    // Streams, paths and URLs: none of our messages has one, and reading them is build()'s job.
    throw new Error('renderMime takes in-memory content only')
  }
  if (encoding === 'base64')
    return base64Lines(
      (Buffer.isBuffer(content) ? content : Buffer.from(content)).toString('base64'),
    )
  // Text only (build() encodes a lone CR or LF of binary content, which we never send as QP).
  if (encoding === 'quoted-printable') {
    if (!/^text\//i.test(node.contentType ?? '')) throw new Error('quoted-printable is for text')
    return quotedPrintable(Buffer.from(content))
  }
  return content
}

/** Lines of 76 characters, as nodemailer's base64 `wrap` (its regular expression cost more). */
function base64Lines(encoded: string): string {
  const lines: string[] = []
  for (let at = 0; at < encoded.length; at += 76) lines.push(encoded.slice(at, at + 76))
  return lines.join('\r\n')
}

/**
 * Quoted-printable as nodemailer's stream encoder writes it. It holds back the whitespace the
 * text ends with and encodes it last, wrapping its last line again (RFC 2045: whitespace that
 * ends a line is encoded). Beyond its 64 KiB slices (ours are a few KiB), whitespace that ends
 * a slice may be written =20 where nodemailer keeps it: other bytes, the same text once decoded.
 */
function quotedPrintable(bytes: Buffer): string {
  let end = bytes.length
  while (end > 0 && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09)) end--
  let written = ''
  let lastLine = ''
  const encode = (slice: Buffer) => {
    const wrapped = qp.wrap(lastLine + qp.encode(slice), 76)
    const lastBreak = wrapped.lastIndexOf('\n')
    written += wrapped.slice(0, lastBreak + 1)
    lastLine = wrapped.slice(lastBreak + 1)
  }
  for (let at = 0; at < end; at += QP_SLICE)
    encode(bytes.subarray(at, Math.min(at + QP_SLICE, end)))
  if (end < bytes.length) encode(bytes.subarray(end))
  return written + lastLine
}

const QP_SLICE = 64 * 1024
