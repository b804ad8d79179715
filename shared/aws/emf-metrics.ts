/**
 * A metric published as a CloudWatch Embedded Metric Format log line: CloudWatch Logs turns it
 * into a metric, no PutMetricData call (nor SDK client, nor permission) needed.
 */
export function createEmfMetrics(
  namespace: string,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  now: () => Date = () => new Date(),
) {
  return (name: string, value: number, unit: 'Seconds' | 'Count'): void => {
    write(
      JSON.stringify({
        _aws: {
          Timestamp: now().getTime(),
          CloudWatchMetrics: [
            { Namespace: namespace, Dimensions: [[]], Metrics: [{ Name: name, Unit: unit }] },
          ],
        },
        event: 'metric',
        [name]: value,
      }),
    )
  }
}
