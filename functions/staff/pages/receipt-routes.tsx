import type { Context, Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { parisCalendarDate, parisIsoDay } from '../../../shared/domain/paris-time.js'
import type { ReceiptRecord } from '../../../shared/domain/records.js'
import { AppError } from '../../../shared/errors.js'
import {
  CancelSchema,
  cancelReceiptByStaff,
} from '../../../shared/staff/cancel-receipt-by-staff.js'
import { CorrectSchema, correctReceipt } from '../../../shared/staff/correct-receipt.js'
import { receiptDetail } from '../../../shared/staff/receipt-detail.js'
import { ResendSchema, resendReceipt } from '../../../shared/staff/resend-receipt.js'
import { searchReceipts } from '../../../shared/staff/search-receipts.js'
import type { StaffDeps } from '../../../shared/staff/staff-deps.js'
import type { StaffEnv } from '../auth/staff-auth-middleware.js'
import { confirmRunRedirect } from './confirm-run-redirect.js'
import { donorFromFields, type FormFields, parseForm } from './form-input.js'
import { tierLabeller } from './labels.js'
import { managerOnly } from './manager-only.js'
import { messagePage } from './message-page.js'
import { pageView } from './page-view.js'
import type { FailedAction, ReceiptAction } from './receipt-actions.js'
import { ReceiptDetailPage } from './receipt-detail-page.js'
import { SearchPage } from './search-page.js'
import { searchFromQuery } from './search-query.js'

const RECEIPT_NUMBER = /^\d{4}-\d{5,6}$/

/** What the page says after a redirect (?ok=…): the outcome, in the receipt's own terms. */
function okMessage(code: string | undefined, receipt: ReceiptRecord): string | undefined {
  switch (code) {
    case 'renvoye':
      return `Le reçu va être renvoyé à ${receipt.payerEmail}. L’envoi apparaît dans « Envois » dès qu’il est parti.`
    case 'annule':
      return 'Le reçu est annulé. Le donateur va en être prévenu par e-mail.'
    case 'annule-sans-email':
      return 'Le reçu est annulé. Le donateur n’a pas été prévenu par e-mail.'
    case 'corrige':
      return `Reçu corrigé : ce reçu n° ${receipt.number} annule et remplace le n° ${receipt.snapshot.replaces?.number ?? '?'} ; il est envoyé au donateur.`
    default:
      return undefined
  }
}

/** Search, detail and the three actions on a receipt: resend, cancel, correct. */
export function addReceiptRoutes(
  pages: Hono<StaffEnv>,
  deps: StaffDeps,
  /** Signs the listing's cursor. */
  cursorKey: string,
): void {
  const manager = managerOnly(deps)

  pages.get('/recus', async (c) => {
    const { form, search } = searchFromQuery(c.req.query())
    const [result, view] = await Promise.all([
      searchReceipts(deps, search, cursorKey),
      pageView(c, deps, 'recus'),
    ])
    const currentYear = parisCalendarDate(deps.now()).year
    return c.html(<SearchPage view={view} form={form} result={result} currentYear={currentYear} />)
  })

  pages.get('/recus/:number', async (c) => {
    const number = c.req.param('number')
    return showDetail(c, number, { ok: c.req.query('ok') })
  })

  pages.post('/recus/:number/renvoyer', manager, (c) =>
    act(c, 'renvoyer', async (number, fields) => {
      const email = fields.email?.trim()
      // The form offers two choices; a typed address turns « not received » into a correction.
      const reason =
        fields.motif === 'duplicata'
          ? 'donor-request'
          : fields.motif === 'original'
            ? email
              ? 'corrected-address'
              : 'not-received'
            : undefined
      await resendReceipt(
        deps,
        c.get('staff'),
        number,
        parseForm(ResendSchema, { ...(reason ? { reason } : {}), ...(email ? { email } : {}) }),
      )
      return `/staff/recus/${number}?ok=renvoye`
    }),
  )

  pages.post('/recus/:number/annuler', manager, (c) =>
    act(c, 'annuler', async (number, fields) => {
      const input = parseForm(CancelSchema, {
        reason: fields.motif ?? '',
        notify: fields.prevenir === 'oui',
      })
      await cancelReceiptByStaff(deps, c.get('staff'), number, input)
      return `/staff/recus/${number}?ok=${input.notify ? 'annule' : 'annule-sans-email'}`
    }),
  )

  pages.post('/recus/:number/corriger', manager, (c) =>
    act(c, 'corriger', async (number, fields) => {
      const input = parseForm(CorrectSchema, {
        donor: donorFromFields(fields),
        reason: fields.motif ?? '',
      })
      const replacement = await correctReceipt(deps, c.get('staff'), number, input)
      return `/staff/recus/${replacement.number}?ok=corrige`
    }),
  )

  /** An action on receipt `:number`; a refusal shows the receipt again with that form open. */
  function act(
    c: Context<StaffEnv>,
    action: ReceiptAction,
    run: (number: string, fields: FormFields) => Promise<string>,
  ) {
    const number = c.req.param('number') ?? ''
    return confirmRunRedirect(
      c,
      deps.log,
      (fields) => {
        if (!RECEIPT_NUMBER.test(number))
          throw new AppError('receipt.notFound', `Aucun reçu n° ${number}.`)
        return run(number, fields)
      },
      ({ message, status, values }) =>
        showDetail(c, number, { error: message, failed: { action, values }, status }),
    )
  }

  async function showDetail(
    c: Context<StaffEnv>,
    number: string,
    options: {
      ok?: string | undefined
      error?: string
      failed?: FailedAction
      status?: ContentfulStatusCode
    },
  ) {
    if (!RECEIPT_NUMBER.test(number))
      return messagePage(c, deps, {
        section: 'recus',
        title: 'Reçu introuvable',
        message: `Aucun reçu n° ${number} : un numéro s’écrit comme 2025-00042.`,
        status: 404,
      })
    let detail: Awaited<ReturnType<typeof receiptDetail>>
    try {
      detail = await receiptDetail(deps.table, number)
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'receipt.notFound') throw error
      return messagePage(c, deps, {
        section: 'recus',
        title: 'Reçu introuvable',
        message: options.error ?? error.message,
        status: 404,
      })
    }
    const view = await pageView(c, deps, 'recus')
    return c.html(
      <ReceiptDetailPage
        view={view}
        detail={detail}
        tierLabel={tierLabeller(deps.config.tiers)}
        today={parisIsoDay(deps.now())}
        ok={okMessage(options.ok, detail.receipt)}
        error={options.error}
        failed={options.failed}
      />,
      options.status ?? 200,
    )
  }
}
