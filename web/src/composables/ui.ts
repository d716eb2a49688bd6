// Small shared pieces of page behaviour: toasts with the server's message, the
// confirmation before destructive actions, the phone-width switch.

import { h, onBeforeUnmount, onMounted, ref } from 'vue'
import { ElMessage, ElMessageBox } from 'element-plus'
import { ApiError, errorMessage } from '../api/client'
import { i18n } from '../i18n'

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
  409: 'conflict', 413: 'payload_too_large', 415: 'unsupported_media_type', 422: 'validation_failed',
  429: 'rate_limited', 503: 'unavailable',
}

/**
 * An API error in the user's language: the translated `code` (the status's
 * code for answers without one, e.g. Piston's), the field it names, and the
 * server's own sentence as detail. Pure, so the toast and tests share it.
 */
export function describeError(e: ApiError): { title: string; summary: string; detail: string } {
  const t = i18n.global.t
  const te = i18n.global.te
  let code = e.code
  if (!te(`errors.${code}`)) code = STATUS_CODES[e.status] ?? (e.status >= 500 ? 'internal' : 'error')
  const field = e.field ? ` · ${t('common.field', { field: e.field })}` : ''
  const title = t(`errors.${code}`)
  return { title, summary: `${title}${field}`, detail: e.message }
}

/**
 * Any error as one line in the user's language, for a page that shows it in
 * place (not a toast): an API error's translated summary (its server sentence
 * stays out of the Chinese UI), the page's own errors as they are.
 */
export function errorText(e: unknown): string {
  return e instanceof ApiError ? describeError(e).summary : errorMessage(e)
}

/**
 * Shows an error in a toast: for API errors the translated summary, with the
 * server's sentence behind a 详情 toggle (so no English sentence sits in the
 * Chinese UI unasked); other errors (the page's own words) as they are.
 */
export function toastError(e: unknown): void {
  if (e instanceof DOMException && e.name === 'AbortError') return
  if (e instanceof ApiError) {
    const { summary, detail } = describeError(e)
    const message = h('div', { class: 'api-error', 'data-test': 'api-error' }, [
      h('div', summary),
      detail ? h('details', { class: 'api-error-detail' }, [h('summary', i18n.global.t('common.details')), h('div', { class: 'mono' }, detail)]) : null,
    ])
    ElMessage({ type: 'error', message, showClose: true, duration: 8000 })
    return
  }
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
