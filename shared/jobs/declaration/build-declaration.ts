import { parisIsoDay } from '../../domain/paris-time.js'
import { readCounter } from '../../store/counter-store.js'
import type { JobDeps } from '../job-deps.js'
import { type Progress, silentProgress } from '../progress.js'
import { declarationCsv } from './declaration-csv.js'
import type { DeclarationReport } from './declaration-report.js'
import type { DeclarationMeta } from './declaration-rule.js'
import { declarationSummary } from './declaration-summary.js'
import { registerStream } from './register-stream.js'
import { createYearAudit } from './year-audit.js'

export const declarationPath = (year: number) => `declaration/${year}/declaration-${year}.csv`
export const registerPath = (year: number) => `declaration/${year}/registre-${year}.csv`

/**
 * `receipts declaration --year Y`: the two art. 222 bis figures of tax year Y (amount of the
 * gifts on the receipts issued, number of receipts), per form and in total, with the checks
 * that make them trustworthy. Writes the register (streamed) and the declaration CSV. A failed
 * check is reported in the result and the files, never thrown: the treasurer needs to see it.
 */
export async function buildDeclaration(
  deps: JobDeps,
  year: number,
  progress: Progress = silentProgress,
): Promise<DeclarationReport> {
  const table = deps.process.table
  const counter = await readCounter(table, year)
  const audit = createYearAudit(year, counter)
  progress.start(counter, 0)
  await deps.files.writeStream(
    registerPath(year),
    registerStream(table, year, audit, counter, progress),
  )
  progress.finish()
  const result = audit.result()
  const meta = declarationMeta(deps)
  await deps.files.write(declarationPath(year), declarationCsv(result, meta))
  deps.process.log.info('declaration.built', {
    year,
    counter,
    receipts: result.receipts,
    ok: result.ok,
  })
  return {
    ...result,
    files: {
      declaration: deps.files.locate(declarationPath(year)),
      register: deps.files.locate(registerPath(year)),
    },
    summary: declarationSummary(result, meta),
  }
}

export function declarationMeta(deps: JobDeps): DeclarationMeta {
  return {
    association: deps.process.config.association.name,
    madeOn: parisIsoDay(deps.process.now()),
  }
}
