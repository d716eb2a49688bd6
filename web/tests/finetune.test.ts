import { describe, expect, it } from 'vitest'
import { STATUS_TAG, isActive, smooth } from '../src/views/finetune/series'

describe('fine-tuning series', () => {
  it('smooths with debiasing, keeping gaps', () => {
    expect(smooth([2, 2, 2])).toEqual([2, 2, 2])
    const s = smooth([4, null, 0], 0.5)
    expect(s[0]).toBe(4)
    expect(s[1]).toBeNull()
    // ((0·0.5 + 4·0.5)·0.5 + 0·0.5) / (1 − 0.25)
    expect(s[2]).toBeCloseTo(1 / 0.75)
    expect(smooth([1, 3], 0)).toEqual([1, 3])
  })

  it('colours statuses as the seed does', () => {
    expect(STATUS_TAG).toEqual({ pending: 'info', running: 'primary', completed: 'success', failed: 'danger', stopped: 'warning' })
    expect(isActive('running')).toBe(true)
    expect(isActive('stopped')).toBe(false)
  })
})
