import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors.js'
import { createLocalTokenVerifier } from '../../../shared/staff/auth/local-tokens.js'
import { ORG_ID } from './support/cognito-pool.js'
import { MANAGER_TOKEN, VIEWER_TOKEN } from './support/staff-test-app.js'

describe('createLocalTokenVerifier', () => {
  const verify = createLocalTokenVerifier(
    { managerToken: MANAGER_TOKEN, viewerToken: VIEWER_TOKEN },
    ORG_ID,
  )

  it('knows the manager and the viewer token', () => {
    expect(verify(MANAGER_TOKEN)).toEqual({
      id: 'local:manager',
      name: 'Accès par code',
      role: 'manager',
      orgId: ORG_ID,
    })
    expect(verify(VIEWER_TOKEN)).toMatchObject({ id: 'local:viewer', role: 'viewer' })
  })

  it.each([
    ['a wrong token', 'not-the-token'],
    ['a prefix of the manager token', MANAGER_TOKEN.slice(0, -1)],
    ['the manager token with a suffix', `${MANAGER_TOKEN}x`],
    ['an empty token', ''],
  ])('refuses %s', (_case, token) => {
    expect(verify(token)).toBeUndefined()
  })

  it('works with the manager token alone, and never matches an unset viewer token', () => {
    const managerOnly = createLocalTokenVerifier({ managerToken: MANAGER_TOKEN }, ORG_ID)
    expect(managerOnly(MANAGER_TOKEN)?.role).toBe('manager')
    expect(managerOnly('')).toBeUndefined()
    expect(managerOnly(VIEWER_TOKEN)).toBeUndefined()
  })

  it('refuses a viewer token equal to the manager token', () => {
    expect(() =>
      createLocalTokenVerifier(
        {
          managerToken: 'the-same-token-for-both-roles-0123',
          viewerToken: 'the-same-token-for-both-roles-0123',
        },
        ORG_ID,
      ),
    ).toThrow(AppError)
  })
})
