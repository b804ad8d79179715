import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { simpleParser } from 'mailparser'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { loadEnv } from '../../shared/config/env.js'
import { newSendId } from '../../shared/domain/send-id.js'
import { AppError } from '../../shared/errors.js'
import { composeReceiptEmail } from '../../shared/mail/compose-receipt-email.js'
import type { OutgoingEmail } from '../../shared/mail/mailer.js'
import { createOutboxMailer } from '../../shared/mail/outbox-mailer.js'
import { aReceiptSnapshot } from '../support/builders/a-receipt-snapshot.js'
import { dummyPdf, FROM, TO } from './support/mail-constants.js'

let root: string

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'outbox-test-'))
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

function aMessage(reference: string, sendId?: string): OutgoingEmail {
  return {
    from: 'recus@jardin.example.org',
    to: [TO],
    raw: new TextEncoder().encode(`Subject: ${reference}\r\n\r\nCorps\r\n`),
    reference,
    ...(sendId ? { sendId } : {}),
  }
}

describe('createOutboxMailer', () => {
  it('creates the directory and writes a parseable .eml named after its sending and reference', async () => {
    const dir = join(root, 'nested', 'outbox')
    const sendId = newSendId()
    const email = await composeReceiptEmail({
      snapshot: aReceiptSnapshot(),
      pdf: dummyPdf,
      from: FROM,
      to: TO,
      sendId,
    })

    const { messageId } = await createOutboxMailer(dir).send(email)

    expect(messageId).toBe(`${sendId}-2026-00042-receipt.eml`)
    expect(await readdir(dir)).toEqual([messageId])
    const bytes = await readFile(join(dir, messageId))
    expect(new Uint8Array(bytes)).toEqual(email.raw)
    const parsed = await simpleParser(bytes)
    expect(parsed.subject).toContain('2026-00042')
    expect(new Uint8Array(parsed.attachments[0]?.content ?? [])).toEqual(dummyPdf)
  })

  it('names files so that sorting them gives the order sendings began, even within a millisecond', async () => {
    const mailer = createOutboxMailer(root)
    // Descending references: names that sorted by reference would come out reversed.
    const references = Array.from({ length: 30 }, (_, i) => `2026-${String(99 - i)}-receipt`)
    // Sendings begun in this order (half of them with their id, as deliveries have; the others
    // begin when sent), all written together.
    const results = await Promise.all(
      references.map((ref, i) => mailer.send(aMessage(ref, i % 2 ? newSendId() : undefined))),
    )

    const ids = results.map((r) => r.messageId)
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(ids)
    expect((await readdir(root)).sort()).toEqual(ids)
  })

  it('never overwrites: the same reference in two sendings gives two files', async () => {
    const mailer = createOutboxMailer(root)
    await mailer.send(aMessage('2026-00042-receipt', newSendId()))
    await createOutboxMailer(root).send(aMessage('2026-00042-receipt', newSendId()))
    await mailer.send(aMessage('2026-00042-receipt'))
    expect(await readdir(root)).toHaveLength(3)
  })

  it('one sending, one file: sent again (a retry after a kill), it finds its file and writes nothing', async () => {
    const sendId = newSendId()
    const first = await createOutboxMailer(root).send(aMessage('2026-00042-receipt', sendId))
    const again = aMessage('2026-00042-receipt', sendId)
    again.raw = new TextEncoder().encode('Subject: autre contenu\r\n\r\nAutre\r\n')

    const second = await createOutboxMailer(root).send(again)

    expect(first).toEqual({ messageId: `${sendId}-2026-00042-receipt.eml` })
    expect(second).toEqual({ messageId: first.messageId, alreadySent: true })
    expect(await readdir(root)).toEqual([first.messageId])
    expect(await readFile(join(root, first.messageId), 'utf8')).toContain('Subject: 2026-00042')
  })

  it('one sending sent by two workers at once: one file, and exactly one of them wrote it', async () => {
    const sendId = newSendId()
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => createOutboxMailer(root).send(aMessage('2026-7-receipt', sendId))),
    )
    expect(results.filter((result) => !result.alreadySent)).toHaveLength(1)
    expect(await readdir(root)).toEqual([`${sendId}-2026-7-receipt.eml`])
  })

  it('tells whether a sending’s message is already in the outbox', async () => {
    const mailer = createOutboxMailer(root)
    const sending = { reference: '2026-00042-receipt', sendId: newSendId() }
    const findSent = mailer.findSent?.bind(mailer)
    expect(findSent).toBeDefined()
    expect(await findSent?.(sending, { interrupted: true })).toBeUndefined()
    await mailer.send(aMessage(sending.reference, sending.sendId))
    expect(await findSent?.(sending, { interrupted: true })).toEqual({
      messageId: `${sending.sendId}-2026-00042-receipt.eml`,
      alreadySent: true,
    })
    expect(
      await findSent?.({ ...sending, sendId: newSendId() }, { interrupted: false }),
    ).toBeUndefined()
  })

  it('leaves only complete .eml files behind, no temporary file', async () => {
    const mailer = createOutboxMailer(root)
    await Promise.all([1, 2, 3].map((i) => mailer.send(aMessage(`ref-${i}`))))
    const names = await readdir(root)
    expect(names).toHaveLength(3)
    for (const name of names) expect(name).toMatch(/^[^.].*\.eml$/)
  })

  it('creates the outbox again when it was removed between two sends', async () => {
    const dir = join(root, 'outbox')
    const mailer = createOutboxMailer(dir)
    const first = await mailer.send(aMessage('2026-00042-receipt'))
    await rm(dir, { recursive: true })
    const second = await mailer.send(aMessage('2026-00043-receipt'))
    expect(await readdir(dir)).toEqual([second.messageId])
    expect(second.messageId).not.toBe(first.messageId)
  })

  it('keeps a hostile reference inside the directory', async () => {
    const { messageId } = await createOutboxMailer(root).send(aMessage('../../etc/passwd'))
    expect(messageId).not.toContain('/')
    expect(await readdir(root)).toEqual([messageId])
  })

  it('reports a directory it cannot write to as mail.unavailable, without a leftover', async () => {
    // A file where the directory should be: writing into it fails the same way on every platform.
    const blocked = join(root, 'not-a-dir')
    await writeFile(blocked, 'x')
    const attempt = createOutboxMailer(blocked).send(aMessage('2026-00042-receipt'))
    await expect(attempt).rejects.toBeInstanceOf(AppError)
    await expect(attempt).rejects.toMatchObject({ code: 'mail.unavailable' })
    expect(await readdir(root)).toEqual(['not-a-dir'])
  })

  it('fails the share of sends OUTBOX_FAULT_RATE asks for, as mail.unavailable, writing nothing', async () => {
    const draws = [0.01, 0.99, 0.049, 0.05]
    const mailer = createOutboxMailer(root, { rate: 0.05, random: () => draws.shift() ?? 1 })
    const outcomes = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((ref) => mailer.send(aMessage(ref))),
    )

    expect(outcomes.map((o) => o.status)).toEqual([
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ])
    expect(outcomes[0]).toMatchObject({ reason: { code: 'mail.unavailable' } })
    expect(
      (await readdir(root)).map((name) => name.replace(/^.*Z-\d{6}-[0-9a-f]{8}-/, '')),
    ).toEqual(['b.eml', 'd.eml'])
  })

  it('reads its fault rate from OUTBOX_FAULT_RATE, off when unset', async () => {
    vi.stubEnv('OUTBOX_FAULT_RATE', '1')
    try {
      await expect(createOutboxMailer(root).send(aMessage('x'))).rejects.toMatchObject({
        code: 'mail.unavailable',
      })
      vi.stubEnv('OUTBOX_FAULT_RATE', '')
      await createOutboxMailer(root).send(aMessage('y'))
      expect(await readdir(root)).toHaveLength(1)
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('refuses a fault rate outside 0–1 at start, naming the variable', () => {
    expect(() => loadEnv({ OUTBOX_FAULT_RATE: '5' })).toThrow(/OUTBOX_FAULT_RATE/)
    expect(loadEnv({}).OUTBOX_FAULT_RATE).toBe(0)
  })

  // The outbox never goes back in time, so the names that follow in this process keep the
  // latest instant it saw: a second ahead of the real clock, not years (test files share their
  // worker's process, vitest.config.ts).
  it('counts within one millisecond and never sorts back when the clock steps back', async () => {
    const at = Math.ceil(Date.now() / 1000) * 1000 + 1000
    const prefix = new Date(at).toISOString().replace(/[-:.]/g, '')
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const mailer = createOutboxMailer(root)
      vi.setSystemTime(at)
      const a = await mailer.send(aMessage('a'))
      const b = await mailer.send(aMessage('b'))
      vi.setSystemTime(at - 1000)
      const c = await mailer.send(aMessage('c'))

      expect(a.messageId).toMatch(new RegExp(`^${prefix}-000000-[0-9a-f]{8}-a\\.eml$`))
      expect(b.messageId).toMatch(new RegExp(`^${prefix}-000001-[0-9a-f]{8}-b\\.eml$`))
      expect(c.messageId).toMatch(new RegExp(`^${prefix}-000002-[0-9a-f]{8}-c\\.eml$`))
    } finally {
      vi.useRealTimers()
    }
  })
})
