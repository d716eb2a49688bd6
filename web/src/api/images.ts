// The image catalog (镜像库). Changes are admin-only.
import { api } from './client'
import { path, type Query } from './paths'
import type { Image, ImageFields, Page } from './types'

export const listImages = (query: Query<'/api/v1/images'>) => api.get<Page<Image>>(path('/api/v1/images'), query)
export const createImage = (body: ImageFields) => api.post<Image>(path('/api/v1/images'), body)
export const updateImage = (id: number, body: ImageFields) => api.patch<Image>(path('/api/v1/images/{id}', { id }), body)
export const deleteImage = (id: number, force = false) => api.del(path('/api/v1/images/{id}', { id }), force ? { force: true } : undefined)
