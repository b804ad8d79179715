import type { FakeHelloAsso } from '../../functions/demo/fake-helloasso.js'
import type { Order } from '../../shared/helloasso/schemas.js'
import { loadFixture, orderFromNotification } from './fixtures.js'
import type { CurrentTestRuntime } from './flow-harness.js'

export interface FixtureOrder {
  fixture: string
  /** Renames or readdresses the payer before HelloAsso (the fake) serves the order. */
  payer?: Partial<NonNullable<Order['payer']>>
}

/**
 * Runs fixtures' orders through the whole flow (fake HelloAsso, notification, queue) so staff
 * pages have real receipts to show. All are posted, then the queue drained once: numbers follow
 * the processing order, which is the posting order only for a single fixture.
 */
export async function receiptsFromFixtures(
  fake: FakeHelloAsso,
  t: CurrentTestRuntime,
  orders: FixtureOrder[],
): Promise<void> {
  for (const { fixture, payer = {} } of orders) {
    const order = orderFromNotification(loadFixture(fixture))
    const renamed = { ...order, payer: { ...order.payer, ...payer } } as Order
    fake.putOrder(renamed)
    const body = loadFixture(fixture) as { data: Record<string, unknown> }
    const response = await t.post({ ...body, data: { ...body.data, payer: renamed.payer } })
    if (response.status !== 200) throw new Error(`notification refused: ${response.status}`)
  }
  await t.settle()
}

/** One fixture's order through the flow; see receiptsFromFixtures. */
export function receiptFromFixture(
  fake: FakeHelloAsso,
  t: CurrentTestRuntime,
  fixture: string,
  payer: FixtureOrder['payer'] = {},
): Promise<void> {
  return receiptsFromFixtures(fake, t, [{ fixture, payer }])
}
