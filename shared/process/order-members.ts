import type { Order } from '../helloasso/schemas.js'

/** The members an order paid for (items[].user), for staff search and the receipt detail. */
export function membersOf(order: Order): { firstName: string; lastName: string }[] {
  return order.items.flatMap((item) =>
    item.type === 'Membership' && item.user
      ? [
          {
            firstName: item.user.firstName?.trim() ?? '',
            lastName: item.user.lastName?.trim() ?? '',
          },
        ]
      : [],
  )
}
