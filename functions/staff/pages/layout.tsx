import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { SIGN_OUT_PATH } from '../../../shared/staff/auth/staff-paths.js'
import { CSRF_FIELD } from '../auth/csrf.js'
import { ROLE } from './labels.js'
import type { PageView, Section } from './page-view.js'
import { SCRIPT_PATH, STYLESHEET_PATH } from './staff-assets.js'

const NAVIGATION: { section: Section; href: string; label: string }[] = [
  { section: 'accueil', href: '/staff', label: 'Accueil' },
  { section: 'recus', href: '/staff/recus', label: 'Reçus' },
  { section: 'a-verifier', href: '/staff/a-verifier', label: 'À vérifier' },
  { section: 'membres', href: '/staff/membres', label: 'Membres' },
]

export function Layout(props: { view: PageView; title: string; children: Child }) {
  const { view } = props
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="fr">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex, nofollow" />
          <title>{`${props.title} – ${view.associationName}`}</title>
          {/* No favicon file: an empty one stops the browser asking for /favicon.ico (a 404). */}
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href={STYLESHEET_PATH} />
          {/* Not deferred: it marks <html> before the first paint, so the no-script fallbacks never flash. */}
          <script src={SCRIPT_PATH} />
        </head>
        <body>
          <a class="skip" href="#contenu">
            Aller au contenu
          </a>
          <Header view={view} />
          {view.specimen ? <SpecimenBanner /> : null}
          <main id="contenu" tabindex={-1}>
            {props.children}
          </main>
          <footer class="site-footer">
            <p>
              {view.associationName} — espace équipe des reçus fiscaux. Les données affichées sont
              personnelles : ne les partagez qu’avec les personnes concernées.
            </p>
          </footer>
          {view.canAct ? <ConfirmationDialog /> : null}
        </body>
      </html>
    </>
  )
}

function Header({ view }: { view: PageView }) {
  return (
    <header class="site-header">
      <div class="bar">
        <a class="brand" href="/staff">
          <strong>{view.associationName}</strong>
          <span>Reçus fiscaux · espace équipe</span>
        </a>
        <nav class="site-nav" aria-label="Navigation principale">
          <ul>
            {NAVIGATION.map((item) => (
              <li>
                <a
                  href={item.href}
                  aria-current={item.section === view.section ? 'page' : undefined}
                >
                  {item.label}
                  {item.section === 'a-verifier' ? (
                    <>
                      {' '}
                      <ReviewCount count={view.reviewCount} />
                    </>
                  ) : null}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span>
            {view.staff.name} <span class="role">· {ROLE[view.staff.role]}</span>
          </span>
          <form method="post" action={SIGN_OUT_PATH}>
            <input type="hidden" name={CSRF_FIELD} value={view.csrf} />
            <button type="submit">Déconnexion</button>
          </form>
        </div>
      </div>
    </header>
  )
}

function SpecimenBanner() {
  return (
    <div class="specimen-banner" role="note">
      <strong>Mode SPECIMEN</strong> — cette instance n’est pas reliée à HelloAsso (identifiants
      absents) : les paiements n’y sont pas vérifiés et chaque reçu est un SPECIMEN, sans valeur
      fiscale.
    </div>
  )
}

function ReviewCount({ count }: { count: number }) {
  return (
    <span class={count === 0 ? 'count zero' : 'count'}>
      {count}
      <span class="sr-only">{count > 1 ? ' éléments' : ' élément'}</span>
    </span>
  )
}

/** One dialog for every confirmed form; the script fills it from the form's data-confirm-*. */
function ConfirmationDialog() {
  return (
    <dialog id="confirmation" aria-labelledby="confirmation-titre">
      <h2 id="confirmation-titre">Confirmer</h2>
      <p id="confirmation-texte" />
      <div class="button-row">
        <button type="button" class="secondary" id="confirmation-retour" autofocus>
          Retour
        </button>
        <button type="button" id="confirmation-ok">
          Confirmer
        </button>
      </div>
    </dialog>
  )
}
