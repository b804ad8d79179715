import { describe, expect, it } from 'vitest'
import type { JobCommand } from '../../functions/jobs/cli-args.js'
import { runCommand } from '../../functions/jobs/run-command.js'
import { taxYearOf } from '../../shared/domain/paris-time.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { storySteps } from '../support/story-steps.js'

/**
 * What `npm run receipts -- <command>` prints and returns, command by command, on one receipt
 * delivered through the webhook (the CLI process itself is exercised by resumable-cli.test).
 */
const { fake, t } = useFlowHarness()
const { deliver } = storySteps(fake, t)

async function run(command: JobCommand) {
  const lines: string[] = []
  const progress = { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream
  const code = await runCommand(t.runtime.jobs, command, {
    out: (line) => lines.push(line),
    progressStream: progress,
  })
  // French typography puts no-break spaces before « : » and « € »: compared as plain spaces.
  return { code, text: lines.join('\n').replace(/[\u00a0\u202f]/g, ' ') }
}

describe('the job commands, as the CLI runs them', () => {
  it('declaration, archive, regenerate --resend, reconcile and annual --dry-run report and exit 0', async () => {
    await deliver('01_order_membership_individual_50eur_with_tip')

    const declaration = await run({ command: 'declaration', year: 2025 })
    expect(declaration.code).toBe(0)
    expect(declaration.text).toContain('Montant des dons mentionnés sur les reçus : 50,00 €')
    expect(declaration.text).toContain('Nombre de reçus délivrés : 1')
    expect(declaration.text).toMatch(/Fichiers : .*declaration-2025\.csv, .*registre-2025\.csv/)

    const archive = await run({ command: 'archive', year: 2025 })
    expect(archive).toMatchObject({ code: 0 })
    expect(archive.text).toMatch(/recus-fiscaux-2025\.zip : 1 reçu, .* Mo, SHA-256 [0-9a-f]{64}/)

    const regenerate = await run({ command: 'regenerate', year: 2025, resend: true, fresh: false })
    expect(regenerate.code).toBe(0)
    expect(regenerate.text).toContain(
      'regenerate 2025 (exécution 1) : terminée, 1/1 élément : 1 PDF identique à l’envoi, 1 PDF écrit',
    )
    expect(regenerate.text).toContain(
      'resend 2025 (exécution 1) : terminée, 1/1 élément : 1 donateur destinataire',
    )

    const reconcile = await run({ command: 'reconcile', since: '2025-01-01' })
    expect(reconcile.code).toBe(0)
    expect(reconcile.text).toMatch(/1 commande vue,.*0 commande traitée,.*1 commande inchangée/)

    const preview = await run({ command: 'annual', year: 2025, dryRun: true, fresh: false })
    expect(preview.code).toBe(0)
    expect(preview.text).toContain(
      'Simulation : 0 reçu récapitulatif serait émis pour 0,00 € ; rien n’a été écrit.',
    )
  })

  it('exits 2 when a person must look: a PDF that no longer matches the one emailed', async () => {
    await deliver('01_order_membership_individual_50eur_with_tip')
    const [receipt] = await t.receipts(2025)
    if (!receipt) throw new Error('no receipt')
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb')
    const { keys } = await import('../../shared/store/keys.js')
    await t.runtime.table.doc.send(
      new UpdateCommand({
        TableName: t.runtime.table.tableName,
        Key: keys.receipt(t.runtime.table.orgId, receipt.number),
        UpdateExpression: 'SET #r.delivery.pdfSha256 = :forged',
        ExpressionAttributeNames: { '#r': 'record' },
        ExpressionAttributeValues: { ':forged': '0'.repeat(64) },
      }),
    )
    const regenerate = await run({ command: 'regenerate', year: 2025, resend: false, fresh: false })
    expect(regenerate.code).toBe(2)
    expect(regenerate.text).toContain(
      `reçu n° ${receipt.number} : le PDF refait diffère de celui envoyé`,
    )
    const archive = await run({ command: 'archive', year: 2025 })
    expect(archive.code).toBe(2)
    expect(archive.text).toContain(`1 PDF diffère de ceux envoyés : ${receipt.number}`)
  })
})

describe('a year not over yet (Europe/Paris)', () => {
  const year = taxYearOf(new Date())
  const warning = `Attention : l’année ${year} n’est pas terminée (heure de Paris), les chiffres ne sont pas définitifs`

  it.each<[string, JobCommand]>([
    ['annual --dry-run', { command: 'annual', year, dryRun: true, fresh: false }],
    ['regenerate', { command: 'regenerate', year, resend: false, fresh: false }],
    ['declaration', { command: 'declaration', year }],
    ['archive', { command: 'archive', year }],
  ])('%s runs, warns first and exits 2', async (_, command) => {
    await deliver('01_order_membership_individual_50eur_with_tip')
    const result = await run(command)
    expect(result.text.split('\n')[0]).toContain(warning)
    expect(result.code).toBe(2)
  })

  it('the real annual still refuses it, issuing nothing', async () => {
    const result = await run({ command: 'annual', year, dryRun: false, fresh: false })
    expect(result.code).toBe(2)
    expect(result.text).toBe(
      `Rien n’a été émis : l’année ${year} n’est pas terminée (heure de Paris), les reçus récapitulatifs s’émettent une fois l’année close. --dry-run montre ce qui serait émis.`,
    )
  })

  it('a finished year gets no warning', async () => {
    const result = await run({ command: 'declaration', year: year - 1 })
    expect(result.text).not.toContain('Attention')
    expect(result.code).toBe(0)
  })
})

describe('help', () => {
  it('prints the usage in French and exits 0', async () => {
    const result = await run({ command: 'help' })
    expect(result.code).toBe(0)
    expect(result.text).toMatch(/^Utilisation : npm run receipts -- <commande> \[options\]/)
  })
})
