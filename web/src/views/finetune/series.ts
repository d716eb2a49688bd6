// The pure parts of the fine-tuning pages: the seed's status colours and the
// smoothing of the loss curve.
import type { FinetuneStatus } from '../../api/types'

/** Element Plus tag types in the seed's colours: pending grey, running blue,
 * completed green, failed red, stopped orange. */
export const STATUS_TAG: Record<FinetuneStatus, 'info' | 'primary' | 'success' | 'danger' | 'warning'> = {
  pending: 'info',
  running: 'primary',
  completed: 'success',
  failed: 'danger',
  stopped: 'warning',
}

export const isActive = (s: FinetuneStatus) => s === 'pending' || s === 'running'

/** An exponential moving average with TensorBoard's debiasing (the first
 * points are not pulled towards 0); `weight` 0 = the raw values. Missing
 * values stay missing and do not move the average. */
export function smooth(values: (number | null | undefined)[], weight = 0.6): (number | null)[] {
  let last = 0
  let n = 0
  return values.map((v) => {
    if (v === null || v === undefined || !Number.isFinite(v)) return null
    last = last * weight + (1 - weight) * v
    n += 1
    const debias = 1 - Math.pow(weight, n)
    return debias === 0 ? v : last / debias
  })
}
