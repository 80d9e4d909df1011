export { S3Backend, type BackendHead, type BackendRequest, type BackendResponse, type S3BackendOptions } from './s3-backend.js';
export { slabReadingConnector } from './slab-reads.js';
