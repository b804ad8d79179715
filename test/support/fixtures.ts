import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  NotificationEnvelopeSchema,
  type Order,
  OrderSchema,
  type Payment,
  PaymentSchema,
} from '../../shared/helloasso/schemas.js'

const HELLOASSO_FIXTURES = fileURLToPath(new URL('../fixtures/helloasso/', import.meta.url))

/** The raw bytes of a notification fixture, as HelloAsso would post them (for signatures). */
export function loadFixtureText(name: string): string {
  const file = name.endsWith('.json') ? name : `${name}.json`
  return readFileSync(`${HELLOASSO_FIXTURES}${file}`, 'utf8')
}

/** A notification body from test/fixtures/helloasso, by file name with or without `.json`. */
export function loadFixture(name: string): unknown {
  return JSON.parse(loadFixtureText(name))
}

/** The order carried by an Order notification: what the fake API answers for GET /orders/{id}. */
export function orderFromNotification(body: unknown): Order {
  return OrderSchema.parse(dataOf(body, 'Order'))
}

/** The payment carried by a Payment notification: what the fake API answers for GET /payments/{id}. */
export function paymentFromNotification(body: unknown): Payment {
  return PaymentSchema.parse(dataOf(body, 'Payment'))
}

function dataOf(body: unknown, eventType: string): Record<string, unknown> {
  const envelope = NotificationEnvelopeSchema.parse(body)
  if (envelope.eventType !== eventType) {
    throw new Error(`expected a ${eventType} notification, got ${envelope.eventType}`)
  }
  return envelope.data
}
