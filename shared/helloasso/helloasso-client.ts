import type { FormLight, PublicForm } from './form-schemas.js'
import type { Order, Organization, Payment } from './schemas.js'

/**
 * Port to the HelloAsso API. Implementations re-fetch with our own OAuth2 token; the
 * notification body is never trusted (invariant 1).
 *
 * Errors: AppError 'helloasso.unavailable' (5xx, timeout, network, 429: transient),
 * 'helloasso.unauthorized' (credentials refused even after a fresh token),
 * 'helloasso.notFound' (404), 'helloasso.invalidResponse' (body does not parse).
 */
export interface HelloAssoClient {
  getOrder(orderId: number): Promise<Order>
  getPayment(paymentId: number): Promise<Payment>
  /** The organisation's public record (`GET /organizations/{slug}`), asked with our token. */
  getOrganization(slug: string): Promise<Organization>
  /**
   * The organisation's orders in a date window, oldest first, one page at a time. Ends on
   * HelloAsso's empty page; a continuation token that does not advance is an
   * 'helloasso.invalidResponse' error rather than an endless loop.
   */
  listOrders(query: OrderListQuery): AsyncIterable<OrderListPage>
  /** The organisation's forms, every state (setup and check-config compare them with the file). */
  listForms(organizationSlug: string): Promise<FormLight[]>
  /** One form with its tiers: ids, labels, prices, whether HelloAsso issues receipts on them. */
  getPublicForm(
    organizationSlug: string,
    form: { formType: string; formSlug: string },
  ): Promise<PublicForm>
}

export interface OrderListQuery {
  organizationSlug: string
  /** ISO instant, inclusive. */
  from: string
  /** ISO instant, exclusive (HelloAsso's `to`). */
  to: string
  /** HelloAsso form types (`Membership`, `Donation`…); sent as repeated `formTypes`. */
  formTypes: readonly string[]
}

export interface OrderListPage {
  orders: Order[]
  /** Entries of the page that do not match OrderSchema, kept apart so the rest of the page counts. */
  unreadable: UnreadableOrder[]
}

export interface UnreadableOrder {
  /** The entry's id, when it has a usable one. */
  orderId?: number
  /** Field paths and issue codes, never values: they are personal data. */
  issues: string
}
