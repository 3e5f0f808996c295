// Writes the real Llama-2 vocabulary, as embedded in the npm package llama-tokenizer-js, as the JSON that
// NorwegianLlama.TestModels.LlamaVocabularyFile reads. Usage: node Export-LlamaVocabulary.mjs <package folder> <output.json>
//
// The package keeps sentencepiece's merge ranks, not its scores. llama.cpp's SPM tokenizer merges the adjacent
// pair whose concatenation has the highest score, so minus the rank of the first merge that yields a piece makes
// it merge in the same order as the real tokenizer.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [packageFolder, outputPath] = process.argv.slice(2);
if (!packageFolder || !outputPath) {
    console.error('Usage: node Export-LlamaVocabulary.mjs <llama-tokenizer-js folder> <output.json>');
    process.exit(2);
}

const manifest = JSON.parse(readFileSync(join(packageFolder, 'package.json'), 'utf8'));
const { default: tokenizer } = await import(pathToFileURL(join(packageFolder, manifest.main)).href);
const tokens = tokenizer.vocabById;

// llama.cpp's token types: 1 normal, 2 unknown, 3 control, 6 byte.
const types = tokens.map((piece, id) => id === 0 ? 2 : id <= 2 ? 3 : /^<0x[0-9A-F]{2}>$/.test(piece) ? 6 : 1);

// Pieces no merge yields (single characters) are never a merge result in llama.cpp either; they rank below all.
// The package's ranks are not consecutive (it numbers merges by their position in its id pairs), only ordered.
const lastRank = Math.max(...tokenizer.merges.values());
const scores = types.map(type => type === 1 ? -(lastRank + 1) : 0);
for (const [pair, rank] of tokenizer.merges) {
    const id = tokenizer.vocabByString.get(pair.replace(' ', ''));
    if (id !== undefined && types[id] === 1 && -rank > scores[id]) {
        scores[id] = -rank;
    }
}

writeFileSync(outputPath, JSON.stringify({ source: `${manifest.name} ${manifest.version}`, tokens, scores, types }));
console.log(`Exported ${tokens.length} tokens and ${tokenizer.merges.size} merges from ${manifest.name} ${manifest.version}`);
