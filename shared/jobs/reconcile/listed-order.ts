import type { Order } from '../../helloasso/schemas.js'

/** Form types whose payments we receipt; process-notification ignores every other one. */
export const RECEIPTED_FORM_TYPES: readonly string[] = ['Membership', 'Donation']

/**
 * What the sweep keeps of an order HelloAsso listed: ids and payment states, enough to compare
 * with local records. The processing path re-fetches the whole order itself, so a year of
 * orders costs little memory and no personal data is held.
 */
export interface ListedOrder {
  id: number
  formType: string | undefined
  payments: ListedPayment[]
}

export interface ListedPayment {
  id: number
  state: string
  amountCents: number
}

export function listedOrder(order: Order): ListedOrder {
  return {
    id: order.id,
    formType: order.formType ?? undefined,
    payments: order.payments.map((payment) => ({
      id: payment.id,
      state: payment.state,
      amountCents: payment.amount,
    })),
  }
}

export function isReceipted(order: ListedOrder): boolean {
  return order.formType !== undefined && RECEIPTED_FORM_TYPES.includes(order.formType)
}

/** What the sweep knows of an order by id: listed, unreadable, or unknown to HelloAsso. */
export type KnownOrder = ListedOrder | 'unreadable' | 'missing'
