import type { ConnectorDescriptor } from '../../connector-descriptor';
import { dynamics365Credential } from './credential';
import { ATTRIBUTE_PROPERTIES, dataverseContactFields, dataverseMembershipFields } from './fields';

/**
 * Dataverse's answers to writes that met another write of the same record or ran out of time: a SQL
 * deadlock (`Generic SQL error`), `SQL timeout expired`, a transaction rolled back by a swallowed
 * deadlock (https://learn.microsoft.com/troubleshoot/power-platform/power-apps/dataverse/bulk-operation-errors).
 * Sent again later, they go through.
 */
const SQL_CONTENTION = ['0x80044150', '0x80044151', '0x80040255'];

/**
 * Microsoft Dynamics 365 / Dataverse Web API v9.2: contacts and memberships, paged by
 * `@odata.nextLink` with `Prefer: odata.maxpagesize`. Creates answer 204 with the new record's
 * URL in `OData-EntityId` (see idFromEntityUrl). Updates carry `If-Match: *` (update, never create),
 * or the `@odata.etag` of SyncBridge's read before the update when a conflict policy reads first.
 * Chunks of writes go through `$batch`, up to the 1000 requests a batch may hold.
 */
export const dynamics365Connector: ConnectorDescriptor = {
	id: 'dynamics365',
	displayName: 'Microsoft Dynamics 365 (Dataverse)',
	baseUrl: '{{environmentUrl}}/api/data/v9.2',
	auth: dynamics365Credential.auth,
	credentialType: dynamics365Credential.name,
	headers: { 'OData-MaxVersion': '4.0', 'OData-Version': '4.0' },
	pagination: { style: 'nextLink', position: '@odata.nextLink' },
	rateLimit: { remainingHeader: 'x-ms-ratelimit-burst-remaining-xrm-requests' },
	errorMessagePosition: 'error.message',
	resources: {
		contacts: {
			displayName: 'Contact (member)',
			fields: dataverseContactFields,
			fieldDiscovery: {
				format: 'dataverseAttributes',
				fields: {
					method: 'GET',
					path: "/EntityDefinitions(LogicalName='contact')/Attributes",
					query: { $select: ATTRIBUTE_PROPERTIES },
				},
				keys: {
					method: 'GET',
					path: "/EntityDefinitions(LogicalName='contact')/Keys",
					query: { $select: 'LogicalName,KeyAttributes' },
				},
			},
			idPosition: 'contactid',
			resultsPosition: 'value',
			etag: { position: '@odata.etag' },
			bulkWrite: { format: 'odataBatch', entitySet: 'contacts', maxPerCall: 1000, transientCodes: SQL_CONTENTION },
			operations: {
				list: { method: 'GET', path: '/contacts', headers: { Prefer: 'odata.maxpagesize=500' } },
				get: { method: 'GET', path: '/contacts({id})', resultsPosition: '_root' },
				create: { method: 'POST', path: '/contacts', idHeader: 'OData-EntityId' },
				update: { method: 'PATCH', path: '/contacts({id})', headers: { 'If-Match': '*' } },
				upsert: { method: 'PATCH', path: '/contacts({id})' },
				delete: { method: 'DELETE', path: '/contacts({id})' },
			},
		},
		memberships: {
			displayName: 'Membership',
			fields: dataverseMembershipFields,
			fieldDiscovery: {
				format: 'dataverseAttributes',
				fields: {
					method: 'GET',
					path: "/EntityDefinitions(LogicalName='new_membership')/Attributes",
					query: { $select: ATTRIBUTE_PROPERTIES },
				},
				keys: {
					method: 'GET',
					path: "/EntityDefinitions(LogicalName='new_membership')/Keys",
					query: { $select: 'LogicalName,KeyAttributes' },
				},
			},
			idPosition: 'new_membershipid',
			resultsPosition: 'value',
			etag: { position: '@odata.etag' },
			bulkWrite: {
				format: 'odataBatch',
				entitySet: 'new_memberships',
				maxPerCall: 1000,
				transientCodes: SQL_CONTENTION,
			},
			operations: {
				list: { method: 'GET', path: '/new_memberships', headers: { Prefer: 'odata.maxpagesize=500' } },
				get: { method: 'GET', path: '/new_memberships({id})', resultsPosition: '_root' },
				create: { method: 'POST', path: '/new_memberships', idHeader: 'OData-EntityId' },
				update: { method: 'PATCH', path: '/new_memberships({id})', headers: { 'If-Match': '*' } },
				delete: { method: 'DELETE', path: '/new_memberships({id})' },
			},
		},
	},
	webhooks: {
		register: { method: 'POST', path: '/serviceendpoints' },
		unregister: { method: 'DELETE', path: '/serviceendpoints({id})' },
		events: ['Create', 'Update', 'Delete'],
		idPosition: 'serviceendpointid',
	},
};

/**
 * The body registering a Dataverse webhook (a service endpoint, contract 8) that authenticates
 * with a header key (authtype 5): every delivery carries `headerName: key`.
 */
export function webhookServiceEndpoint(
	name: string,
	url: string,
	headerName: string,
	key: string,
): Record<string, unknown> {
	const escape = (text: string) =>
		text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	return {
		name,
		url,
		contract: 8,
		authtype: 5,
		authvalue: `<settings><setting name="${escape(headerName)}" value="${escape(key)}" /></settings>`,
	};
}
