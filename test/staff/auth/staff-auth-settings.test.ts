import { describe, expect, it } from 'vitest'
import { createStaffAuth } from '../../../functions/staff/auth/staff-auth-middleware.js'
import { AppError } from '../../../shared/errors.js'
import type { StaffAuthSettings } from '../../../shared/staff/auth/staff-auth-settings.js'
import { CLIENT_ID, ORG_ID, REGION, USER_POOL_ID } from './support/cognito-pool.js'
import { MANAGER_TOKEN, SESSION_KEY } from './support/staff-test-app.js'

const COGNITO = {
  region: REGION,
  userPoolId: USER_POOL_ID,
  clientId: CLIENT_ID,
  domain: 'auth.labo-ess.example',
  callbackUrl: 'https://staff.labo-ess.example/staff/auth/callback',
  signOutUrl: 'https://staff.labo-ess.example/staff/connexion',
}

function configError(settings: StaffAuthSettings): AppError | undefined {
  try {
    createStaffAuth(settings)
    return undefined
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
}

describe('createStaffAuth settings', () => {
  const local = { orgId: ORG_ID, sessionKey: SESSION_KEY, local: { managerToken: MANAGER_TOKEN } }

  it('picks the sign-in method: hosted UI when Cognito is set, else the token form', () => {
    expect(createStaffAuth(local).signIn.mode).toBe('local')
    expect(createStaffAuth({ ...local, cognito: COGNITO }).signIn.mode).toBe('cognito')
  })

  it.each([
    ['a short session key', { ...local, sessionKey: 'too-short' }, /STAFF_SESSION_KEY/],
    ['no way to sign in', { orgId: ORG_ID, sessionKey: SESSION_KEY }, /STAFF_TOKEN/],
    ['empty local tokens', { ...local, local: { managerToken: '' } }, /STAFF_TOKEN/],
    ['no organisation', { ...local, orgId: '' }, /organisation/],
    [
      'a hosted-UI domain with a scheme',
      { ...local, cognito: { ...COGNITO, domain: 'https://auth.labo-ess.example' } },
      /COGNITO_DOMAIN/,
    ],
    [
      'a relative callback URL',
      { ...local, cognito: { ...COGNITO, callbackUrl: '/staff/auth/callback' } },
      /callbackUrl/,
    ],
  ])('refuses %s', (_case, settings, message) => {
    const error = configError(settings)
    expect(error?.code).toBe('config.invalid')
    expect(error?.message).toMatch(message)
  })
})
