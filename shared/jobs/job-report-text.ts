import type { Finding, JobRun } from '../domain/job-run.js'
import { taxYearOf } from '../domain/paris-time.js'
import { euros, fr } from '../mail/french-text.js'
import { countOf } from './declaration/french-counts.js'
import type { ReconcileAction, ReconcileCounts } from './reconcile/reconcile-report.js'

/**
 * What the jobs' CLI prints, in the treasurer's French. The counts and findings themselves stay
 * English keys (in the run records and the JSON log); only their reading is translated here.
 */

/** Singular and plural of what each count counts; amounts are printed as euros. */
const COUNT_WORDS: Record<string, [string, string]> = {
  // annual
  issued: ['reçu émis', 'reçus émis'],
  payments: ['paiement couvert', 'paiements couverts'],
  'too-many': ['donateur avec trop de paiements', 'donateurs avec trop de paiements'],
  'nothing-left': ['donateur déjà couvert', 'donateurs déjà couverts'],
  conflict: ['conflit', 'conflits'],
  // regenerate
  written: ['PDF écrit', 'PDF écrits'],
  identical: ['PDF identique à l’envoi', 'PDF identiques à l’envoi'],
  different: ['PDF différent de l’envoi', 'PDF différents de l’envoi'],
  'never-sent': ['PDF jamais envoyé', 'PDF jamais envoyés'],
  missing: ['numéro sans reçu', 'numéros sans reçu'],
  // resend
  sent: ['donateur destinataire', 'donateurs destinataires'],
  'already-sent': ['donateur déjà servi', 'donateurs déjà servis'],
}

const RECONCILE_WORDS: Record<keyof ReconcileCounts, [string, string]> = {
  ordersSeen: ['commande vue', 'commandes vues'],
  ordersFetched: ['commande relue', 'commandes relues'],
  ordersSkipped: ['commande hors adhésions et dons', 'commandes hors adhésions et dons'],
  ordersUnreadable: ['commande illisible', 'commandes illisibles'],
  paymentsSeen: ['paiement vu', 'paiements vus'],
  processed: ['commande traitée', 'commandes traitées'],
  receiptsIssued: ['reçu émis', 'reçus émis'],
  receiptsCancelled: ['reçu annulé', 'reçus annulés'],
  reviewsOpened: ['élément mis en revue', 'éléments mis en revue'],
  unchanged: ['commande inchangée', 'commandes inchangées'],
  stillDifferent: ['commande toujours différente', 'commandes toujours différentes'],
  failed: ['échec', 'échecs'],
}

const ACTION_WORDS: Record<ReconcileAction['kind'], string> = {
  processed: 'traitée',
  'receipt-issued': 'reçu émis',
  'receipt-cancelled': 'reçu annulé',
  'review-opened': 'mise en revue',
  'still-different': 'toujours différente',
  unreadable: 'illisible',
  failed: 'échec',
}

export function countText(name: string, value: number): string {
  if (name === 'amountCents') return euros(value)
  const words = COUNT_WORDS[name]
  return words ? countOf(value, ...words) : `${name} ${value}`
}

export function countsText(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => countText(name, value))
    .join(', ')
}

export function reconcileCountsText(counts: ReconcileCounts): string {
  return (Object.keys(RECONCILE_WORDS) as (keyof ReconcileCounts)[])
    .map((name) => countOf(counts[name], ...RECONCILE_WORDS[name]))
    .join(', ')
}

export function reconcileActionText(action: ReconcileAction): string {
  const ids = [
    action.orderId && `commande ${action.orderId}`,
    action.paymentId && `paiement ${action.paymentId}`,
    action.receiptNumber && fr`reçu n° ${action.receiptNumber}`,
    action.reviewId && `revue ${action.reviewId}`,
  ].filter(Boolean)
  // The detail is the operator's technical note (ids and HelloAsso codes): kept as recorded.
  return `${ACTION_WORDS[action.kind]} : ${ids.join(', ')}${action.detail ? ` (${action.detail})` : ''}`
}

export function findingText(finding: Finding): string {
  switch (finding.kind) {
    case 'missing':
      return fr`n° ${finding.key} : aucun reçu ne porte ce numéro`
    case 'hash-mismatch':
      return fr`reçu n° ${finding.key} : le PDF refait diffère de celui envoyé (${finding.detail})`
    case 'too-many-payments':
      return fr`donateur ${finding.key} : trop de paiements pour un seul reçu, un élément de revue est ouvert`
    case 'conflict':
      return fr`donateur ${finding.key} : ses paiements changeaient pendant l’émission, relancez la commande`
    default:
      return `${finding.kind} ${finding.key} : ${finding.detail}`
  }
}

export function runText(run: JobRun, resumed: boolean): string {
  const status = run.status === 'done' ? 'terminée' : 'en cours'
  const counts = countsText(run.counts)
  return fr`${run.kind} ${run.paramsKey} (exécution ${run.run}${resumed ? ', reprise' : ''}) : ${status}, ${run.doneItems}/${run.totalItems} ${run.totalItems < 2 ? 'élément' : 'éléments'}${counts ? ` : ${counts}` : ''}`
}

/** The tax year (Europe/Paris) still running, or later: its figures are not final. */
export function yearNotOverText(year: number, now: Date): string | undefined {
  const current = taxYearOf(now)
  if (current > year) return undefined
  return fr`l’année ${year} n’est pas terminée (heure de Paris)`
}
