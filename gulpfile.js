// Copies what n8n reads next to the compiled JavaScript: node and credential icons (light and dark) and
// each node's codex file (`<Node>.node.json`: categories, aliases, documentation links).
// `npm run build` calls it as build:icons.
const { src, dest } = require('gulp');

function copyIconsAndCodex() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = copyIconsAndCodex;
