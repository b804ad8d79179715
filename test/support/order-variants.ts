import type { Order } from '../../shared/helloasso/schemas.js'

/** The same order with a "Forme juridique" answer on its first item (custom field 901213). */
export function withLegalForm(order: Order, legalForm: string): Order {
  const [first, ...rest] = order.items
  if (!first) return order
  const customFields = [
    ...(first.customFields ?? []),
    { id: 901213, name: 'Forme juridique', type: 'TextInput', answer: legalForm },
  ]
  return { ...order, items: [{ ...first, customFields }, ...rest] }
}

/** A copy of an order under new ids, so many distinct orders can be made from one fixture. */
export function withIds(
  order: Order,
  orderId: number,
  itemOffset: number,
  paymentOffset: number,
): Order {
  const itemId = (id: number) => id + itemOffset
  const paymentId = (id: number) => id + paymentOffset
  return {
    ...order,
    id: orderId,
    items: order.items.map((item) => ({
      ...item,
      id: itemId(item.id),
      payments: item.payments?.map((p) => ({ ...p, id: paymentId(p.id) })) ?? null,
    })),
    payments: order.payments.map((payment) => ({
      ...payment,
      id: paymentId(payment.id),
      items: payment.items?.map((share) => ({ ...share, id: itemId(share.id) })) ?? null,
    })),
  }
}

/** The same order with one more custom-field answer on its first item. */
export function withCustomField(order: Order, id: number, name: string, answer: string): Order {
  const [first, ...rest] = order.items
  if (!first) return order
  const customFields = [...(first.customFields ?? []), { id, name, type: 'TextInput', answer }]
  return { ...order, items: [{ ...first, customFields }, ...rest] }
}
