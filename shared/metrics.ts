import type { Logger } from './log.js'

export type MetricUnit = 'Seconds' | 'Count'

/**
 * Publishes a figure an alarm watches: an Embedded Metric Format line on AWS
 * (`shared/aws/emf-metrics.ts`), a log line locally. Dimensions name what the figure is about
 * (`{ Step: 'deliver' }`); ids and codes only, as in every log line.
 */
export type PublishMetric = (
  name: string,
  value: number,
  unit: MetricUnit,
  dimensions?: Record<string, string>,
) => void

/** Locally there is no CloudWatch: the figure is one `metric` line of the process's log. */
export function createLogMetrics(log: Logger): PublishMetric {
  return (name, value, unit, dimensions = {}) =>
    log.info('metric', { ...dimensions, metric: name, value, unit })
}
