// The tasks page's rules (pure, unit-tested): the target's fields, the log
// viewer's level filter as the server applies it, and merging followed lines
// onto a fetched tail.

export type TaskTarget = 'host' | 'container'

/** The target as the API's fields: a container names its image and spec; a host task none. */
export function targetFields(target: TaskTarget, imageId?: number, specId?: number): { target: TaskTarget; image_id?: number; spec_id?: number } {
  return target === 'container' ? { target, image_id: imageId, spec_id: specId } : { target, image_id: undefined, spec_id: undefined }
}

const RANK: Record<string, number> = { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3 }

export interface ViewLine {
  text: string
  level?: string | null
}

/** Whether a line passes the filter `min` ('' = every line): as the server's tail, a line naming that level or a higher one. */
export function levelPasses(level: string | null | undefined, min: string): boolean {
  if (!min) return true
  if (!level || !(level in RANK) || !(min in RANK)) return false
  return RANK[level] >= RANK[min]
}

/**
 * `tail` followed by the `live` lines it does not already end with (the socket
 * opens before the tail is read, so the two may overlap), at most `max` lines.
 */
export function mergeLive(tail: ViewLine[], live: ViewLine[], max: number): ViewLine[] {
  const seen = new Set(tail.slice(-live.length - 1).map((l) => l.text))
  const out = [...tail, ...live.filter((l) => !seen.has(l.text))]
  return out.length > max ? out.slice(out.length - max) : out
}
