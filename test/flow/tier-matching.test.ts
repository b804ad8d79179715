import { describe, expect, it } from 'vitest'
import type { Order } from '../../shared/helloasso/schemas.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import {
  type CurrentTestRuntime,
  useFakeHelloAsso,
  useTestRuntime,
} from '../support/flow-harness.js'
import { withLegalForm } from '../support/order-variants.js'
import { testAssociationConfig } from '../support/test-association-config.js'

/**
 * Tier matching through the HTTP path: a company membership whose HelloAsso tier id is in no
 * configuration, so only its label can place it.
 */
const { fake } = useFakeHelloAsso()
const FIXTURE = '03_order_membership_org_500eur_company_new_year_midnight'
const UNKNOWN_TIER_ID = 91000001

/** The test association with its tiers labelled as the Labo's, and no tier ids. */
function configWithLabels(labels: Record<string, string[]>, amounts: Record<string, number> = {}) {
  const config = testAssociationConfig()
  return {
    ...config,
    tiers: config.tiers.map((tier) => ({
      ...tier,
      amountCents: amounts[tier.key] ?? tier.amountCents,
      match: { tierIds: [], labels: labels[tier.key] ?? [tier.label] },
    })),
  }
}

function companyOrder(name: string): Order {
  const order = withLegalForm(orderFromNotification(loadFixture(FIXTURE)), 'SCIC SAS')
  return {
    ...order,
    items: order.items.map((item) => ({ ...item, name, tierId: UNKNOWN_TIER_ID })),
  }
}

async function deliver(t: CurrentTestRuntime, order: Order) {
  fake.putOrder(order)
  const response = await t.post(loadFixture(FIXTURE))
  expect(response.status).toBe(200)
  await t.settle()
}

describe('a configured label followed by a suffix, with the tier’s amount', () => {
  const t = useTestRuntime({
    config: configWithLabels({ 'structure-petite': ['Petite structure'] }),
  })

  // Issue 19, point 8: a prefix is a guess (« Base – personne morale » is not « Base »), even
  // at the tier's price; the treasurer confirms it once with « Rattacher à un palier ».
  it('waits in review: « Petite structure (< 100 k€) » only looks like the tier « Petite structure »', async () => {
    await deliver(t, companyOrder('Petite structure (< 100 k€)'))
    expect(await t.receipts(2026)).toEqual([])
    const [review, ...others] = await t.reviews()
    expect(others).toEqual([])
    expect(review?.reasons).toEqual(['tier-unknown'])
    expect(review?.message).toContain('ressemble au palier « Structure < 100 k€ », au même prix')
    expect(await t.outbox()).toHaveLength(0)
  })
})

describe('a label prefix with another amount than the tier’s', () => {
  const t = useTestRuntime({
    config: configWithLabels(
      { 'structure-petite': ['Petite structure'] },
      { 'structure-petite': 60000 },
    ),
  })

  it('goes to review, offering « Rattacher à un palier » first, then the id for the file', async () => {
    await deliver(t, companyOrder('Petite structure (< 100 k€)'))
    expect(await t.receipts(2026)).toEqual([])
    const [review, ...others] = await t.reviews()
    expect(others).toEqual([])
    expect(review?.reasons).toEqual(['tier-unknown'])
    expect(review?.message).toContain('ressemble au palier « Structure < 100 k€ »')
    expect(review?.message).toContain(
      'À faire : choisissez le bon palier avec « Rattacher à un palier »',
    )
    expect(review?.message).toContain(
      `ajouter l’id ${UNKNOWN_TIER_ID} à « tiers[].match.tierIds » du palier dans le fichier`,
    )
  })
})

describe('a label two tiers’ labels begin', () => {
  const t = useTestRuntime({
    config: configWithLabels({
      'structure-petite': ['Adhésion structure'],
      'structure-moyenne': ['Adhésion structure – budget annuel'],
    }),
  })

  it('goes to review as ambiguous, naming both tiers', async () => {
    await deliver(t, companyOrder('Adhésion structure – budget annuel < 100 k€'))
    expect(await t.receipts(2026)).toEqual([])
    const [review] = await t.reviews()
    expect(review?.reasons).toEqual(['tier-unknown'])
    expect(review?.message).toContain('Palier ambigu')
    expect(review?.message).toContain('« Structure < 100 k€ », « Structure 100 k€ à 1 M€ »')
    expect(review?.message).toContain('choisissez le bon avec « Rattacher à un palier »')
    expect(review?.message).toContain(`ajouter l’id ${UNKNOWN_TIER_ID} à « tiers[].match.tierIds »`)
  })
})
