import { describe, expect, it } from 'vitest'
import { MAX_RECONNECTS, afterClose, reconnectDelay } from '../src/utils/reconnect'

describe('terminal reconnects', () => {
  it('back off to every 10 s and give up after about five minutes', () => {
    expect([1, 2, 3, 4, 5, 6].map(reconnectDelay)).toEqual([1000, 2000, 4000, 8000, 10000, 10000])
    let total = 0
    for (let n = 1; n <= MAX_RECONNECTS; n++) total += reconnectDelay(n) ?? NaN
    expect(total).toBe(315000)
    expect(reconnectDelay(MAX_RECONNECTS + 1)).toBeNull()
    expect(reconnectDelay(0)).toBeNull()
    expect(reconnectDelay(1.5)).toBeNull()
  })
  it('retry a drop, not an exit, and explain a first refusal', () => {
    expect(afterClose({ exited: true, wasOpen: true, retrying: false })).toBe('stay')
    expect(afterClose({ exited: false, wasOpen: true, retrying: false })).toBe('retry')
    expect(afterClose({ exited: false, wasOpen: false, retrying: true })).toBe('retry')
    expect(afterClose({ exited: false, wasOpen: false, retrying: false })).toBe('explain')
  })
})
