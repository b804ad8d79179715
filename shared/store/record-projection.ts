/**
 * A projection that reads `paths` of an item's `record` (`snapshot.donor`), plus top-level key
 * attributes. Every segment goes through a placeholder: many (number, year, status, date) are
 * DynamoDB reserved words.
 */
export function recordProjection(paths: readonly string[], keyAttributes: readonly string[] = []) {
  const segments = new Set([
    ...keyAttributes,
    'record',
    ...paths.flatMap((path) => path.split('.')),
  ])
  return {
    ProjectionExpression: [
      ...keyAttributes.map((name) => `#${name}`),
      ...paths.map((path) => ['record', ...path.split('.')].map((part) => `#${part}`).join('.')),
    ].join(', '),
    ExpressionAttributeNames: Object.fromEntries([...segments].map((part) => [`#${part}`, part])),
  }
}
