export * from './auth.js';
export * from './columns.js';
export * from './http-error.js';
export * from './password-policy.js';
export * from './photos.js';
export * from './records.js';
export * from './resolutions.js';
export * from './sync.js';
