// The system monitor page's history: one point per pushed snapshot, the
// oldest dropped past `max`, so the charts show the last few minutes.
import type { HostSnapshot } from '../api/types'

export interface SamplePoint {
  /** Milliseconds since the epoch, when the page received the sample. */
  at: number
  cpu: number
  memory: number
  /** Bytes per second over every interface but loopback. */
  rx: number
  tx: number
}

/** A snapshot as one chart point. Loopback is left out: it is this host talking to itself. */
export function toPoint(h: HostSnapshot, at: number): SamplePoint {
  const nics = h.network.filter((n) => n.interface !== 'lo')
  return {
    at,
    cpu: h.cpu.usage_percent,
    memory: h.memory.percent,
    rx: nics.reduce((s, n) => s + n.rx_bytes_per_sec, 0),
    tx: nics.reduce((s, n) => s + n.tx_bytes_per_sec, 0),
  }
}

/** `history` with `p` appended and at most `max` points kept (a new array). */
export function pushPoint(history: SamplePoint[], p: SamplePoint, max: number): SamplePoint[] {
  const next = [...history, p]
  return next.length > max ? next.slice(next.length - max) : next
}

/** Seconds as `3d 4h`, `5h 6m`, `7m`. */
export function formatUptime(secs: number): string {
  const d = Math.floor(secs / 86400)
  const h = Math.floor((secs % 86400) / 3600)
  const m = Math.floor((secs % 3600) / 60)
  if (d > 0) return `${d}d ${h}h`
  if (h > 0) return `${h}h ${m}m`
  return `${m}m`
}
