/** `{{field}}` placeholders: filled from the credentials, trailing slashes dropped so base URLs join cleanly. */
export function fillCredentialPlaceholders(template: string, credentials: Record<string, unknown>): string {
	return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
		const value = credentials[name];
		if (value === undefined || value === null || value === '') {
			throw new Error(`The credentials have no value for '${name}', which the connector needs`);
		}
		return String(value).replace(/\/+$/, '');
	});
}

/** `{name}` path placeholders: filled from the call's parameters, each URI-encoded as one segment. */
export function fillPathPlaceholders(template: string, parameters: Record<string, unknown>): string {
	return template.replace(/(?<!\{)\{(\w+)\}(?!\})/g, (_, name: string) => {
		const value = parameters[name];
		if (value === undefined || value === null || value === '') {
			throw new Error(`The path ${template} needs a value for '${name}'`);
		}
		return encodeURIComponent(String(value));
	});
}
