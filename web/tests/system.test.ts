import { describe, expect, it } from 'vitest'
import type { HostSnapshot } from '../src/api/types'
import { formatUptime, pushPoint, toPoint } from '../src/utils/system'

function host(over: Partial<HostSnapshot> = {}): HostSnapshot {
  return {
    at: '2026-12-02T00:00:00Z',
    hostname: 'h',
    os: 'Debian',
    kernel: '6.1',
    arch: 'x86_64',
    uptime_secs: 90,
    boot_time: '2026-12-01T00:00:00Z',
    cpu: { cores: 2, physical_cores: 1, brand: 'x', usage_percent: 42.5, per_core_percent: [40, 45] },
    memory: { total_bytes: 100, used_bytes: 25, available_bytes: 75, percent: 25, swap_total_bytes: 0, swap_used_bytes: 0 },
    load: { one: 1, five: 1, fifteen: 1 },
    disks: [],
    network: [
      { interface: 'lo', rx_bytes: 1, tx_bytes: 1, rx_bytes_per_sec: 1000, tx_bytes_per_sec: 1000 },
      { interface: 'eth0', rx_bytes: 1, tx_bytes: 1, rx_bytes_per_sec: 10, tx_bytes_per_sec: 20 },
      { interface: 'eth1', rx_bytes: 1, tx_bytes: 1, rx_bytes_per_sec: 5, tx_bytes_per_sec: 0 },
    ],
    top_cpu: [],
    top_memory: [],
    process_count: 3,
    ...over,
  }
}

describe('system monitor history', () => {
  it('turns a snapshot into a point without loopback traffic', () => {
    expect(toPoint(host(), 7)).toEqual({ at: 7, cpu: 42.5, memory: 25, rx: 15, tx: 20 })
  })

  it('keeps the newest points only', () => {
    let h = [] as ReturnType<typeof toPoint>[]
    for (let i = 0; i < 5; i++) h = pushPoint(h, toPoint(host(), i), 3)
    expect(h.map((p) => p.at)).toEqual([2, 3, 4])
  })

  it('writes uptime briefly', () => {
    expect(formatUptime(59)).toBe('0m')
    expect(formatUptime(3 * 3600 + 120)).toBe('3h 2m')
    expect(formatUptime(2 * 86400 + 5 * 3600)).toBe('2d 5h')
  })
})
