/**
 * What the editor shows of the nodes, evaluated as n8n evaluates it: the subtitle under a node on the canvas
 * (an expression over the node's parameters) reads as the options do, and the Docs links keep their anchors.
 */
import { Workflow, type INode } from 'n8n-workflow';

import { VonageBusiness } from '../../nodes/VonageBusiness/VonageBusiness.node';
import { VonageBusinessCallRecordingTrigger } from '../../nodes/VonageBusiness/VonageBusinessCallRecordingTrigger.node';
import { ACTION_NODE_TYPE, nodeTypes, TRIGGER_NODE_TYPE } from '../harness/engine';

function subtitleOf(type: string, subtitle: string, parameters: INode['parameters']): unknown {
	const node: INode = { id: 'n', name: 'Node', type, typeVersion: 1, position: [0, 0], parameters };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, subtitle, 'internal', {});
}

describe('subtitles on the canvas', () => {
	const action = new VonageBusiness().description;
	const trigger = new VonageBusinessCallRecordingTrigger().description;

	it.each([
		['getMany', 'recording', 'Get Many: Recording'],
		['download', 'recording', 'Download: Recording'],
		['deleteMany', 'recording', 'Delete Many: Recording'],
		['getTranscript', 'transcription', 'Get Transcript: Transcription'],
		['downloadArchive', 'exportJob', 'Download Archive: Export Job'],
		['waitForCompletion', 'exportJob', 'Wait for Completion: Export Job'],
	])('the action node with %s on %s reads "%s"', (operation, resource, expected) => {
		expect(subtitleOf(ACTION_NODE_TYPE, action.subtitle!, { operation, resource })).toBe(expected);
	});

	it.each([
		['newRecording', 'New Recording'],
		['transcriptionReady', 'Transcription Ready'],
		['exportJobFinished', 'Export Job Finished'],
	])('the trigger with event %s reads "%s"', (event, expected) => {
		expect(subtitleOf(TRIGGER_NODE_TYPE, trigger.subtitle!, { event })).toBe(expected);
	});

	it('a value that is not an option (from imported JSON) is shown as it is, not as "undefined"', () => {
		expect(subtitleOf(TRIGGER_NODE_TYPE, trigger.subtitle!, { event: 'somethingElse' })).toBe('somethingElse');
	});
});

describe('Docs links', () => {
	it("each node links to its own README section; n8n opens a node's documentationUrl as it is, so the anchor survives", () => {
		expect(new VonageBusiness().description.documentationUrl).toMatch(/#operations$/);
		expect(new VonageBusinessCallRecordingTrigger().description.documentationUrl).toMatch(/#trigger$/);
	});
});
