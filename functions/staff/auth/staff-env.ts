import type { StaffIdentity } from '../../../shared/staff/auth/staff-identity.js'

/** How the request proved who it is: a bearer header is never sent by a browser on its own. */
export type StaffCredential = 'bearer' | 'session'

/** What requireStaff puts on the Hono context. */
export type StaffVariables = {
  staff: StaffIdentity
  staffCredential: StaffCredential
  /** The session's CSRF token for forms; undefined for bearer requests, which need none. */
  csrfToken: string | undefined
}

export type StaffEnv = { Variables: StaffVariables }
