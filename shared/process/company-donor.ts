import type { AssociationConfig } from '../config/association-config-schema.js'
import type { CustomFieldRef } from '../config/schema/custom-field-schema.js'
import type { Order } from '../helloasso/schemas.js'
import type { CompanyDonor, PostalAddress } from '../receipts/receipt-snapshot.js'
import { customFieldAnswer } from './custom-field.js'
import type { Issue } from './issue.js'
import { LEGAL_FORMS_HINT, type LegalFormReading, readLegalForm, sirenFrom } from './legal-form.js'

/**
 * The company of an organisation tier, for a Cerfa 16216. Art. 238 bis only concerns
 * businesses subject to income or corporate tax (IR/IS): that is read from the configured
 * yes/no question when it is answered, otherwise derived from the legal form. The legal form
 * comes from its configured field only, and must be one of the list (it is printed).
 * Anything missing, unknown or not subject waits in review with what staff should do.
 */
export function companyDonor(
  config: AssociationConfig,
  order: Order,
  address: PostalAddress,
): { donor: CompanyDonor } | { issue: Issue } {
  const fields = config.helloAsso.companyFields
  const name = customFieldAnswer(order, fields.companyName) ?? order.payer?.company?.trim()
  const siren = sirenFrom(customFieldAnswer(order, fields.siren))
  const formAnswer = customFieldAnswer(order, fields.legalForm)
  const legalForm = formAnswer ? readLegalForm(formAnswer) : undefined
  const declared = declaredSubjectToTax(customFieldAnswer(order, fields.subjectToTax))
  const subject = declared ?? (legalForm?.kind === 'known' ? legalForm.subjectToTax : undefined)
  // Not subject: no 16216 whatever else is missing, so say that first.
  if (subject === false) return notSubject(declared === false, legalForm)
  const missing = [
    !name && missingField('la dénomination', 'companyName', fields.companyName),
    !formAnswer && missingField('la forme juridique', 'legalForm', fields.legalForm),
    !siren && missingField('le SIREN', 'siren', fields.siren),
  ].filter((text) => typeof text === 'string')
  if (!name || !siren || !formAnswer)
    return issue(
      'company-data-missing',
      `Reçu entreprise (Cerfa 16216) : ${missing.join(' ; ')}. À faire : demandez-les à l’organisation, puis « Compléter et émettre le reçu » depuis la revue.`,
    )
  if (legalForm?.kind !== 'known') return unreadableForm(legalForm)
  const contactName = [order.payer?.firstName?.trim(), order.payer?.lastName?.trim()]
    .filter(Boolean)
    .join(' ')
  return {
    donor: {
      kind: 'company',
      name,
      legalForm: legalForm.printed,
      siren,
      address,
      ...(contactName ? { contactName } : {}),
    },
  }
}

/** « Oui » / « Non » (or yes/no, true/false) to the « soumise à l’IR ou à l’IS » question. */
function declaredSubjectToTax(answer: string | undefined): boolean | undefined {
  const word = answer
    ?.normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .toLowerCase()
  if (!word) return undefined
  if (/^(oui|yes|true|vrai|1)\b/.test(word)) return true
  if (/^(non|no|false|faux|0)\b/.test(word)) return false
  return undefined
}

function notSubject(declared: boolean, legalForm: LegalFormReading | undefined): { issue: Issue } {
  const because = declared
    ? 'l’organisation a répondu qu’elle n’est pas soumise à l’impôt sur le revenu ni à l’impôt sur les sociétés'
    : `sa forme juridique (${legalForm?.kind === 'known' ? legalForm.printed : '—'}) n’est pas celle d’une entreprise soumise à l’impôt sur le revenu ou sur les sociétés`
  return issue(
    'payer-not-subject-to-tax',
    `Pas de reçu Cerfa 16216 : ${because}, et l’article 238 bis ne concerne que ces entreprises. Vérifiez auprès d’elle ; si elle n’y est vraiment pas soumise, classez le paiement sans reçu (l’adhésion reste enregistrée). Si elle est en fait imposée à l’IS (activité lucrative), émettez le reçu depuis la revue.`,
  )
}

function unreadableForm(legalForm: LegalFormReading | undefined): { issue: Issue } {
  if (legalForm?.kind === 'status-without-form')
    return issue(
      'legal-form-unknown',
      `« ${legalForm.status} » est un statut, pas une forme juridique : demandez à l’organisation la forme de sa société (SA, SAS ou SARL) ; elle sera imprimée avec le statut (« ${legalForm.status} SARL »). Puis émettez le reçu depuis la revue.`,
    )
  const answer = legalForm?.kind === 'unknown' ? `« ${legalForm.answer} »` : 'absente'
  return issue(
    'legal-form-unknown',
    `Forme juridique ${answer} non reconnue : impossible de dire si l’organisation est une entreprise soumise à l’IR ou à l’IS (condition de l’article 238 bis). Vérifiez-la avec son SIREN (annuaire-entreprises.data.gouv.fr) parmi : ${LEGAL_FORMS_HINT} ; puis émettez le reçu depuis la revue, ou classez sans reçu si elle n’est pas imposable.`,
  )
}

function issue(reason: Issue['reason'], message: string): { issue: Issue } {
  return { issue: { reason, message } }
}

/** Which custom field should have carried the value, or that none is named in the configuration. */
function missingField(what: string, key: string, ref: CustomFieldRef | undefined): string {
  if (!ref)
    return `${what} manque, et aucun champ personnalisé HelloAsso n’est indiqué pour la porter (ajoutez son nom ou son id à « helloAsso.companyFields.${key} » dans le fichier de configuration)`
  const named = [ref.name && `« ${ref.name} »`, ref.id && `id ${ref.id}`].filter(Boolean).join(', ')
  return `${what} manque : le champ personnalisé HelloAsso ${named} (« helloAsso.companyFields.${key} ») n’a pas de réponse valable dans la commande`
}
