import * as z from 'zod'
import { CancelSchema } from '../../shared/staff/cancel-receipt-by-staff.js'
import { CorrectSchema } from '../../shared/staff/correct-receipt.js'
import { MapTierSchema } from '../../shared/staff/map-tier-from-review.js'
import { RECEIPT_PDF_KINDS } from '../../shared/staff/receipt-pdf.js'
import { ResendSchema } from '../../shared/staff/resend-receipt.js'
import { DismissSchema, IssueFromReviewSchema } from '../../shared/staff/review-decisions.js'
import { ReceiptSearchSchema } from '../../shared/staff/search-receipts.js'

/**
 * Every route of the staff API with its schemas: the router validates with them and the OpenAPI
 * document is generated from them, so the documentation cannot drift from the code.
 */
export const ReceiptNumberParam = z.object({
  number: z.string().regex(/^\d{4}-\d{5,6}$/, 'numéro de reçu attendu : AAAA-NNNNN'),
})
export const ReviewIdParam = z.object({ id: z.string().min(1).max(200) })
export const PdfQuery = z.object({
  /**
   * original: the receipt (stamped ANNULÉ / REMPLACÉ once no longer valid); duplicata: a reprint
   * marked DUPLICATA (stamped likewise); emailed: the PDF exactly as emailed, for the archive.
   */
  kind: z.enum(RECEIPT_PDF_KINDS).default('original'),
})
export const MembersQuery = z.object({
  q: z.string().trim().min(2, 'au moins 2 caractères').max(100),
})
export const ExportQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) })

export interface RouteDoc {
  method: 'get' | 'post'
  path: string
  summary: string
  role: 'viewer' | 'manager'
  params?: z.ZodObject
  query?: z.ZodObject
  body?: z.ZodType
  produces?: string
}

export const STAFF_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/staff/api/receipts',
    summary: 'Rechercher des reçus (numéro, e-mail, nom, identifiant HelloAsso, année, statut)',
    role: 'viewer',
    query: ReceiptSearchSchema,
  },
  {
    method: 'get',
    path: '/staff/api/receipts/{number}',
    summary:
      'Détail d’un reçu : instantané, provenance du montant, historique, envois, journal d’audit, adhésions, liens',
    role: 'viewer',
    params: ReceiptNumberParam,
  },
  {
    method: 'get',
    path: '/staff/api/receipts/{number}/pdf',
    summary:
      'PDF du reçu : l’original (marqué ANNULÉ ou REMPLACÉ s’il ne vaut plus), un duplicata marqué DUPLICATA, ou le PDF tel qu’envoyé au donateur (kind=emailed, archive, vérifié par son empreinte : en-tête X-Receipt-Pdf-Matches-Sent ; refusé (409) pour un reçu jamais envoyé)',
    role: 'viewer',
    params: ReceiptNumberParam,
    query: PdfQuery,
    produces: 'application/pdf',
  },
  {
    method: 'post',
    path: '/staff/api/receipts/{number}/resend',
    summary:
      'Renvoyer le reçu : l’original tel qu’émis (motif not-received, ou corrected-address avec la nouvelle adresse) ou un duplicata à la demande du donateur (donor-request) ; refusé (409) pour un reçu annulé ou remplacé',
    role: 'manager',
    params: ReceiptNumberParam,
    body: ResendSchema,
  },
  {
    method: 'post',
    path: '/staff/api/receipts/{number}/cancel',
    summary: 'Annuler le reçu (motif obligatoire, numéro conservé)',
    role: 'manager',
    params: ReceiptNumberParam,
    body: CancelSchema,
  },
  {
    method: 'post',
    path: '/staff/api/receipts/{number}/correct',
    summary: 'Corriger : annule et remplace par un nouveau numéro',
    role: 'manager',
    params: ReceiptNumberParam,
    body: CorrectSchema,
  },
  {
    method: 'get',
    path: '/staff/api/review',
    summary: 'Éléments à vérifier, avec leur motif',
    role: 'viewer',
  },
  {
    method: 'post',
    path: '/staff/api/review/{id}/issue',
    summary: 'Compléter les données et émettre le reçu',
    role: 'manager',
    params: ReviewIdParam,
    body: IssueFromReviewSchema,
  },
  {
    method: 'post',
    path: '/staff/api/review/{id}/reexamine',
    summary: 'Réexaminer avec la configuration actuelle (émet le reçu s’il n’y a plus de doute)',
    role: 'manager',
    params: ReviewIdParam,
  },
  {
    method: 'post',
    path: '/staff/api/review/{id}/map-tier',
    summary:
      'Rattacher le palier HelloAsso inconnu d’un élément « Palier inconnu » à un palier configuré (tierKey) : enregistré dans la table, appliqué aussitôt sans redémarrage ; chaque élément ouvert de ce palier HelloAsso est réexaminé',
    role: 'manager',
    params: ReviewIdParam,
    body: MapTierSchema,
  },
  {
    method: 'post',
    path: '/staff/api/review/{id}/dismiss',
    summary: 'Classer sans suite, avec un motif',
    role: 'manager',
    params: ReviewIdParam,
    body: DismissSchema,
  },
  {
    method: 'get',
    path: '/staff/api/members',
    summary: 'Trouver un membre et ses adhésions',
    role: 'viewer',
    query: MembersQuery,
  },
  {
    method: 'get',
    path: '/staff/api/export.csv',
    summary: 'Export CSV des reçus d’une année (pour le comptable)',
    role: 'viewer',
    query: ExportQuery,
    produces: 'text/csv',
  },
]
