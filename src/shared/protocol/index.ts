export * from './auth.js';
export * from './http-error.js';
export * from './records.js';
export * from './sync.js';
export * from './photos.js';
