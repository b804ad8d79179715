import type { Order, Payment } from './schemas.js'

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
}
