import { describe, expect, it } from 'vitest'
import { createJsonLogger } from '../../shared/log.js'
import type { CompanyDonor } from '../../shared/receipts/receipt-snapshot.js'
import { ANNUAL, aCompanyPayment, pay, runAnnual } from '../jobs/annual-orders.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFakeHelloAsso, useTestRuntime } from '../support/flow-harness.js'
import { withLegalForm } from '../support/order-variants.js'

/**
 * Issue 10, 8g (invariant 9): a company's receipt, per payment and as a yearly summary, leaves
 * no SIREN, email, name or address of the donor in any log line.
 */
const { fake } = useFakeHelloAsso()
const lines: string[] = []
const log = createJsonLogger((line) => lines.push(line))

async function identifiersOf(t: ReturnType<typeof useTestRuntime>, year: number) {
  const receipts = await t.receipts(year)
  const company = receipts.find((receipt) => receipt.snapshot.donor.kind === 'company')
  if (!company) throw new Error('no company receipt')
  const donor = company.snapshot.donor as CompanyDonor
  return [donor.siren, company.payerEmail, donor.name, donor.address.street].filter(
    (value): value is string => Boolean(value),
  )
}

function expectNoneLogged(identifiers: string[]) {
  expect(lines.length).toBeGreaterThan(0)
  for (const identifier of identifiers)
    expect(
      lines.filter((line) => line.toLowerCase().includes(identifier.toLowerCase())),
      identifier,
    ).toEqual([])
}

describe('a company receipt per payment', () => {
  const t = useTestRuntime({ log })

  it('logs ids and counts, never the donor', async () => {
    lines.length = 0
    const body = loadFixture('03_order_membership_org_500eur_company_new_year_midnight')
    fake.putOrder(withLegalForm(orderFromNotification(body), 'SAS'))
    await t.post(body)
    await t.settle()
    expectNoneLogged(await identifiersOf(t, 2026))
  })
})

describe('a company’s yearly summary receipt', () => {
  const t = useTestRuntime({ config: ANNUAL, log })

  it('logs ids and counts, never the donor (its donor key included)', async () => {
    lines.length = 0
    await pay(
      fake,
      t,
      aCompanyPayment('2026-01-01T00:12:44.6140233+01:00'),
      aCompanyPayment('2026-03-15T09:00:00.0000000+01:00'),
    )
    await runAnnual(t, 2026)
    expectNoneLogged(await identifiersOf(t, 2026))
  })
})
