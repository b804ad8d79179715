import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { simpleParser } from 'mailparser'

/** One .eml of the outbox, as a mail client would read it. */
export interface OutboxMail {
  file: string
  /** When the file was written (mtime, ms since the epoch). */
  writtenAt: number
  kind: 'receipt' | 'cancellation' | 'other'
  /** The receipt number, from the Message-ID (`<2026-00042.receipt.…@…>`). */
  number: string | undefined
  /**
   * The sending it belongs to (the Message-ID's last part): two files with one sendId are one
   * sending written again after a crash, two sendIds for one receipt are two sendings.
   */
  sendId: string | undefined
  to: string | undefined
  /** Names of the attached files (`recu-fiscal-2026-00042.pdf`). */
  attachments: string[]
}

export async function countOutbox(dir: string): Promise<number> {
  return (await emlNames(dir)).length
}

/** Every .eml in `dir`, parsed with mailparser, a few at a time. */
export async function readOutbox(dir: string, parallel = 8): Promise<OutboxMail[]> {
  const names = await emlNames(dir)
  const mails: OutboxMail[] = []
  let next = 0
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++] as string
      mails.push(await readMail(join(dir, name), name))
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker))
  return mails.sort((a, b) => a.file.localeCompare(b.file))
}

async function readMail(path: string, file: string): Promise<OutboxMail> {
  const [bytes, info] = await Promise.all([readFile(path), stat(path)])
  const parsed = await simpleParser(bytes, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
    skipTextLinks: true,
  })
  const id = /^<?(\d{4}-\d+)\.(receipt|cancellation|duplicata)\.([^@]+)@/.exec(
    parsed.messageId ?? '',
  )
  const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to
  return {
    file,
    writtenAt: info.mtimeMs,
    kind: id?.[2] === 'receipt' ? 'receipt' : id?.[2] === 'cancellation' ? 'cancellation' : 'other',
    number: id?.[1],
    sendId: id?.[3],
    to: to?.value[0]?.address?.toLowerCase(),
    attachments: parsed.attachments.map((attachment) => attachment.filename ?? ''),
  }
}

async function emlNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith('.eml'))
  } catch {
    return []
  }
}
