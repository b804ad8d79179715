import { describe, expect, it } from 'vitest'
import type { JobCommand } from '../../functions/jobs/cli-args.js'
import { runCommand } from '../../functions/jobs/run-command.js'
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
    expect(declaration.text).toMatch(/Files: .*declaration-2025\.csv, .*registre-2025\.csv/)

    const archive = await run({ command: 'archive', year: 2025 })
    expect(archive).toMatchObject({ code: 0 })
    expect(archive.text).toMatch(/recus-fiscaux-2025\.zip: 1 receipts, .* SHA-256 [0-9a-f]{64}/)

    const regenerate = await run({ command: 'regenerate', year: 2025, resend: true, fresh: false })
    expect(regenerate.code).toBe(0)
    expect(regenerate.text).toContain(
      'regenerate 2025 (run 1): done, 1/1 items: identical 1, written 1',
    )
    expect(regenerate.text).toContain('resend 2025 (run 1): done, 1/1 items: sent 1')

    const reconcile = await run({ command: 'reconcile', since: '2025-01-01' })
    expect(reconcile.code).toBe(0)
    expect(reconcile.text).toMatch(/ordersSeen 1,.*processed 0,.*unchanged 1/)

    const preview = await run({ command: 'annual', year: 2025, dryRun: true, fresh: false })
    expect(preview.code).toBe(0)
    expect(preview.text).toContain('Dry run: 0 summary receipt(s) would be issued for 0,00 €')
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
    expect(regenerate.text).toContain(`hash-mismatch ${receipt.number}`)
    const archive = await run({ command: 'archive', year: 2025 })
    expect(archive.code).toBe(2)
    expect(archive.text).toContain(`1 PDF(s) differ from the ones emailed: ${receipt.number}`)
  })
})
