import type { Logger } from '../log.js'
import { createLogMetrics, type PublishMetric } from '../metrics.js'

/**
 * A metric published as a CloudWatch Embedded Metric Format log line: CloudWatch Logs turns it
 * into a metric, no PutMetricData call (nor SDK client, nor permission) needed. Its dimensions
 * are one set: the metric exists per value of them (an alarm per step), not summed across.
 */
export function createEmfMetrics(
  namespace: string,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  now: () => Date = () => new Date(),
): PublishMetric {
  return (name, value, unit, dimensions = {}) => {
    write(
      JSON.stringify({
        _aws: {
          Timestamp: now().getTime(),
          CloudWatchMetrics: [
            {
              Namespace: namespace,
              Dimensions: [Object.keys(dimensions)],
              Metrics: [{ Name: name, Unit: unit }],
            },
          ],
        },
        event: 'metric',
        ...dimensions,
        [name]: value,
      }),
    )
  }
}

/**
 * The functions' metrics: EMF lines in the stage's namespace (METRICS_NAMESPACE, set by infra/
 * on every function that publishes one). Without it, a log line still says what happened.
 */
export function awsMetrics(env: { METRICS_NAMESPACE?: string | undefined }, log: Logger) {
  return env.METRICS_NAMESPACE ? createEmfMetrics(env.METRICS_NAMESPACE) : createLogMetrics(log)
}
