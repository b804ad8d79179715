import type { ReviewItem } from '../../../shared/domain/records.js'
import { CSRF_FIELD } from '../../../shared/staff/auth/csrf.js'
import type { ReviewQueue } from '../../../shared/staff/review-queue.js'
import { ConfirmField } from './confirm-field.js'
import { DonorFields, type DonorValues } from './donor-fields.js'
import { Field } from './field.js'
import type { FormFields } from './form-input.js'
import { dateTime, plural } from './format.js'
import { REVIEW_REASON } from './labels.js'
import { Layout } from './layout.js'
import { Notice } from './notices.js'
import type { PageView } from './page-view.js'
import type { ReviewPrefill } from './review-prefill.js'

export type ReviewAction = 'classer' | 'emettre'

export interface FailedReviewAction {
  id: string
  action: ReviewAction
  values: FormFields
}

export function ReviewPage(props: {
  view: PageView
  queue: ReviewQueue
  prefills: Map<string, ReviewPrefill>
  ok?: string | undefined
  error?: string | undefined
  failed?: FailedReviewAction | undefined
}) {
  const { queue } = props
  return (
    <Layout view={props.view} title="À vérifier">
      <div class="page-head">
        <h1>À vérifier</h1>
        <span class="muted">
          {queue.total === 0
            ? 'file vide'
            : plural(queue.total, 'élément ouvert', 'éléments ouverts')}
        </span>
      </div>
      <Notice ok={props.ok} error={props.error} />
      {queue.total === 0 ? (
        <section class="card">
          <p>Rien à vérifier : chaque paiement a donné son reçu, ou n’en demandait pas.</p>
        </section>
      ) : (
        <>
          <section aria-labelledby="motifs-titre" class="card">
            <h2 id="motifs-titre">Par motif</h2>
            <ul class="chips">
              {Object.entries(queue.byReason).map(([reason, count]) => (
                <li>
                  {REVIEW_REASON[reason as keyof typeof REVIEW_REASON] ?? reason}
                  <strong class="num">{count}</strong>
                </li>
              ))}
            </ul>
          </section>
          {!props.view.canAct ? (
            <p class="notice info">
              Vous êtes connecté·e en consultation : décider d’un élément est réservé aux
              gestionnaires.
            </p>
          ) : null}
          {queue.items.map((item, index) => (
            <ReviewItemCard
              item={item}
              index={index}
              view={props.view}
              prefill={props.prefills.get(item.id)}
              failed={props.failed?.id === item.id ? props.failed : undefined}
            />
          ))}
        </>
      )}
    </Layout>
  )
}

function ReviewItemCard(props: {
  item: ReviewItem
  index: number
  view: PageView
  prefill?: ReviewPrefill | undefined
  failed?: FailedReviewAction | undefined
}) {
  const { item, failed } = props
  const { refs } = item
  const titleId = `element-${props.index}-titre`
  return (
    <article class="card review-item" aria-labelledby={titleId}>
      <h2 id={titleId}>
        {item.reasons.map((reason) => REVIEW_REASON[reason] ?? reason).join(' · ')}
        <span class="small muted">depuis le {dateTime(item.createdAt)}</span>
      </h2>
      <p>{item.message}</p>
      <p class="refs">
        {refs.orderId ? (
          <span>
            Commande HelloAsso <a href={`/staff/recus?q=${refs.orderId}`}>n° {refs.orderId}</a>
          </span>
        ) : null}
        {refs.paymentId ? <span>Paiement n° {refs.paymentId}</span> : null}
        {refs.receiptNumber ? (
          <span>
            Reçu <a href={`/staff/recus/${refs.receiptNumber}`}>n° {refs.receiptNumber}</a>
          </span>
        ) : null}
        <span class="muted">Référence {item.id}</span>
      </p>
      {props.view.canAct ? (
        <>
          {props.prefill ? (
            <IssueForm
              item={item}
              index={props.index}
              csrf={props.view.csrf}
              prefill={props.prefill}
              values={failed?.action === 'emettre' ? failed.values : undefined}
            />
          ) : null}
          <DismissForm
            item={item}
            index={props.index}
            csrf={props.view.csrf}
            values={failed?.action === 'classer' ? failed.values : undefined}
          />
        </>
      ) : null}
    </article>
  )
}

function actionPath(item: ReviewItem, action: ReviewAction): string {
  return `/staff/a-verifier/${encodeURIComponent(item.id)}/${action}`
}

function IssueForm(props: {
  item: ReviewItem
  index: number
  csrf: string
  prefill: ReviewPrefill
  values?: FormFields | undefined
}) {
  const id = `emettre-${props.index}`
  const donor = { ...props.prefill.donor, ...props.values } as DonorValues
  return (
    <details class="action" open={props.values !== undefined}>
      <summary>Compléter et émettre le reçu</summary>
      <div class="body">
        <form
          method="post"
          action={actionPath(props.item, 'emettre')}
          data-donor-form
          data-confirm="Émettre un reçu numéroté avec ces données ? Il est envoyé au donateur."
          data-confirm-title="Émettre le reçu"
          data-confirm-button="Émettre"
        >
          <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
          <DonorFields id={id} values={donor} />
          <div class="field-row">
            <Field
              id={`${id}-email`}
              name="email"
              type="email"
              label="E-mail du donateur (facultatif)"
              hint="Laissez vide pour l’e-mail du payeur HelloAsso."
              placeholder={props.prefill.email}
              value={props.values?.email}
            />
            <Field
              id={`${id}-montant`}
              name="montant"
              label="Montant du reçu (facultatif)"
              hint="En euros, par exemple 45,00 ; vide pour le montant calculé."
              inputmode="decimal"
              value={props.values?.montant}
            />
          </div>
          <Field
            id={`${id}-note`}
            name="note"
            label="Explication"
            hint="Pourquoi ce reçu est juste ; elle figure au journal."
            multiline
            required
            minlength={3}
            value={props.values?.note}
          />
          <ConfirmField label="Je confirme l’émission de ce reçu." />
          <button type="submit">Émettre le reçu</button>
        </form>
      </div>
    </details>
  )
}

function DismissForm(props: {
  item: ReviewItem
  index: number
  csrf: string
  values?: FormFields | undefined
}) {
  const id = `classer-${props.index}`
  return (
    <details class="action" open={props.values !== undefined}>
      <summary>Classer sans suite</summary>
      <div class="body">
        <form
          method="post"
          action={actionPath(props.item, 'classer')}
          data-confirm="Classer cet élément sans suite ? Aucun reçu ne sera émis."
          data-confirm-title="Classer sans suite"
          data-confirm-button="Classer"
        >
          <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
          <Field
            id={`${id}-motif`}
            name="motif"
            label="Motif"
            hint="Par exemple : remboursé, doublon, traité à la main."
            multiline
            required
            minlength={3}
            value={props.values?.motif}
          />
          <ConfirmField label="Je confirme : classer sans suite." />
          <button type="submit" class="secondary">
            Classer sans suite
          </button>
        </form>
      </div>
    </details>
  )
}
