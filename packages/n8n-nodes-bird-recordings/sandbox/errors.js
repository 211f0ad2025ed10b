'use strict';
// Bird's error body. The Voice OpenAPI (schema `error.detailed`, on
// https://docs.bird.com/api/voice-api/voice-calls-api/get-a-call-recording) gives `code` (a machine
// code of 3+ characters), `message` and a free-form `details` object; the concrete codes below are
// inference (research notes §2.5). `errorShape: 'nested'` wraps the same members in `{error: …}`,
// the way Bird's newer platform API does, for a node that must cope with either.

class BirdError extends Error {
	constructor(status, code, message, { details, headers } = {}) {
		super(message);
		this.status = status;
		this.code = code;
		this.details = details;
		this.headers = headers ?? {};
	}

	body(shape) {
		const inner = { code: this.code, message: this.message };
		if (this.details !== undefined) inner.details = this.details;
		return shape === 'nested' ? { error: inner } : inner;
	}
}

const notFound = (what) => new BirdError(404, 'NotFound', `${what} not found`);

module.exports = { BirdError, notFound };
