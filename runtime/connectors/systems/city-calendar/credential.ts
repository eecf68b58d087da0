/** The city calendar signs with the generic API-key credential (X-API-Key, the header's default). */
export { apiKeyCredential as cityCalendarCredential } from '../../api-key-credential';
