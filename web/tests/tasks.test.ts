import { describe, expect, it } from 'vitest'
import { levelPasses, mergeLive, targetFields } from '../src/utils/tasks'

describe('task log viewer', () => {
  it('filters by level like the server', () => {
    expect(levelPasses(null, '')).toBe(true)
    expect(levelPasses('ERROR', 'WARNING')).toBe(true)
    expect(levelPasses('INFO', 'WARNING')).toBe(false)
    expect(levelPasses(null, 'DEBUG')).toBe(false)
    expect(levelPasses('DEBUG', 'DEBUG')).toBe(true)
  })

  it('appends followed lines without repeating the tail', () => {
    const tail = [{ text: 'a' }, { text: 'b' }]
    expect(mergeLive(tail, [{ text: 'b' }, { text: 'c' }], 10).map((l) => l.text)).toEqual(['a', 'b', 'c'])
    expect(mergeLive(tail, [{ text: 'c' }, { text: 'd' }], 3).map((l) => l.text)).toEqual(['b', 'c', 'd'])
  })
})

describe('task targets', () => {
  it('a container names its image and spec, a host task clears them', () => {
    expect(targetFields('container', 3, 4)).toEqual({ target: 'container', image_id: 3, spec_id: 4 })
    expect(targetFields('host', 3, 4)).toEqual({ target: 'host', image_id: undefined, spec_id: undefined })
  })
})
