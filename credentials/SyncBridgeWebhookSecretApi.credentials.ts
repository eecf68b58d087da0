import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The secret(s) a sender signs its webhooks with. There is no remote endpoint to call, so the
 * credential is tested by the SyncBridge Webhook Trigger's `syncBridgeWebhookSecretTest`, which
 * checks that the secrets parse for the chosen scheme.
 */
export class SyncBridgeWebhookSecretApi implements ICredentialType {
	name = 'syncBridgeWebhookSecretApi';

	displayName = 'SyncBridge Webhook Secret API';

	icon: Icon = {
		light: 'file:SyncBridgeWebhookSecretApi.svg',
		dark: 'file:SyncBridgeWebhookSecretApi.dark.svg',
	};

	documentationUrl = 'https://github.com/syncbridge/n8n-nodes-syncbridge/blob/main/docs/webhooks.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Signature Scheme',
			name: 'scheme',
			type: 'options',
			default: 'stripe',
			options: [
				{
					name: 'Stripe',
					value: 'stripe',
					description: 'Stripe-Signature: t=...,v1=... (HMAC-SHA256 over timestamp and body)',
				},
				{
					name: 'Standard Webhooks',
					value: 'standardWebhooks',
					description: 'Webhook-ID, webhook-timestamp and webhook-signature headers (Svix, Resend, and others)',
				},
				{
					name: 'GitHub-Style HMAC',
					value: 'githubHmac',
					description: 'X-Hub-Signature-256: sha256=... (HMAC-SHA256 over the body)',
				},
				{
					name: 'Static Header Key',
					value: 'staticHeader',
					description: 'A shared key sent verbatim in a header; the body is not signed',
				},
			],
		},
		{
			displayName: 'Secrets',
			name: 'secrets',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The signing secret (Stripe and Standard Webhooks: whsec_...). Several secrets may be given separated by line breaks; any of them is accepted.',
		},
		{
			displayName: 'Previous Secrets',
			name: 'previousSecrets',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Secrets still accepted while the sender rotates to a new one (separate several by line breaks). Clear once rotation is done.',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-Webhook-Key',
			description: 'The request header that carries the key',
			displayOptions: { show: { scheme: ['staticHeader'] } },
		},
		{
			displayName: 'Timestamp Tolerance (Seconds)',
			name: 'toleranceSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 300,
			description: 'How far the signed timestamp may be from now, in the past or the future',
			displayOptions: { show: { scheme: ['stripe', 'standardWebhooks'] } },
		},
	];
}
