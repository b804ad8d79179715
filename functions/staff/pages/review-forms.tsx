import type { ReviewItem } from '../../../shared/domain/records.js'
import { CSRF_FIELD } from '../../../shared/staff/auth/csrf.js'
import { ConfirmField } from './confirm-field.js'
import { DonorFields, type DonorValues } from './donor-fields.js'
import { Field } from './field.js'
import type { FormFields } from './form-input.js'
import type { ReviewPrefill } from './review-prefill.js'

/** The two decisions on a review item; `values` is what was typed when the server refused it. */

export type ReviewAction = 'classer' | 'emettre'

function actionPath(item: ReviewItem, action: ReviewAction): string {
  return `/staff/a-verifier/${encodeURIComponent(item.id)}/${action}`
}

export function IssueForm(props: {
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

export function DismissForm(props: {
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
