import type { ReviewItem } from '../../../shared/domain/records.js'
import { CONFIG_REASONS } from '../../../shared/process/reexamine-review.js'
import type { ReviewQueue } from '../../../shared/staff/review-queue.js'
import type { FormFields } from './form-input.js'
import { dateTime, plural } from './format.js'
import { REVIEW_REASON, reviewReference } from './labels.js'
import { Layout } from './layout.js'
import { Notice } from './notice.js'
import type { PageView } from './page-view.js'
import {
  DismissForm,
  IssueForm,
  MapTierForm,
  ReexamineForm,
  type ReviewAction,
  type TierChoice,
} from './review-forms.js'
import type { ReviewPrefill } from './review-prefill.js'

export type { ReviewAction } from './review-forms.js'

export interface FailedReviewAction {
  id: string
  action: ReviewAction
  values: FormFields
}

export function ReviewPage(props: {
  view: PageView
  queue: ReviewQueue
  prefills: Map<string, ReviewPrefill>
  tiers: TierChoice[]
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
              tiers={props.tiers}
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
  tiers: TierChoice[]
  failed?: FailedReviewAction | undefined
}) {
  const { item, failed, prefill } = props
  const { refs } = item
  // HelloAsso's own receipt covers the payment: issuing or re-analysing can only lead to a
  // second receipt (the API refuses it), so the item offers « Classer » alone; its message says why.
  const receiptedByHelloAsso = item.reasons.includes('helloasso-receipt-exists')
  // A receipt cancelled by a refund or a chargeback: the item asks to check the membership and
  // the books; a new receipt for money paid back would be wrong, so it is not offered.
  const issuable = !receiptedByHelloAsso && !item.reasons.includes('receipt-cancelled')
  // « Réexaminer » only helps where a configuration change can take the doubt away.
  const reexaminable = item.reasons.some((reason) => CONFIG_REASONS.has(reason))
  const unknownTiers = prefill?.unknownTiers ?? []
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
        {reviewReference(item) ? <span class="muted">{reviewReference(item)}</span> : null}
      </p>
      {props.view.canAct ? (
        <>
          {unknownTiers.length > 0 && issuable ? (
            <MapTierForm
              item={item}
              index={props.index}
              csrf={props.view.csrf}
              unknown={unknownTiers}
              tiers={props.tiers}
              values={failed?.action === 'rattacher' ? failed.values : undefined}
            />
          ) : null}
          {prefill && issuable ? (
            <IssueForm
              item={item}
              index={props.index}
              csrf={props.view.csrf}
              prefill={prefill}
              values={failed?.action === 'emettre' ? failed.values : undefined}
            />
          ) : null}
          {refs.paymentId && reexaminable && !receiptedByHelloAsso ? (
            <ReexamineForm item={item} csrf={props.view.csrf} />
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
