// Assets (资产管理), admin only.
import { api } from './client'
import { path, type Query } from './paths'
import type { Asset, AssetFields, AssetImportReport, AssetStatistics, BmcRefresh, Page } from './types'

export const listAssets = (query: Query<'/api/v1/assets'>) => api.get<Page<Asset>>(path('/api/v1/assets'), query)
export const createAsset = (body: AssetFields) => api.post<Asset>(path('/api/v1/assets'), body)
export const updateAsset = (id: number, body: AssetFields) => api.patch<Asset>(path('/api/v1/assets/{id}', { id }), body)
export const deleteAsset = (id: number) => api.del(path('/api/v1/assets/{id}', { id }))
export const deleteAssets = (ids: number[]) => api.post<{ deleted: number[]; missing: number[] }>(path('/api/v1/assets/batch-delete'), { ids })
export const assetStatistics = () => api.get<AssetStatistics>(path('/api/v1/assets/statistics'))
/** The CSV text of the assets the filters match. */
export const exportAssets = (query: Query<'/api/v1/assets/export'>) => api.getText(path('/api/v1/assets/export'), query)
/** All rows or none; a 422 carries `rows` (each bad row's line, field and message). */
export const importAssets = (csv: string, skipBadRows: boolean) =>
  api.post<AssetImportReport>(path('/api/v1/assets/import'), { csv, skip_bad_rows: skipBadRows })
/** Reads the asset's BMC over Redfish now; answers the facts and what changed. */
export const refreshBmc = (id: number) => api.post<BmcRefresh>(path('/api/v1/assets/{id}/bmc-refresh', { id }))
