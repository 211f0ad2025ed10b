/** The sandbox's seeded generator (mulberry32), so simulated timelines replay the same way. */
export { seededRandom } from '../../sandbox/server';
