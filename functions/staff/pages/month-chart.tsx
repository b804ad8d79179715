import { formatEuros } from '../../../shared/domain/money.js'
import type { YearStats } from '../../../shared/staff/dashboard-stats.js'
import { euros } from './format.js'

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
]
const ABBREVIATED = [
  'janv.',
  'févr.',
  'mars',
  'avr.',
  'mai',
  'juin',
  'juil.',
  'août',
  'sept.',
  'oct.',
  'nov.',
  'déc.',
]

// Pixel geometry; x is in percent so the bars follow the width while text keeps its size.
const HEIGHT = 210
const TOP = 22
const BASELINE = HEIGHT - 26
const COLUMN = 100 / 12

/**
 * Amounts per month as bars, drawn without a viewBox: widths in %, heights and text in px, so the
 * chart fills a phone or a laptop without stretching its labels. The table is its text version.
 */
export function MonthChart({ stats, currentMonth }: { stats: YearStats; currentMonth?: number }) {
  const max = Math.max(...stats.byMonth.map((m) => m.amountCents), 1)
  const total = stats.byMonth.reduce((sum, m) => sum + m.amountCents, 0)
  return (
    <figure class="chart" aria-labelledby="graphique-titre">
      <h2 id="graphique-titre">Montants reçus par mois en {stats.year}</h2>
      <svg
        height={HEIGHT}
        role="img"
        aria-label={`Graphique en barres des montants par mois en ${stats.year}, ${euros(total)} au total ; les chiffres sont dans le tableau qui suit.`}
      >
        <line class="grid-line" x1="0" x2="100%" y1={BASELINE + 0.5} y2={BASELINE + 0.5} />
        {stats.byMonth.map((m, index) => {
          const height = Math.round((m.amountCents / max) * (BASELINE - TOP))
          const x = index * COLUMN
          const center = `${(x + COLUMN / 2).toFixed(3)}%`
          return (
            <g>
              <title>{`${MONTHS[index]} : ${m.count} reçu${m.count > 1 ? 's' : ''}, ${euros(m.amountCents)}`}</title>
              {m.amountCents > 0 ? (
                <rect
                  class={m.month === currentMonth ? 'bar current' : 'bar'}
                  x={`${(x + COLUMN * 0.18).toFixed(3)}%`}
                  width={`${(COLUMN * 0.64).toFixed(3)}%`}
                  y={BASELINE - height}
                  height={height}
                  rx="3"
                />
              ) : (
                <rect
                  class="bar-empty"
                  x={`${(x + COLUMN * 0.18).toFixed(3)}%`}
                  width={`${(COLUMN * 0.64).toFixed(3)}%`}
                  y={BASELINE - 2}
                  height="2"
                />
              )}
              {m.amountCents > 0 ? (
                <text class="value" x={center} y={BASELINE - height - 6} text-anchor="middle">
                  {shortEuros(m.amountCents)}
                </text>
              ) : null}
              <text x={center} y={HEIGHT - 6} text-anchor="middle">
                <tspan class="m-long">{ABBREVIATED[index]}</tspan>
                <tspan class="m-short">{(MONTHS[index] as string).charAt(0).toUpperCase()}</tspan>
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption>
        Mois du versement. Reçus en vigueur seulement (ni annulés ni remplacés).
      </figcaption>
      <details class="data">
        <summary>Voir les chiffres par mois</summary>
        <MonthTable stats={stats} />
      </details>
    </figure>
  )
}

function MonthTable({ stats }: { stats: YearStats }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class="sr-only">Reçus et montants par mois en {stats.year}</caption>
        <thead>
          <tr>
            <th scope="col">Mois</th>
            <th scope="col" class="right">
              Particuliers
            </th>
            <th scope="col" class="right">
              Entreprises
            </th>
            <th scope="col" class="right">
              Montant
            </th>
          </tr>
        </thead>
        <tbody>
          {stats.byMonth.map((m, index) => (
            <tr>
              <th scope="row">{MONTHS[index]}</th>
              <td class="right num">{m.byForm['11580']}</td>
              <td class="right num">{m.byForm['16216']}</td>
              <td class="right num">{euros(m.amountCents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td class="right num">{stats.byForm['11580'].count}</td>
            <td class="right num">{stats.byForm['16216'].count}</td>
            <td class="right num">
              {euros(stats.byForm['11580'].amountCents + stats.byForm['16216'].amountCents)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  )
}

/** Whole euros above a bar: cents would crowd twelve columns. */
function shortEuros(cents: number): string {
  return `${formatEuros(Math.round(cents / 100) * 100).replace(/,00$/, '')}\u00a0€`
}
