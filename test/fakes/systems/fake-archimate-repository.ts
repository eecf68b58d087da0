import { escapeXml, FakeSystem, type FakeRequest, type FakeResponse, type Route } from './fake-server';

/** One element of an ArchiMate model, as a GEMMA export holds it. */
export interface ArchimateElement {
	identifier: string;
	/** The `xsi:type`: Capability, ApplicationService, BusinessActor, ... */
	type: string;
	name: string;
	documentation?: string;
	/** propertyDefinitionRef -> value, e.g. `propid-2` -> the element's GEMMA GUID. */
	properties: Record<string, string>;
}

/**
 * An OpenConnector-style XML source: an ArchiMate model repository publishing the GEMMA model export
 * (`<model>` with `<elements><element identifier=".." xsi:type="..">`, `xml:lang` on every text, as
 * in the OpenConnector synchronization documentation) in pages:
 * `GET /models/:model/elements?page=&per_page=`, and with `identifier=id-a,id-b` only the named
 * elements (a partial synchronization). `X-API-Key`. A page listed in `failingPages` answers 500
 * however often it is asked, so a client's retries cannot hide it.
 */
export class FakeArchimateRepository extends FakeSystem {
	readonly apiKey = 'fake-archimate-api-key';
	readonly elements: ArchimateElement[] = [];
	readonly failingPages = new Set<number>();

	element(identifier: string): ArchimateElement {
		const found = this.elements.find((candidate) => candidate.identifier === identifier);
		if (found === undefined) throw new Error(`no element ${identifier}`);
		return found;
	}

	remove(identifier: string): void {
		this.elements.splice(this.elements.indexOf(this.element(identifier)), 1);
	}

	protected routes(): Route[] {
		return [{ method: 'GET', path: '/models/:model/elements', handler: (request) => this.page(request) }];
	}

	protected authenticate(request: FakeRequest): FakeResponse | undefined {
		return request.headers['x-api-key'] === this.apiKey
			? undefined
			: { status: 401, body: { error: 'Invalid or missing API key' } };
	}

	protected errorBody(status: number, message: string): unknown {
		return { error: status === 500 ? 'Internal server error while exporting the model' : message };
	}

	private page(request: FakeRequest): FakeResponse {
		if (request.params.model !== 'gemma') return { status: 404, body: { error: `No model ${request.params.model}` } };
		const page = Math.max(1, Number(request.query.get('page') ?? 1));
		if (this.failingPages.has(page)) return { status: 500, body: this.errorBody(500, '') };
		const perPage = Math.min(Math.max(1, Number(request.query.get('per_page') ?? 20)), 100);
		const requested = request.query.get('identifier');
		const named = requested === null ? undefined : new Set(requested.split(','));
		const selected =
			named === undefined ? this.elements : this.elements.filter((element) => named.has(element.identifier));
		const elements = selected
			.slice((page - 1) * perPage, page * perPage)
			.map(elementXml)
			.join('\n');
		const xml = `<?xml version="1.0" encoding="utf-8"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengroup.org/xsd/archimate/3.0/ http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd" identifier="id-d47463497ef83403bedb663bff370727">
<name xml:lang="nl">GEMMA</name>
<elements>
${elements}
</elements>
</model>`;
		return { status: 200, body: xml, contentType: 'application/xml; charset=utf-8' };
	}
}

function elementXml(element: ArchimateElement): string {
	const text = (tag: string, value: string) => `<${tag} xml:lang="nl">${escapeXml(value)}</${tag}>`;
	const properties = Object.entries(element.properties)
		.map(([ref, value]) => `<property propertyDefinitionRef="${escapeXml(ref)}">${text('value', value)}</property>`)
		.join('');
	return `<element identifier="${escapeXml(element.identifier)}" xsi:type="${escapeXml(element.type)}">${text('name', element.name)}${
		element.documentation === undefined ? '' : text('documentation', element.documentation)
	}<properties>${properties}</properties></element>`;
}
