/**
 * What a HelloAsso payment state means for us. The policy is CiviCRM's HelloAsso processor
 * (jonathandhn/helloasso-payment-processor, `PaymentState.php`), the most sandbox-tested one
 * found: only the four "money is in" states count as paid, and a state HelloAsso adds later is
 * treated as pending, so a surprise never issues a receipt.
 */
export type PaymentStatus = 'paid' | 'pending' | 'failed' | 'refunding' | 'refunded' | 'contested'

const STATUS_BY_STATE: ReadonlyMap<string, PaymentStatus> = new Map(
  (
    [
      ['Authorized', 'paid'],
      ['Registered', 'paid'],
      ['AuthorizedPreprod', 'paid'],
      ['Corrected', 'paid'],
      ['Pending', 'pending'],
      ['Unknown', 'pending'],
      ['Waiting', 'pending'],
      ['WaitingBankValidation', 'pending'],
      ['WaitingBankWithdraw', 'pending'],
      ['WaitingAuthentication', 'pending'],
      ['Init', 'pending'],
      ['Refused', 'failed'],
      ['Error', 'failed'],
      ['Canceled', 'failed'],
      ['Abandoned', 'failed'],
      ['Deleted', 'failed'],
      ['Inconsistent', 'failed'],
      ['NoDonation', 'failed'],
      ['Refunding', 'refunding'],
      ['Refunded', 'refunded'],
      ['Contested', 'contested'],
    ] as const
  ).map(([state, status]) => [state.toLowerCase(), status]),
)

/** Case-insensitive: HelloAsso's enums are PascalCase, but a casing change must not make a paid payment pending. */
export function mapPaymentState(state: string): PaymentStatus {
  return STATUS_BY_STATE.get(state.trim().toLowerCase()) ?? 'pending'
}
