import * as z from 'zod'

/** One chunk of a fanned-out run, as it travels on the jobs queue. */
export const JobChunkMessageSchema = z.object({
  type: z.literal('job-chunk'),
  orgId: z.string().min(1),
  kind: z.enum(['regenerate', 'annual', 'resend']),
  params: z.unknown(),
  paramsKey: z.string(),
  run: z.number().int().positive(),
  chunkCount: z.number().int().nonnegative(),
  chunk: z.object({
    id: z.string(),
    size: z.number().int().nonnegative(),
    first: z.string(),
    last: z.string(),
  }),
})

export type JobChunkMessage = z.infer<typeof JobChunkMessageSchema>
