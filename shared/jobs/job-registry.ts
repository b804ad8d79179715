import * as z from 'zod'
import type { JobKind } from '../domain/job-run.js'
import { annualJob } from './annual/annual-job.js'
import type { JobDefinition } from './job-definition.js'
import { regenerateJob } from './regenerate/regenerate-job.js'
import { yearlyResendJob } from './regenerate/yearly-resend-job.js'

/**
 * The chunked jobs by kind, with the lane their chunks take on AWS: 'parallel' chunks run on as
 * many workers as the queue allows; 'serial' ones allocate receipt numbers and go one at a time
 * per organisation (a FIFO group), like the processing step.
 */
export interface RegisteredJob {
  definition: JobDefinition<YearParams>
  lane: 'parallel' | 'serial'
}

export const YearParamsSchema = z.object({ year: z.number().int().min(2000).max(2100) })
export type YearParams = z.infer<typeof YearParamsSchema>

export const chunkedJobs: Record<JobKind, RegisteredJob> = {
  regenerate: { definition: regenerateJob, lane: 'parallel' },
  resend: { definition: yearlyResendJob, lane: 'parallel' },
  annual: { definition: annualJob, lane: 'serial' },
}
