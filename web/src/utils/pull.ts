// An image pull's progress from its events (POST /api/v1/nodes/{id}/images/pull:
// `progress` per layer — Docker's status words and byte counts —, then `done`
// or `error`), summed into what a progress bar shows.

export interface PullEvent {
  layer: string
  status: string
  current?: number | null
  total?: number | null
}

interface Layer {
  current: number
  total: number
  done: boolean
}

export type PullLayers = Record<string, Layer>

// Docker's words for a layer that needs nothing more.
const DONE = ['Pull complete', 'Already exists']

/** `layers` with the event applied (a new object). Whole-image messages (no layer) change nothing. */
export function applyPullEvent(layers: PullLayers, e: PullEvent): PullLayers {
  if (!e.layer) return layers
  const was = layers[e.layer] ?? { current: 0, total: 0, done: false }
  const done = was.done || DONE.includes(e.status)
  const next: Layer = {
    total: e.total && e.total > 0 ? e.total : was.total,
    current: done || e.status === 'Download complete' ? Math.max(was.total, e.total ?? 0, was.current) : e.status === 'Downloading' && e.current != null ? e.current : was.current,
    done,
  }
  return { ...layers, [e.layer]: next }
}

export interface PullSummary {
  layers: number
  layersDone: number
  bytesDone: number
  bytesTotal: number
  /** 0–100, by layer and the bytes downloaded of each; null before any layer is known. */
  percent: number | null
}

export function pullSummary(layers: PullLayers): PullSummary {
  const all = Object.values(layers)
  const layersDone = all.filter((l) => l.done).length
  const sized = all.filter((l) => l.total > 0)
  const bytesTotal = sized.reduce((s, l) => s + l.total, 0)
  const bytesDone = sized.reduce((s, l) => s + Math.min(l.current, l.total), 0)
  let percent: number | null = null
  if (all.length > 0) {
    // Each layer weighs 1: a sized one counts the fraction downloaded, short
    // of all of it until it is extracted too (the bar reaches 100 % at the end).
    const parts = all.map((l) => (l.done ? 1 : l.total > 0 ? Math.min(l.current / l.total, 1) * 0.95 : 0))
    percent = Math.floor((parts.reduce((s, p) => s + p, 0) / all.length) * 100)
  }
  return { layers: all.length, layersDone, bytesDone, bytesTotal, percent }
}
