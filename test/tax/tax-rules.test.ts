import { describe, expect, it } from 'vitest'
import { counterpartRulesOn } from '../../shared/config/counterpart-rule.js'
import { parseAssociationConfig } from '../../shared/config/load-association-config.js'
import { appliedTaxRules } from '../../shared/tax/applied-tax-rules.js'
import { maxIndividualReductionCents } from '../../shared/tax/reduction.js'
import { TAX_RULE_TABLE } from '../../shared/tax/tax-rule-table.js'
import { taxRulesOn, taxRuleVersionsBetween, yearTaxRules } from '../../shared/tax/tax-rules.js'
import { testAssociationConfig } from '../support/test-association-config.js'

describe('the dated tax rules', () => {
  it('give each figure with its start day and source, for the day of the gift', () => {
    const before = taxRulesOn('2025-10-13')
    const from = taxRulesOn('2025-10-14')
    expect(before.version).toBe('2021-01-01')
    expect(from.version).toBe('2025-10-14')
    expect(before.figures.colucheCeilingCents).toMatchObject({
      value: 100_000,
      replacedFrom: '2025-10-14',
    })
    expect(from.figures.colucheCeilingCents).toMatchObject({ value: 200_000, from: '2025-10-14' })
    expect(from.figures.colucheCeilingCents.source).toContain('loi de finances pour 2026')
    expect(from.figures.individualRatePercent.value).toBe(66)
    expect(from.figures.companyRatePercent.value).toBe(60)
    // Every figure says where it comes from.
    for (const lines of Object.values(TAX_RULE_TABLE))
      for (const line of lines) expect(line.source.length).toBeGreaterThan(10)
  })

  it('say the counterpart cap of 2026 is not confirmed', () => {
    const cap = taxRulesOn('2026-03-01').figures.counterpartCapCents
    expect(cap).toMatchObject({ value: 7300, confirmed: false })
    expect(cap.note).toContain('1er janvier 2026')
  })

  it('list the versions a period of gifts straddles, and those of a tax year with a fingerprint', () => {
    expect(taxRuleVersionsBetween('2025-01-10', '2025-11-10')).toEqual(['2021-01-01', '2025-10-14'])
    expect(taxRuleVersionsBetween('2026-01-01', '2026-12-31')).toEqual(['2025-10-14'])
    const year2025 = yearTaxRules(2025)
    expect(year2025.versions).toEqual(['2021-01-01', '2025-10-14'])
    expect(
      year2025.figures.filter((f) => f.name === 'colucheCeilingCents').map((f) => f.figure.value),
    ).toEqual([100_000, 200_000])
    expect(yearTaxRules(2026).figures.filter((f) => f.name === 'colucheCeilingCents')).toHaveLength(
      1,
    )
    expect(yearTaxRules(2026).fingerprint).not.toBe(year2025.fingerprint)
    expect(yearTaxRules(2025).fingerprint).toBe(year2025.fingerprint)
  })

  it('give the most one gift can take off: 75 % up to the ceiling of its day, then 66 %', () => {
    expect(maxIndividualReductionCents('coluche', 150000, taxRulesOn('2025-10-01'))).toBe(108000)
    expect(maxIndividualReductionCents('coluche', 150000, taxRulesOn('2025-11-01'))).toBe(112500)
    expect(maxIndividualReductionCents('individual', 2501, taxRulesOn('2025-11-01'))).toBe(1650)
  })

  it('record on a receipt its versions and the rate its tiers claim, never more', () => {
    const raw = testAssociationConfig()
    const config = parseAssociationConfig(
      {
        ...raw,
        tiers: [
          ...raw.tiers,
          {
            ...raw.tiers[0],
            key: 'aide',
            label: 'Aide',
            reductionRatePercent: 75,
            match: { tierIds: [1] },
          },
        ],
      },
      'test',
    )
    const line = (tierKey: string | undefined, eligible = true) => ({
      itemId: 1,
      type: 'Membership',
      label: 'x',
      ...(tierKey ? { tierKey } : {}),
      shareCents: 100,
      optionsCents: 0,
      eligible,
      why: 'x',
    })
    const day = { from: '2025-11-01', to: '2025-11-01' }
    expect(appliedTaxRules(config, { form: '11580', paymentDates: day }, [line('aide')])).toEqual({
      versions: ['2025-10-14'],
      ratePercent: 75,
    })
    expect(
      appliedTaxRules(config, { form: '11580', paymentDates: day }, [
        line('aide'),
        line('individuelle'),
      ]).ratePercent,
    ).toBe(66)
    expect(
      appliedTaxRules(config, { form: '11580', paymentDates: day }, [line(undefined)]).ratePercent,
    ).toBe(66)
    // A company receipt claims art. 238 bis whatever its tiers say.
    expect(
      appliedTaxRules(config, { form: '16216', paymentDates: day }, [line('aide')]).ratePercent,
    ).toBe(60)
  })
})

describe('the counterpart cap of a configuration', () => {
  it('is the dated rules’ unless the file sets its own, which applies from its since', () => {
    const raw = testAssociationConfig()
    const table = parseAssociationConfig(raw, 'test')
    expect(counterpartRulesOn(table, '2026-03-01')).toMatchObject({
      lowValueCapCents: 7300,
      since: '2021-01-01',
      note: expect.stringContaining('1er janvier 2026'),
    })
    const own = parseAssociationConfig(
      {
        ...raw,
        counterpartRules: { lowValueCapCents: 7700, since: '2026-01-01', source: 'BOFiP vérifié' },
      },
      'test',
    )
    expect(counterpartRulesOn(own, '2025-12-31')).toMatchObject({ lowValueCapCents: 7300 })
    expect(counterpartRulesOn(own, '2026-01-01')).toEqual({
      lowValueCapCents: 7700,
      since: '2026-01-01',
      source: 'BOFiP vérifié',
    })
  })
})
