import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import { CancelSchema, cancelReceiptByStaff } from '../../shared/staff/cancel-receipt-by-staff.js'
import { CorrectSchema, correctReceipt } from '../../shared/staff/correct-receipt.js'
import { exportReceiptsCsv } from '../../shared/staff/export-receipts-csv.js'
import { findMembers } from '../../shared/staff/find-members.js'
import { MapTierSchema, mapTierFromReview } from '../../shared/staff/map-tier-from-review.js'
import { receiptDetail } from '../../shared/staff/receipt-detail.js'
import { receiptPdf } from '../../shared/staff/receipt-pdf.js'
import { reexamineFromReview } from '../../shared/staff/reexamine-from-review.js'
import { ResendSchema, resendReceipt } from '../../shared/staff/resend-receipt.js'
import {
  DismissSchema,
  dismissReview,
  IssueFromReviewSchema,
  issueFromReview,
} from '../../shared/staff/review-decisions.js'
import { listReviewQueue } from '../../shared/staff/review-queue.js'
import { ReceiptSearchSchema, searchReceipts } from '../../shared/staff/search-receipts.js'
import type { StaffDeps } from '../../shared/staff/staff-deps.js'
import {
  ExportQuery,
  MembersQuery,
  PdfQuery,
  ReceiptNumberParam,
  ReviewIdParam,
} from './api-schemas.js'
import type { StaffAuth, StaffEnv } from './auth/staff-auth-middleware.js'
import { staffOpenApiDocument } from './openapi-document.js'
import { parseOr400, staffErrorResponse } from './staff-errors.js'

/**
 * /staff/api: JSON for the staff tools. Every route needs a staff identity of this organisation;
 * reading needs `viewer`, acting needs `manager`, and every action is audited by its use case.
 */
export function createStaffApiRoutes(deps: StaffDeps, auth: StaffAuth): Hono<StaffEnv> {
  const api = new Hono<StaffEnv>()
  const manager = auth.requireRole('manager')
  api.onError((error, c) => staffErrorResponse(c, error, deps.log))
  api.use('*', auth.requireStaff(), sameOrganisation(deps.table.orgId))
  api.get('/openapi.json', (c) => c.json(staffOpenApiDocument()))

  api.get('/receipts', async (c) =>
    c.json(
      await searchReceipts(deps, parseOr400(ReceiptSearchSchema, c.req.query()), auth.session.key),
    ),
  )
  api.get('/receipts/:number', async (c) =>
    c.json(await receiptDetail(deps.table, number(c.req.param()))),
  )
  api.get('/receipts/:number/pdf', async (c) => {
    const { kind } = parseOr400(PdfQuery, c.req.query())
    const pdf = await receiptPdf(deps, number(c.req.param()), kind)
    return c.body(pdf.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${pdf.fileName}"`,
      'x-receipt-pdf': kind,
      'x-receipt-pdf-sha256': pdf.sha256,
      ...(pdf.matchesSent === undefined
        ? {}
        : { 'x-receipt-pdf-matches-sent': String(pdf.matchesSent) }),
    })
  })
  api.post('/receipts/:number/resend', manager, async (c) =>
    c.json(
      await resendReceipt(
        deps,
        c.get('staff'),
        number(c.req.param()),
        parseOr400(ResendSchema, await jsonBody(c)),
      ),
    ),
  )
  api.post('/receipts/:number/cancel', manager, async (c) =>
    c.json(
      await cancelReceiptByStaff(
        deps,
        c.get('staff'),
        number(c.req.param()),
        parseOr400(CancelSchema, await jsonBody(c)),
      ),
    ),
  )
  api.post('/receipts/:number/correct', manager, async (c) =>
    c.json(
      await correctReceipt(
        deps,
        c.get('staff'),
        number(c.req.param()),
        parseOr400(CorrectSchema, await jsonBody(c)),
      ),
    ),
  )

  api.get('/review', async (c) => c.json(await listReviewQueue(deps.table)))
  api.post('/review/:id/issue', manager, async (c) => {
    const { id } = parseOr400(ReviewIdParam, c.req.param())
    return c.json({
      receiptNumber: await issueFromReview(
        deps,
        c.get('staff'),
        id,
        parseOr400(IssueFromReviewSchema, await jsonBody(c)),
      ),
    })
  })
  api.post('/review/:id/reexamine', manager, async (c) => {
    const { id } = parseOr400(ReviewIdParam, c.req.param())
    return c.json(await reexamineFromReview(deps, id))
  })
  api.post('/review/:id/map-tier', manager, async (c) => {
    const { id } = parseOr400(ReviewIdParam, c.req.param())
    const input = parseOr400(MapTierSchema, await jsonBody(c))
    return c.json(await mapTierFromReview(deps, c.get('staff'), id, input))
  })
  api.post('/review/:id/dismiss', manager, async (c) => {
    const { id } = parseOr400(ReviewIdParam, c.req.param())
    await dismissReview(deps, c.get('staff'), id, parseOr400(DismissSchema, await jsonBody(c)))
    return c.json({ dismissed: id })
  })

  api.get('/members', async (c) =>
    c.json({ members: await findMembers(deps, parseOr400(MembersQuery, c.req.query()).q) }),
  )
  api.get('/export.csv', (c) => {
    const { year } = parseOr400(ExportQuery, c.req.query())
    return c.body(exportReceiptsCsv(deps, year), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="recus-fiscaux-${year}.csv"`,
    })
  })
  return api
}

function number(params: Record<string, string>): string {
  return parseOr400(ReceiptNumberParam, params).number
}

async function jsonBody(c: {
  req: { json(): Promise<unknown>; header(name: string): string | undefined }
}): Promise<unknown> {
  if (!c.req.header('content-type')?.includes('application/json')) return {}
  return c.req.json().catch(() => ({}))
}

/** An identity of another organisation never reads or acts here, whatever its role. */
function sameOrganisation(orgId: string) {
  return createMiddleware<StaffEnv>(async (c, next) => {
    if (c.get('staff').orgId !== orgId)
      return c.json(
        {
          error: 'Accès refusé : ce compte appartient à une autre organisation.',
          code: 'staff.forbidden',
        },
        403,
      )
    return next()
  })
}
