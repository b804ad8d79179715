import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { parisIsoDay } from '../../../shared/domain/paris-time.js'
import type { StaffEnv } from '../../../shared/staff/auth/staff-auth-middleware.js'
import type { StaffDeps } from '../../../shared/staff/staff-deps.js'
import { MessagePage } from './message-page.js'
import { pageFailure } from './page-error.js'
import { pageView, type Section } from './page-view.js'

export const MANAGERS_ONLY =
  'Action réservée aux gestionnaires : demandez à un gestionnaire de la faire.'

/** An HTML answer with a title and a message, inside the layout. */
export async function messagePage(
  c: Context<StaffEnv>,
  deps: StaffDeps,
  page: { section: Section; title: string; message: string; status: ContentfulStatusCode },
) {
  const view = await pageView(c, deps, page.section)
  return c.html(<MessagePage view={view} title={page.title} message={page.message} />, page.status)
}

/** For the pages' POSTs: a viewer gets a page saying why, with 403, instead of a JSON body. */
export function managerOnly(deps: StaffDeps) {
  return createMiddleware<StaffEnv>(async (c, next) => {
    if (c.get('staff').role === 'manager') return next()
    return messagePage(c, deps, {
      section: 'accueil',
      title: 'Action refusée',
      message: MANAGERS_ONLY,
      status: 403,
    })
  })
}

/** Any failure the routes did not turn into a page of their own: shown in the layout if possible. */
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

export function todayInParis(deps: StaffDeps): string {
  return parisIsoDay(deps.now())
}

export function tierLabel(deps: StaffDeps): (key: string) => string {
  return (key) => deps.config.tiers.find((tier) => tier.key === key)?.label ?? key
}
