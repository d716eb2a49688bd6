// useCrudPage: the list, editor and delete behaviour the catalog, users, tokens
// and orphans pages share.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { ApiError } from '../src/api/client'
import { useCrudPage, type CrudPageOptions } from '../src/composables/useCrudPage'
import { confirmDanger, toastError, toastOk } from '../src/composables/ui'
import { setLocale } from '../src/i18n'

vi.mock('../src/composables/ui', () => ({ confirmDanger: vi.fn(), toastError: vi.fn(), toastOk: vi.fn(), useNarrow: () => ref(false) }))

interface Item {
  id: number
  name: string
}
type Form = { name: string; note: string }

function setup(o: Partial<CrudPageOptions<Item, Form, Item>>, valid = true) {
  let crud!: ReturnType<typeof useCrudPage<Item, Form, Item>>
  const formRef = ref({ validate: () => (valid ? Promise.resolve(true) : Promise.reject(new Error('invalid'))) })
  const C = defineComponent({
    setup() {
      crud = useCrudPage<Item, Form, Item>({
        list: vi.fn(async () => ({ items: [{ id: 1, name: 'a' }], total: 41, page: 1, page_size: 20 })),
        empty: () => ({ name: '', note: 'blank' }),
        formRef: formRef as never,
        ...o,
      })
      return () => h('div')
    },
  })
  const w = mount(C)
  return { w, crud: () => crud }
}

afterEach(() => vi.clearAllMocks())

describe('useCrudPage', () => {
  it('loads the first page on mount, and again from page 1 on search', async () => {
    const list = vi.fn(async () => ({ items: [{ id: 1, name: 'a' }], total: 41, page: 1, page_size: 20 }))
    const { crud } = setup({ list })
    await flushPromises()
    expect(list).toHaveBeenCalledWith({ page: 1, page_size: 20 })
    expect(crud().data.value.total).toBe(41)
    expect(crud().loading.value).toBe(false)
    crud().page.value = 3
    await crud().load()
    expect(list).toHaveBeenLastCalledWith({ page: 3, page_size: 20 })
    crud().search()
    await flushPromises()
    expect(list).toHaveBeenLastCalledWith({ page: 1, page_size: 20 })
  })

  it('takes a whole list as an array, and honours pageSize and immediate', async () => {
    const list = vi.fn(async () => [{ id: 1, name: 'a' }, { id: 2, name: 'b' }])
    const { crud } = setup({ list, pageSize: 50, immediate: false })
    await flushPromises()
    expect(list).not.toHaveBeenCalled()
    await crud().load()
    expect(list).toHaveBeenCalledWith({ page: 1, page_size: 50 })
    expect(crud().data.value).toEqual({ items: [{ id: 1, name: 'a' }, { id: 2, name: 'b' }], total: 2, page: 1, page_size: 2 })
  })

  it("shows a failed load's message, except when quiet", async () => {
    const list = vi.fn(async () => {
      throw new ApiError(503, 'unavailable', 'node down')
    })
    const { crud } = setup({ list })
    await flushPromises()
    expect(toastError).toHaveBeenCalledTimes(1)
    await crud().load({ quiet: true })
    expect(toastError).toHaveBeenCalledTimes(1)
    expect(crud().loading.value).toBe(false)
  })

  it('opens the editor blank or filled, creates or updates, closes and reloads', async () => {
    setLocale('zh-CN')
    const create = vi.fn(async (f: Form) => ({ id: 2, name: f.name }))
    const update = vi.fn(async (i: Item, f: Form) => ({ ...i, name: f.name }))
    const onOpen = vi.fn()
    const list = vi.fn(async () => [] as Item[])
    const { crud } = setup({ list, create, update, onOpen, toForm: (i) => ({ ...i, note: `#${i.id}` }) })
    await flushPromises()
    const c = crud()
    c.openEdit()
    expect(c.dialog.value).toBe(true)
    expect(c.editing.value).toBeNull()
    expect({ ...c.form }).toEqual({ name: '', note: 'blank' })
    expect(onOpen).toHaveBeenLastCalledWith(null)
    c.form.name = 'new'
    await c.save()
    expect(create).toHaveBeenCalledTimes(1)
    expect(update).not.toHaveBeenCalled()
    expect(c.dialog.value).toBe(false)
    expect(toastOk).toHaveBeenLastCalledWith('已保存')
    expect(list).toHaveBeenCalledTimes(2)

    c.openEdit({ id: 5, name: 'old' })
    expect(c.form.name).toBe('old')
    expect(c.form.note).toBe('#5')
    expect(onOpen).toHaveBeenLastCalledWith({ id: 5, name: 'old' })
    await c.save()
    expect(update).toHaveBeenCalledWith({ id: 5, name: 'old' }, c.form)
    // The blank form again after an edit.
    c.openEdit()
    expect({ ...c.form }).toMatchObject({ name: '', note: 'blank' })
  })

  it('saves nothing when the form is invalid, and keeps the dialog open on a refused save', async () => {
    const create = vi.fn(async () => ({ id: 2, name: 'x' }))
    const invalid = setup({ create }, false)
    await flushPromises()
    invalid.crud().openEdit()
    await invalid.crud().save()
    expect(create).not.toHaveBeenCalled()

    const refused = vi.fn(async () => {
      throw new ApiError(409, 'conflict', 'name taken')
    })
    const { crud } = setup({ create: refused })
    await flushPromises()
    crud().openEdit()
    await crud().save()
    expect(toastError).toHaveBeenCalledWith(expect.objectContaining({ message: 'name taken' }))
    expect(crud().dialog.value).toBe(true)
    expect(crud().saving.value).toBe(false)
  })

  it('hands the save result to onSaved instead of the default toast', async () => {
    const onSaved = vi.fn()
    const { crud } = setup({ create: async () => ({ id: 9, name: 'n' }), onSaved })
    await flushPromises()
    crud().openEdit()
    await crud().save()
    expect(onSaved).toHaveBeenCalledWith({ id: 9, name: 'n' }, null)
    expect(toastOk).not.toHaveBeenCalled()
  })

  it('deletes only when confirmed, with its question and toast', async () => {
    setLocale('zh-CN')
    const remove = vi.fn(async () => undefined)
    const list = vi.fn(async () => [] as Item[])
    const { crud } = setup({ list, remove, confirmRemove: (i) => `delete ${i.name}?`, removed: () => 'gone' })
    await flushPromises()
    vi.mocked(confirmDanger).mockResolvedValueOnce(false)
    await crud().remove({ id: 1, name: 'a' })
    expect(confirmDanger).toHaveBeenCalledWith('delete a?')
    expect(remove).not.toHaveBeenCalled()
    vi.mocked(confirmDanger).mockResolvedValueOnce(true)
    await crud().remove({ id: 1, name: 'a' })
    expect(remove).toHaveBeenCalledWith({ id: 1, name: 'a' })
    expect(toastOk).toHaveBeenLastCalledWith('gone')
    expect(list).toHaveBeenCalledTimes(2)
  })
})
