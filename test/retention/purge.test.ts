import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import type { JobCommand } from '../../functions/jobs/cli-args.js'
import { parseJobCommand } from '../../functions/jobs/cli-args.js'
import { runCommand } from '../../functions/jobs/run-command.js'
import { runScheduledCommand } from '../../functions/jobs/scheduled-command.js'
import { listAudit } from '../../shared/store/audit-store.js'
import { getMembership } from '../../shared/store/membership-store.js'
import { getNotification } from '../../shared/store/notification-store.js'
import { getReceipt } from '../../shared/store/receipt-store.js'
import { getReview } from '../../shared/store/review-updates.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { publicBrowser, visibleText } from '../support/public-browser.js'
import { storySteps } from '../support/story-steps.js'
import { STAFF_TEST_TOKEN } from '../support/test-runtime.js'

const CAMILLE = 'camille.arnaud@example.org'
const MANAGER = { authorization: `Bearer ${STAFF_TEST_TOKEN}`, 'content-type': 'application/json' }
let clock = Date.now()
const { fake, t } = useFlowHarness({
  env: { DONOR_LINK_ANSWER_MS: '0' },
  now: () => new Date(clock),
})
const { deliver } = storySteps(fake, t)

async function run(command: JobCommand) {
  const lines: string[] = []
  const progress = { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream
  const code = await runCommand(t.runtime.jobs, command, {
    out: (line) => lines.push(line),
    progressStream: progress,
  })
  return { code, text: lines.join('\n').replace(/[\u00a0\u202f]/g, ' ') }
}

/** Two receipts of 2025, one corrected (audit with before/after), the outbox holding their mail. */
async function aYear2025() {
  clock = Date.now()
  await deliver('01_order_membership_individual_50eur_with_tip')
  await deliver('02_order_membership_reduced_25eur')
  const corrected = await t.runtime.app.request('/staff/api/receipts/2025-00002/correct', {
    method: 'POST',
    headers: MANAGER,
    body: JSON.stringify({
      donor: {
        kind: 'individual',
        lastName: 'Guillot',
        firstNames: 'Noé',
        address: {
          street: '5 rue des Écoles',
          postalCode: '26400',
          city: 'Crest',
          country: 'France',
        },
      },
      reason: 'Adresse de Noé Guillot corrigée',
    }),
  })
  expect(corrected.status).toBe(200)
  await t.settle()
}

describe('receipts purge --before-year: personal data kept no longer than the law asks', () => {
  it('parses --before-year and --dry-run', () => {
    expect(parseJobCommand(['purge', '--before-year', '2020', '--dry-run'])).toEqual({
      command: 'purge',
      beforeYear: 2020,
      dryRun: true,
    })
    expect(() => parseJobCommand(['purge'])).toThrow('--before-year AAAA est obligatoire.')
  })

  it('refuses a year still within the retention period, erasing nothing', async () => {
    await aYear2025()
    clock = Date.UTC(2031, 5, 1)
    const refused = await run({ command: 'purge', beforeYear: 2026, dryRun: false })
    expect(refused.code).toBe(2)
    expect(refused.text).toContain(
      'conservés 6 ans après leur année d’émission (jusqu’au 31/12/2031)',
    )
    expect((await getReceipt(t.runtime.table, '2025-00001'))?.purged).toBeUndefined()
  })

  it('--dry-run lists; purge erases; the series, the declaration and the verification page still answer', async () => {
    await aYear2025()
    const link = new URL(
      (await getReceipt(t.runtime.table, '2025-00001'))?.snapshot.verification?.url ?? '',
    )
    const before = await getReceipt(t.runtime.table, '2025-00001')
    const declarationBefore = await run({ command: 'declaration', year: 2025 })
    const registerBefore = await readFile(
      `${t.runtime.jobs.files.locate('declaration/2025/declaration-2025.csv')}`,
      'utf8',
    )
    expect((await t.outboxFiles()).length).toBeGreaterThanOrEqual(3)

    clock = Date.UTC(2032, 2, 1)
    const dry = await run({ command: 'purge', beforeYear: 2026, dryRun: true })
    expect(dry.code).toBe(0)
    expect(dry.text).toContain('essai : rien n’est effacé')
    expect(dry.text).toContain('2025 : 3 reçus (2025-00001 … 2025-00003)')
    expect(await getReceipt(t.runtime.table, '2025-00001')).toEqual(before)
    expect((await t.outboxFiles()).length).toBeGreaterThanOrEqual(3)

    const done = await run({ command: 'purge', beforeYear: 2026, dryRun: false })
    expect(done.code).toBe(0)
    expect(done.text).toContain('données personnelles effacées')
    const after = await getReceipt(t.runtime.table, '2025-00001')
    expect(after).toMatchObject({
      number: '2025-00001',
      status: 'issued',
      payerEmail: '',
      purged: { at: new Date(clock).toISOString() },
      snapshot: {
        number: '2025-00001',
        amountCents: 5000,
        form: '11580',
        donor: { kind: 'individual', lastName: '(effacé)', firstNames: '(effacé)' },
      },
    })
    expect(JSON.stringify(after)).not.toMatch(/Arnaud|Horloge|camille\.arnaud/)
    expect(after?.members).toBeUndefined()
    const replaced = await getReceipt(t.runtime.table, '2025-00002')
    expect(replaced).toMatchObject({ status: 'replaced', replacedBy: { number: '2025-00003' } })
    expect(JSON.stringify(await getReceipt(t.runtime.table, '2025-00003'))).not.toContain('Guillot')
    // Memberships, audit details, raw notifications, the outbox: gone too.
    const itemId = before?.provenance.lines[0]?.itemId as number
    expect((await getMembership(t.runtime.table, itemId))?.member).toEqual({
      firstName: '(effacé)',
      lastName: '(effacé)',
    })
    const audit = await listAudit(t.runtime.table, '2025-00002')
    expect(audit.length).toBeGreaterThan(0)
    expect(JSON.stringify(audit)).not.toContain('Guillot')
    expect(await t.outboxFiles()).toEqual([])
    // The name no longer finds anything.
    const search = await t.runtime.app.request('/staff/api/receipts?q=arnaud', { headers: MANAGER })
    expect(JSON.stringify(await search.json())).not.toContain('2025-00001')

    // The declaration of the purged year adds up the same.
    const declarationAfter = await run({ command: 'declaration', year: 2025 })
    // Only the day the figures were drawn up differs.
    const figures = (text: string) =>
      text.replace(/\d{2}\/\d{2}\/\d{4}|\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?/g, '')
    expect(figures(declarationAfter.text)).toBe(figures(declarationBefore.text))
    expect(declarationAfter.text).toContain('Nombre de reçus délivrés : 2')
    const csvAfter = await readFile(
      t.runtime.jobs.files.locate('declaration/2025/declaration-2025.csv'),
      'utf8',
    )
    expect(figures(csvAfter)).toBe(figures(registerBefore))
    // The verification page still answers, and says why it shows less.
    const page = await visibleText(await t.runtime.app.request(link.pathname))
    expect(page).toContain('Ce reçu est valide')
    expect(page).toContain('Les données personnelles de ce reçu ont été effacées le 01/03/2032')
    expect(page).not.toContain('C. A.')
    // The address no longer reaches any receipt: no link is emailed.
    const browser = publicBrowser(t.runtime.app)
    await browser.submit('/mes-recus', '/mes-recus', { email: CAMILLE })
    expect((await t.outbox()).filter((m) => m.subject?.startsWith('Vos reçus'))).toHaveLength(0)
    // Run again: nothing left to erase.
    const again = await run({ command: 'purge', beforeYear: 2026, dryRun: true })
    expect(again.text).toContain('aucun reçu à effacer')
    expect(again.text).toContain('déjà effacés : 3 reçus')
  })

  it('erases the notifications and review items of the period', async () => {
    clock = Date.UTC(2025, 1, 1)
    await deliver('14_order_membership_payer_without_address')
    const [review] = await t.reviews()
    expect(review).toBeDefined()
    const notificationId = review?.refs.notificationId
    clock = Date.UTC(2032, 2, 1)
    await run({ command: 'purge', beforeYear: 2026, dryRun: false })
    const erased = await getReview(t.runtime.table, review?.id as string)
    expect(erased?.message).toContain('Données personnelles effacées')
    if (notificationId)
      expect((await getNotification(t.runtime.table, notificationId))?.rawBody).toBeUndefined()
  })

  it('the scheduled twin (AWS) erases what the period allows by default, and refuses a year within it', async () => {
    await aYear2025()
    clock = Date.UTC(2032, 2, 1)
    const deps = {
      jobs: t.runtime.jobs,
      lookbackDays: 400,
      sendChunks: async () => {},
    }
    await expect(runScheduledCommand(deps, { command: 'purge', beforeYear: 2027 })).rejects.toThrow(
      'purge refused: 2026 is within retention',
    )
    const dry = await runScheduledCommand(deps, { command: 'purge', dryRun: true })
    expect(dry).toEqual({
      command: 'purge',
      beforeYear: 2026,
      dryRun: true,
      receipts: 3,
      reviews: 0,
      // Notified today (after 1 January 2026) for payments of 2025: kept with their period.
      notifications: 0,
    })
    expect((await getReceipt(t.runtime.table, '2025-00001'))?.purged).toBeUndefined()
    expect(await runScheduledCommand(deps, { command: 'purge' })).toMatchObject({ receipts: 3 })
    expect((await getReceipt(t.runtime.table, '2025-00001'))?.purged).toBeDefined()
  })
})
