'use strict';
// Entry point for programmatic use: `require('n8n-nodes-vonage-business')` gives the package's node and
// credential classes (n8n itself loads the files listed under "n8n" in package.json, not this file).
// The classes need what n8n provides to community packages: n8n-workflow (the peer dependency) and luxon.
const { VonageBusiness } = require('./dist/nodes/VonageBusiness/VonageBusiness.node');
const { VonageBusinessCallRecordingTrigger } = require('./dist/nodes/VonageBusiness/VonageBusinessCallRecordingTrigger.node');
const { VonageBusinessOAuth2Api } = require('./dist/credentials/VonageBusinessOAuth2Api.credentials');
const { VonageBusinessIntegrationUserApi } = require('./dist/credentials/VonageBusinessIntegrationUserApi.credentials');

module.exports = { VonageBusiness, VonageBusinessCallRecordingTrigger, VonageBusinessOAuth2Api, VonageBusinessIntegrationUserApi };
