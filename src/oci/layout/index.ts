export { openOciLayout } from './layout-source.ts';
export type { OciLayoutRef, OciLayoutSource } from './layout-source.ts';
export { createOciLayoutDestination } from './layout-destination.ts';
export type { OciLayoutDestination } from './layout-destination.ts';
