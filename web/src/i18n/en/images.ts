// Images.
import type { Mirror } from '../compose'
import type zh from '../zh-CN/images'

export default {
  menu: {
    images: 'Images',
  },
  images: {
    create: 'Add image',
    edit: 'Edit image',
    address: 'Image address',
    split: 'Supports VRAM split',
    keepAlive: 'Keep-alive command',
    keepAliveHint: 'Arguments separated by spaces; when one holds spaces, a JSON array such as ["sh", "-c", "echo up; exec sleep infinity"]',
    keepAliveInvalid: 'Arguments separated by spaces, or a JSON array of strings',
    source: 'Source',
    deleteConfirm: 'Delete image {name}?',
  },
} satisfies Mirror<typeof zh>
