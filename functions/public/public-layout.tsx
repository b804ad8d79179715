import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { PUBLIC_SCRIPT_PATH, PUBLIC_STYLESHEET_PATH } from './public-assets.js'

/** The frame of every public page: French, one column, no tracker, nothing from elsewhere. */
export function PublicLayout(props: {
  associationName: string
  title: string
  subtitle: string
  script?: boolean
  children: Child
}) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="fr">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex, nofollow" />
          <title>{`${props.title} – ${props.associationName}`}</title>
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href={PUBLIC_STYLESHEET_PATH} />
          {props.script ? <script src={PUBLIC_SCRIPT_PATH} defer /> : null}
        </head>
        <body>
          <a class="skip" href="#contenu">
            Aller au contenu
          </a>
          <header class="site-header">
            <div class="bar">
              <strong>{props.associationName}</strong>
              <span>{props.subtitle}</span>
            </div>
          </header>
          <main id="contenu" tabindex={-1}>
            {props.children}
          </main>
          <footer>
            <p>
              {props.associationName} — reçus fiscaux. Aucune donnée n’est transmise à un tiers ;
              cette page n’utilise ni traceur ni publicité.
            </p>
          </footer>
        </body>
      </html>
    </>
  )
}
