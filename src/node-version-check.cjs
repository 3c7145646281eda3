// Preloaded by `npm start` (node --require) before src/main.ts: on a Node.js older than
// package.json's "engines" asks for, which cannot run the TypeScript sources, it prints one line
// saying what is needed and how to get it, instead of ERR_UNKNOWN_FILE_EXTENSION's stack trace.
// Plain CommonJS with nothing newer than ES2015, so that any Node.js can parse it.
'use strict';

const { engines } = require('../package.json');

const required = Number(/\d+/.exec(engines.node)[0]);
const major = Number(process.versions.node.split('.')[0]);
if (major < required) {
  process.stderr.write(
    `fashionai-profile-gateway needs Node.js ${required} or newer, this is ${process.version}: ` +
      `install Node.js ${required} (https://nodejs.org/en/download, or \`nvm install\`, which reads .nvmrc) and run npm ci again.\n`,
  );
  process.exit(1);
}
