import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { pageFailure } from '../../functions/staff/pages/page-failure.js'
import { staffErrorStatus } from '../../functions/staff/staff-error-status.js'
import { staffErrorResponse } from '../../functions/staff/staff-errors.js'
import { AppError, type AppErrorCode } from '../../shared/errors.js'
import { silentLogger } from '../../shared/log.js'

// A Record, so a code added to AppErrorCode fails to compile here until it has its status.
const STATUS_OF: Record<AppErrorCode, number> = {
  'input.invalid': 400,
  'staff.unauthenticated': 401,
  'staff.forbidden': 403,
  'receipt.notFound': 404,
  'review.notFound': 404,
  'receipt.conflict': 409,
  'config.invalid': 500,
  'helloasso.notFound': 500,
  'helloasso.invalidResponse': 500,
  'mail.rejected': 500,
  'runtime.unavailable': 500,
  'helloasso.unavailable': 503,
  'helloasso.unauthorized': 503,
  'store.unavailable': 503,
  'store.conflict': 503,
  'store.rejected': 500,
  'store.failed': 500,
  'mail.unavailable': 503,
  'queue.unavailable': 503,
}

/** The status the staff API answers when a use case throws `error`. */
async function apiStatus(error: unknown): Promise<number> {
  const api = new Hono()
  api.get('/', () => {
    throw error
  })
  api.onError((thrown, c) => staffErrorResponse(c, thrown, silentLogger))
  return (await api.request('/')).status
}

describe('one staff error-code → HTTP status table, for the API and the pages', () => {
  for (const [code, status] of Object.entries(STATUS_OF) as [AppErrorCode, number][]) {
    it(`${code} → ${status} on both`, async () => {
      const error = new AppError(code, 'message')
      expect(staffErrorStatus(error)).toBe(status)
      expect(await apiStatus(error)).toBe(status)
      expect(pageFailure(error, silentLogger).status).toBe(status)
    })
  }

  it('an error that is not ours (a bug) is a 500 on both, its message kept to the log', async () => {
    const bug = new TypeError('x is undefined')
    expect(staffErrorStatus(bug)).toBe(500)
    expect(await apiStatus(bug)).toBe(500)
    expect(pageFailure(bug, silentLogger)).toMatchObject({ status: 500 })
    expect(pageFailure(bug, silentLogger).message).not.toContain('undefined')
  })
})
