import type { ConnectorDescriptor } from '../../connector-descriptor';
import { xledgerCredential } from './credential';
import { xledgerGlImportItemFields } from './fields';

const ADD_GL_IMPORT_ITEMS = `mutation AddGLImportItems($inputs: [AddGLImportItemsInput!]!) {
  addGLImportItems(inputs: $inputs) { edges { node { dbId } } }
}`;

const GL_IMPORT_ITEMS = `query GLImportItems($first: Int, $after: String) {
  glImportItems(first: $first, after: $after) {
    edges { cursor node { dbId trRegNumber postedDate amount text invoiceNumber account { code } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/**
 * Xledger's GraphQL API (`Authorization: token <api token>`): approved reimbursements are written
 * as general-ledger import items, several lines (debit and credit) per voucher in one mass mutation.
 */
export const xledgerConnector: ConnectorDescriptor = {
	id: 'xledger',
	displayName: 'Xledger',
	baseUrl: '{{baseUrl}}',
	auth: xledgerCredential.auth,
	credentialType: xledgerCredential.name,
	pagination: {
		style: 'cursor',
		param: 'after',
		in: 'variables',
		cursorPosition: 'data.glImportItems.pageInfo.endCursor',
		hasMorePosition: 'data.glImportItems.pageInfo.hasNextPage',
		limitParam: 'first',
		limit: 100,
	},
	errorMessagePosition: 'errors.0.message',
	resources: {
		accountingEntries: {
			displayName: 'Accounting Entry (GL Import Item)',
			fields: xledgerGlImportItemFields,
			idPosition: 'node.dbId',
			resultsPosition: 'data.glImportItems.edges',
			operations: {
				list: { method: 'POST', path: '/graphql', bodyEncoding: 'graphql', graphqlQuery: GL_IMPORT_ITEMS },
				create: {
					method: 'POST',
					path: '/graphql',
					bodyEncoding: 'graphql',
					graphqlQuery: ADD_GL_IMPORT_ITEMS,
					resultsPosition: 'data.addGLImportItems.edges',
				},
			},
		},
	},
};

/** The mutation's variables for a batch of ledger lines (Xledger takes at most 500 per call). */
export function glImportVariables(lines: readonly Record<string, unknown>[]): {
	inputs: { node: Record<string, unknown> }[];
} {
	if (lines.length > 500) throw new Error(`Xledger accepts at most 500 lines per mutation, got ${lines.length}`);
	return { inputs: lines.map((node) => ({ node })) };
}
