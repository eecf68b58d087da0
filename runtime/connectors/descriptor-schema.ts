/** JSON Schema of a ConnectorDescriptor, for descriptors a user supplies (the generic connector). */

const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;
const dotPath = { type: 'string', minLength: 1 } as const;

const pagination = {
	type: 'object',
	required: ['style'],
	discriminator: { propertyName: 'style' },
	oneOf: [
		{ properties: { style: { const: 'none' } }, additionalProperties: false },
		{
			properties: {
				style: { const: 'page' },
				param: { type: 'string', minLength: 1 },
				sizeParam: { type: 'string', minLength: 1 },
				size: { type: 'integer', minimum: 1 },
				startsAt: { type: 'integer', minimum: 0 },
			},
			required: ['param'],
			additionalProperties: false,
		},
		{
			properties: {
				style: { const: 'offset' },
				param: { type: 'string', minLength: 1 },
				limitParam: { type: 'string', minLength: 1 },
				limit: { type: 'integer', minimum: 1 },
			},
			required: ['param', 'limitParam', 'limit'],
			additionalProperties: false,
		},
		{
			properties: {
				style: { const: 'cursor' },
				param: { type: 'string', minLength: 1 },
				cursorPosition: dotPath,
				cursorFromRecord: dotPath,
				hasMorePosition: dotPath,
				limitParam: { type: 'string', minLength: 1 },
				limit: { type: 'integer', minimum: 1 },
				in: { enum: ['query', 'variables'] },
			},
			required: ['param'],
			additionalProperties: false,
		},
		{
			properties: { style: { const: 'nextLink' }, position: dotPath, tokenParam: { type: 'string', minLength: 1 } },
			required: ['position'],
			additionalProperties: false,
		},
	],
} as const;

const auth = {
	type: 'object',
	required: ['kind'],
	discriminator: { propertyName: 'kind' },
	oneOf: [
		{ properties: { kind: { const: 'none' } }, additionalProperties: false },
		{
			properties: { kind: { const: 'bearer' }, tokenField: { type: 'string', minLength: 1 } },
			required: ['tokenField'],
			additionalProperties: false,
		},
		{
			properties: {
				kind: { const: 'apiKeyHeader' },
				name: { type: 'string', pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
				field: { type: 'string', minLength: 1 },
				prefix: { type: 'string' },
			},
			required: ['name', 'field'],
			additionalProperties: false,
		},
		{
			properties: {
				kind: { const: 'basic' },
				usernameField: { type: 'string', minLength: 1 },
				passwordField: { type: 'string', minLength: 1 },
			},
			required: ['usernameField', 'passwordField'],
			additionalProperties: false,
		},
		{
			properties: { kind: { const: 'oauth2' }, tokenField: { type: 'string', minLength: 1 } },
			additionalProperties: false,
		},
	],
} as const;

const operation = {
	type: 'object',
	required: ['method', 'path'],
	properties: {
		method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
		path: { type: 'string', minLength: 1 },
		bodyEncoding: { enum: ['json', 'form', 'xml', 'graphql'] },
		xmlRoot: { type: 'string', pattern: '^[A-Za-z_][\\w.-]*$' },
		graphqlQuery: { type: 'string', minLength: 1 },
		query: stringMap,
		headers: stringMap,
		resultsPosition: dotPath,
		idHeader: { type: 'string', pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
		idPosition: dotPath,
		batchKey: { type: 'string', minLength: 1 },
		pagination,
	},
	additionalProperties: false,
} as const;

const fieldSchema = {
	type: 'object',
	required: ['id', 'displayName', 'type'],
	properties: {
		id: dotPath,
		displayName: { type: 'string', minLength: 1 },
		type: { enum: ['string', 'number', 'boolean', 'dateTime', 'object', 'array', 'options'] },
		required: { type: 'boolean' },
		description: { type: 'string' },
		options: {
			type: 'array',
			items: {
				type: 'object',
				required: ['name', 'value'],
				properties: { name: { type: 'string' }, value: { type: ['string', 'number', 'boolean'] } },
				additionalProperties: false,
			},
		},
		readOnly: { type: 'boolean' },
		matchKey: { type: 'boolean' },
	},
	additionalProperties: false,
} as const;

const fieldDiscovery = {
	type: 'object',
	required: ['format', 'fields'],
	properties: {
		format: { enum: ['salesforceDescribe', 'dataverseAttributes'] },
		fields: operation,
		keys: operation,
	},
	additionalProperties: false,
} as const;

/** A resource's bulk API: the format names the implementation (runtime/connectors/bulk/). */
const maxPerCall = { type: 'integer', minimum: 1 };
const bulkWrite = {
	oneOf: [
		{
			type: 'object',
			required: ['format', 'sobject', 'maxPerCall'],
			properties: {
				format: { const: 'salesforceCollections' },
				sobject: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
				// sObject Collections takes up to 200 records a call.
				maxPerCall: { ...maxPerCall, maximum: 200 },
				jobFrom: { type: 'integer', minimum: 1 },
			},
			additionalProperties: false,
		},
		{
			type: 'object',
			required: ['format', 'entitySet', 'maxPerCall'],
			properties: {
				format: { const: 'odataBatch' },
				entitySet: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
				maxPerCall,
				transientCodes: { type: 'array', items: { type: 'string', minLength: 1 } },
			},
			additionalProperties: false,
		},
		{
			type: 'object',
			required: ['format', 'path', 'maxPerCall'],
			properties: { format: { const: 'googleBatch' }, path: { type: 'string', minLength: 1 }, maxPerCall },
			additionalProperties: false,
		},
	],
};

export const connectorDescriptorSchema = {
	type: 'object',
	required: ['id', 'displayName', 'baseUrl', 'auth', 'pagination', 'resources'],
	properties: {
		id: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
		displayName: { type: 'string', minLength: 1 },
		baseUrl: { type: 'string', pattern: '^(https?://|\\{\\{)' },
		auth,
		credentialType: { type: 'string', minLength: 1 },
		headers: stringMap,
		responseFormat: { enum: ['json', 'xml'] },
		pagination,
		rateLimit: {
			type: 'object',
			properties: {
				remainingHeader: { type: 'string' },
				limitHeader: { type: 'string' },
				resetHeader: { type: 'string' },
				resetKind: { enum: ['seconds', 'epochSeconds'] },
				usageHeader: { type: 'string' },
				retryAfterHeader: { type: 'string' },
			},
			additionalProperties: false,
		},
		idempotencyHeader: { type: 'string', minLength: 1 },
		errorMessagePosition: dotPath,
		resources: {
			type: 'object',
			minProperties: 1,
			additionalProperties: {
				type: 'object',
				required: ['displayName', 'idPosition', 'operations'],
				properties: {
					displayName: { type: 'string', minLength: 1 },
					idPosition: dotPath,
					resultsPosition: dotPath,
					operations: {
						type: 'object',
						minProperties: 1,
						propertyNames: { enum: ['list', 'get', 'create', 'update', 'delete', 'upsert'] },
						additionalProperties: operation,
					},
					etag: {
						type: 'object',
						required: ['position'],
						properties: { position: dotPath },
						additionalProperties: false,
					},
					bulkWrite,
					deletedWhen: {
						type: 'object',
						required: ['position', 'equals'],
						properties: { position: dotPath, equals: { type: ['string', 'number', 'boolean'] } },
						additionalProperties: false,
					},
					csvExport: {
						type: 'object',
						required: ['fileName', 'columns'],
						properties: {
							fileName: { type: 'string', minLength: 1 },
							columns: {
								type: 'array',
								minItems: 1,
								items: {
									type: 'object',
									required: ['header', 'path'],
									properties: { header: { type: 'string' }, path: dotPath },
									additionalProperties: false,
								},
							},
							delimiter: { enum: [',', ';', '\t'] },
							decimalSeparator: { enum: ['.', ','] },
							byteOrderMark: { type: 'boolean' },
						},
						additionalProperties: false,
					},
					fields: { type: 'array', items: fieldSchema },
					fieldDiscovery,
				},
				additionalProperties: false,
			},
		},
		webhooks: {
			type: 'object',
			required: ['register', 'events', 'idPosition'],
			properties: {
				register: operation,
				unregister: operation,
				list: operation,
				get: operation,
				events: { type: 'array', items: { type: 'string' } },
				idPosition: dotPath,
				secretPosition: dotPath,
				urlPosition: { type: 'string', pattern: '^[^.]+$' },
				eventsPosition: { type: 'string', pattern: '^[^.]+$' },
			},
			additionalProperties: false,
		},
	},
	additionalProperties: false,
} as const;
