export { S3Backend, type BackendRequest, type S3BackendOptions } from './s3-backend.js';
