import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { runScheduledCommand } from '../../functions/jobs/scheduled-command.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { aForm, aTier, COMPANY_CUSTOM_FIELDS } from '../support/live-forms.js'
import { TEST_ORG_SLUG, testAssociationConfig } from '../support/test-association-config.js'
import { TEST_API_URL } from '../support/test-runtime.js'

/** The nightly scheduled job (reconcile) also compares the configuration with HelloAsso's forms. */
const { fake, server, t } = useFlowHarness()

const nightly = async () =>
  (await runScheduledCommand(
    { jobs: t.runtime.jobs, lookbackDays: 2, sendChunks: async () => {} },
    { command: 'reconcile' },
  )) as { configCheck: string }

function formsAsConfigured(priceOf: (key: string, cents: number) => number = (_k, c) => c) {
  const fields = [...COMPANY_CUSTOM_FIELDS, { id: 901213, label: 'Forme juridique' }]
  return testAssociationConfig().tiers.map((tier) =>
    aTier(tier.match.tierIds?.[0] ?? 0, tier.label, priceOf(tier.key, tier.amountCents), {
      customFields: fields,
    }),
  )
}

describe('the nightly job and a changed form', () => {
  it('opens one review item per set of findings, with a deterministic id', async () => {
    fake.putForm(aForm('adhesion-2026', formsAsConfigured()))
    expect((await nightly()).configCheck).toBe('clear')
    expect(await t.reviews()).toEqual([])

    fake.putForm(
      aForm(
        'adhesion-2026',
        formsAsConfigured((key, cents) => (key === 'individuelle' ? 6000 : cents)),
      ),
    )
    expect((await nightly()).configCheck).toBe('opened')
    const [review, ...none] = await t.reviews()
    expect(none).toEqual([])
    expect(review?.id).toMatch(/^config-check-[0-9a-f]{16}$/)
    expect(review?.reasons).toEqual(['helloasso-forms-changed'])
    expect(review?.message).toContain(
      'coûte 60,00 €, mais le palier « Adhésion individuelle » (clé individuelle) du fichier dit 50,00 €',
    )
    expect((await nightly()).configCheck).toBe('known')
    expect(await t.reviews()).toHaveLength(1)

    fake.putForm(aForm('adhesion-2027', [aTier(91000010, 'Adhésion bienfaiteur', 15000)]))
    expect((await nightly()).configCheck).toBe('opened')
    expect((await t.reviews()).map((r) => r.id)).toHaveLength(2)
  })

  it('opens a review for a tier matched only by a label prefix, and for HelloAsso issuing its own receipts', async () => {
    fake.putForm(
      aForm('adhesion-2026', [
        ...formsAsConfigured(),
        aTier(91000020, 'Adhésion individuelle – personne morale', 5000),
      ]),
    )
    expect((await nightly()).configCheck).toBe('opened')
    expect((await t.reviews())[0]?.message).toContain(
      'est pris pour le palier « Adhésion individuelle » (clé individuelle) seulement parce que son libellé commence par « Adhésion individuelle »',
    )

    fake.putForm(aForm('adhesion-2026', formsAsConfigured()))
    fake.putOrganization({ organizationSlug: TEST_ORG_SLUG, fiscalReceiptIssuanceEnabled: true })
    expect((await nightly()).configCheck).toBe('opened')
    const messages = (await t.reviews()).map((review) => review.message).join('\n')
    expect(messages).toContain('HelloAsso émet lui-même des reçus fiscaux pour l’association')
  })

  it('does not fail the reconciliation when HelloAsso’s forms cannot be read', async () => {
    server.use(
      http.get(`${TEST_API_URL}/organizations/:slug/forms`, () =>
        HttpResponse.json({ message: 'down' }, { status: 503 }),
      ),
    )
    const summary = await runScheduledCommand(
      { jobs: t.runtime.jobs, lookbackDays: 2, sendChunks: async () => {} },
      { command: 'reconcile' },
    )
    expect(summary).toMatchObject({ command: 'reconcile', configCheck: 'unavailable' })
    expect(await t.reviews()).toEqual([])
  })
})
