import { afterEach, describe, expect, it, vi } from 'vitest'
import { exportTasksCsv, taskRunsCsv } from '../src/api/tasks'
import { download } from '../src/utils/download'
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

describe('task CSV exports', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('asks for CSV and saves the text as a file', async () => {
    const urls: string[] = []
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      urls.push(url)
      return new Response('id,name\nt1,t1\n', { status: 200, headers: { 'Content-Type': 'text/csv' } })
    }))
    expect(await exportTasksCsv()).toBe('id,name\nt1,t1\n')
    expect(await taskRunsCsv('t1')).toBe('id,name\nt1,t1\n')
    expect(urls).toEqual(['/api/v1/tasks/export?format=csv', '/api/v1/tasks/t1/runs?format=csv'])

    const blobs: Blob[] = []
    vi.stubGlobal('URL', { createObjectURL: (b: Blob) => (blobs.push(b), 'blob:x'), revokeObjectURL: vi.fn() })
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('t1-runs.csv')
      expect(this.href).toBe('blob:x')
    })
    download('t1-runs.csv', 'a,b\n', 'text/csv')
    expect(click).toHaveBeenCalledOnce()
    expect(await blobs[0].text()).toBe('a,b\n')
    expect(blobs[0].type).toBe('text/csv')
  })
})
