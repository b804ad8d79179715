/**
 * A job's runs as they are stored: each run plans its chunks once, records each finished chunk
 * with its counts, and keeps its findings for the report (jobs/job-definition.ts says how a
 * job fills them, store/job-run-store.ts how they are kept).
 */

/** Which run of which job (the same fields as a stored run's reference). */
export interface RunIdentity {
  kind: JobKind
  paramsKey: string
  run: number
}

export type JobKind = 'regenerate' | 'annual' | 'resend'

/**
 * A slice of a job's items, planned once per run so a resumed run walks the same slices.
 * `first`/`last` are inclusive bounds whose meaning belongs to the job (sequence numbers,
 * donor keys).
 */
export interface ChunkRef {
  id: string
  size: number
  first: string
  last: string
}

/** Something a job noticed about one item, kept with the run for its report. */
export interface Finding {
  /** The item (a receipt number, a donor key). */
  key: string
  kind: string
  /** English, for the operator: ids and codes only, no personal data. */
  detail: string
}

export interface ChunkResult {
  /** Outcome counts, e.g. `{ identical: 498, written: 500 }`; summed over the run. */
  counts: Record<string, number>
  findings: Finding[]
}

/** One run of a job, stored so a stopped run can be resumed and its figures reported. */
export interface JobRun {
  kind: JobKind
  paramsKey: string
  params: unknown
  run: number
  status: 'running' | 'done'
  chunks: ChunkRef[]
  totalItems: number
  doneChunks: number
  doneItems: number
  counts: Record<string, number>
  createdAt: string
  finishedAt?: string
}

export type RunRef = Pick<JobRun, 'kind' | 'paramsKey' | 'run'>
