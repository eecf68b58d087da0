/** A file-name-safe slug of a workflow name: lower case ASCII letters, digits and single dashes. */
export function slugify(name: string): string {
	const slug = name
		.replace(/ß/g, 'ss')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 80)
		.replace(/-+$/g, '');
	return slug || 'workflow';
}
