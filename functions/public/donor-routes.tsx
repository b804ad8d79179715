import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Context, Hono } from 'hono'
import * as z from 'zod'
import { type DonorSession, openDonorAccess } from '../../shared/donor/donor-access.js'
import { donorDataExport } from '../../shared/donor/donor-data-export.js'
import { donorReceiptPdf, donorReceipts } from '../../shared/donor/donor-receipts.js'
import { requestCorrection } from '../../shared/donor/request-correction.js'
import { DONOR_PAGE_PATH, requestDonorLink } from '../../shared/donor/request-donor-link.js'
import { type DonorPageProps, DonorReceiptsPage, DonorRequestPage } from './donor-pages.js'
import { PUBLIC_CSRF_FIELD, publicCsrfToken, publicCsrfValid } from './public-csrf.js'
import type { PublicDeps } from './public-deps.js'
import { PublicLayout } from './public-layout.js'

const EmailSchema = z.email()

const CORRECTION_NOTICE: Record<string, DonorPageProps['notice']> = {
  envoyee: 'correction-sent',
  incomplete: 'correction-invalid',
  patience: 'correction-rate-limited',
}

/** `/mes-recus`: the request form, the emailed link's page, its PDFs, data export and correction. */
export function donorAccessPaths(app: Hono, deps: PublicDeps): void {
  const associationName = deps.config.association.name
  const requestPage = (c: Context, notice?: 'sent' | 'rate-limited' | 'invalid') =>
    c.html(
      <DonorRequestPage
        associationName={associationName}
        csrf={publicCsrfToken(c)}
        {...(notice ? { notice } : {})}
      />,
      notice === 'rate-limited' ? 429 : notice === 'invalid' ? 400 : 200,
    )

  app.get(DONOR_PAGE_PATH, (c) => requestPage(c))

  app.post(DONOR_PAGE_PATH, async (c) => {
    const started = performance.now()
    const form = await c.req.parseBody()
    if (!publicCsrfValid(c, form[PUBLIC_CSRF_FIELD])) return refused(c, associationName)
    const email = EmailSchema.safeParse(String(form.email ?? '').trim())
    if (!email.success) return requestPage(c, 'invalid')
    const outcome = await requestDonorLink(deps, { email: email.data, clientIp: deps.clientIp(c) })
    // The same answer after the same time, whether the address has receipts (an email left) or not.
    await sleep(Math.max(0, deps.answerMs - (performance.now() - started)))
    return requestPage(c, outcome === 'accepted' ? 'sent' : 'rate-limited')
  })

  const withSession = (
    handler: (c: Context, session: DonorSession, base: string) => Promise<Response>,
  ) => {
    return async (c: Context) => {
      const secret = c.req.param('secret') ?? ''
      const session = await openDonorAccess(deps, secret)
      if (!session) return expired(c, associationName)
      return handler(c, session, `${DONOR_PAGE_PATH}/${secret}`)
    }
  }

  app.get(
    `${DONOR_PAGE_PATH}/:secret`,
    withSession(async (c, session, base) => {
      const notice = CORRECTION_NOTICE[c.req.query('correction') ?? '']
      return c.html(
        <DonorReceiptsPage
          associationName={associationName}
          base={base}
          csrf={publicCsrfToken(c)}
          expiresAt={session.expiresAt}
          receipts={await donorReceipts(deps, session.email)}
          {...(notice ? { notice } : {})}
        />,
      )
    }),
  )

  app.get(
    `${DONOR_PAGE_PATH}/:secret/recus/:file`,
    withSession(async (c, session) => {
      const number = /^(\d{4}-\d{5,})\.pdf$/.exec(c.req.param('file') ?? '')?.[1]
      const pdf = number ? await donorReceiptPdf(deps, session.email, number) : undefined
      if (!pdf) return c.text('Reçu introuvable.', 404)
      return c.body(pdf.bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${pdf.fileName}"`,
      })
    }),
  )

  app.get(
    `${DONOR_PAGE_PATH}/:secret/donnees.json`,
    withSession(async (c, session) => {
      const data = await donorDataExport(deps, session.email)
      return c.body(JSON.stringify(data, null, 2), 200, {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': 'attachment; filename="mes-donnees.json"',
      })
    }),
  )

  app.post(
    `${DONOR_PAGE_PATH}/:secret/correction`,
    withSession(async (c, session, base) => {
      const form = await c.req.parseBody()
      if (!publicCsrfValid(c, form[PUBLIC_CSRF_FIELD])) return refused(c, associationName)
      const number = String(form.recu ?? '')
      const outcome = await requestCorrection(deps, session, {
        ...(number ? { number } : {}),
        message: String(form.message ?? ''),
      })
      const flag =
        outcome === 'opened' ? 'envoyee' : outcome === 'rate-limited' ? 'patience' : 'incomplete'
      return c.redirect(`${base}?correction=${flag}#correction`, 303)
    }),
  )
}

function expired(c: Context, associationName: string) {
  return c.html(
    <PublicLayout
      associationName={associationName}
      title="Lien expiré"
      subtitle="Mes reçus fiscaux"
    >
      <h1>Ce lien n’est plus valable</h1>
      <p>
        Les liens envoyés par e-mail fonctionnent 7 jours. Demandez-en un nouveau : il arrive en
        quelques instants.
      </p>
      <p>
        <a href={DONOR_PAGE_PATH}>Recevoir un nouveau lien</a>
      </p>
    </PublicLayout>,
    404,
  )
}

function refused(c: Context, associationName: string) {
  return c.html(
    <PublicLayout
      associationName={associationName}
      title="Formulaire expiré"
      subtitle="Mes reçus fiscaux"
    >
      <h1>Ce formulaire a expiré</h1>
      <p>
        Pour votre sécurité, rechargez la page puis envoyez le formulaire à nouveau.{' '}
        <a href={DONOR_PAGE_PATH}>Retour</a>
      </p>
    </PublicLayout>,
    403,
  )
}
