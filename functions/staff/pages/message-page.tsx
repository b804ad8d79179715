import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { StaffDeps } from '../../../shared/staff/staff-deps.js'
import type { StaffEnv } from '../auth/staff-auth-middleware.js'
import { Layout } from './layout.js'
import { pageFailure } from './page-failure.js'
import { type PageView, pageView, type Section } from './page-view.js'

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

/** Answers with a MessagePage inside the layout, with the given status. */
export async function messagePage(
  c: Context<StaffEnv>,
  deps: StaffDeps,
  page: { section: Section; title: string; message: string; status: ContentfulStatusCode },
) {
  const view = await pageView(c, deps, page.section)
  return c.html(<MessagePage view={view} title={page.title} message={page.message} />, page.status)
}

/** Any failure the routes did not turn into a page of their own, shown in the layout if possible. */
export async function errorPage(c: Context<StaffEnv>, deps: StaffDeps, error: unknown) {
  const failure = pageFailure(error, deps.log)
  const title = failure.status === 404 ? 'Introuvable' : 'Une erreur est survenue'
  try {
    return await messagePage(c, deps, { section: 'accueil', title, ...failure })
  } catch {
    // The layout needs the store too (the review count): when the store is the problem, plain text.
    return c.text(failure.message, failure.status)
  }
}
