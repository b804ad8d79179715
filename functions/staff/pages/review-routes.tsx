import type { Context, Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { MapTierSchema, mapTierFromReview } from '../../../shared/staff/map-tier-from-review.js'
import { reexamineFromReview } from '../../../shared/staff/reexamine-from-review.js'
import {
  DismissSchema,
  dismissReview,
  IssueFromReviewSchema,
  issueFromReview,
} from '../../../shared/staff/review-decisions.js'
import { listReviewQueue } from '../../../shared/staff/review-queue.js'
import type { StaffDeps } from '../../../shared/staff/staff-deps.js'
import type { StaffEnv } from '../auth/staff-auth-middleware.js'
import { confirmRunRedirect } from './confirm-run-redirect.js'
import { centsFromEuros, donorFromFields, type FormFields, parseForm } from './form-input.js'
import { plural } from './format.js'
import { managerOnly } from './manager-only.js'
import { pageFailure } from './page-failure.js'
import { pageView } from './page-view.js'
import type { TierChoice } from './review-forms.js'
import { type FailedReviewAction, type ReviewAction, ReviewPage } from './review-page.js'
import { reviewPrefills } from './review-prefill.js'

/** The review queue and its two decisions: dismiss, or complete the data and issue. */
export function addReviewRoutes(pages: Hono<StaffEnv>, deps: StaffDeps): void {
  const manager = managerOnly(deps)

  pages.get('/a-verifier', (c) => {
    const ok = c.req.query('ok')
    const number = c.req.query('recu')
    const message =
      ok === 'classe'
        ? 'Élément classé sans suite.'
        : ok === 'emis' && number && /^\d{4}-\d{5,6}$/.test(number)
          ? `Reçu n° ${number} émis ; il est envoyé au donateur.`
          : ok === 'rattache'
            ? mappedMessage(c.req.query('emis'), c.req.query('reste'))
            : ok === 'reexamine'
              ? 'Plus aucun doute avec la configuration actuelle : le paiement est analysé de nouveau et son reçu émis (jamais deux fois).'
              : undefined
    return showQueue(c, { ok: message })
  })

  pages.post('/a-verifier/:id/classer', manager, (c) =>
    decide(c, 'classer', async (id, fields) => {
      await dismissReview(
        deps,
        c.get('staff'),
        id,
        parseForm(DismissSchema, { reason: fields.motif ?? '' }),
      )
      return '/staff/a-verifier?ok=classe'
    }),
  )

  pages.post('/a-verifier/:id/emettre', manager, (c) =>
    decide(c, 'emettre', async (id, fields) => {
      const amountCents = centsFromEuros(fields.montant)
      const email = fields.email?.trim()
      const input = parseForm(IssueFromReviewSchema, {
        donor: donorFromFields(fields),
        note: fields.note ?? '',
        ...(email ? { email } : {}),
        ...(amountCents === undefined ? {} : { amountCents }),
      })
      const number = await issueFromReview(deps, c.get('staff'), id, input)
      return `/staff/a-verifier?ok=emis&recu=${number}`
    }),
  )

  pages.post('/a-verifier/:id/rattacher', manager, (c) =>
    decide(c, 'rattacher', async (id, fields) => {
      const helloAssoId = Number(fields.palier_helloasso)
      const input = parseForm(MapTierSchema, {
        tierKey: fields.palier ?? '',
        ...(Number.isInteger(helloAssoId) && helloAssoId > 0 ? { tierId: helloAssoId } : {}),
      })
      const outcome = await mapTierFromReview(deps, c.get('staff'), id, input)
      return `/staff/a-verifier?ok=rattache&emis=${outcome.requeued.length}&reste=${outcome.stillOpen.length}`
    }),
  )

  pages.post('/a-verifier/:id/reexaminer', manager, async (c) => {
    const id = c.req.param('id') ?? ''
    try {
      const outcome = await reexamineFromReview(deps, id)
      if (outcome.kind === 'requeued') return c.redirect('/staff/a-verifier?ok=reexamine', 303)
      return showQueue(c, {
        error: `Toujours à vérifier avec la configuration actuelle : ${outcome.messages.join(' ')}`,
        status: 409,
      })
    } catch (error) {
      const failure = pageFailure(error, deps.log)
      return showQueue(c, { error: failure.message, status: failure.status })
    }
  })

  /** An action on item `:id`; a refusal shows the queue again with that item's form open. */
  function decide(
    c: Context<StaffEnv>,
    action: ReviewAction,
    run: (id: string, fields: FormFields) => Promise<string>,
  ) {
    const id = c.req.param('id') ?? ''
    return confirmRunRedirect(
      c,
      deps.log,
      (fields) => run(id, fields),
      ({ message, status, values }) =>
        showQueue(c, { error: message, failed: { id, action, values }, status }),
    )
  }

  async function showQueue(
    c: Context<StaffEnv>,
    options: {
      ok?: string | undefined
      error?: string
      failed?: FailedReviewAction
      status?: ContentfulStatusCode
    },
  ) {
    const queue = await listReviewQueue(deps.table)
    const [prefills, view] = await Promise.all([
      reviewPrefills(deps, queue.items),
      pageView(c, deps, 'a-verifier', queue.total),
    ])
    return c.html(
      <ReviewPage
        view={view}
        queue={queue}
        prefills={prefills}
        tiers={tierChoices(deps)}
        ok={options.ok}
        error={options.error}
        failed={options.failed}
      />,
      options.status ?? 200,
    )
  }
}

/** What « Rattacher à un palier » did, from the counts the redirect carries. */
function mappedMessage(requeued: string | undefined, left: string | undefined): string {
  const done = Number(requeued) || 0
  const still = Number(left) || 0
  const parts = [
    done > 0
      ? `${plural(done, 'paiement réexaminé', 'paiements réexaminés')}, ${done > 1 ? 'leurs reçus sont émis et envoyés' : 'son reçu est émis et envoyé'}`
      : 'aucun paiement n’a pu recevoir son reçu',
    ...(still > 0
      ? [
          `${plural(still, 'élément reste', 'éléments restent')} à vérifier pour une autre raison (ci-dessous)`,
        ]
      : []),
  ]
  return `Palier rattaché : ${parts.join(' ; ')}. Les prochains paiements de ce palier HelloAsso le suivront d’office.`
}

/** The configured tiers, as « Rattacher à un palier » lists them. */
function tierChoices(deps: StaffDeps): TierChoice[] {
  const { cerfa } = deps.config.receiptPolicy
  return deps.config.tiers.map((tier) => ({
    key: tier.key,
    label: tier.label,
    amountCents: tier.amountCents,
    model:
      tier.receipt.kind === 'none'
        ? 'sans reçu fiscal'
        : tier.payerKind === 'individual'
          ? `Cerfa ${cerfa.individual.number} (particulier)`
          : `Cerfa ${cerfa.company.number} (organisation)`,
  }))
}
