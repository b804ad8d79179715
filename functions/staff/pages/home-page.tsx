import type { YearStats } from '../../../shared/staff/dashboard-stats.js'
import type { ReceiptSummary } from '../../../shared/staff/receipt-summary.js'
import type { ReviewQueue } from '../../../shared/staff/review-queue.js'
import { day, euros, plural } from './format.js'
import { FORM, REVIEW_REASON } from './labels.js'
import { Layout } from './layout.js'
import { MonthChart } from './month-chart.js'
import type { PageView } from './page-view.js'
import { searchHref } from './search-query.js'

export interface HomeData {
  stats: YearStats
  review: ReviewQueue
  failed: ReceiptSummary[]
  /** The Paris calendar month today, when the year shown is the current one. */
  currentMonth?: number
  currentYear: number
}

/** What a treasurer asks first: how much this year, and is anything waiting for me. */
export function HomePage({ view, data }: { view: PageView; data: HomeData }) {
  const { stats, review, failed } = data
  const year = stats.year
  const total = {
    count: stats.byForm['11580'].count + stats.byForm['16216'].count,
    amountCents: stats.byForm['11580'].amountCents + stats.byForm['16216'].amountCents,
  }
  return (
    <Layout view={view} title={`Tableau de bord ${year}`}>
      <div class="page-head">
        <h1>Tableau de bord {year}</h1>
        <nav class="actions" aria-label="Année et export">
          <a
            class="button secondary"
            href={`/staff/api/export.csv?year=${year}`}
            download={`recus-fiscaux-${year}.csv`}
          >
            Exporter {year} (CSV)
          </a>
          <a class="button secondary" href={`/staff?annee=${year - 1}`}>
            <span aria-hidden="true">‹</span> {year - 1}
          </a>
          {year < data.currentYear ? (
            <a class="button secondary" href={`/staff?annee=${year + 1}`}>
              {year + 1} <span aria-hidden="true">›</span>
            </a>
          ) : null}
        </nav>
      </div>
      <section class="stats" aria-label={`Chiffres clés ${year}`}>
        <div class="card stat">
          <div class="label">Total {year}</div>
          <div class="value">{euros(total.amountCents)}</div>
          <div class="sub">{plural(total.count, 'reçu en vigueur', 'reçus en vigueur')}</div>
        </div>
        {(['11580', '16216'] as const).map((form) => (
          <div class="card stat">
            <div class="label">{FORM[form]}</div>
            <div class="value">{euros(stats.byForm[form].amountCents)}</div>
            <div class="sub">
              {plural(stats.byForm[form].count, 'reçu', 'reçus')} · Cerfa {form}
            </div>
          </div>
        ))}
        <div class={review.total > 0 ? 'card stat attention' : 'card stat'}>
          <div class="label">À vérifier</div>
          <div class="value">{review.total}</div>
          <div class="sub">
            <a href="/staff/a-verifier">{review.total > 0 ? 'Traiter la file' : 'Voir la file'}</a>
          </div>
        </div>
        <div class={failed.length > 0 ? 'card stat alert' : 'card stat'}>
          <div class="label">Envois en échec</div>
          <div class="value">{failed.length}</div>
          <div class="sub">
            <a href={searchHref({ envoi: 'echec', annee: String(year) })}>Voir les reçus</a>
          </div>
        </div>
      </section>
      <div class="grid two-cols">
        <section class="card">
          <MonthChart stats={stats} currentMonth={data.currentMonth} />
        </section>
        <div>
          <section class="card" aria-labelledby="file-titre">
            <h2 id="file-titre">En attente de vérification</h2>
            {review.total === 0 ? (
              <p class="muted">Rien à vérifier : tout est passé automatiquement.</p>
            ) : (
              <>
                <p>
                  {plural(
                    review.total,
                    'paiement ou notification attend',
                    'paiements ou notifications attendent',
                  )}{' '}
                  une décision de l’équipe.
                </p>
                <ul class="chips">
                  {Object.entries(review.byReason).map(([reason, count]) => (
                    <li>
                      {REVIEW_REASON[reason as keyof typeof REVIEW_REASON] ?? reason}
                      <strong class="num">{count}</strong>
                    </li>
                  ))}
                </ul>
                <p class="small">
                  <a href="/staff/a-verifier">Ouvrir la file « À vérifier »</a>
                </p>
              </>
            )}
          </section>
          <section class="card" aria-labelledby="echecs-titre">
            <h2 id="echecs-titre">Envois en échec</h2>
            {failed.length === 0 ? (
              <p class="muted">Aucun e-mail de reçu en échec en {year}.</p>
            ) : (
              <ul class="timeline">
                {failed.slice(0, 5).map((item) => (
                  <li>
                    <a href={`/staff/recus/${item.number}`}>
                      {item.number} — {item.donorName}
                    </a>
                    <span class="when">
                      {item.payerEmail} · versé le {day(item.paymentDate)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {failed.length > 5 ? (
              <p class="small">
                <a href={searchHref({ envoi: 'echec', annee: String(year) })}>
                  Voir les {failed.length} envois en échec
                </a>
              </p>
            ) : null}
          </section>
        </div>
      </div>
    </Layout>
  )
}
