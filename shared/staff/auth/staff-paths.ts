/** The sign-in routes are mounted at /staff; the middleware redirects to them by these paths. */
export const STAFF_HOME_PATH = '/staff'
export const SIGN_IN_PATH = '/staff/connexion'
export const SIGN_OUT_PATH = '/staff/deconnexion'
export const CALLBACK_PATH = '/staff/auth/callback'

// /staff, alone or followed by a path, query or fragment in URL characters (RFC 3986, encoded):
// no backslash, space or control character that a browser could read as another origin.
const RETURN_PATH = /^\/staff(?:[/?#][\w\-.~!$&'()*+,;=:@%/?#]*)?$/

/**
 * Where to go after signing in. The value comes from the query string, so anything but a path
 * of the staff app falls back to its home: the sign-in page must not be an open redirect.
 */
export function safeReturnPath(value: string | undefined): string {
  if (!value || value.length > 2000 || !RETURN_PATH.test(value)) return STAFF_HOME_PATH
  if (value === SIGN_IN_PATH || value.startsWith(`${SIGN_IN_PATH}?`)) return STAFF_HOME_PATH
  return value
}

export function signInPathFor(returnPath: string | undefined): string {
  const target = safeReturnPath(returnPath)
  return target === STAFF_HOME_PATH
    ? SIGN_IN_PATH
    : `${SIGN_IN_PATH}?${new URLSearchParams({ retour: target })}`
}
