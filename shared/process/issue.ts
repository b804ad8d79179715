import type { ReviewReason } from '../domain/records.js'

/** A doubt about an order that stops its receipt until a person decides (invariant 7). */
export interface Issue {
  reason: ReviewReason
  message: string
}
