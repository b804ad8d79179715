import { expect } from 'vitest'
import type { FakeHelloAsso } from '../../functions/demo/fake-helloasso.js'
import type { Order } from '../../shared/helloasso/schemas.js'
import { silentLogger } from '../../shared/log.js'
import type { IndividualDonor } from '../../shared/receipts/receipt-snapshot.js'
import type { StaffDeps } from '../../shared/staff/staff-deps.js'
import { loadFixture, orderFromNotification } from './fixtures.js'
import type { CurrentTestRuntime } from './flow-harness.js'

/** The staff member who cancels and corrects in the year stories of the job tests. */
export const TREASURER = { id: 'tresoriere', name: 'Trésorière', role: 'manager' }

/** Noé Guillot (fixture 02) after moving: the correction the stories make to his receipt. */
export const NOE_NEW_ADDRESS: IndividualDonor = {
  kind: 'individual',
  lastName: 'Guillot',
  firstNames: 'Noé',
  address: { street: '5 rue des Écoles', postalCode: '26400', city: 'Crest', country: 'France' },
}

/** Steps of a story told through the real paths: HelloAsso's answer, the webhook, staff. */
export function storySteps(fake: FakeHelloAsso, t: CurrentTestRuntime) {
  const settleAfter = async (post: Promise<Response>) => {
    expect((await post).status).toBe(200)
    await t.settle()
  }
  return {
    /** A fixture's notification, HelloAsso answering with `order` (the fixture's by default). */
    async deliver(fixture: string, order: Order = orderFromNotification(loadFixture(fixture))) {
      fake.putOrder(order)
      await settleAfter(t.post(loadFixture(fixture)))
    },
    async deliverOrder(order: Order) {
      fake.putOrder(order)
      await settleAfter(t.post({ eventType: 'Order', data: order }))
    },
    staffDeps(): StaffDeps {
      const { runtime } = t
      return {
        config: runtime.jobs.process.config,
        table: runtime.table,
        queue: runtime.queue,
        now: runtime.jobs.process.now,
        log: silentLogger,
      }
    },
  }
}
