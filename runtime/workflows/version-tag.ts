import { isJsonObject } from './canonical-json';
import type { Json, JsonObject } from './workflow-document';

/**
 * n8n keeps no field for a semantic version, so the version travels in the workflow's settings as a custom
 * telemetry tag (`settings.customTelemetryTags`, a key/value list the public API accepts and returns). That
 * way a workflow exported from one instance, pushed to another and exported again keeps its version, and
 * execution traces carry it too.
 */
export const versionTagKey = 'syncbridge.version';

function telemetryTags(settings: JsonObject): JsonObject[] {
	const tags = settings.customTelemetryTags;
	return Array.isArray(tags) ? tags.filter(isJsonObject) : [];
}

/** Splits the version tag off n8n's settings: the settings without it, and the version it carried. */
export function takeVersionTag(settings: JsonObject): { settings: JsonObject; version?: string } {
	const tags = telemetryTags(settings);
	const tag = tags.find((entry) => entry.key === versionTagKey);
	if (!tag) return { settings };
	const rest = tags.filter((entry) => entry !== tag);
	const stripped: JsonObject = { ...settings };
	if (rest.length > 0) stripped.customTelemetryTags = rest;
	else delete stripped.customTelemetryTags;
	return { settings: stripped, version: typeof tag.value === 'string' ? tag.value : undefined };
}

/** The settings n8n should store for a document of this version. */
export function putVersionTag(settings: JsonObject, version: string): JsonObject {
	const rest: Json[] = telemetryTags(settings).filter((entry) => entry.key !== versionTagKey);
	return { ...settings, customTelemetryTags: [...rest, { key: versionTagKey, value: version }] };
}
