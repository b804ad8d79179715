import { describe, expect, it } from 'vitest'
import type * as z from 'zod'
import type { AssociationConfigSchema } from '../../shared/config/association-config-schema.js'
import { getMembership } from '../../shared/store/membership-store.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFakeHelloAsso, useTestRuntime } from '../support/flow-harness.js'
import { withLegalForm } from '../support/order-variants.js'
import { testAssociationConfig } from '../support/test-association-config.js'

/**
 * Issue 11 §5 (tax-receipts.md §1.1), through the HTTP path: what a tier's counterparts leave
 * deductible, and tiers that give no receipt at all.
 */
const { fake } = useFakeHelloAsso()

const INDIVIDUAL = '01_order_membership_individual_50eur_with_tip'
const COMPANY = '03_order_membership_org_500eur_company_new_year_midnight'
type ConfigInput = z.input<typeof AssociationConfigSchema>
type TierInput = ConfigInput['tiers'][number]

/** The test association with its tier `key` changed. */
function configWith(key: string, change: Partial<TierInput>): ConfigInput {
  const config = testAssociationConfig()
  config.tiers = config.tiers.map((tier) => (tier.key === key ? { ...tier, ...change } : tier))
  return config
}

function flowFor(config: ConfigInput, fixture = INDIVIDUAL) {
  const t = useTestRuntime({ config })
  const order =
    fixture === COMPANY
      ? withLegalForm(orderFromNotification(loadFixture(fixture)), 'SAS')
      : orderFromNotification(loadFixture(fixture))
  const deliver = async () => {
    fake.putOrder(order)
    expect((await t.post(loadFixture(fixture))).status).toBe(200)
    await t.settle()
  }
  const membership = () => getMembership(t.runtime.table, order.items[0]?.id ?? 0)
  return { t, deliver, membership }
}

describe('a tier that gives no receipt (a club membership buying the use of facilities)', () => {
  const { t, deliver, membership } = flowFor(
    configWith('individuelle', {
      reductionRatePercent: 0,
      receipt: { kind: 'none', reason: 'la cotisation donne accès aux ateliers et aux machines' },
    }),
  )

  it('records the membership with its validity; nothing numbered, nothing reviewed, no email', async () => {
    await deliver()
    expect(await membership()).toMatchObject({
      status: 'active',
      tierKey: 'individuelle',
      validFrom: '2025-09-01',
      validTo: '2026-08-31',
    })
    expect(await t.receipts(2025)).toEqual([])
    expect(await t.reviews()).toEqual([])
    expect(await t.outboxFiles()).toEqual([])
  })
})

describe('a tier without receipt, paid by someone who gave no postal address', () => {
  const { t, deliver, membership } = flowFor(
    configWith('individuelle', {
      reductionRatePercent: 0,
      receipt: { kind: 'none', reason: 'association non reconnue d’intérêt général' },
    }),
    '14_order_membership_payer_without_address',
  )
  it('still nothing to review: no receipt will ever need that address', async () => {
    await deliver()
    expect(await membership()).toMatchObject({ status: 'active' })
    expect(await t.reviews()).toEqual([])
    expect(await t.receipts(2025)).toEqual([])
  })
})

describe('counterparts of an individual 50 € tier', () => {
  describe('symbolic only (the vote at the AG)', () => {
    const { t, deliver } = flowFor(
      configWith('individuelle', {
        counterparts: [{ description: 'droit de vote à l’AG', valueCents: 0, kind: 'symbolic' }],
      }),
    )
    it('the whole fee is receipted', async () => {
      await deliver()
      const [receipt] = await t.receipts(2025)
      expect(receipt?.snapshot.amountCents).toBe(5000)
      expect(receipt?.provenance.lines[0]?.why).toMatch(/contreparties symboliques/)
    })
  })

  describe('low-value goods within 25 % and the yearly cap (a 5 € badge)', () => {
    const { t, deliver } = flowFor(
      configWith('individuelle', {
        counterparts: [{ description: 'badge', valueCents: 500, kind: 'goods' }],
      }),
    )
    it('the whole fee is receipted, and the provenance says why', async () => {
      await deliver()
      const [receipt] = await t.receipts(2025)
      expect(receipt?.snapshot.amountCents).toBe(5000)
      expect(receipt?.provenance.lines[0]?.why).toMatch(/biens de faible valeur \(badge/)
    })
  })

  describe('goods above 25 % of the fee (a 15 € T-shirt)', () => {
    const { t, deliver, membership } = flowFor(
      configWith('individuelle', {
        counterparts: [{ description: 'T-shirt du réseau', valueCents: 1500, kind: 'goods' }],
      }),
    )
    it('no receipt: a review explains the rule and the two ways out', async () => {
      await deliver()
      expect(await t.receipts(2025)).toEqual([])
      expect(await membership()).toMatchObject({ status: 'active' })
      const [review] = await t.reviews()
      expect(review?.reasons).toEqual(['counterparts-exceed-limits'])
      expect(review?.message).toMatch(/T-shirt du réseau : 15,00 €/)
      expect(review?.message).toMatch(/plus de 25 % de 50,00 € \(12,50 €\)/)
      expect(review?.message).toMatch(/tiers\[\]\.deductibleShare/)
    })
  })

  describe('a documented deductible share for a fee that bundles services', () => {
    const { t, deliver } = flowFor(
      configWith('individuelle', {
        counterparts: [{ description: 'accès aux formations', valueCents: 3000, kind: 'goods' }],
        deductibleShare: { amountCents: 2000, reason: 'cotisation statutaire, hors formations' },
      }),
    )
    it('the receipt carries that share, and its provenance says why', async () => {
      await deliver()
      const [receipt] = await t.receipts(2025)
      expect(receipt?.snapshot.amountCents).toBe(2000)
      expect(receipt?.provenance).toMatchObject({ eligibleCents: 2000, paymentAmountCents: 5000 })
      expect(receipt?.provenance.lines[0]).toMatchObject({
        shareCents: 5000,
        deductibleCents: 2000,
        eligible: true,
      })
      expect(receipt?.provenance.lines[0]?.why).toMatch(
        /part déductible documentée : 20,00 € sur 50,00 € \(cotisation statutaire, hors formations\)/,
      )
    })
  })
})

describe('goods within 25 % but above the yearly cap (a 100 € gift on a 500 € company fee)', () => {
  const { t, deliver } = flowFor(
    configWith('structure-petite', {
      counterparts: [{ description: 'coffret de produits', valueCents: 10000, kind: 'goods' }],
    }),
    COMPANY,
  )
  it('no receipt: a review names the dated cap and its source', async () => {
    await deliver()
    expect(await t.receipts(2026)).toEqual([])
    const [review] = await t.reviews()
    expect(review?.reasons).toEqual(['counterparts-exceed-limits'])
    expect(review?.message).toMatch(
      /au-delà du plafond annuel de 73,00 € \(depuis le 01\/01\/2021, source : admical.org/,
    )
    expect(review?.message).not.toMatch(/plus de 25 %/)
  })
})
