import { S3Client } from '@aws-sdk/client-s3'
import { AppError } from '../errors.js'
import type { JobDeps } from '../jobs/job-deps.js'
import type { AwsBase } from './aws-composition.js'
import { awsDeliverDeps } from './aws-deliver-deps.js'
import { awsProcessDeps } from './aws-process-deps.js'
import { createS3JobFiles } from './s3-job-files.js'

/** The jobs' dependencies on AWS: the processing path, the archive bucket, SES. */
export function awsJobDeps(base: AwsBase): JobDeps {
  const bucket = base.env.ARCHIVE_BUCKET
  if (!bucket) throw new AppError('config.invalid', 'ARCHIVE_BUCKET is required for the jobs')
  return {
    process: awsProcessDeps(base),
    files: createS3JobFiles(new S3Client({ region: base.env.AWS_REGION }), bucket),
    mailer: awsDeliverDeps(base).mailer,
    retention: { years: base.env.PERSONAL_DATA_RETENTION_YEARS },
  }
}
