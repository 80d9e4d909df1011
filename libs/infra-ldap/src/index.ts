export * from './ldap-directory.js';
export * from './ldap-connection.js';
export * from './filter-syntax.js';
