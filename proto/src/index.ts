/**
 * @kiosk/contracts: what crosses a process boundary. Protobuf events (namespace `pb`, generated from
 * kiosk/events/v1/*.proto), NATS names, and the HTTP API shapes (also importable alone as `@kiosk/contracts/api`).
 */
export * from './subjects.js';
export * from './hub.js';
export * from './api.js';
export * from './media.js';
export * as pb from './events.js';
export { create, toBinary, fromBinary, toJson } from '@bufbuild/protobuf';
export type { DescMessage, MessageShape } from '@bufbuild/protobuf';
