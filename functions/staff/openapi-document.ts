import * as z from 'zod'
import { type RouteDoc, STAFF_ROUTES } from './api-schemas.js'

/** OpenAPI 3.1 from the route table: JSON Schema straight from the zod schemas. */
export function staffOpenApiDocument(): object {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of STAFF_ROUTES) {
    paths[route.path] = { ...paths[route.path], [route.method]: operation(route) }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'API du personnel — reçus fiscaux',
      version: '1',
      description:
        'Authentification : Authorization: Bearer <jeton> (jeton Cognito ou STAFF_TOKEN en local). Rôles : viewer (lecture), manager (actions).',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  }
}

function operation(route: RouteDoc) {
  return {
    summary: route.summary,
    'x-required-role': route.role,
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
          },
        }
      : {}),
    responses: {
      200: { description: 'OK', content: { [route.produces ?? 'application/json']: {} } },
      400: { description: 'Requête invalide' },
      401: { description: 'Non authentifié' },
      403: { description: 'Rôle insuffisant ou autre organisation' },
      404: { description: 'Introuvable' },
      409: { description: 'Conflit (déjà annulé, remplacé ou traité)' },
    },
  }
}

function parameters(schema: z.ZodObject | undefined, where: 'path' | 'query') {
  if (!schema) return []
  const json = jsonSchema(schema, 'input') as {
    properties?: Record<string, unknown>
    required?: string[]
  }
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }))
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
  }) as Record<string, unknown>
  return rest
}
