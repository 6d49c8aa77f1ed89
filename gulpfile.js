// Copies what tsc does not emit (icons and codex files) next to the compiled nodes and
// credentials in dist/, keeping their relative paths.
const { src, dest, task } = require('gulp');

function copyAssets() {
	return src(['nodes/**/*.{svg,png,json}', 'credentials/**/*.{svg,png}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

task('build:assets', copyAssets);
