import { describe, expect, it } from 'vitest'
import { parisMidnight, reconcileWindow } from '../../shared/jobs/reconcile/reconcile-window.js'

describe('reconcileWindow: Paris days to HelloAsso instants', () => {
  it('covers whole Paris days: from is inclusive, to is the next Paris midnight (exclusive)', () => {
    expect(reconcileWindow('2025-09-01', '2025-12-31', new Date())).toEqual({
      since: '2025-09-01',
      until: '2025-12-31',
      from: '2025-08-31T22:00:00.000Z',
      to: '2025-12-31T23:00:00.000Z',
    })
  })

  it('finds midnight on both daylight-saving change days', () => {
    expect(parisMidnight('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z')
    expect(parisMidnight('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z')
    expect(parisMidnight('2025-10-26').toISOString()).toBe('2025-10-25T22:00:00.000Z')
    expect(parisMidnight('2025-10-27').toISOString()).toBe('2025-10-26T23:00:00.000Z')
  })

  it('ends today in Paris by default, not today in UTC', () => {
    // 23:30 UTC on 31 December is already 1 January in Paris.
    const window = reconcileWindow('2025-12-01', undefined, new Date('2025-12-31T23:30:00Z'))

    expect(window.until).toBe('2026-01-01')
    expect(window.to).toBe('2026-01-01T23:00:00.000Z')
  })
})
