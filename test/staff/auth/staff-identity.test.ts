import { describe, expect, it } from 'vitest'
import { can } from '../../../shared/staff/auth/staff-identity.js'
import { A_MANAGER, A_VIEWER } from './support/staff-test-app.js'

describe('can', () => {
  it('lets viewers read only, and managers read and write', () => {
    expect(can(A_VIEWER, 'read')).toBe(true)
    expect(can(A_VIEWER, 'write')).toBe(false)
    expect(can(A_MANAGER, 'read')).toBe(true)
    expect(can(A_MANAGER, 'write')).toBe(true)
  })
})
