import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { AppError } from '../errors.js'
import type { JobFiles } from '../jobs/job-deps.js'

/**
 * Job output in the archive bucket (versioned, Object Lock): a PDF is one PutObject, a ZIP a
 * multipart upload streamed part by part, so neither is held whole in a Lambda's memory.
 */
export function createS3JobFiles(client: S3Client, bucket: string): JobFiles {
  const failed = (path: string) => (cause: unknown) => {
    throw new AppError('store.unavailable', `S3: could not write ${path}`, { cause })
  }
  return {
    async write(path, body) {
      await client
        .send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: path,
            Body: body,
            ContentType: contentType(path),
            // Object Lock buckets require an integrity checksum on every write.
            ChecksumAlgorithm: 'SHA256',
          }),
        )
        .catch(failed(path))
    },
    async writeStream(path, body) {
      await new Upload({
        client,
        params: {
          Bucket: bucket,
          Key: path,
          Body: body,
          ContentType: contentType(path),
          ChecksumAlgorithm: 'SHA256',
        },
      })
        .done()
        .catch(failed(path))
    },
    locate: (path) => `s3://${bucket}/${path}`,
  }
}

function contentType(path: string): string {
  if (path.endsWith('.pdf')) return 'application/pdf'
  if (path.endsWith('.zip')) return 'application/zip'
  if (path.endsWith('.csv')) return 'text/csv; charset=utf-8'
  return 'application/octet-stream'
}
