import addressparser from 'nodemailer/lib/addressparser/index.js'
import MailComposer from 'nodemailer/lib/mail-composer/index.js'
import { AppError } from '../errors.js'
import type { OutgoingEmail } from './mailer.js'
import { renderMime } from './render-mime.js'

/**
 * The body of our emails as a few kinds of blocks, rendered once as plain text and once as
 * HTML, so both alternatives always say the same thing.
 */
export type EmailBlock =
  /** Text; "\n" is a line break. */
  | { kind: 'paragraph'; text: string }
  /** Something the reader must not miss (specimen, cancellation, replacement). */
  | { kind: 'notice'; text: string }
  /** Label/value pairs: receipt number, amount, dates. */
  | { kind: 'facts'; rows: ReadonlyArray<readonly [label: string, value: string]> }

export interface EmailAttachment {
  /** ASCII only: some clients still mangle RFC 2231 encoded names. */
  filename: string
  contentType: string
  content: Uint8Array
}

export interface EmailDraft {
  /** Header From, e.g. "Le Labo de l’ESS <recus@example.org>" or a bare address. */
  from: string
  to: string
  replyTo?: string
  subject: string
  /** First heading of the HTML version and first line of the text version. */
  title: string
  blocks: readonly EmailBlock[]
  attachments?: readonly EmailAttachment[]
  /** Our reference (file names, logs): no personal data. */
  reference: string
  /**
   * Start of the Message-ID, e.g. "2026-00042.receipt". The send time is appended and the
   * domain of `from` is the right part: some clients (Gmail) silently drop a message whose
   * Message-ID they already hold, which would swallow a resend.
   */
  messageIdPrefix: string
  /**
   * The sending this message belongs to (DeliveryState.sendId): when given, it ends the
   * Message-ID instead of the send time, so a sending retried after a crash produces the same
   * message, which a mail drop or client recognises. SES replaces the Message-ID with its own.
   */
  sendId?: string
}

export async function buildEmail(draft: EmailDraft): Promise<OutgoingEmail> {
  const fromAddress = singleAddress(draft.from, 'from')
  const toAddress = singleAddress(draft.to, 'to')
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1)
  const composer = new MailComposer({
    from: draft.from,
    to: draft.to,
    ...(draft.replyTo ? { replyTo: draft.replyTo } : {}),
    subject: draft.subject,
    messageId: `<${draft.messageIdPrefix}.${draft.sendId ?? compactNow()}@${domain}>`,
    headers: {
      'Content-Language': 'fr',
      // Tells out-of-office responders not to answer a machine-sent message.
      'Auto-Submitted': 'auto-generated',
    },
    text: renderText(draft),
    html: renderHtml(draft),
    attachments: (draft.attachments ?? []).map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: Buffer.from(
        attachment.content.buffer,
        attachment.content.byteOffset,
        attachment.content.byteLength,
      ),
    })),
  })
  const raw = renderMime(composer.compile())
  return {
    from: fromAddress,
    to: [toAddress],
    raw: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength),
    reference: draft.reference,
    ...(draft.sendId ? { sendId: draft.sendId } : {}),
  }
}

/** The envelope wants bare addresses; the headers keep the display names. */
function singleAddress(field: string, what: 'from' | 'to'): string {
  const parsed = addressparser(field, { flatten: true })
  const address = parsed.length === 1 ? parsed[0]?.address : undefined
  if (!address || !/^[^@\s]+@[^@\s]+$/.test(address)) {
    // The value is not echoed: it may be a member's address.
    const code = what === 'from' ? 'config.invalid' : 'input.invalid'
    throw new AppError(code, `the ${what} field of an email must hold exactly one address`)
  }
  return address
}

function compactNow(): string {
  return new Date().toISOString().replace(/[-:.]/g, '')
}

function renderText(draft: EmailDraft): string {
  const parts = [draft.title, ...draft.blocks.map(textBlock)]
  return `${parts.join('\n\n')}\n`
}

function textBlock(block: EmailBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text
    case 'notice':
      return `*** ${block.text} ***`
    case 'facts':
      return block.rows.map(([label, value]) => `- ${label}\u00a0: ${value}`).join('\n')
  }
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a'

/** Inline styles only: many mail clients drop <style> blocks. */
function renderHtml(draft: EmailDraft): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="fr">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(draft.subject)}</title>`,
    '</head>',
    `<body style="margin:0;padding:0;background-color:#f4f4f4">`,
    `<div style="max-width:600px;margin:0 auto;padding:24px;background-color:#ffffff;${FONT}">`,
    `<h1 style="font-size:22px;line-height:1.3;margin:0 0 16px">${escapeHtml(draft.title)}</h1>`,
    ...draft.blocks.map(htmlBlock),
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

function htmlBlock(block: EmailBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="margin:0 0 16px">${escapeLines(block.text)}</p>`
    case 'notice':
      return `<p role="note" style="margin:0 0 16px;padding:12px 16px;border-left:4px solid #b45309;background-color:#fff7ed;font-weight:bold">${escapeLines(block.text)}</p>`
    case 'facts': {
      const rows = block.rows.map(
        ([label, value]) =>
          `<tr><th scope="row" style="text-align:left;font-weight:normal;padding:4px 16px 4px 0;color:#4a4a4a">${escapeHtml(label)}</th><td style="padding:4px 0;font-weight:bold">${escapeHtml(value)}</td></tr>`,
      )
      return `<table style="border-collapse:collapse;margin:0 0 16px;${FONT}">\n${rows.join('\n')}\n</table>`
    }
  }
}

function escapeLines(text: string): string {
  return text.split('\n').map(escapeHtml).join('<br>\n')
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}
