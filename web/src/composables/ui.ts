// Small shared pieces of page behaviour: toasts with the server's message, the
// confirmation before destructive actions, the phone-width switch.

import { onBeforeUnmount, onMounted, ref } from 'vue'
import { ElMessage, ElMessageBox } from 'element-plus'
import { errorMessage } from '../api/client'
import { i18n } from '../i18n'

/** Shows the server's message in a toast. */
export function toastError(e: unknown): void {
  if (e instanceof DOMException && e.name === 'AbortError') return
  ElMessage({ type: 'error', message: errorMessage(e), showClose: true, duration: 6000 })
}

export function toastOk(message: string): void {
  ElMessage({ type: 'success', message })
}

/** Asks before a destructive action; resolves true when confirmed. */
export async function confirmDanger(message: string, title?: string): Promise<boolean> {
  const t = i18n.global.t
  try {
    await ElMessageBox.confirm(message, title ?? t('common.confirmTitle'), {
      type: 'warning',
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
      confirmButtonClass: 'el-button--danger',
    })
    return true
  } catch {
    return false
  }
}

/** True below the phone/tablet breakpoint; follows window resizes. */
export function useNarrow(width = 768) {
  const narrow = ref(typeof window !== 'undefined' && window.innerWidth < width)
  const update = () => {
    narrow.value = window.innerWidth < width
  }
  onMounted(() => window.addEventListener('resize', update))
  onBeforeUnmount(() => window.removeEventListener('resize', update))
  return narrow
}
