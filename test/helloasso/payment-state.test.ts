import { describe, expect, it } from 'vitest'
import { mapPaymentState } from '../../shared/helloasso/payment-state.js'

// Every value of the PaymentState enum in HelloAsso's OpenAPI file, with the CiviCRM policy.
const EXPECTED = {
  Pending: 'pending',
  Authorized: 'paid',
  Refused: 'failed',
  Unknown: 'pending',
  Registered: 'paid',
  Error: 'failed',
  Refunded: 'refunded',
  Refunding: 'refunding',
  Waiting: 'pending',
  Canceled: 'failed',
  Contested: 'contested',
  WaitingBankValidation: 'pending',
  WaitingBankWithdraw: 'pending',
  Abandoned: 'failed',
  WaitingAuthentication: 'pending',
  AuthorizedPreprod: 'paid',
  Corrected: 'paid',
  Deleted: 'failed',
  Inconsistent: 'failed',
  NoDonation: 'failed',
  Init: 'pending',
} as const

describe('mapPaymentState', () => {
  it('covers the 21 states of the API', () => {
    expect(Object.keys(EXPECTED)).toHaveLength(21)
  })

  it.each(Object.entries(EXPECTED))('maps %s to %s', (state, status) => {
    expect(mapPaymentState(state)).toBe(status)
  })

  it('treats a state HelloAsso adds later as pending, never as paid', () => {
    expect(mapPaymentState('PartiallyRefunded')).toBe('pending')
    expect(mapPaymentState('')).toBe('pending')
  })

  it('does not depend on the casing HelloAsso uses', () => {
    expect(mapPaymentState('AUTHORIZED')).toBe('paid')
    expect(mapPaymentState('waitingbankvalidation')).toBe('pending')
  })
})
