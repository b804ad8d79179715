import { Duration } from 'aws-cdk-lib'

/** Function sizes: see docs/deploying.md for the reasons. */
export const FUNCTION_SETTINGS = {
  // HelloAsso waits ~15 s for an answer; ingest only writes one item and queues one message.
  ingest: { memorySize: 512, timeout: Duration.seconds(10) },
  // Two HelloAsso calls (10 s timeout each) and a few writes per message, 5 messages a batch.
  process: { memorySize: 512, timeout: Duration.seconds(90), batchSize: 5 },
  // Two reads and one transaction per message (counter conflicts pause ≤ ~8 s in all).
  number: { memorySize: 256, timeout: Duration.seconds(30), batchSize: 10 },
  // Parses up to ~20 MB of CJK fonts for an unusual name and renders a PDF: CPU comes with memory.
  deliver: { memorySize: 1024, timeout: Duration.seconds(60), batchSize: 5 },
  sesEvents: { memorySize: 256, timeout: Duration.seconds(30), batchSize: 10 },
  // A person waits on each request; a PDF (duplicata, original) renders like deliver's, CPU
  // and fonts included. API Gateway gives up at 30 s.
  staff: { memorySize: 1024, timeout: Duration.seconds(15) },
  // A verification page is one read; a donor's PDF renders like the staff's.
  publicPages: { memorySize: 1024, timeout: Duration.seconds(15) },
  // Reconciles a season of HelloAsso orders (400 days by default) through the process path, or
  // renders a whole year into the archive ZIP in one run: 1769 MB is one full vCPU, 15 min
  // Lambda's longest run.
  jobs: { memorySize: 1769, timeout: Duration.minutes(15) },
  // One chunk a message: ≤ 200 PDFs rendered (CJK fonts included) and written to S3 one by
  // one, or 25 donors emailed or issued their summary receipt. A full vCPU renders 200 PDFs
  // in seconds; minutes leave room for S3, SES and DynamoDB retries, not for a stuck chunk.
  jobsWorker: { memorySize: 1769, timeout: Duration.minutes(5), batchSize: 1 },
} as const

export interface FunctionSettings {
  memorySize: number
  timeout: Duration
}
