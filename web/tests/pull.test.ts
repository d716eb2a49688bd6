import { describe, expect, it } from 'vitest'
import { applyPullEvent, pullSummary, type PullLayers } from '../src/utils/pull'

describe('image pull progress', () => {
  it('sums the layers from Docker events', () => {
    let l: PullLayers = {}
    const events = [
      { layer: '', status: 'Pulling from e2e/bb' },
      { layer: 'a1', status: 'Pulling fs layer' },
      { layer: 'b2', status: 'Already exists' },
      { layer: 'a1', status: 'Downloading', current: 250, total: 1000 },
    ]
    for (const e of events) l = applyPullEvent(l, e)
    expect(pullSummary(l)).toEqual({ layers: 2, layersDone: 1, bytesDone: 250, bytesTotal: 1000, percent: 61 })
    l = applyPullEvent(l, { layer: 'a1', status: 'Download complete' })
    l = applyPullEvent(l, { layer: 'a1', status: 'Extracting', current: 10, total: 1000 })
    // downloaded, not yet extracted: almost there, not 100 %
    expect(pullSummary(l)).toMatchObject({ layersDone: 1, bytesDone: 1000, percent: 97 })
    l = applyPullEvent(l, { layer: 'a1', status: 'Pull complete' })
    expect(pullSummary(l)).toEqual({ layers: 2, layersDone: 2, bytesDone: 1000, bytesTotal: 1000, percent: 100 })
  })
  it('knows nothing before the first layer', () => {
    expect(pullSummary(applyPullEvent({}, { layer: '', status: 'Pulling from x' })).percent).toBeNull()
  })
})
