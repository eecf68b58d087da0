import type { StripeAddress, StripeCustomer } from './fake-stripe';

/** A Stripe error as the fake answers it: status and `error` object. */
export interface StripeParameterError {
	status: 400;
	error: { type: 'invalid_request_error'; code?: string; param?: string; message: string; doc_url?: string };
}

/** A parameter's nested parameters; `'value'` takes a scalar, `'any'` takes anything (metadata, lists). */
type ParameterShape = { [name: string]: ParameterShape | 'value' | 'any' };

const ADDRESS: ParameterShape = {
	line1: 'value',
	line2: 'value',
	city: 'value',
	state: 'value',
	postal_code: 'value',
	country: 'value',
};

/**
 * The parameters of POST /v1/customers and POST /v1/customers/{id}
 * (https://docs.stripe.com/api/customers/create, https://docs.stripe.com/api/customers/update)
 * that this fake keeps on the customer.
 */
const CUSTOMER_PARAMETERS: ParameterShape = {
	address: ADDRESS,
	balance: 'value',
	description: 'value',
	email: 'value',
	expand: 'any',
	invoice_prefix: 'value',
	invoice_settings: {
		custom_fields: 'any',
		default_payment_method: 'value',
		footer: 'value',
		rendering_options: 'any',
	},
	metadata: 'any',
	name: 'value',
	next_invoice_sequence: 'value',
	phone: 'value',
	preferred_locales: 'any',
	shipping: { address: ADDRESS, name: 'value', phone: 'value' },
	tax_exempt: 'value',
};

/** Documented customer parameters about objects this fake does not hold (cards, tax ids, test clocks). */
const NOT_MODELLED = new Set([
	'cash_balance',
	'coupon',
	'default_source',
	'payment_method',
	'promotion_code',
	'source',
	'tax',
	'tax_id_data',
	'test_clock',
	'validate',
]);

/** The parameters of GET /v1/customers (https://docs.stripe.com/api/customers/list). */
export const CUSTOMER_LIST_PARAMETERS: ParameterShape = {
	created: { gt: 'value', gte: 'value', lt: 'value', lte: 'value' },
	email: 'value',
	ending_before: 'value',
	expand: 'any',
	limit: 'value',
	starting_after: 'value',
	test_clock: 'value',
};

/**
 * Stripe rejects any parameter it does not know with 400 `parameter_unknown`, naming it in
 * bracket notation (https://docs.stripe.com/error-codes/parameter-unknown): nothing is dropped silently.
 */
export function unknownParameter(
	fields: Record<string, unknown>,
	shape: ParameterShape,
	prefix = '',
): StripeParameterError | undefined {
	for (const [name, value] of Object.entries(fields)) {
		const param = prefix === '' ? name : `${prefix}[${name}]`;
		const expected = shape[name];
		if (expected === undefined) {
			return {
				status: 400,
				error: {
					type: 'invalid_request_error',
					code: 'parameter_unknown',
					param,
					message: `Received unknown parameter: ${param}`,
					doc_url: 'https://stripe.com/docs/error-codes/parameter-unknown',
				},
			};
		}
		if (typeof expected === 'object' && typeof value === 'object' && value !== null) {
			const nested = unknownParameter(value as Record<string, unknown>, expected, param);
			if (nested !== undefined) return nested;
		}
	}
	return undefined;
}

/** Checks a create or update body; undefined when the fake can apply it. */
export function invalidCustomerParameters(fields: Record<string, unknown>): StripeParameterError | undefined {
	const notModelled = Object.keys(fields).find((name) => NOT_MODELLED.has(name));
	if (notModelled !== undefined) {
		return {
			status: 400,
			error: {
				type: 'invalid_request_error',
				param: notModelled,
				message: `The fake Stripe does not model the customer parameter ${notModelled}.`,
			},
		};
	}
	const unknown = unknownParameter(fields, CUSTOMER_PARAMETERS);
	if (unknown !== undefined) return unknown;
	for (const name of ['balance', 'next_invoice_sequence']) {
		if (name in fields && !isInteger(fields[name])) return invalidInteger(name, fields[name]);
	}
	if ('tax_exempt' in fields && !['', 'none', 'exempt', 'reverse'].includes(String(fields.tax_exempt))) {
		return {
			status: 400,
			error: {
				type: 'invalid_request_error',
				code: 'parameter_invalid_string',
				param: 'tax_exempt',
				message: 'Invalid tax_exempt: must be one of none, exempt, or reverse',
			},
		};
	}
	return undefined;
}

export function isInteger(value: unknown): boolean {
	return typeof value === 'string' && /^-?\d+$/.test(value);
}

export function invalidInteger(param: string, value: unknown): StripeParameterError {
	return {
		status: 400,
		error: {
			type: 'invalid_request_error',
			code: 'parameter_invalid_integer',
			param,
			message: `Invalid integer: ${String(value)}`,
		},
	};
}

/** Applies checked form fields; an empty string clears a value, as with Stripe. */
export function applyCustomerParameters(customer: StripeCustomer, fields: Record<string, unknown>): void {
	for (const name of ['email', 'name', 'description', 'phone'] as const) {
		if (name in fields) customer[name] = fields[name] === '' ? null : String(fields[name]);
	}
	if (typeof fields.invoice_prefix === 'string' && fields.invoice_prefix !== '')
		customer.invoice_prefix = fields.invoice_prefix;
	if ('balance' in fields) customer.balance = Number(fields.balance);
	if ('next_invoice_sequence' in fields) customer.next_invoice_sequence = Number(fields.next_invoice_sequence);
	if (typeof fields.tax_exempt === 'string')
		customer.tax_exempt = fields.tax_exempt === '' ? 'none' : (fields.tax_exempt as StripeCustomer['tax_exempt']);
	if ('address' in fields) customer.address = fields.address === '' ? null : address(customer.address, fields.address);
	if ('shipping' in fields) {
		const shipping = fields.shipping as Record<string, unknown> | '';
		customer.shipping =
			shipping === ''
				? null
				: {
						address: address(customer.shipping?.address ?? null, shipping.address),
						name: String(shipping.name ?? customer.shipping?.name ?? ''),
						phone: typeof shipping.phone === 'string' ? shipping.phone : (customer.shipping?.phone ?? null),
					};
	}
	if ('preferred_locales' in fields)
		customer.preferred_locales =
			typeof fields.preferred_locales === 'object' && fields.preferred_locales !== null
				? Object.values(fields.preferred_locales as Record<string, string>)
				: [];
	if (typeof fields.invoice_settings === 'object' && fields.invoice_settings !== null) {
		const settings = fields.invoice_settings as Record<string, unknown>;
		if ('footer' in settings)
			customer.invoice_settings.footer = settings.footer === '' ? null : String(settings.footer);
		if ('default_payment_method' in settings)
			customer.invoice_settings.default_payment_method =
				settings.default_payment_method === '' ? null : String(settings.default_payment_method);
	}
	if (typeof fields.metadata === 'object' && fields.metadata !== null) {
		for (const [key, value] of Object.entries(fields.metadata as Record<string, string>)) {
			if (value === '') delete customer.metadata[key];
			else customer.metadata[key] = value;
		}
	} else if (fields.metadata === '') {
		customer.metadata = {};
	}
}

function address(current: StripeAddress | null, given: unknown): StripeAddress {
	const next: StripeAddress =
		current === null
			? { line1: null, line2: null, city: null, state: null, postal_code: null, country: null }
			: { ...current };
	for (const [name, value] of Object.entries((given ?? {}) as Record<string, string>))
		next[name as keyof StripeAddress] = value === '' ? null : value;
	return next;
}
