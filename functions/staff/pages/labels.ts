import type {
  CancellationReason,
  DeliveryStatus,
  ReceiptStatus,
  ReviewReason,
} from '../../../shared/domain/records.js'
import type { PaymentMethod } from '../../../shared/receipts/receipt-snapshot.js'
import type { StaffRole } from '../../../shared/staff/auth/staff-identity.js'
import type { AuditEntry } from '../../../shared/store/audit-store.js'

/**
 * Every code the data carries, in the words staff use. Typed as complete records so that a new
 * code added to the domain fails type-checking here instead of showing up raw on a page.
 */
export const RECEIPT_STATUS: Record<ReceiptStatus, string> = {
  issued: 'Émis',
  cancelled: 'Annulé',
  replaced: 'Remplacé',
}

export const DELIVERY_STATUS: Record<DeliveryStatus, string> = {
  pending: 'En attente d’envoi',
  sending: 'Envoi en cours',
  sent: 'Envoyé',
  failed: 'Échec d’envoi',
  'not-sent': 'Non envoyé (reçu plus valable)',
}

export const ROLE: Record<StaffRole, string> = {
  manager: 'Gestionnaire',
  viewer: 'Consultation',
}

export const FORM: Record<'11580' | '16216', string> = {
  '11580': 'Particuliers',
  '16216': 'Entreprises',
}

export const REVIEW_REASON: Record<ReviewReason, string> = {
  'malformed-notification': 'Notification illisible',
  'oversized-notification': 'Notification trop volumineuse, refusée',
  'foreign-organisation': 'Notification d’une autre association',
  'organisation-slug-changed': 'Identifiant HelloAsso de l’association modifié',
  'tier-unknown': 'Palier inconnu',
  'amount-mismatch': 'Montant inattendu',
  'budget-mismatch': 'Budget incohérent avec le palier',
  'mixed-payer-kinds': 'Particulier et entreprise dans la même commande',
  'address-missing': 'Adresse manquante',
  'email-missing': 'E-mail manquant',
  'company-data-missing': 'Données de l’entreprise manquantes',
  'helloasso-receipt-exists': 'Reçu déjà émis par HelloAsso',
  'partial-refund': 'Remboursement partiel',
  'receipt-cancelled': 'Reçu annulé après remboursement ou contestation',
  'order-not-found': 'Commande introuvable chez HelloAsso',
  'delivery-failed': 'E-mail non remis',
  'dead-letter': 'Traitement en échec répété',
  'helloasso-amount-changed': 'Montant modifié chez HelloAsso après le reçu',
  'helloasso-payment-unpaid': 'Reçu valide pour un paiement non encaissé',
  'helloasso-payment-missing': 'Paiement absent de la commande HelloAsso',
  'annual-too-many-payments': 'Trop de versements pour un seul reçu annuel',
  'payer-model-unclear': 'Particulier ou entreprise : modèle de reçu à choisir',
  'payer-not-subject-to-tax': 'Organisation non soumise à l’IR ni à l’IS',
  'legal-form-unknown': 'Forme juridique à préciser',
  'counterparts-exceed-limits': 'Contreparties au-delà des limites',
  'helloasso-forms-changed': 'Formulaires HelloAsso différents de la configuration',
  'donor-correction-request': 'Demande de correction d’un donateur',
}

export const PAYMENT_METHOD: Record<PaymentMethod, string> = {
  card: 'Carte bancaire',
  sepa: 'Prélèvement SEPA',
  transfer: 'Virement',
  cheque: 'Chèque',
  cash: 'Espèces',
  other: 'Autre',
}

export const CANCELLATION_REASON: Record<CancellationReason, string> = {
  refund: 'remboursement',
  contest: 'contestation du paiement',
  staff: 'par l’équipe',
}

export const AUDIT_ACTION: Record<AuditEntry['action'], string> = {
  'receipt.resend': 'Renvoi du reçu',
  'receipt.cancel': 'Annulation',
  'receipt.correct': 'Correction (annule et remplace)',
  'receipt.issue': 'Émission manuelle',
  'review.resolve': 'Élément traité, reçu émis',
  'review.dismiss': 'Classé sans suite',
  'tier.map': 'Palier HelloAsso rattaché',
}

/** HelloAsso item types, as the provenance lines keep them. */
const ITEM_TYPE: Record<string, string> = {
  Membership: 'Adhésion',
  Donation: 'Don',
  Payment: 'Paiement',
  Registration: 'Inscription',
  Product: 'Produit',
}

export function itemTypeLabel(type: string): string {
  return ITEM_TYPE[type] ?? type
}

const HISTORY_EVENT: Record<string, string> = {
  issued: 'Émis',
  cancelled: 'Annulé',
  replaced: 'Remplacé',
  'resend-requested': 'Renvoi demandé',
}

const EMAIL_OUTCOME: Record<string, string> = {
  sent: 'envoyé',
  failed: 'en échec',
  retry: 'à réessayer',
  undelivered: 'non distribué',
  complaint: 'signalé comme indésirable',
  withheld: 'non envoyé',
}

const WITHHELD_BECAUSE: Record<string, string> = {
  'not sent: cancelled': 'reçu annulé',
  'not sent: replaced': 'reçu remplacé',
}

/** History events are open strings (`receipt-email-sent`, `cancellation-email-failed`…). */
export function historyEventLabel(event: string, detail?: string): string {
  const email = /^(receipt|cancellation)-email-(\w+)$/.exec(event)
  if (email) {
    const which = email[1] === 'receipt' ? 'E-mail du reçu' : 'E-mail d’annulation'
    const withheld = email[2] === 'withheld' && detail ? WITHHELD_BECAUSE[detail] : undefined
    if (withheld) return `${which} non envoyé : ${withheld}`
    return `${which} ${EMAIL_OUTCOME[email[2] as string] ?? email[2]}`
  }
  if (event === 'cancelled' && detail && detail in CANCELLATION_REASON)
    return `Annulé (${CANCELLATION_REASON[detail as CancellationReason]})`
  return HISTORY_EVENT[event] ?? event
}

const PAYMENT_STATUS: Record<string, string> = {
  paid: 'encaissé',
  pending: 'en attente',
  failed: 'échoué',
  refunding: 'remboursement en cours',
  refunded: 'remboursé',
  contested: 'contesté',
}

/** « encaissé »: the treasurer's word, not HelloAsso's enum (`Authorized`, `Refunded`…). */
export function paymentStateLabel(payment: { status: string }): string {
  return PAYMENT_STATUS[payment.status] ?? 'état inconnu'
}

/**
 * A review item as staff can name it to HelloAsso or a colleague. Items about a payment or an
 * order show its HelloAsso number in their links already; the internal key (`payment-…`) never
 * shows, except for items that have nothing else to go by (an unreadable notification).
 */
export function reviewReference(item: {
  id: string
  refs: { orderId?: number; paymentId?: number; receiptNumber?: string }
}): string | undefined {
  const { refs } = item
  if (refs.orderId || refs.paymentId || refs.receiptNumber) return undefined
  const payment = /^payment-(\d+)$/.exec(item.id)
  return payment ? `Paiement HelloAsso n° ${payment[1]}` : `Référence technique ${item.id}`
}

/** A tier's label as the association configured it; the key itself for a tier since removed. */
export function tierLabeller(tiers: readonly { key: string; label: string }[]) {
  return (key: string): string => tiers.find((tier) => tier.key === key)?.label ?? key
}
