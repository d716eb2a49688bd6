import { describe, expect, it } from 'vitest'
import { clampPercent, formatBytes, formatRate, formatNumber, formatPrice, formatTime, pick, ratioPercent, splitLogLine, sshCommand } from '../src/utils/format'

describe('formatBytes', () => {
  it('uses binary units and trims zeros', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1024)).toBe('1 KiB')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(852 * 1024)).toBe('852 KiB')
    expect(formatBytes(512 * 1024 * 1024)).toBe('512 MiB')
    expect(formatBytes(1.25 * 1024 ** 3)).toBe('1.25 GiB')
    expect(formatBytes(10.5 * 1024 ** 4)).toBe('10.5 TiB')
  })
  it('answers "-" for nonsense', () => {
    expect(formatBytes(-1)).toBe('-')
    expect(formatBytes(NaN)).toBe('-')
    expect(formatBytes(null)).toBe('-')
    expect(formatBytes(undefined)).toBe('-')
  })
})

describe('percentages', () => {
  it('clamps to 0–100 with one decimal', () => {
    expect(clampPercent(-5)).toBe(0)
    expect(clampPercent(250)).toBe(100)
    expect(clampPercent(12.345)).toBe(12.3)
    expect(clampPercent(NaN)).toBe(0)
    expect(clampPercent(undefined)).toBe(0)
  })
  it('computes ratios, 0 for an empty total', () => {
    expect(ratioPercent(1, 4)).toBe(25)
    expect(ratioPercent(3, 0)).toBe(0)
    expect(ratioPercent(5, 2)).toBe(100)
  })
})

describe('numbers, prices and times', () => {
  it('formats numbers', () => {
    expect(formatNumber(8)).toBe('8')
    expect(formatNumber(0.5)).toBe('0.5')
    expect(formatNumber(1.23456)).toBe('1.23')
    expect(formatNumber(null)).toBe('-')
  })
  it('formats the API decimal price', () => {
    expect(formatPrice('12.50')).toBe('¥12.50')
    expect(formatPrice('1.5')).toBe('¥1.50')
    expect(formatPrice(3)).toBe('¥3.00')
    expect(formatPrice('abc')).toBe('abc')
  })
  it('formats RFC 3339 times in the local zone', () => {
    const iso = '2026-11-22T09:05:51Z'
    const d = new Date(iso)
    const p = (x: number) => String(x).padStart(2, '0')
    expect(formatTime(iso)).toBe(`${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`)
    expect(formatTime(null)).toBe('-')
    expect(formatTime('not a time')).toBe('not a time')
  })
})

describe('instance helpers', () => {
  it('builds the jump-host SSH command', () => {
    expect(sshCommand('alice', 'box', 'gpu.example.org', 2026)).toBe('ssh -p 2026 alice+box@gpu.example.org')
    expect(sshCommand('admin', 17, '10.0.0.1', 22)).toBe('ssh -p 22 admin+17@10.0.0.1')
  })
  it('splits a timestamped log line', () => {
    expect(splitLogLine('2026-11-22T09:05:51.123456789Z hello world')).toEqual({ time: '2026-11-22T09:05:51.123456789Z', text: 'hello world' })
    expect(splitLogLine('no time here')).toEqual({ time: '', text: 'no time here' })
  })
})

describe('pick', () => {
  it('keeps only the listed fields that are present', () => {
    const form = { name: 'a', price: '1', id: 7, created_at: 'x' }
    expect(pick(form, ['name', 'price'])).toEqual({ name: 'a', price: '1' })
    expect(pick({ a: 1 } as { a: number; b?: number }, ['a', 'b'])).toEqual({ a: 1 })
  })
})

describe('log lines in the browser time zone', () => {
  it('rewrites Docker timestamps with the local time, seconds only', async () => {
    const { localLogLine, formatTime } = await import('../src/utils/format')
    const line = '2026-12-02T10:00:00.123456789Z hello world'
    expect(localLogLine(line)).toBe(`${formatTime('2026-12-02T10:00:00Z')} hello world`)
    expect(localLogLine(line)).not.toContain('123456789')
    expect(localLogLine('no timestamp here')).toBe('no timestamp here')
  })
})

describe('formatRate', () => {
  it('is bytes per second', () => {
    expect(formatRate(0)).toBe('0 B/s')
    expect(formatRate(1536)).toBe('1.5 KiB/s')
  })
})
