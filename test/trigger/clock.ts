/**
 * Moves "now" for both the trigger and the sandbox (they share this process's Date), while timers,
 * sockets and promises keep running in real time.
 */
export function useTestClock(start: number) {
	jest.useFakeTimers({
		now: start,
		doNotFake: [
			'hrtime',
			'nextTick',
			'performance',
			'queueMicrotask',
			'setImmediate',
			'clearImmediate',
			'setInterval',
			'clearInterval',
			'setTimeout',
			'clearTimeout',
		],
	});
	let now = start;
	return {
		now: () => now,
		advance(ms: number) {
			now += ms;
			jest.setSystemTime(now);
		},
		restore() {
			jest.useRealTimers();
		},
	};
}
