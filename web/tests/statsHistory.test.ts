import { describe, expect, it } from 'vitest'
import { historyLines } from '../src/utils/statsHistory'

describe('stats history lines', () => {
  it('puts each series on the time axis, with gaps where the server has no rate', () => {
    const points = [
      { at: '2026-12-04T10:00:00Z', cpu_percent: null, mem_usage: 100, mem_limit: 1000, net_rx_rate: null, net_tx_rate: null, blk_read_rate: null, blk_write_rate: null },
      { at: '2026-12-04T10:00:15Z', cpu_percent: 12.5, mem_usage: 200, mem_limit: 1000, net_rx_rate: 1024, net_tx_rate: 0, blk_read_rate: 0, blk_write_rate: 4096 },
    ]
    const l = historyLines(points)
    const t0 = Date.parse('2026-12-04T10:00:00Z')
    expect(l.cpu).toEqual([[t0, null], [t0 + 15000, 12.5]])
    expect(l.memory).toEqual([[t0, 100], [t0 + 15000, 200]])
    expect(l.netRx[1]).toEqual([t0 + 15000, 1024])
    // a zero rate is a zero, not a gap
    expect(l.netTx[1]).toEqual([t0 + 15000, 0])
    expect(l.blkWrite[0]).toEqual([t0, null])
  })
})
