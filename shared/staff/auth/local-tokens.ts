import { AppError } from '../../errors.js'
import { secretMatches } from '../../ingest/secret-matches.js'
import type { StaffIdentity, StaffRole } from './staff-identity.js'

export interface LocalTokenSettings {
  /** STAFF_TOKEN: full rights. */
  managerToken?: string
  /** STAFF_VIEWER_TOKEN: read-only. */
  viewerToken?: string
}

/** 24 characters of `openssl rand -base64 32` are ~144 bits: beyond guessing, even online. */
export const MIN_STAFF_TOKEN_LENGTH = 24

export type LocalTokenVerifier = (token: string) => StaffIdentity | undefined

// The role is shown beside the name (header, audit trail): the name does not repeat it.
const LOCAL_TOKEN_NAME = 'Accès par code'

/**
 * Identities for static tokens (local runs, scripts). Every configured token is compared, in
 * constant time, whatever matched first, so timing does not tell which one a guess is close to.
 */
export function createLocalTokenVerifier(
  settings: LocalTokenSettings,
  orgId: string,
): LocalTokenVerifier {
  const { managerToken, viewerToken } = settings
  requireLongToken('STAFF_TOKEN', managerToken)
  requireLongToken('STAFF_VIEWER_TOKEN', viewerToken)
  if (managerToken && viewerToken && managerToken === viewerToken) {
    throw new AppError(
      'config.invalid',
      'STAFF_TOKEN and STAFF_VIEWER_TOKEN are equal: give the viewer token its own value.',
    )
  }
  return (token) => {
    const isManager = managerToken ? secretMatches(token, managerToken) : false
    const isViewer = viewerToken ? secretMatches(token, viewerToken) : false
    if (isManager) return localIdentity('manager', orgId)
    if (isViewer) return localIdentity('viewer', orgId)
    return undefined
  }
}

function requireLongToken(name: string, token: string | undefined): void {
  if (token === undefined || token === '' || token.length >= MIN_STAFF_TOKEN_LENGTH) return
  throw new AppError(
    'config.invalid',
    `${name} est trop court (${token.length} caractères) : il faut au moins ${MIN_STAFF_TOKEN_LENGTH} caractères pour qu’il ne se devine pas. Créez-en un avec \`openssl rand -base64 32\` et redémarrez.`,
  )
}

export function hasLocalTokens(settings: LocalTokenSettings | undefined): boolean {
  return Boolean(settings?.managerToken || settings?.viewerToken)
}

function localIdentity(role: StaffRole, orgId: string): StaffIdentity {
  return { id: `local:${role}`, name: LOCAL_TOKEN_NAME, role, orgId }
}
