import { describe, expect, it } from 'vitest'
import type { JobCommand } from '../../functions/jobs/cli-args.js'
import { parseJobCommand } from '../../functions/jobs/cli-args.js'
import { runCommand } from '../../functions/jobs/run-command.js'
import { runScheduledCommand } from '../../functions/jobs/scheduled-command.js'
import {
  latestTaxRulesConfirmation,
  recordTaxRulesConfirmation,
} from '../../shared/store/tax-rules-confirmation-store.js'
import { useFakeHelloAsso, useTestRuntime } from '../support/flow-harness.js'
import { ANNUAL, aDonation, pay } from './annual-orders.js'

/**
 * In January the summary receipts of the past year wait for the treasurer to confirm that
 * year's tax rules (one command, recorded): a finance law may still have changed them.
 */
const { fake } = useFakeHelloAsso()

describe('the year’s tax rules, confirmed before the annual run', () => {
  const t = useTestRuntime({ config: ANNUAL })

  async function run(command: JobCommand) {
    const lines: string[] = []
    const progress = { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream
    const code = await runCommand(t.runtime.jobs, command, {
      out: (line) => lines.push(line),
      progressStream: progress,
    })
    return { code, text: lines.join('\n').replace(/[\u00a0\u202f]/g, ' ') }
  }
  const annual: JobCommand = { command: 'annual', year: 2025, dryRun: false, fresh: false }

  it('asks for them, issues nothing, then runs once they are confirmed', async () => {
    await pay(fake, t, aDonation('2025-11-06T20:17:20.1129932+01:00', 10_000))

    const refused = await run(annual)
    expect(refused.code).toBe(2)
    expect(refused.text).toContain('Les règles fiscales de 2025 ne sont pas encore confirmées')
    expect(refused.text).toContain(
      'Plafond annuel des dons au taux « Coluche » : 1 000,00 € pour les dons faits avant le 14/10/2025',
    )
    expect(refused.text).toContain(
      'Plafond annuel des dons au taux « Coluche » : 2 000,00 € depuis le 14/10/2025 (source : loi de finances pour 2026',
    )
    expect(refused.text).toContain('Plafond annuel des contreparties de faible valeur : 73,00 €')
    expect(refused.text).toContain('À VÉRIFIER : la réévaluation due au 1er janvier 2026')
    expect(refused.text).toContain('npm run receipts -- tax-rules --year 2025 --confirm')
    expect(await t.receipts(2025)).toEqual([])

    const shown = await run({ command: 'tax-rules', year: 2025, confirm: false })
    expect(shown.code).toBe(2)
    expect(shown.text).toContain(
      'Règles fiscales des dons de 2025 (versions du 01/01/2021, 14/10/2025)',
    )
    expect(shown.text).toContain('pas encore confirmées')
    expect(await latestTaxRulesConfirmation(t.runtime.table, 2025)).toBeUndefined()

    const confirmed = await run({
      command: 'tax-rules',
      year: 2025,
      confirm: true,
      by: 'Camille Exemple',
    })
    expect(confirmed.code).toBe(0)
    expect(confirmed.text).toMatch(
      /Règles fiscales de 2025 confirmées le \d\d\/\d\d\/\d{4} par Camille Exemple\./,
    )
    expect(await latestTaxRulesConfirmation(t.runtime.table, 2025)).toMatchObject({
      year: 2025,
      versions: ['2021-01-01', '2025-10-14'],
      confirmedBy: 'Camille Exemple',
    })

    const ran = await run(annual)
    expect(ran.text).toMatch(/Règles fiscales de 2025 confirmées le .* par Camille Exemple/)
    expect(ran.code).toBe(0)
    expect(await t.receipts(2025)).toHaveLength(1)
  })

  it('asks again when the figures of that year changed since they were confirmed', async () => {
    await recordTaxRulesConfirmation(t.runtime.table, {
      year: 2025,
      versions: ['2021-01-01'],
      fingerprint: 'figures of an older release',
      confirmedAt: '2026-01-05T09:00:00.000Z',
      confirmedBy: 'Camille Exemple',
    })
    const refused = await run(annual)
    expect(refused.code).toBe(2)
    expect(refused.text).toContain(
      'Les règles fiscales de 2025 ont changé depuis leur confirmation du 05/01/2026 par Camille Exemple',
    )
  })

  it('on AWS: the annual start is refused until a confirm-tax-rules command records it', async () => {
    const deps = {
      jobs: t.runtime.jobs,
      lookbackDays: 30,
      sendChunks: async () => {},
    }
    await expect(
      runScheduledCommand(deps, { command: 'start', job: 'annual', year: 2025 }),
    ).rejects.toMatchObject({
      code: 'input.invalid',
      message: expect.stringContaining('confirm-tax-rules'),
    })
    await expect(
      runScheduledCommand(deps, {
        command: 'confirm-tax-rules',
        year: 2025,
        by: 'Camille Exemple',
      }),
    ).resolves.toMatchObject({ command: 'confirm-tax-rules', year: 2025 })
    await expect(
      runScheduledCommand(deps, { command: 'start', job: 'annual', year: 2025 }),
    ).resolves.toMatchObject({ command: 'start', job: 'annual' })
  })
})

describe('npm run receipts -- tax-rules', () => {
  it('parses the year, --confirm and --by', () => {
    expect(parseJobCommand(['tax-rules', '--year', '2025'])).toEqual({
      command: 'tax-rules',
      year: 2025,
      confirm: false,
    })
    expect(
      parseJobCommand(['tax-rules', '--year', '2025', '--confirm', '--by', 'Camille Exemple']),
    ).toEqual({ command: 'tax-rules', year: 2025, confirm: true, by: 'Camille Exemple' })
  })
})
