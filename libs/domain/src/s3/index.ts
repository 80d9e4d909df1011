export * from './s3-error.js';
export * from './s3-operations.js';
export * from './s3-principal.js';
export * from './s3-condition-context.js';
export * from './authorize-s3.js';
export * from './aws-chunked.js';
export * from './authenticate-s3.js';
export * from './access-scope.js';
