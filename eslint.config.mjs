import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

// The self-hosted variant of n8n's community-node rules: SyncBridge needs the native isolated-vm addon,
// which n8n Cloud cannot load, so the Cloud-only import allowlist does not apply.
const communityRules = n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport;
const ruleOverrides = {
	// SyncBridge cannot bundle its runtime dependencies: isolated-vm is a native addon, and pg, ajv,
	// handlebars, jsonpath-plus, fast-xml-parser and json-logic-js are what the sandboxed mapping runtime
	// and the contract stores are built on. They are declared with exact versions instead.
	'@n8n/community-nodes/no-runtime-dependencies': 'off',
};

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'test/n8n-host/**', '.n8n-data/**', 'test-artifacts/**'] },
	{ files: ['**/*.ts'], extends: [...tseslint.configs.recommended] },
	{
		// What ships: nodes, credentials and the runtime.
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'runtime/**/*.ts'],
		extends: [communityRules],
		rules: { ...ruleOverrides, 'no-console': 'error' },
	},
	{
		files: ['package.json'],
		extends: [communityRules],
		rules: ruleOverrides,
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
);
