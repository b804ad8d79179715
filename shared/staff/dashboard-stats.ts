import type { TableContext } from '../store/table-context.js'
import { readYearStats } from '../store/year-stats-store.js'

export interface YearStats {
  year: number
  /** Live receipts (issued, not cancelled or replaced) per form, and their amounts in cents. */
  byForm: Record<'11580' | '16216', { count: number; amountCents: number }>
  /** Month 1–12 of the payment: count and amount, both forms together and per form. */
  byMonth: {
    month: number
    count: number
    amountCents: number
    byForm: Record<'11580' | '16216', number>
  }[]
}

/** The year's totals for the staff home page, from the running totals item (one GetItem). */
export async function dashboardStats(table: TableContext, year: number): Promise<YearStats> {
  const item = await readYearStats(table, year)
  const read = (name: string) => Number(item[name] ?? 0)
  const forms = ['11580', '16216'] as const
  const byMonth = Array.from({ length: 12 }, (_, index) => {
    const mm = String(index + 1).padStart(2, '0')
    const counts = { '11580': read(`count_11580_${mm}`), '16216': read(`count_16216_${mm}`) }
    return {
      month: index + 1,
      count: counts['11580'] + counts['16216'],
      amountCents: read(`amount_11580_${mm}`) + read(`amount_16216_${mm}`),
      byForm: counts,
    }
  })
  const byForm = Object.fromEntries(
    forms.map((form) => [
      form,
      {
        count: byMonth.reduce((sum, m) => sum + m.byForm[form], 0),
        amountCents: Array.from({ length: 12 }, (_, i) =>
          read(`amount_${form}_${String(i + 1).padStart(2, '0')}`),
        ).reduce((a, b) => a + b, 0),
      },
    ]),
  ) as YearStats['byForm']
  return { year, byForm, byMonth }
}
