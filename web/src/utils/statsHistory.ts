// An instance's last hour (GET /api/v1/instances/{id}/stats/history) as
// chart lines: time in ms, a rate the server could not compute (the first
// point, a restart) a gap rather than a zero.
import type { StatsPoint } from '../api/types'

export type Line = [number, number | null][]

export interface HistoryLines {
  cpu: Line
  memory: Line
  netRx: Line
  netTx: Line
  blkRead: Line
  blkWrite: Line
}

export function historyLines(points: StatsPoint[]): HistoryLines {
  const line = (value: (p: StatsPoint) => number | null | undefined): Line => points.map((p) => [Date.parse(p.at), value(p) ?? null])
  return {
    cpu: line((p) => p.cpu_percent),
    memory: line((p) => p.mem_usage),
    netRx: line((p) => p.net_rx_rate),
    netTx: line((p) => p.net_tx_rate),
    blkRead: line((p) => p.blk_read_rate),
    blkWrite: line((p) => p.blk_write_rate),
  }
}
