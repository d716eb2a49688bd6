// Images.
import type { Mirror } from '../compose'
import type zh from '../zh-CN/images'

export default {
  menu: {
    images: 'Images',
  },
  images: {
    pull: {
      action: 'Pull to node',
      title: 'Pull image {image} to a node',
      node: 'Node',
      start: 'Pull',
      layers: '{done} of {all} layers done',
      complete: 'Pull complete',
      failed: 'Pull failed: the node could not fetch this image',
      done: 'Image {image} pulled to node {node}',
    },
    create: 'Add image',
    edit: 'Edit image',
    address: 'Image address',
    split: 'Supports VRAM split',
    keepAlive: 'Keep-alive command',
    keepAliveHint: 'Arguments separated by spaces; when one holds spaces, a JSON array such as ["sh", "-c", "echo up; exec sleep infinity"]',
    keepAlivePlaceholder: 'Empty: run the image\'s own command',
    keepAliveEmpty: 'Empty means the container runs the image\'s own command. When that is a shell (a Debian image\'s bash), it ends at once without a terminal and the instance stops: enter a command such as sleep infinity instead.',
    keepAliveShell: '{cmd} is a shell, which ends at once without a terminal: the container will not keep running. Use sleep infinity, or ["sh", "-c", "…; exec sleep infinity"].',
    keepAliveInvalid: 'Arguments separated by spaces, or a JSON array of strings',
    source: 'Source',
    deleteConfirm: 'Delete image {name}?',
    forceConfirm: 'Instances were made from image “{name}”. They keep running without it, but a failed one can no longer be retried. Delete it anyway?',
  },
} satisfies Mirror<typeof zh>
