import { describe, expect, it } from 'vitest'
import { deductibilitySummary } from '../../shared/config/deductibility-summary.js'
import { parseAssociationConfig } from '../../shared/config/load-association-config.js'
import type { Order } from '../../shared/helloasso/schemas.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFakeHelloAsso, useTestRuntime } from '../support/flow-harness.js'
import { withIds } from '../support/order-variants.js'
import { testAssociationConfig } from '../support/test-association-config.js'

/**
 * The « Coluche » ceiling went from 1 000 € to 2 000 € for gifts made from 14 October 2025
 * (finance law for 2026). Two gifts of 1 500 € on a 75 % tier, before and after that day:
 * everything the product states about the reduction follows the ceiling of each gift's date.
 */
const { fake } = useFakeHelloAsso()
const AID_TIER_ID = 16402899

/** The test association with a tier of a body helping people in difficulty (75 %). */
function colucheConfig() {
  const config = testAssociationConfig()
  const [individual] = config.tiers
  return {
    ...config,
    tiers: [
      ...config.tiers,
      {
        ...individual,
        key: 'soutien-solidaire',
        label: 'Soutien solidaire',
        amountCents: 150000,
        reductionRatePercent: 75,
        match: { tierIds: [AID_TIER_ID], labels: ['Soutien solidaire'] },
      },
    ],
  }
}

/** Fixture 01 as a 1 500 € gift to that tier, paid on `day` (10:00, Paris summer time). */
function gift(day: string, offset: number): Order {
  const base = withIds(
    orderFromNotification(loadFixture('01_order_membership_individual_50eur_with_tip')),
    158201001 + offset,
    offset,
    offset,
  )
  const at = `${day}T10:00:00+02:00`
  return {
    ...base,
    date: at,
    amount: { ...base.amount, total: 150000 },
    items: base.items.map((item) => ({
      ...item,
      name: 'Soutien solidaire',
      tierId: AID_TIER_ID,
      amount: 150000,
      initialAmount: 150000,
      payments: item.payments?.map((p) => ({ ...p, shareAmount: 150000 })) ?? null,
    })),
    payments: base.payments.map((payment) => ({
      ...payment,
      date: at,
      amount: 150000,
      amountTip: 0,
      items:
        payment.items?.map((share) => ({
          ...share,
          shareAmount: 150000,
          shareItemAmount: 150000,
        })) ?? null,
    })),
  }
}

describe('a 1 500 € gift on a 75 % tier, on 1 October and on 1 November 2025', () => {
  const t = useTestRuntime({ config: colucheConfig() })

  it('states the ceiling in force on each date, and records which rules applied', async () => {
    const october = gift('2025-10-01', 1000)
    const november = gift('2025-11-01', 2000)
    for (const order of [october, november]) {
      fake.putOrder(order)
      expect((await t.post({ eventType: 'Order', data: order })).status).toBe(200)
    }
    await t.settle()
    expect(await t.reviews()).toEqual([])
    const receipts = await t.receipts(2025)
    const byPayment = (order: Order) => receipts.find((r) => r.paymentId === order.payments[0]?.id)
    expect(byPayment(october)?.taxRules).toEqual({ versions: ['2021-01-01'], ratePercent: 75 })
    expect(byPayment(november)?.taxRules).toEqual({ versions: ['2025-10-14'], ratePercent: 75 })

    const mails = await t.outbox()
    const textOf = (order: Order) => {
      const number = byPayment(order)?.number ?? '?'
      const mail = mails.find((m) => m.subject?.includes(number))
      return (mail?.text ?? '').replace(/\s+/g, ' ')
    }
    const before = textOf(october)
    expect(before).toContain(
      '75 % des dons de l’année à ces organismes jusqu’à 1 000,00 € (plafond des dons faits avant le 14/10/2025), puis 66 % au-delà',
    )
    expect(before).toContain('soit au plus 1 080,00 € pour ce versement')
    expect(before).not.toContain('2 000')
    const after = textOf(november)
    expect(after).toContain(
      '75 % des dons de l’année à ces organismes jusqu’à 2 000,00 € (plafond des dons faits depuis le 14/10/2025), puis 66 % au-delà',
    )
    expect(after).toContain('soit au plus 1 125,00 € pour ce versement')
    expect(after).not.toContain('1 000,00')
  })

  it('says the same in the deductibility summary that check-config prints, for each date', () => {
    const config = parseAssociationConfig(colucheConfig(), 'test')
    const line = (day: string) =>
      (
        deductibilitySummary(config, day).find((l) => l.startsWith('Soutien solidaire')) ?? ''
      ).replace(/\s+/g, ' ')
    expect(line('2025-10-01')).toContain(
      'réduction de 75 % jusqu’à 1 000,00 € de dons dans l’année (plafond des dons faits avant le 14/10/2025), 66 % au-delà',
    )
    expect(line('2025-11-01')).toContain(
      'réduction de 75 % jusqu’à 2 000,00 € de dons dans l’année (plafond des dons faits depuis le 14/10/2025), 66 % au-delà',
    )
    const rules = deductibilitySummary(config, '2025-11-01')
      .join('\n')
      .replace(/\u00a0/g, ' ')
    expect(rules).toContain('Règles fiscales appliquées : version du 14/10/2025.')
    expect(rules).toContain('loi de finances pour 2026, promulguée le 20 février 2026')
  })
})
