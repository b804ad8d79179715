import { html } from 'hono/html'
import { SIGN_IN_PATH } from '../../../shared/staff/auth/staff-paths.js'
import { CSRF_FIELD } from './csrf.js'

/** What the sign-in page shows: the token form (local) or a link to the hosted UI (Cognito). */
export type SignInView =
  | { mode: 'local'; csrfToken: string; error?: string }
  | { mode: 'cognito'; signInUrl: string; error?: string }

export const TOKEN_FIELD = 'jeton'

/** The page's content without the document around it, for the app's own layout to wrap. */
export function signInSection(view: SignInView) {
  return html`<main>
  <h1>Connexion à l’espace équipe</h1>
  ${view.error ? html`<p id="erreur-connexion" role="alert">${view.error}</p>` : ''}
  ${view.mode === 'local' ? tokenForm(view) : hostedUiLink(view)}
</main>`
}

export function renderSignInPage(view: SignInView, stylesheetPath?: string) {
  return html`<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>Connexion – Espace équipe</title>
  <link rel="icon" href="data:," />
  ${stylesheetPath ? html`<link rel="stylesheet" href="${stylesheetPath}" />` : ''}
</head>
<body class="sign-in">
${signInSection(view)}
</body>
</html>`
}

function tokenForm(view: Extract<SignInView, { mode: 'local' }>) {
  // The hint and the error are tied to the field so screen readers announce them with it.
  const described = view.error
    ? html` aria-invalid="true" aria-describedby="${TOKEN_FIELD}-aide erreur-connexion"`
    : html` aria-describedby="${TOKEN_FIELD}-aide"`
  return html`<form method="post" action="${SIGN_IN_PATH}">
    <input type="hidden" name="${CSRF_FIELD}" value="${view.csrfToken}" />
    <p>
      <label for="${TOKEN_FIELD}">Code d’accès</label>
      <span class="hint" id="${TOKEN_FIELD}-aide">Le code que la personne qui a installé l’outil vous a remis.</span>
      <input id="${TOKEN_FIELD}" name="${TOKEN_FIELD}" type="password" autocomplete="current-password" required${described} />
    </p>
    <p><button type="submit">Se connecter</button></p>
  </form>`
}

function hostedUiLink(view: Extract<SignInView, { mode: 'cognito' }>) {
  return html`<p><a href="${view.signInUrl}">Se connecter avec son compte de l’association</a></p>`
}
