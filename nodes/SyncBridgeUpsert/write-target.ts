import { NodeOperationError, type IDataObject, type IExecuteFunctions, type IHttpRequestOptions } from 'n8n-workflow';
import {
	builtInConnectors,
	connectorBreakerTarget,
	connectorTargetRequests,
	type ConnectorDescriptor,
} from '../../runtime/connectors';
import { endpointRequests, type TargetEndpoint, type WriteMethod } from '../../runtime/contracts/target-endpoint';
import type { TargetRequests } from '../../runtime/contracts/target-requests';
import {
	createFullResponseTransport,
	type FullResponseRequestOptions,
} from '../../runtime/http/full-response-transport';
import type { Transport } from '../../runtime/http/transport';
import { jsonObject } from '../shared/connector-router';
import { connectorTransport, credentialIdentity } from '../shared/connector-transport';
import { breakerTarget, type BreakerTarget } from '../../runtime/http/breaker-registry';

/** Where Upsert writes, read from its parameters: an HTTP endpoint or a built-in connector. */
export function writeTarget(
	context: IExecuteFunctions,
	options: IDataObject,
	readsBeforeUpdate: boolean,
): Promise<WriteTarget> | WriteTarget {
	return context.getNodeParameter('target', 0, 'endpoint') === 'connector'
		? connectorWriteTarget(context)
		: endpointWriteTarget(context, options, readsBeforeUpdate);
}

export interface WriteTarget {
	requests: TargetRequests;
	transport: Transport;
	/** Items of every run writing to one system with one credential share one circuit breaker. */
	breakerTarget: BreakerTarget;
}

function endpointWriteTarget(
	context: IExecuteFunctions,
	options: IDataObject,
	readsBeforeUpdate: boolean,
): WriteTarget {
	const authentication = context.getNodeParameter('authentication', 0) as string;
	const baseUrl = (context.getNodeParameter('baseUrl', 0) as string).trim();
	if (!/^https?:\/\//.test(baseUrl))
		throw new NodeOperationError(context.getNode(), `Target Base URL "${baseUrl}" is not an http(s) URL`);
	const endpoint: TargetEndpoint = {
		baseUrl,
		createPath: context.getNodeParameter('createPath', 0) as string,
		updatePath: context.getNodeParameter('updatePath', 0) as string,
		deletePath: context.getNodeParameter('deletePath', 0) as string,
		createMethod: context.getNodeParameter('createMethod', 0) as WriteMethod,
		updateMethod: context.getNodeParameter('updateMethod', 0) as WriteMethod,
		deleteMethod: context.getNodeParameter('deleteMethod', 0) as WriteMethod,
		idPosition: context.getNodeParameter('idPosition', 0) as string,
		idInRequestBody: (context.getNodeParameter('idInRequestBody', 0) as string).trim() || undefined,
		idempotency: options.idempotency !== false,
		getPath: readsBeforeUpdate ? (context.getNodeParameter('getPath', 0) as string) : undefined,
	};
	const send = (request: FullResponseRequestOptions): Promise<unknown> => {
		const requestOptions = request as unknown as IHttpRequestOptions;
		return authentication === 'none'
			? context.helpers.httpRequest(requestOptions)
			: context.helpers.httpRequestWithAuthentication.call(context, authentication, requestOptions);
	};
	return {
		requests: endpointRequests(endpoint),
		transport: createFullResponseTransport(send),
		breakerTarget: breakerTarget(
			baseUrl,
			authentication === 'none' ? undefined : credentialIdentity(context.getNode(), authentication),
		),
	};
}

async function connectorWriteTarget(context: IExecuteFunctions): Promise<WriteTarget> {
	const connectorId = context.getNodeParameter('connector', 0) as string;
	const descriptor: ConnectorDescriptor | undefined = builtInConnectors[connectorId];
	if (descriptor === undefined) throw new NodeOperationError(context.getNode(), `Unknown connector "${connectorId}"`);
	const credentials =
		descriptor.credentialType === undefined ? {} : await context.getCredentials(descriptor.credentialType);
	try {
		const requests = connectorTargetRequests({
			// n8n signs each request with the credential type; the descriptor's own auth is for scripts.
			descriptor: { ...descriptor, auth: { kind: 'none' } },
			resource: context.getNodeParameter('resource', 0) as string,
			credentials,
			pathParameters: jsonObject(context.getNodeParameter('pathParameters', 0, '{}'), 'Path Parameters'),
			upsertBy: (context.getNodeParameter('upsertBy', 0, '') as string).trim() || undefined,
		});
		return {
			requests,
			transport: connectorTransport(context, descriptor, descriptor.credentialType),
			breakerTarget: connectorBreakerTarget(
				descriptor,
				credentials,
				credentialIdentity(context.getNode(), descriptor.credentialType),
			),
		};
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error);
	}
}
