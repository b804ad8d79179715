import { mkdir, readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { type ServerType, serve } from '@hono/node-server'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserTestsSkipped,
  CHROMIUM as CHROMIUM_DEPENDENCY,
  findChromium,
  installCommand,
  SKIP_BROWSER_TESTS_HINT,
} from '../../../functions/local/system-dependencies.js'
import { createSystemProbe } from '../../../functions/local/system-probe.js'
import { getReceipt } from '../../../shared/store/receipt-store.js'
import { loadFixture, orderFromNotification } from '../../support/fixtures.js'
import { useFlowHarness } from '../../support/flow-harness.js'
import { extractPdfText } from '../../support/pdf-text.js'
import { receiptsFromFixtures } from '../../support/staff-receipts.js'
import { STAFF_MANAGER_TOKEN } from '../../support/staff-session.js'

// Never skipped silently: without Chromium this file fails with the command to install it,
// unless SKIP_BROWSER_TESTS=1 says to skip it (the run's summary then says so: global-setup.ts).
const skip = browserTestsSkipped(process.env)
const CHROMIUM = findChromium(createSystemProbe())
// The server answers in milliseconds, but a loaded 2-core CI machine may not: wait generously.
const POLL = { timeout: 10_000, interval: 50 }
const ARTIFACTS = fileURLToPath(new URL('../../../test-results/staff-pages/', import.meta.url))

// Debian's Chromium, headless, with nothing that reaches out to Google's services.
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
]

// One Chromium for the file: a launch costs about a second of CPU. Each test has its own context.
let browser: Browser
beforeAll(async () => {
  if (skip) return
  if (!CHROMIUM) throw new Error(chromiumMissingMessage())
  await mkdir(ARTIFACTS, { recursive: true })
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS })
})
afterAll(async () => {
  await browser?.close()
})

describe.skipIf(skip)('the staff pages in a browser (Chromium)', () => {
  const { fake, t } = useFlowHarness()

  it('signs in, finds a donor typed without accents, opens the receipt, downloads the PDF, resends and cancels', async () => {
    // Łucja first, alone, so her receipt is 2025-00001; the others only fill the pages.
    await receiptsFromFixtures(fake, t, [
      {
        fixture: '01_order_membership_individual_50eur_with_tip',
        payer: {
          lastName: 'Nguyễn-Ødegård',
          firstName: 'Łucja',
          email: 'lucja.nguyen@example.org',
        },
      },
    ])
    await receiptsFromFixtures(fake, t, [
      { fixture: '02_order_membership_reduced_25eur' },
      { fixture: '14_order_membership_payer_without_address' },
    ])
    const { server, base } = await listen(t.runtime.app.fetch)
    try {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        acceptDownloads: true,
        locale: 'fr-FR',
      })
      const page = await context.newPage()
      const scriptErrors: string[] = []
      page.on('pageerror', (error) => scriptErrors.push(error.message))
      // A CSP violation or a failed load shows up as a console error. The sign-in page (not
      // ours) has no icon link, so the browser asks for /favicon.ico there: that one is expected.
      page.on('console', (message) => {
        const from = message.location().url
        if (message.type() === 'error' && !from.endsWith('/favicon.ico'))
          scriptErrors.push(`${message.text()} (${from})`)
      })

      // Sign in: the page asked for comes back after the token.
      await page.goto(`${base}/staff/recus?annee=2025`)
      await expect.poll(() => new URL(page.url()).pathname, POLL).toBe('/staff/connexion')
      await page.getByLabel('Code d’accès').fill(STAFF_MANAGER_TOKEN)
      await page.getByRole('button', { name: 'Se connecter' }).click()
      await page.waitForURL(`${base}/staff/recus?annee=2025`)
      await expect.poll(() => page.locator('.result').count(), POLL).toBe(2)

      // Instant search: no submit, accents and case ignored, the URL follows.
      const search = page.getByLabel('Rechercher un reçu')
      await search.pressSequentially('nguyen', { delay: 20 })
      await expect.poll(() => page.locator('.result').count(), POLL).toBe(1)
      const result = page.locator('.result')
      expect(await result.textContent()).toContain('Łucja Nguyễn-Ødegård')
      expect(await page.locator('#resultats-etat').textContent()).toContain('1\u00a0reçu trouvé')
      expect(new URL(page.url()).search).toBe('?q=nguyen&annee=2025')
      await search.fill('LUCJA')
      await expect
        .poll(() => page.locator('.result .r-who').allTextContents())
        .toEqual(['Łucja Nguyễn-Ødegård'])
      await page.screenshot({ path: `${ARTIFACTS}search-desktop.png`, fullPage: true })

      // The receipt, and its PDF as downloaded.
      await result.click()
      await page.waitForURL(`${base}/staff/recus/2025-00001`)
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Reçu n°\u00a02025-00001',
      )
      await page.screenshot({ path: `${ARTIFACTS}detail-desktop.png`, fullPage: true })
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Télécharger l’original' }).click(),
      ])
      expect(download.suggestedFilename()).toBe('recu-fiscal-2025-00001.pdf')
      const pdfText = await extractPdfText(new Uint8Array(await readFile(await download.path())))
      expect(pdfText).toContain('2025-00001')
      expect(pdfText).toContain('Nguyễn-Ødegård')
      expect(pdfText).toContain('Łucja')

      // Resend to a corrected address, confirmed in the dialog.
      const mailsBefore = (await t.outboxFiles()).length
      await page.getByText('Renvoyer le reçu', { exact: true }).first().click()
      await page.getByLabel('Adresse e-mail corrigée (facultatif)').fill('lucja@example.net')
      await page.locator('form[action$="/renvoyer"] button[type="submit"]').click()
      const dialog = page.getByRole('dialog', { name: 'Renvoyer le reçu' })
      await dialog.waitFor()
      expect(await dialog.textContent()).toContain('à lucja@example.net')
      // It sends the original: the dialog says so, and speaks of no duplicata.
      expect(await dialog.textContent()).toContain('tel qu’il a été émis')
      expect(await dialog.textContent()).not.toContain('DUPLICATA')
      await page.screenshot({ path: `${ARTIFACTS}resend-dialog-desktop.png` })
      await dialog.getByRole('button', { name: 'Renvoyer' }).click()
      await page.waitForURL(`${base}/staff/recus/2025-00001?ok=renvoye`)
      expect(await page.getByRole('status').first().textContent()).toContain(
        'Le reçu va être renvoyé à lucja@example.net.',
      )
      await t.settle()
      const mails = await t.outbox()
      expect(mails.length).toBe(mailsBefore + 1)
      expect(mails.at(-1)?.to).toMatchObject({ text: 'lucja@example.net' })

      // Cancel with a reason, confirmed from the keyboard only.
      await page.getByText('Annuler le reçu', { exact: true }).first().click()
      await page.getByLabel('Motif de l’annulation').fill('Doublon : payé aussi par chèque')
      expect(await page.getByLabel('Prévenir le donateur par e-mail').isChecked()).toBe(true)
      await page.locator('form[action$="/annuler"] button[type="submit"]').focus()
      await page.keyboard.press('Enter')
      const cancelDialog = page.getByRole('dialog', { name: 'Annuler le reçu' })
      await cancelDialog.waitFor()
      // « Retour » has the focus first: a stray Enter does not cancel a receipt.
      expect(
        await page.locator('#confirmation-retour').evaluate((el) => el.matches(':focus')),
      ).toBe(true)
      await page.keyboard.press('Tab')
      await page.keyboard.press('Enter')
      await page.waitForURL(`${base}/staff/recus/2025-00001?ok=annule`)
      expect(await page.locator('.page-head .badge.cancelled').textContent()).toBe('Annulé')
      expect(await page.getByRole('status').first().textContent()).toContain('Le reçu est annulé.')
      expect((await getReceipt(t.runtime.table, '2025-00001'))?.status).toBe('cancelled')
      // Cancelled, and said in words: sent before, the membership untouched.
      expect(await page.locator('.page-head .badge.sent').textContent()).toBe(
        'Envoyé avant l’annulation',
      )
      expect(await page.locator('#annulation').textContent()).toContain(
        'annuler un reçu ne met pas fin à l’adhésion',
      )
      await page.screenshot({ path: `${ARTIFACTS}cancelled-desktop.png`, fullPage: true })
      // The memberships table fits the column at 1 280 px: nothing to scroll sideways.
      const table = page.locator('#adhesions-titre ~ .table-wrap')
      expect(await table.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)

      // The same pages at a phone's width, for the record and for a look at the layout.
      await page.setViewportSize({ width: 390, height: 844 })
      await shoot(page, `${base}/staff/recus?annee=2025`, 'search-phone.png')
      await shoot(page, `${base}/staff/recus/2025-00002`, 'detail-phone.png')
      await shoot(page, `${base}/staff/recus/2025-00001`, 'cancelled-phone.png')
      if (process.env.STAFF_SCREENSHOTS === 'all') {
        await shoot(page, `${base}/staff?annee=2025`, 'home-phone.png')
        await shoot(page, `${base}/staff/a-verifier`, 'review-phone.png')
        await page.setViewportSize({ width: 1280, height: 800 })
        await shoot(page, `${base}/staff?annee=2025`, 'home-desktop.png')
        await shoot(page, `${base}/staff/a-verifier`, 'review-desktop.png')
        await shoot(page, `${base}/staff/membres?q=arnaud`, 'members-desktop.png')
        await page.goto(`${base}/staff/recus/2025-00002`)
        await page.getByText('Corriger le donateur', { exact: true }).click()
        await page.screenshot({ path: `${ARTIFACTS}correct-form-desktop.png`, fullPage: true })
        await page.goto(`${base}/staff/a-verifier`)
        await page.getByText('Compléter et émettre le reçu', { exact: true }).click()
        await page.screenshot({ path: `${ARTIFACTS}review-form-desktop.png`, fullPage: true })
      }
      await context.close()
      expect(scriptErrors).toEqual([])
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

describe.skipIf(skip)('the review and members pages in a browser (Chromium)', () => {
  const { fake, t } = useFlowHarness()

  it('attaches an unknown tier from the review page, then lists and exports the members', async () => {
    // A payment of a HelloAsso tier no configured tier takes: « Palier inconnu ».
    const reduced = orderFromNotification(loadFixture('02_order_membership_reduced_25eur'))
    const unknown = {
      ...reduced,
      items: reduced.items.map((item) => ({ ...item, tierId: 16408888, name: 'Adhésion duo' })),
    }
    fake.putOrder(unknown)
    await t.post({ eventType: 'Order', data: unknown })
    await receiptsFromFixtures(fake, t, [
      { fixture: '01_order_membership_individual_50eur_with_tip' },
      { fixture: '14_order_membership_payer_without_address' },
    ])
    expect((await t.reviews()).map((r) => r.reasons).sort()).toEqual([
      ['address-missing'],
      ['tier-unknown'],
    ])
    const { server, base } = await listen(t.runtime.app.fetch)
    try {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        acceptDownloads: true,
        locale: 'fr-FR',
      })
      const page = await context.newPage()
      const scriptErrors: string[] = []
      page.on('pageerror', (error) => scriptErrors.push(error.message))
      await page.goto(`${base}/staff/a-verifier`)
      await page.screenshot({ path: `${ARTIFACTS}sign-in-desktop.png` })
      await page.setViewportSize({ width: 390, height: 844 })
      await page.screenshot({ path: `${ARTIFACTS}sign-in-phone.png` })
      await page.setViewportSize({ width: 1280, height: 800 })
      await page.getByLabel('Code d’accès').fill(STAFF_MANAGER_TOKEN)
      await page.getByRole('button', { name: 'Se connecter' }).click()
      await page.waitForURL(`${base}/staff/a-verifier`)
      // « Réexaminer » only where it can help: under « Palier inconnu », not « Adresse manquante ».
      expect(await page.getByRole('button', { name: 'Réexaminer' }).count()).toBe(1)
      await page.getByText('Rattacher à un palier', { exact: true }).click()
      await page.screenshot({ path: `${ARTIFACTS}review-map-tier-desktop.png`, fullPage: true })
      await page.getByLabel('Palier de votre configuration').selectOption({
        label: 'Adhésion tarif réduit — 25,00\u00a0€ — Cerfa 11580*05 (particulier)',
      })
      await page.locator('form[action$="/rattacher"] button[type="submit"]').click()
      const dialog = page.getByRole('dialog', { name: 'Rattacher à un palier' })
      await dialog.waitFor()
      await dialog.getByRole('button', { name: 'Rattacher' }).click()
      await page.waitForURL(/ok=rattache/)
      expect(await page.getByRole('status').first().textContent()).toContain('Palier rattaché')
      await t.settle()
      expect((await t.reviews()).map((r) => r.reasons)).toEqual([['address-missing']])
      expect(await t.receipts(2025)).toHaveLength(2)

      // Members: the list, its export, at both widths.
      await page.goto(`${base}/staff/membres`)
      expect(await page.locator('td[data-label="Membre"]').count()).toBe(3)
      await page.screenshot({ path: `${ARTIFACTS}members-list-desktop.png`, fullPage: true })
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Exporter en CSV' }).click(),
      ])
      expect(download.suggestedFilename()).toMatch(/^membres-\d{4}-\d{2}-\d{2}\.csv$/)
      const csv = await readFile(await download.path(), 'utf8')
      expect(csv.trimEnd().split('\r\n')).toHaveLength(4)
      await page.setViewportSize({ width: 390, height: 844 })
      await shoot(page, `${base}/staff/membres`, 'members-list-phone.png')
      await shoot(page, `${base}/staff/a-verifier`, 'review-after-map-phone.png')
      await context.close()
      expect(scriptErrors).toEqual([])
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

if (skip)
  describe('the staff pages in a browser', () => {
    it.skip('skipped: SKIP_BROWSER_TESTS=1 is set (the run’s summary says so); CI always runs it', () => {})
  })

async function shoot(page: Page, url: string, file: string): Promise<void> {
  await page.goto(url)
  await page.screenshot({ path: `${ARTIFACTS}${file}`, fullPage: true })
}

function listen(fetch: (request: Request) => Response | Promise<Response>) {
  return new Promise<{ server: ServerType; base: string }>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ server, base: `http://127.0.0.1:${info.port}` }),
    )
  })
}

function chromiumMissingMessage(): string {
  const command = installCommand([CHROMIUM_DEPENDENCY], createSystemProbe())
  return `Chromium is not on PATH (chromium or chromium-browser)${command ? `: ${command}` : ''} (${SKIP_BROWSER_TESTS_HINT})`
}
