import { VersionedNodeType, type INodeTypeBaseDescription, type IVersionedNodeType } from 'n8n-workflow';
import { SyncBridgeMapperV1 } from './v1/SyncBridgeMapperV1.node';
import { SyncBridgeMapperV2 } from './v2/SyncBridgeMapperV2.node';

/** Version 1 keeps existing workflows as they are; new nodes get version 2 (visual mapping). */
export class SyncBridgeMapper extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'SyncBridge Mapper',
			name: 'syncBridgeMapper',
			icon: { light: 'file:mapper.svg', dark: 'file:mapper.dark.svg' },
			group: ['transform'],
			description: 'Map items to a target system’s fields, visually or with a sandboxed mapping document',
			defaultVersion: 2,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new SyncBridgeMapperV1(baseDescription),
			2: new SyncBridgeMapperV2(baseDescription),
		};
		super(nodeVersions, baseDescription);
	}
}
