export const SALESFORCE_API_VERSION = 'v60.0';
