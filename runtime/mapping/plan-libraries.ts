import type { Mapping, MappingPlan } from './mapping-document';

/** A library the isolate runtime builds on; a document's context loads only those its plan uses. */
export type PlanLibrary = 'handlebars' | 'jsonPath' | 'jsonLogic';

/** Visits every value of a mapping, nested `object` and `each` mappings included. */
function visit(mapping: Mapping, found: Set<PlanLibrary>): void {
	for (const spec of Object.values(mapping)) {
		if (typeof spec === 'string') {
			if (spec.startsWith('$')) found.add('jsonPath');
			else if (spec.includes('{{')) found.add('handlebars');
		} else if ('jsonPath' in spec) found.add('jsonPath');
		else if ('template' in spec) found.add('handlebars');
		else if ('each' in spec) visit(spec.mapping, found);
		else if ('object' in spec) visit(spec.object, found);
	}
}

/** The libraries a plan needs, in the order the isolate loads them (each context pays only for what it uses). */
export function librariesOf(plan: MappingPlan): PlanLibrary[] {
	const found = new Set<PlanLibrary>();
	visit(plan.mapping, found);
	if (plan.conditions !== undefined) found.add('jsonLogic');
	return (['handlebars', 'jsonPath', 'jsonLogic'] as const).filter((library) => found.has(library));
}
