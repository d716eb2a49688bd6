// What pages share besides components: import from '../../composables'.
export { confirmDanger, toastError, toastOk, useNarrow } from './ui'
export { useCrudPage, type CrudPageOptions, type Paging } from './useCrudPage'
