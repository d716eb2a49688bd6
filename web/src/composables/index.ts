// What pages share besides components: import from '../../composables'.
export { confirmDanger, describeError, errorText, toastError, toastOk, useNarrow } from './ui'
export { useCrudPage, type CrudPageOptions, type Paging } from './useCrudPage'
export { useChart } from './useChart'
