import { DateTime } from 'luxon';

import { simplifyAll, simplifyRecording } from '../../nodes/VonageBusiness/shared/simplify';

const vbcDate = (millis: number) => DateTime.fromMillis(millis, { zone: 'utc' }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZZ");

describe('Simplified dates (unit)', () => {
	// Each day holds a DST change of the zone; Lord Howe moves by 30 minutes, Kathmandu sits at +05:45.
	it.each([
		['Europe/Berlin', '2026-03-29T00:00:00Z'],
		['America/New_York', '2026-11-01T00:00:00Z'],
		['Australia/Lord_Howe', '2026-04-04T12:00:00Z'],
		['Asia/Kathmandu', '2026-06-01T00:00:00Z'],
	])('every minute of a day in %s matches Luxon converting each date on its own', (zone, from) => {
		const start = DateTime.fromISO(from).toMillis();
		const recordings = Array.from({ length: 24 * 60 }, (_, minute) => ({ id: minute, start: vbcDate(start + minute * 60_000) }));
		const simplified = simplifyAll(recordings, simplifyRecording, zone);
		for (const [index, item] of simplified.entries()) {
			expect(item.startedAt).toBe(DateTime.fromMillis(start + index * 60_000, { zone }).toISO());
		}
	});

	// Zones with unusual changes: Apia skipped a whole day (end of 2011), Troll moves by two hours,
	// Pyongyang changed its standard offset (2015, 2018), Dublin's winter time is the "DST" one.
	it.each(['Pacific/Apia', 'Antarctica/Troll', 'Asia/Pyongyang', 'America/Santiago', 'Europe/Dublin'])(
		'every 53 minutes of 2011, 2015, 2018 and 2026 in %s matches Luxon converting each date on its own',
		(zone) => {
			for (const year of [2011, 2015, 2018, 2026]) {
				const start = DateTime.fromObject({ year }, { zone: 'utc' }).toMillis();
				const end = DateTime.fromObject({ year: year + 1 }, { zone: 'utc' }).toMillis();
				const recordings = [];
				for (let at = start; at < end; at += 53 * 60_000) recordings.push({ id: at, start: vbcDate(at) });
				const simplified = simplifyAll(recordings, simplifyRecording, zone);
				// Same instant, same offset from UTC (an offset of 0 may read Z or +00:00).
				const wrong = simplified.filter((item) => {
					const ours = DateTime.fromISO(String(item.startedAt), { setZone: true });
					const luxon = DateTime.fromMillis(Number(item.id), { zone });
					return ours.toMillis() !== luxon.toMillis() || ours.offset !== luxon.offset || ours.hour !== luxon.hour;
				});
				expect(wrong).toEqual([]);
			}
		},
	);

	it('keeps an unreadable date as VBC sent it, and drops fields VBC did not send', () => {
		const [item] = simplifyAll([{ id: 1, start: 'yesterday', caller_id: 17325550100 }], simplifyRecording, 'UTC');
		expect(item).toEqual({ id: 1, startedAt: 'yesterday', from: '17325550100' });
	});
});
