/** What processing an order did, payment by payment (logged, and returned to tests). */
export interface OrderOutcome {
  /** Payments whose receipt was drafted and sent to the numbering step. */
  numbering: number[]
  duplicates: string[]
  cancelled: string[]
  reviews: string[]
  /** Payments left for the yearly summary receipt (annual policy). */
  deferred: number[]
}
