import type { Order } from '../../shared/helloasso/schemas.js'
import type { FakeHelloAsso } from './fake-helloasso.js'
import { loadFixture, orderFromNotification } from './fixtures.js'
import type { CurrentTestRuntime } from './flow-harness.js'

/**
 * Runs a fixture's order through the whole flow (fake HelloAsso, notification, queue) so staff
 * pages have real receipts to show; `payer` renames or readdresses the payer first.
 */
export async function receiptFromFixture(
  fake: FakeHelloAsso,
  t: CurrentTestRuntime,
  fixture: string,
  payer: Partial<NonNullable<Order['payer']>> = {},
): Promise<void> {
  const order = orderFromNotification(loadFixture(fixture))
  const renamed = { ...order, payer: { ...order.payer, ...payer } } as Order
  fake.putOrder(renamed)
  const body = loadFixture(fixture) as { data: Record<string, unknown> }
  const response = await t.post({ ...body, data: { ...body.data, payer: renamed.payer } })
  if (response.status !== 200) throw new Error(`notification refused: ${response.status}`)
  await t.settle()
}
