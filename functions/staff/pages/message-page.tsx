import { Layout } from './layout.js'
import type { PageView } from './page-view.js'

/** A page that only says what went wrong (not found, refused) and where to go from there. */
export function MessagePage(props: { view: PageView; title: string; message: string }) {
  return (
    <Layout view={props.view} title={props.title}>
      <div class="page-head">
        <h1>{props.title}</h1>
      </div>
      <div class="notice error" role="alert">
        <p>{props.message}</p>
      </div>
      <p>
        <a href="/staff">Retour à l’accueil</a> · <a href="/staff/recus">Rechercher un reçu</a>
      </p>
    </Layout>
  )
}
