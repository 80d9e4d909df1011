export * from './ldap-settings.js';
export * from './search-filter.js';
export * from './directory.js';
export * from './directory-login.js';
export * from './login-throttle.js';
export * from './coalesced-login-budget.js';
export * from './check-directory.js';
export * from './assume-role-with-ldap.js';
