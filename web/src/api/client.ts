// The one way the console talks to the server: fetch with the session token,
// JSON in and out, and every failure turned into an ApiError carrying the
// server's own message (shown to people as is) and, for validation, the field.
// Both error shapes are read: the project's `{"error":{code,message,field}}`
// and Piston's `{"message"}` (the `/api/v2` sandbox API).

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field?: string
  /** The whole JSON error body, for answers that carry more than `error` (an import's bad rows). */
  readonly body?: unknown

  constructor(status: number, code: string, message: string, field?: string, body?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    this.body = body
  }
}

let token: string | null = null
let onUnauthorized: ((e: ApiError) => void) | null = null

export function setToken(t: string | null): void {
  token = t
}

export function getToken(): string | null {
  return token
}

/** Called with the error when a signed-in request answers 401 (session expired, revoked, account disabled). */
export function setUnauthorizedHandler(f: ((e: ApiError) => void) | null): void {
  onUnauthorized = f
}

type Query = Record<string, string | number | boolean | null | undefined>

export function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    params.set(k, String(v))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

/** Turns a failed response into an ApiError, whatever its body. */
export async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null
  const text = await res.text().catch(() => '')
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = null
  }
  const err = (body as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null)?.error
  if (err && typeof err.message === 'string' && err.message) {
    return new ApiError(
      res.status,
      typeof err.code === 'string' ? err.code : 'error',
      err.message,
      typeof err.field === 'string' ? err.field : undefined,
      body,
    )
  }
  // Piston's shape (`/api/v2`): `{"message": "..."}`.
  const piston = (body as { message?: unknown } | null)?.message
  if (typeof piston === 'string' && piston) return new ApiError(res.status, 'http_' + res.status, piston)
  const fallback = text && text.length < 200 && !text.trimStart().startsWith('<') ? text : `HTTP ${res.status} ${res.statusText}`.trim()
  return new ApiError(res.status, 'http_' + res.status, fallback)
}

export interface RequestOptions {
  query?: Query
  body?: unknown
  signal?: AbortSignal
  /** Answer the body as text (a CSV download) instead of parsing JSON. */
  text?: boolean
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (token) headers.Authorization = `Bearer ${token}`
  let body: string | undefined
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  let res: Response
  try {
    res = await fetch(withQuery(path, opts.query), { method, headers, body, signal: opts.signal })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e))
  }
  if (!res.ok) {
    const err = await toApiError(res)
    if (res.status === 401 && token && onUnauthorized) onUnauthorized(err)
    throw err
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  if (opts.text) return text as T
  return (text ? JSON.parse(text) : undefined) as T
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>('POST', path, { body, query }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  del: <T = void>(path: string, query?: Query) => request<T>('DELETE', path, { query }),
  getText: (path: string, query?: Query) => request<string>('GET', path, { query, text: true }),
}

/** The message to show for any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message
  if (e instanceof Error) return e.message
  return String(e)
}

/**
 * Reads a Server-Sent Events stream with the bearer token (EventSource cannot
 * send headers). Calls `onEvent(event, data)` for each event until aborted.
 * A `body` makes it a POST of that JSON (a streamed assistant reply).
 */
export async function streamEvents(
  path: string,
  onEvent: (event: string, data: string) => void,
  signal: AbortSignal,
  query?: Query,
  body?: unknown,
): Promise<void> {
  const headers: Record<string, string> = { Accept: 'text/event-stream' }
  if (token) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const init: RequestInit = body === undefined ? { headers, signal } : { method: 'POST', headers, signal, body: JSON.stringify(body) }
  let res: Response
  try {
    res = await fetch(withQuery(path, query), init)
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e))
  }
  if (!res.ok || !res.body) throw await toApiError(res)
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
  let buf = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return
    buf += value
    let idx: number
    while ((idx = buf.search(/\r?\n\r?\n/)) >= 0) {
      const chunk = buf.slice(0, idx)
      buf = buf.slice(idx).replace(/^\r?\n\r?\n/, '')
      const parsed = parseSseEvent(chunk)
      if (parsed) onEvent(parsed.event, parsed.data)
    }
  }
}

export function parseSseEvent(chunk: string): { event: string; data: string } | null {
  let event = 'message'
  const data: string[] = []
  for (const line of chunk.split(/\r?\n/)) {
    if (line.startsWith(':')) continue
    const i = line.indexOf(':')
    const field = i < 0 ? line : line.slice(0, i)
    let value = i < 0 ? '' : line.slice(i + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') event = value
    else if (field === 'data') data.push(value)
  }
  if (data.length === 0) return null
  return { event, data: data.join('\n') }
}
