import type { DeliveryStatus, ReceiptStatus } from '../../../shared/domain/records.js'
import {
  type ReceiptSearch,
  type ReceiptSearchResult,
  ReceiptSearchSchema,
} from '../../../shared/staff/search-receipts.js'

/** French values in the page's URL (shared in emails, bookmarked), the API's values behind them. */
export const STATUS_PARAM: Record<string, ReceiptStatus> = {
  emis: 'issued',
  annule: 'cancelled',
  remplace: 'replaced',
}

export const DELIVERY_PARAM: Record<string, DeliveryStatus> = {
  attente: 'pending',
  'en-cours': 'sending',
  envoye: 'sent',
  echec: 'failed',
  'non-envoye': 'not-sent',
}

export const MATCHED_BY: Record<ReceiptSearchResult['matchedBy'], string> = {
  number: 'par numéro de reçu',
  email: 'par e-mail',
  'helloasso-id': 'par n° de commande ou de paiement HelloAsso',
  name: 'par nom',
  year: 'les plus récents d’abord',
}

/** What the search form shows back: the page's own parameters, as typed. */
export interface SearchForm {
  q: string
  annee: string
  statut: string
  envoi: string
}

/**
 * The page's query string as a search of the use case. Unknown filter values are dropped rather
 * than refused: they come from hand-edited or old links, and showing results beats an error.
 */
export function searchFromQuery(query: Record<string, string>): {
  form: SearchForm
  search: ReceiptSearch
} {
  const form: SearchForm = {
    q: (query.q ?? '').trim(),
    annee: isYear(query.annee) ? (query.annee as string) : '',
    statut: query.statut && query.statut in STATUS_PARAM ? query.statut : '',
    envoi: query.envoi && query.envoi in DELIVERY_PARAM ? query.envoi : '',
  }
  const search = ReceiptSearchSchema.parse({
    ...(form.q ? { q: form.q.slice(0, 200) } : {}),
    ...(form.annee ? { year: form.annee } : {}),
    ...(form.statut ? { status: STATUS_PARAM[form.statut] } : {}),
    ...(form.envoi ? { delivery: DELIVERY_PARAM[form.envoi] } : {}),
    ...(query.suite && query.suite.length <= 2000 ? { cursor: query.suite } : {}),
    limit: 25,
  })
  return { form, search }
}

export function searchHref(form: Partial<SearchForm> & { suite?: string }): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(form)) if (value) params.set(name, value)
  const query = params.toString()
  return query ? `/staff/recus?${query}` : '/staff/recus'
}

function isYear(value: string | undefined): boolean {
  return /^\d{4}$/.test(value ?? '') && Number(value) >= 2000 && Number(value) <= 2100
}
