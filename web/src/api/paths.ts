// Typed access to the generated schema (./schema/, one file per API tag) by route, not by schema
// name: a route the console calls must exist in the server's OpenAPI document
// (else `npm run typecheck` fails), and what it takes and answers follows the
// document. Schema names may change on the server without touching this.

import type { paths } from './schema'

export type ApiPath = keyof paths
type Method = 'get' | 'post' | 'patch' | 'put' | 'delete'
type Operation<P extends ApiPath, M extends Method> = NonNullable<paths[P][M]>
type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never

/** The JSON a call answers on success (200, or 201 for a create). */
export type Reply<P extends ApiPath, M extends Method = 'get'> =
  Operation<P, M> extends { responses: infer R } ? (R extends { 200: infer S } ? Json<S> : R extends { 201: infer S } ? Json<S> : never) : never

/** The JSON body an operation takes. */
export type Body<P extends ApiPath, M extends Method> = Operation<P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never

/**
 * The query parameters an operation takes; each may also be empty ('' or null),
 * which the client leaves out (an empty filter field means "no filter").
 */
export type Query<P extends ApiPath, M extends Method = 'get'> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? { [K in keyof NonNullable<Q>]?: NonNullable<Q>[K] | '' | null } : never

type Params<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | Params<Rest> : never

/**
 * A documented route with its `{name}` segments filled in (URL-encoded):
 * `path('/api/v1/images/{id}', { id: 7 })` → `/api/v1/images/7`.
 */
export function path<P extends ApiPath>(route: P, ...params: [Params<P>] extends [never] ? [] : [Record<Params<P>, string | number>]): string {
  const values: Record<string, string | number> = params[0] ?? {}
  return route.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(values[name])))
}
