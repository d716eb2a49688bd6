// The state and actions every list page repeats: a paged (or whole) list with
// its loading flag, an editor dialog for create/edit with validation, and a
// confirmed delete — each with the server's message in a toast on failure.
// A page keeps its own columns, filters, form fields and request bodies; it
// hands them in as functions.
//
//   const formRef = ref<FormInstance>()
//   const { data, loading, page, pageSize, load, search,
//           dialog, editing, saving, form, openEdit, save, remove } = useCrudPage({
//     list: (paging) => listImages({ ...paging, name: filters.name.trim() }),
//     empty: () => ({ name: '', address: '' }),
//     formRef,
//     create: (form) => createImage(body(form)),
//     update: (image, form) => updateImage(image.id, body(form)),
//     remove: (image) => deleteImage(image.id),
//     confirmRemove: (image) => t('images.deleteConfirm', { name: image.name }),
//   })
//
// Destructure the result: the template then sees plain refs (`v-loading="loading"`),
// as if the page had declared them itself. The page declares its el-form's
// template ref itself and hands it in.

import { onMounted, reactive, ref, type Ref } from 'vue'
import type { FormInstance } from 'element-plus'
import type { Page } from '../api/types'
import { i18n } from '../i18n'
import { ApiError } from '../api/client'
import { confirmDanger, describeError, toastError, toastOk } from './ui'

export interface Paging {
  page: number
  page_size: number
}

export interface CrudPageOptions<T, F extends object, R> {
  /** One page of the list, or the whole list as an array (then `paging` is unused). */
  list: (paging: Paging) => Promise<Page<T> | T[]>
  /** Rows per page (default 20). */
  pageSize?: number
  /** Load when the page is mounted (default true). */
  immediate?: boolean
  /** The editor's blank form. */
  empty?: () => F
  /** The editor's el-form (`ref="formRef"`), validated before a save. */
  formRef?: Ref<FormInstance | undefined>
  /** What the form starts from when editing `item` (default: the item itself). */
  toForm?: (item: T) => object
  /** Called when the editor opens, after the form is filled (state beside the form). */
  onOpen?: (item: T | null) => void
  create?: (form: F) => Promise<R>
  update?: (item: T, form: F) => Promise<R>
  /** After a save succeeded and the dialog closed (default: the "saved" toast). */
  onSaved?: (result: R, item: T | null) => void
  remove?: (item: T) => Promise<unknown>
  /** The question asked before `remove`. */
  confirmRemove?: (item: T) => string
  /** The toast after a delete (default: "deleted"). */
  removed?: () => string
  /** A delete the server refuses while something uses the item (409) can be
   * forced: `confirm` says what forcing does, `remove` forces it. */
  forceRemove?: { confirm: (item: T) => string; remove: (item: T) => Promise<unknown> }
}

export function useCrudPage<T, F extends object = Record<string, never>, R = unknown>(o: CrudPageOptions<T, F, R>) {
  const t = i18n.global.t
  const page = ref(1)
  const pageSize = ref(o.pageSize ?? 20)
  const data = ref({ items: [], total: 0, page: 1, page_size: pageSize.value }) as Ref<Page<T>>
  const loading = ref(false)

  /** Reloads the current page; `quiet` (for polling) shows neither the spinner nor errors. */
  async function load(opts?: { quiet?: boolean }) {
    const quiet = opts?.quiet === true
    if (!quiet) loading.value = true
    try {
      const r = await o.list({ page: page.value, page_size: pageSize.value })
      data.value = Array.isArray(r) ? { items: r, total: r.length, page: 1, page_size: r.length } : r
    } catch (e) {
      if (!quiet) toastError(e)
    } finally {
      loading.value = false
    }
  }

  /** A new filter: back to the first page. */
  function search() {
    page.value = 1
    void load()
  }

  const dialog = ref(false)
  const editing = ref(null) as Ref<T | null>
  const saving = ref(false)
  const formRef = o.formRef ?? ref<FormInstance>()
  const form = reactive(o.empty ? o.empty() : {}) as F
  /**
   * The server's refusal of a field, translated, for `<el-form-item :error=
   * "fieldErrors.name">`: shown under the field the server named. Cleared
   * when the editor opens or saves again.
   */
  const fieldErrors = reactive<Record<string, string>>({})
  const clearFieldErrors = () => Object.keys(fieldErrors).forEach((k) => delete fieldErrors[k])

  /** Opens the editor: blank for a new item, filled from `item` to edit it. */
  function openEdit(item?: T) {
    editing.value = item ?? null
    Object.assign(form, o.empty?.() ?? {}, item ? (o.toForm?.(item) ?? item) : {})
    o.onOpen?.(editing.value)
    clearFieldErrors()
    dialog.value = true
  }

  /** Validates the form, creates or updates, closes the dialog and reloads. */
  async function save() {
    if (!(await formRef.value?.validate().catch(() => false))) return
    clearFieldErrors()
    saving.value = true
    try {
      const item = editing.value
      const result = item ? await o.update!(item, form) : await o.create!(form)
      dialog.value = false
      if (o.onSaved) o.onSaved(result, item)
      else toastOk(t('common.saved'))
      await load()
    } catch (e) {
      if (e instanceof ApiError && e.field) fieldErrors[e.field] = describeError(e).title
      toastError(e)
    } finally {
      saving.value = false
    }
  }

  /** Asks, deletes (asking again before forcing one still in use), says so and reloads. */
  async function remove(item: T) {
    if (!(await confirmDanger(o.confirmRemove!(item)))) return
    try {
      try {
        await o.remove!(item)
      } catch (e) {
        const force = o.forceRemove
        if (!(force && e instanceof ApiError && e.status === 409)) throw e
        if (!(await confirmDanger(force.confirm(item)))) return
        await force.remove(item)
      }
      toastOk(o.removed?.() ?? t('common.deleted'))
      await load()
    } catch (e) {
      toastError(e)
    }
  }

  if (o.immediate !== false) onMounted(() => load())

  return { page, pageSize, data, loading, load, search, dialog, editing, saving, form, fieldErrors, openEdit, save, remove }
}
