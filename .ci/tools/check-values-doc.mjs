// Checks that a chart's values.yaml documents every value with a Bitnami-style `## @param <path> <text>` (a value
// is documented by its own @param or by one on an enclosing object), that every @param names a value that exists,
// and that values.schema.json describes every documented value (so the schema and the values cannot drift apart).
// Usage: node check-values-doc.mjs CHART_DIR
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

const chart = process.argv[2];
if (!chart) {
	console.error("usage: node check-values-doc.mjs CHART_DIR");
	process.exit(2);
}
const text = readFileSync(path.join(chart, "values.yaml"), "utf8");
const values = parse(text);
const schema = JSON.parse(readFileSync(path.join(chart, "values.schema.json"), "utf8"));
const problems = [];

const params = new Map();
for (const m of text.matchAll(/^\s*## @param (\S+)(.*)$/gm)) {
	if (params.has(m[1])) problems.push(`@param ${m[1]} is documented twice`);
	if (!m[2].trim()) problems.push(`@param ${m[1]} has no description`);
	params.set(m[1], m[2].trim());
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
function walk(value, at) {
	if (params.has(at)) return;
	if (isObject(value) && Object.keys(value).length > 0) {
		for (const [key, child] of Object.entries(value)) walk(child, at ? `${at}.${key}` : key);
		return;
	}
	problems.push(`value ${at} has no ## @param`);
}
walk(values, "");

function lookup(object, at) {
	return at.split(".").reduce((node, key) => (isObject(node) && key in node ? node[key] : undefined), object);
}
function schemaAt(at) {
	let node = schema;
	for (const key of at.split(".")) {
		if (node.properties === undefined) return node; // a free-form object: anything below is allowed
		node = node.properties[key];
		if (node === undefined) return undefined;
	}
	return node;
}
for (const name of params.keys()) {
	if (lookup(values, name) === undefined) problems.push(`@param ${name} names no value`);
	if (schemaAt(name) === undefined) problems.push(`@param ${name} is not in values.schema.json`);
}

if (problems.length) {
	for (const problem of problems) console.error(`  ${problem}`);
	process.exit(1);
}
console.log(`  values.yaml: ${params.size} @param, every value documented and in values.schema.json`);
