/**
 * Pure checks of user input. They throw InvalidInputError, which names the field and says what is
 * expected; the node turns it into a NodeOperationError (items.ts) before any request is sent.
 * Values may come from expressions or imported workflow JSON, so nothing here trusts their type.
 */
export class InvalidInputError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'InvalidInputError';
	}
}

/** A value shortened for an error message. */
export function truncate(text: string, max = 40): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A value as text for a message: objects show as JSON, not "[object Object]". */
export function shown(value: unknown): string {
	if (typeof value === 'object' && value !== null) {
		try {
			return truncate(JSON.stringify(value));
		} catch {
			return '(an object)';
		}
	}
	return truncate(String(value));
}

/** Text that is neither an object nor empty, trimmed. `example` completes "enter …". */
export function requireText(value: unknown, field: string, example: string): string {
	if (typeof value === 'object' && value !== null) {
		throw new InvalidInputError(field, `${field} must be text, not an object (${shown(value)}): enter ${example}`);
	}
	const text = String(value ?? '').trim();
	if (text === '') throw new InvalidInputError(field, `${field} is empty: enter ${example}`);
	return text;
}

/** Text matching `pattern` (an ID that goes into a path), else an error that shows what an ID looks like. */
export function requireMatch(value: unknown, field: string, pattern: RegExp, what: string): string {
	const text = requireText(value, field, what);
	if (!pattern.test(text)) throw new InvalidInputError(field, `${field} must be ${what}, not "${shown(text)}"`);
	return text;
}

/** Optional text: empty gives `undefined`; an object is refused. */
export function optionalText(value: unknown, field: string): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'object') throw new InvalidInputError(field, `${field} must be text, not an object (${shown(value)})`);
	const text = String(value).trim();
	return text === '' ? undefined : text;
}

/** One of the listed option values (imported JSON or an expression can hold anything). */
export function requireOption<T extends string>(value: unknown, field: string, options: readonly T[]): T {
	if (typeof value === 'string' && (options as readonly string[]).includes(value)) return value as T;
	throw new InvalidInputError(field, `${field} must be one of ${options.join(', ')}, not "${shown(value)}"`);
}

export function requireLimit(value: unknown, field = 'Limit'): number {
	const limit = Number(value);
	if (typeof value === 'boolean' || !Number.isInteger(limit) || limit < 1) {
		throw new InvalidInputError(field, `${field} must be a whole number of 1 or more, not "${shown(value)}"`);
	}
	return limit;
}

/** A whole number within bounds. */
export function requireWholeNumber(value: unknown, field: string, min: number, max: number): number {
	const number = Number(value);
	if (typeof value === 'boolean' || value === '' || !Number.isInteger(number) || number < min || number > max) {
		throw new InvalidInputError(field, `${field} must be a whole number from ${min} to ${max}, not "${shown(value)}"`);
	}
	return number;
}

/** A number of `unit` of 0 or more, at most `max`; empty means not set. */
export function nonNegativeAmount(value: unknown, field: string, unit = 'seconds', max = 1e9): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const amount = Number(value);
	if (typeof value === 'boolean' || !Number.isFinite(amount) || amount < 0 || amount > max) {
		throw new InvalidInputError(
			field,
			`${field} must be a number of ${unit} from 0 to ${max}, not "${shown(value)}"`,
		);
	}
	return amount;
}

/** A number of `unit` above 0, at most `max`. */
export function positiveAmount(value: unknown, field: string, unit: string, max: number): number {
	const amount = Number(value);
	if (typeof value === 'boolean' || value === '' || !Number.isFinite(amount) || amount <= 0 || amount > max) {
		throw new InvalidInputError(field, `${field} must be a number of ${unit} above 0 and at most ${max}, not "${shown(value)}"`);
	}
	return amount;
}

/** A boolean, also from the texts "true"/"false" an expression may give. */
export function requireBoolean(value: unknown, field: string): boolean {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw new InvalidInputError(field, `${field} must be true or false, not "${shown(value)}"`);
}

/** A name for an output binary field. */
export function requireBinaryFieldName(value: unknown, field = 'Put Output File in Field'): string {
	const name = optionalText(value, field);
	if (name === undefined) throw new InvalidInputError(field, `${field} is empty: enter a field name such as data`);
	return name;
}
