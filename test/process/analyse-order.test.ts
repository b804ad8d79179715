import { describe, expect, it } from 'vitest'
import { parseAssociationConfig } from '../../shared/config/load-association-config.js'
import type { Order } from '../../shared/helloasso/schemas.js'
import { analyseOrder } from '../../shared/process/analyse-order.js'
import { NO_TIER_MAPPINGS } from '../../shared/process/match-tier.js'
import { paymentProvenance } from '../../shared/process/payment-provenance.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { withLegalForm } from '../support/order-variants.js'
import { testAssociationConfig } from '../support/test-association-config.js'

const config = parseAssociationConfig(testAssociationConfig(), 'test')
const fixture = (name: string) => orderFromNotification(loadFixture(name))
const reasons = (order: Order) =>
  analyseOrder(config, order, NO_TIER_MAPPINGS).issues.map((i) => i.reason)

describe('analyseOrder', () => {
  it('a clean individual order: no issue, the payer is the donor', () => {
    const analysis = analyseOrder(
      config,
      fixture('01_order_membership_individual_50eur_with_tip'),
      NO_TIER_MAPPINGS,
    )
    expect(analysis.issues).toEqual([])
    expect(analysis.donor).toMatchObject({
      kind: 'individual',
      lastName: 'Arnaud',
      address: { country: 'France' },
    })
  })

  it('a company: name from the custom field, SIREN from the SIRET, legal form from its field', () => {
    const analysis = analyseOrder(
      config,
      withLegalForm(fixture('04_order_membership_org_1000eur_company_3_instalments'), 'SCIC SAS'),
      NO_TIER_MAPPINGS,
    )
    expect(analysis.issues).toEqual([])
    expect(analysis.donor).toMatchObject({
      kind: 'company',
      legalForm: 'SCIC SAS',
      siren: expect.stringMatching(/^\d{9}$/),
    })
  })

  it('a declared budget that does not fit the tier goes to review', () => {
    const order = withLegalForm(
      fixture('03_order_membership_org_500eur_company_new_year_midnight'),
      'SAS',
    )
    const [item] = order.items
    const customFields = (item?.customFields ?? []).map((f) =>
      f.id === 901211 ? { ...f, answer: 'Plus de 1 M€' } : f,
    )
    expect(
      reasons({ ...order, items: [{ ...(item as NonNullable<typeof item>), customFields }] }),
    ).toEqual(['budget-mismatch'])
  })

  it('individual and organisation tiers in one order go to review', () => {
    const individual = fixture('01_order_membership_individual_50eur_with_tip')
    const company = withLegalForm(
      fixture('03_order_membership_org_500eur_company_new_year_midnight'),
      'SAS',
    )
    expect(reasons({ ...company, items: [...company.items, ...individual.items] })).toContain(
      'mixed-payer-kinds',
    )
  })

  it('HelloAsso’s company box on an individual tier does not make a company receipt', () => {
    const order = fixture('01_order_membership_individual_50eur_with_tip')
    const analysis = analyseOrder(
      config,
      {
        ...order,
        payer: { ...order.payer, company: 'Exemple SARL' },
      },
      NO_TIER_MAPPINGS,
    )
    expect(analysis.payerKind).toBe('individual')
    expect(analysis.issues).toEqual([])
    expect(analysis.donor).toMatchObject({ kind: 'individual', lastName: 'Arnaud' })
  })

  it('no email: review, nothing can be sent', () => {
    const order = fixture('01_order_membership_individual_50eur_with_tip')
    expect(reasons({ ...order, payer: { ...order.payer, email: '' } })).toEqual(['email-missing'])
  })
})

describe('paymentProvenance', () => {
  it('counts the item share, never the tip or options, and explains each line', () => {
    const order = fixture('15_order_membership_with_option')
    const analysis = analyseOrder(config, order, NO_TIER_MAPPINGS)
    const provenance = paymentProvenance(
      order.payments[0] as Order['payments'][number],
      analysis.verdicts,
      true,
    )
    expect(provenance).toMatchObject({ eligibleCents: 5000, paymentAmountCents: 6500 })
  })

  it('refuses shares that do not add up to the payment', () => {
    const order = fixture('01_order_membership_individual_50eur_with_tip')
    const payment = order.payments[0] as Order['payments'][number]
    const analysis = analyseOrder(config, order, NO_TIER_MAPPINGS)
    expect(paymentProvenance({ ...payment, amount: 9999 }, analysis.verdicts, true)).toBeUndefined()
  })

  it('an ineligible item type is excluded from the amount', () => {
    const order = fixture('01_order_membership_individual_50eur_with_tip')
    const [item] = order.items
    const shop = { ...order, items: [{ ...(item as NonNullable<typeof item>), type: 'Product' }] }
    const analysis = analyseOrder(config, shop, NO_TIER_MAPPINGS)
    expect(
      paymentProvenance(shop.payments[0] as Order['payments'][number], analysis.verdicts, true)
        ?.eligibleCents,
    ).toBe(0)
  })
})
