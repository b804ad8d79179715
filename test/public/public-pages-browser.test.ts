import { mkdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { type ServerType, serve } from '@hono/node-server'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserTestsSkipped,
  findChromium,
  SKIP_BROWSER_TESTS_HINT,
} from '../../functions/local/system-dependencies.js'
import { createSystemProbe } from '../../functions/local/system-probe.js'
import { getReceipt } from '../../shared/store/receipt-store.js'
import { loadFixture, paymentFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { storySteps } from '../support/story-steps.js'

// Never skipped silently: without Chromium this file fails, unless SKIP_BROWSER_TESTS=1.
const skip = browserTestsSkipped(process.env)
const CHROMIUM = findChromium(createSystemProbe())
const POLL = { timeout: 10_000, interval: 50 }
const ARTIFACTS = fileURLToPath(new URL('../../test-results/public-pages/', import.meta.url))
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
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
const WIDTHS = [1280, 390] as const
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']

interface AxeViolation {
  id: string
  impact: string
  nodes: { target: string[] }[]
}

/** axe-core run in the page (evaluated through DevTools: the page's CSP stays as served). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(await readFile(AXE_SOURCE, 'utf8'))
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: ${JSON.stringify(AXE_TAGS)} }).then((result) => result.violations)`,
  )) as AxeViolation[]
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
}

describe.skipIf(skip)(
  'the public pages in a browser (Chromium): axe-core, phone and desktop',
  () => {
    const { fake, t } = useFlowHarness({ env: { DONOR_LINK_ANSWER_MS: '0' } })
    const { deliver } = storySteps(fake, t)
    let browser: Browser

    beforeAll(async () => {
      if (!CHROMIUM) throw new Error(`Chromium is not on PATH (${SKIP_BROWSER_TESTS_HINT})`)
      await mkdir(ARTIFACTS, { recursive: true })
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: LAUNCH_ARGS,
      })
    })
    afterAll(async () => {
      await browser?.close()
    })

    it('verification (valid, cancelled, unknown), the key page, the request form and the donor’s page: no axe violation, no script or CSP error', async () => {
      await deliver('01_order_membership_individual_50eur_with_tip')
      const receipt = await getReceipt(t.runtime.table, '2025-00001')
      const verifyPath = new URL(receipt?.snapshot.verification?.url ?? '').pathname
      const { server, base } = await listen(t.runtime.app.fetch)
      const errors: string[] = []
      try {
        for (const width of WIDTHS) {
          const context = await browser.newContext({
            viewport: { width, height: 900 },
            locale: 'fr-FR',
          })
          const page = await context.newPage()
          page.on('pageerror', (error) => errors.push(error.message))
          page.on('console', (message) => {
            // The unknown links' own 404s are the pages under test, not failed loads.
            const from = message.location().url
            if (message.type() === 'error' && !from.endsWith('/AAAA'))
              errors.push(`${message.text()} (${from})`)
          })
          const check = async (path: string, name: string) => {
            await page.goto(`${base}${path}`)
            expect(await axeViolations(page), `${name} at ${width} px`).toEqual([])
            await page.screenshot({ path: `${ARTIFACTS}${name}-${width}.png`, fullPage: true })
          }
          await check(verifyPath, 'verification-valid')
          expect(await page.getByRole('status').first().textContent()).toContain(
            'Ce reçu est valide',
          )
          await check('/verifier', 'public-key')
          await check('/verifier/AAAA', 'verification-unknown')
          await check('/mes-recus/AAAA', 'donor-link-unknown')
          expect(await page.getByRole('heading').first().textContent()).toContain(
            'Ce lien n’est plus valable',
          )
          await check('/mes-recus', 'request-form')

          // The donor asks, as a person would, and opens the link the email gave them.
          await page.getByLabel('Adresse e-mail').fill('camille.arnaud@example.org')
          await page.getByRole('button', { name: 'Recevoir le lien' }).click()
          await page.getByText('Demande reçue.').waitFor()
          expect(await axeViolations(page)).toEqual([])
          const mails = (await t.outbox()).filter((m) => m.subject?.startsWith('Vos reçus fiscaux'))
          const link = /(https?:\/\/\S+\/mes-recus\/[A-Za-z0-9_-]+)/.exec(
            mails.at(-1)?.text ?? '',
          )?.[1]
          await check(new URL(link ?? '').pathname, 'donor-page')
          expect(await page.getByRole('heading', { name: 'Année 2025' }).count()).toBe(1)
          await context.close()
        }
        expect(errors).toEqual([])
      } finally {
        server.close()
      }
    }, 120_000)

    it('a PDF dropped on the verification page is checked in the browser: the emailed file matches, an edited one does not', async () => {
      await deliver('01_order_membership_individual_50eur_with_tip')
      const mail = (await t.outbox()).find((m) => m.attachments.length > 0)
      const pdf = Buffer.from(mail?.attachments[0]?.content ?? [])
      const receipt = await getReceipt(t.runtime.table, '2025-00001')
      const verifyPath = new URL(receipt?.snapshot.verification?.url ?? '').pathname
      const refund = paymentFromNotification(loadFixture('07_payment_refunded'))
      const { server, base } = await listen(t.runtime.app.fetch)
      try {
        const page = await browser.newPage({ viewport: { width: 390, height: 900 } })
        await page.goto(`${base}${verifyPath}`)
        const picker = page.locator('#fichier')
        await picker.setInputFiles({ name: 'recu.pdf', mimeType: 'application/pdf', buffer: pdf })
        await expect
          .poll(() => page.locator('#resultat').textContent(), POLL)
          .toBe('Ce fichier est bien le reçu émis : il n’a pas été modifié.')
        const edited = Buffer.from(pdf)
        edited[edited.length - 20] = (edited[edited.length - 20] as number) ^ 1
        await picker.setInputFiles({
          name: 'recu.pdf',
          mimeType: 'application/pdf',
          buffer: edited,
        })
        await expect
          .poll(() => page.locator('#resultat').textContent(), POLL)
          .toMatch(/^Ce fichier n’est pas celui qui a été émis/)

        // The same link after a refund says « annulé », on a phone too.
        fake.putPayment(refund)
        fake.setPaymentState(refund.id, 'Refunded', { refundOperations: refund.refundOperations })
        expect((await t.post(loadFixture('07_payment_refunded'))).status).toBe(200)
        await t.settle()
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 })
          await page.goto(`${base}${verifyPath}`)
          expect(await page.getByRole('status').first().textContent()).toMatch(
            /Ce reçu est annulé le/,
          )
          expect(await axeViolations(page)).toEqual([])
          await page.screenshot({
            path: `${ARTIFACTS}verification-cancelled-${width}.png`,
            fullPage: true,
          })
        }
      } finally {
        server.close()
      }
    }, 120_000)
  },
)

function listen(fetch: (request: Request) => Response | Promise<Response>) {
  return new Promise<{ server: ServerType; base: string }>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ server, base: `http://127.0.0.1:${info.port}` }),
    )
  })
}
