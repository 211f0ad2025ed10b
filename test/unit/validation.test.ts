import {
	InvalidInputError,
	parseDateTime,
	recordingFilters,
	requireAccountOrUserId,
	requireLimit,
	requireRecordingId,
} from '../../nodes/VonageBusiness/shared/validation';

describe('validation (pure)', () => {
	it.each(['193228', ' 42 '])('accepts recording ID %p', (id) => {
		expect(requireRecordingId(id)).toBe(id.trim());
	});

	it.each([
		['', 'Recording ID is empty'],
		['abc', 'must be the numeric ID of a recording'],
		['../1', 'must be the numeric ID of a recording'],
		['1?x=2', 'must be the numeric ID of a recording'],
		['1.5', 'must be the numeric ID of a recording'],
		['-3', 'must be the numeric ID of a recording'],
	])('refuses recording ID %p', (id, message) => {
		expect(() => requireRecordingId(id)).toThrow(InvalidInputError);
		expect(() => requireRecordingId(id)).toThrow(message);
	});

	it.each(['self', '745249'])('accepts user ID %p', (id) => {
		expect(requireAccountOrUserId(id, 'User ID')).toBe(id);
	});

	it.each(['me', '../self', 'self/..', '12a', ''])('refuses user ID %p', (id) => {
		expect(() => requireAccountOrUserId(id, 'User ID')).toThrow("User ID must be 'self' or a numeric ID");
	});

	it.each([0, -1, 1.5, 'x'])('refuses limit %p', (limit) => {
		expect(() => requireLimit(limit)).toThrow('Limit must be a whole number of 1 or more');
	});

	it('converts filters: seconds to milliseconds, dates to UTC in the documented format', () => {
		expect(
			recordingFilters(
				{
					callDirection: 'OUTBOUND',
					extension: 101,
					minDurationSeconds: 1.5,
					maxDurationSeconds: 60,
					startAfter: '2026-01-01T10:00:00+02:00',
					startBefore: '2026-01-02T00:00:00',
					callerId: '  ',
				},
				'Europe/Berlin',
			),
		).toEqual({
			call_direction: 'OUTBOUND',
			extension: '101',
			'duration:gte': 1500,
			'duration:lte': 60000,
			'start:gte': '2026-01-01T08:00:00+0000',
			'start:lte': '2026-01-01T23:00:00+0000',
		});
	});

	it('reads the API’s own date format and RFC 2822 dates', () => {
		expect(parseDateTime('2019-01-01T00:00:00+0000', 'Start After', 'UTC').toISO()).toBe('2019-01-01T00:00:00.000Z');
		expect(parseDateTime('Tue, 01 Dec 2026 10:00:00 +0100', 'Start After', 'UTC').toISO()).toBe('2026-12-01T09:00:00.000Z');
	});

	it.each([
		[{ startAfter: 'yesterday' }, 'Start After is not a date and time n8n can read'],
		[{ startAfter: '2026-02-01T00:00:00Z', startBefore: '2026-01-01T00:00:00Z' }, 'is later than Start Before'],
		[{ minDurationSeconds: -1 }, 'Minimum Duration (Seconds) must be a number of seconds of 0 or more'],
		[{ minDurationSeconds: 10, maxDurationSeconds: 5 }, 'is longer than Maximum Duration'],
		[{ callDirection: 'SIDEWAYS' }, 'Call Direction must be one of INBOUND, OUTBOUND, INTRA_PBX'],
	])('refuses %p', (input, message) => {
		expect(() => recordingFilters(input, 'UTC')).toThrow(message);
	});
});
