import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { AppError, errorSummary } from '../../../shared/errors.js'
import { secretMatches } from '../../../shared/ingest/secret-matches.js'
import { SIGN_IN_PATH, safeReturnPath } from '../../../shared/staff/auth/staff-paths.js'
import { CSRF_FIELD, csrfTokenFor, csrfTokenMatches } from './csrf.js'
import { authorizeUrl, createPkce, exchangeCode, logoutUrl } from './hosted-ui.js'
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './session-cookie.js'
import { clearSignInAttempt, readSignInAttempt, startSignInAttempt } from './sign-in-cookie.js'
import { renderSignInPage, type SignInView, TOKEN_FIELD } from './sign-in-page.js'
import type { StaffAuth } from './staff-auth-middleware.js'
import type { StaffEnv } from './staff-env.js'

type PageStatus = 200 | 400 | 401 | 403 | 502 | 503

const MESSAGES = {
  wrongToken: 'Code d’accès incorrect.',
  formExpired: 'Le formulaire a expiré : saisissez de nouveau votre code d’accès.',
  attemptExpired:
    'Cette demande de connexion a expiré ou n’a pas été lancée depuis ce navigateur : recommencez.',
  cancelled: 'La connexion a été annulée ou refusée.',
  codeExpired: 'Le code de connexion a expiré : recommencez.',
  noGroup:
    'Votre compte n’a pas encore accès à l’espace équipe (groupe « viewer » ou « manager ») : demandez-le à un responsable.',
  refused: 'Connexion refusée.',
  unavailable: 'Le service de connexion ne répond pas : réessayez dans quelques instants.',
}

/**
 * GET/POST /connexion, GET /auth/callback (hosted UI) and POST /deconnexion, to mount at /staff
 * with `app.route('/staff', createSignInRoutes(auth))`, outside any requireStaff.
 */
export function createSignInRoutes(auth: StaffAuth, look: SignInLook = {}): Hono<StaffEnv> {
  const { session, signIn } = auth
  const page = (c: Context, view: SignInView, status: PageStatus) =>
    signInPage(c, view, status, look)
  const app = new Hono<StaffEnv>()

  app.get('/connexion', (c) => {
    const returnPath = safeReturnPath(c.req.query('retour'))
    if (readSessionCookie(c, session)) return c.redirect(returnPath, 303)
    return freshSignInPage(c, { returnPath }, 200)
  })

  app.post('/deconnexion', auth.requireStaff({ redirectToSignIn: true }), (c) => {
    clearSessionCookie(c, session)
    const target = signIn.mode === 'cognito' ? logoutUrl(signIn.hostedUi) : SIGN_IN_PATH
    return c.redirect(target, 303)
  })

  if (signIn.mode === 'local') {
    // Anyone may post here: a token and a CSRF field fit in far less than this.
    const smallForm = bodyLimit({
      maxSize: 8 * 1024,
      onError: (c) => c.text('Formulaire trop long.', 413),
    })
    app.post('/connexion', smallForm, async (c) => {
      const attempt = readSignInAttempt(c, session)
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
      const csrf = typeof form[CSRF_FIELD] === 'string' ? form[CSRF_FIELD] : undefined
      if (!attempt || !csrfTokenMatches(csrf, csrfTokenFor(attempt.nonce, session.key))) {
        return freshSignInPage(
          c,
          { returnPath: attempt?.returnPath, error: MESSAGES.formExpired },
          403,
        )
      }
      const token = form[TOKEN_FIELD]
      const staff = typeof token === 'string' ? signIn.verify(token) : undefined
      if (!staff) {
        auth.log.info('staff.auth.refused', { credential: 'sign-in-form', reason: 'unknown-token' })
        const view: SignInView = {
          mode: 'local',
          csrfToken: csrfTokenFor(attempt.nonce, session.key),
          error: MESSAGES.wrongToken,
        }
        return page(c, view, 401)
      }
      clearSignInAttempt(c, session)
      setSessionCookie(c, staff, session)
      return c.redirect(attempt.returnPath, 303)
    })
  }

  if (signIn.mode === 'cognito') {
    app.get('/auth/callback', async (c) => {
      const attempt = readSignInAttempt(c, session)
      const state = c.req.query('state')
      // The state proves this browser started this sign-in: checked before anything else.
      if (!attempt?.verifier || !state || !secretMatches(state, attempt.nonce)) {
        return freshSignInPage(c, { error: MESSAGES.attemptExpired }, 403)
      }
      const code = c.req.query('code')
      if (c.req.query('error') || !code) {
        return freshSignInPage(
          c,
          { returnPath: attempt.returnPath, error: MESSAGES.cancelled },
          401,
        )
      }
      try {
        const exchange = await exchangeCode(signIn.hostedUi, { code, verifier: attempt.verifier })
        if (!exchange.ok) {
          const retry = { returnPath: attempt.returnPath, error: MESSAGES.codeExpired }
          return freshSignInPage(c, retry, 401)
        }
        const check = await signIn.verify(exchange.idToken)
        if (!check.ok) {
          auth.log.info('staff.auth.refused', { credential: 'hosted-ui', reason: check.reason })
          const noGroup = check.reason === 'no-group'
          const error = noGroup ? MESSAGES.noGroup : MESSAGES.refused
          return freshSignInPage(c, { returnPath: attempt.returnPath, error }, noGroup ? 403 : 401)
        }
        clearSignInAttempt(c, session)
        setSessionCookie(c, check.identity, session)
        return c.redirect(attempt.returnPath, 303)
      } catch (error) {
        auth.log.error('staff.auth.unavailable', { error: errorSummary(error) })
        const status = error instanceof AppError && error.code === 'config.invalid' ? 502 : 503
        return freshSignInPage(
          c,
          { returnPath: attempt.returnPath, error: MESSAGES.unavailable },
          status,
        )
      }
    })
  }

  /** Starts a new sign-in attempt (new nonce, new PKCE verifier) and shows the page for it. */
  function freshSignInPage(
    c: Context<StaffEnv>,
    options: { returnPath?: string | undefined; error?: string },
    status: PageStatus,
  ) {
    const returnPath = options.returnPath ?? safeReturnPath(undefined)
    const error = options.error ? { error: options.error } : {}
    if (signIn.mode === 'local') {
      const attempt = startSignInAttempt(c, session, { returnPath })
      return page(
        c,
        { mode: 'local', csrfToken: csrfTokenFor(attempt.nonce, session.key), ...error },
        status,
      )
    }
    const pkce = createPkce()
    const attempt = startSignInAttempt(c, session, { returnPath, verifier: pkce.verifier })
    const signInUrl = authorizeUrl(signIn.hostedUi, {
      state: attempt.nonce,
      codeChallenge: pkce.challenge,
    })
    return page(c, { mode: 'cognito', signInUrl, ...error }, status)
  }

  return app
}

/** The app's stylesheet, so the sign-in page looks like the rest of the staff pages. */
export interface SignInLook {
  stylesheetPath?: string
}

function signInPage(c: Context, view: SignInView, status: PageStatus, look: SignInLook) {
  // The page carries a fresh CSRF token or OAuth state: never cached, never framed.
  c.header('Cache-Control', 'no-store')
  c.header('Content-Security-Policy', "frame-ancestors 'none'")
  return c.html(renderSignInPage(view, look.stylesheetPath), status)
}
