// Checks Kubernetes manifests rendered by `helm template`, offline: every object against the Kubernetes API schema
// (kubernetes-models), no field the API does not know (a typo that the API server would reject or ignore), names
// and labels the API accepts, and the references between the rendered objects (selectors, ports, volumes,
// ConfigMaps, Secrets, claims, service accounts).
// Usage: node check-manifests.mjs [--external Kind/name]... FILE...   (--external: an object expected to exist
// in the cluster already, such as an existing Secret). Exit 1 with one line per problem.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { parseAllDocuments, parse as parseYaml } from "yaml";

const nodeModules = fileURLToPath(new URL("./node_modules/", import.meta.url));
const problems = [];
const external = new Set();
const files = [];
for (let i = 2; i < process.argv.length; i++) {
	if (process.argv[i] === "--external") external.add(process.argv[++i]);
	else files.push(process.argv[i]);
}
if (files.length === 0) {
	console.error("usage: node check-manifests.mjs [--external Kind/name]... FILE...");
	process.exit(2);
}

// --- Unknown fields: the property names of each API type, read from kubernetes-models' type declarations. ---
const declarations = new Map();
function declaration(file) {
	if (!declarations.has(file)) {
		const text = existsSync(file) ? readFileSync(file, "utf8") : "";
		const imports = new Map();
		for (const m of text.matchAll(/^import \{ (\w+) \} from "([^"]+)";$/gm)) imports.set(m[1], m[2]);
		const body = text.match(/^export interface \w+(?: extends [\w, ]+)? \{\n([\s\S]*?)^\}$/m);
		let fields = null;
		if (body) {
			fields = new Map();
			for (const m of body[1].matchAll(/^ {4}"([^"]+)"\??: (.*)$/gm)) fields.set(m[1], m[2].replace(/;$/, ""));
		}
		declarations.set(file, { fields, imports, dir: path.dirname(file) });
	}
	return declarations.get(file);
}
function resolveImport(decl, name) {
	const spec = decl.imports.get(name);
	if (!spec) return null;
	const base = spec.startsWith(".") ? path.join(decl.dir, spec) : path.join(nodeModules, spec);
	return base.replace(/\.js$/, "") + ".d.ts";
}
function checkFields(value, file, where) {
	const decl = declaration(file);
	if (!decl.fields || value === null || typeof value !== "object" || Array.isArray(value)) return;
	for (const [key, child] of Object.entries(value)) {
		const type = decl.fields.get(key);
		if (type === undefined) {
			problems.push(`${where}: unknown field "${key}"`);
			continue;
		}
		const ref = type.match(/^(?:Array<)?(I\w+)>?$/);
		if (!ref) continue; // a scalar, an enum or a free map
		const target = resolveImport(decl, ref[1]);
		if (!target) continue;
		if (Array.isArray(child)) child.forEach((item, i) => checkFields(item, target, `${where}.${key}[${i}]`));
		else checkFields(child, target, `${where}.${key}`);
	}
}

// --- Names and labels the API server accepts. ---
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1035Label = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const portName = /^(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
function checkLabels(labels, where) {
	for (const [key, value] of Object.entries(labels ?? {})) {
		if (typeof value !== "string" || value.length > 63 || !labelValue.test(value)) {
			problems.push(`${where}: label ${key}=${JSON.stringify(value)} is not a valid label value`);
		}
	}
}

// --- Each file is one render: its objects are checked, then the references between them. ---
for (const file of files) {
	const render = path.basename(file);
	const problemsBefore = problems.length;
	const objects = [];
	for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
		if (doc.errors.length) {
			problems.push(`${file}: YAML: ${doc.errors[0].message}`);
			continue;
		}
		const object = doc.toJS();
		if (object !== null) objects.push({ file, object });
	}
	if (objects.length === 0) problems.push(`${file}: no object rendered`);

	const byKey = new Map();
	for (const { file, object } of objects) {
		const { apiVersion, kind, metadata } = object;
		const where = `${render} ${kind}/${metadata?.name}`;
		let models;
		try {
			models = await import(`kubernetes-models/${apiVersion}`);
		} catch {
			problems.push(`${where}: unknown apiVersion ${apiVersion}`);
			continue;
		}
		const Model = models[kind];
		if (!Model) {
			problems.push(`${where}: unknown kind ${kind} in ${apiVersion}`);
			continue;
		}
		try {
			new Model(object).validate();
		} catch (error) {
			problems.push(`${where}: ${error.message}`);
		}
		const typeFile = path.join(nodeModules, "kubernetes-models", apiVersion, `${kind}.d.ts`);
		if (!declaration(typeFile).fields) problems.push(`${where}: no type declaration to check its fields against`);
		checkFields(object, typeFile, where);
		const name = metadata?.name ?? "";
		const nameRule = kind === "Service" ? dns1035Label : dns1123Subdomain;
		if (!nameRule.test(name) || name.length > (kind === "Service" ? 63 : 253)) {
			problems.push(`${where}: name "${name}" is not valid for a ${kind}`);
		}
		if (byKey.has(`${kind}/${name}`)) problems.push(`${where}: rendered twice`);
		byKey.set(`${kind}/${name}`, object);
		checkLabels(metadata?.labels, where);
		for (const [key, value] of Object.entries(object.data ?? {})) {
			if (!/\.ya?ml$/.test(key)) continue;
			const text = kind === "Secret" ? Buffer.from(value, "base64").toString("utf8") : value;
			try {
				parseYaml(text);
			} catch (error) {
				problems.push(`${where}: data ${key} is not YAML: ${error.message.split("\n")[0]}`);
			}
		}
	}

	// --- References between the objects of this render. ---
	const exists = (kind, name) => byKey.has(`${kind}/${name}`) || external.has(`${kind}/${name}`);
	const workloads = objects.map((o) => o.object).filter((o) => ["Deployment", "StatefulSet"].includes(o.kind));
	const matches = (selector, labels) => Object.entries(selector).every(([k, v]) => labels?.[k] === v);
	for (const workload of workloads) {
		const where = `${render} ${workload.kind}/${workload.metadata.name}`;
		const pod = workload.spec.template;
		checkLabels(pod.metadata?.labels, `${where} pod`);
		if (!matches(workload.spec.selector?.matchLabels ?? {}, pod.metadata?.labels)) {
			problems.push(`${where}: selector does not match its pod template's labels`);
		}
		const spec = pod.spec;
		const sa = spec.serviceAccountName;
		if (sa && sa !== "default" && !exists("ServiceAccount", sa)) problems.push(`${where}: no ServiceAccount ${sa}`);
		const volumes = new Set((spec.volumes ?? []).map((v) => v.name));
		for (const volume of spec.volumes ?? []) {
			if (volume.configMap && !exists("ConfigMap", volume.configMap.name)) {
				problems.push(`${where}: volume ${volume.name}: no ConfigMap ${volume.configMap.name}`);
			}
			if (volume.secret && !exists("Secret", volume.secret.secretName)) {
				problems.push(`${where}: volume ${volume.name}: no Secret ${volume.secret.secretName}`);
			}
			const claim = volume.persistentVolumeClaim?.claimName;
			if (claim && !exists("PersistentVolumeClaim", claim)) {
				problems.push(`${where}: volume ${volume.name}: no PersistentVolumeClaim ${claim}`);
			}
		}
		for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
			const cw = `${where} container ${container.name}`;
			if (!dns1123Label.test(container.name)) problems.push(`${cw}: invalid container name`);
			const ports = new Set();
			for (const port of container.ports ?? []) {
				if (port.name !== undefined) {
					if (!portName.test(port.name) || port.name.length > 15) problems.push(`${cw}: invalid port name ${port.name}`);
					if (ports.has(port.name)) problems.push(`${cw}: port name ${port.name} used twice`);
					ports.add(port.name);
				}
			}
			for (const mount of container.volumeMounts ?? []) {
				if (!volumes.has(mount.name)) problems.push(`${cw}: mounts undefined volume ${mount.name}`);
			}
			for (const probeName of ["startupProbe", "livenessProbe", "readinessProbe"]) {
				const port = container[probeName]?.httpGet?.port ?? container[probeName]?.tcpSocket?.port;
				if (typeof port === "string" && !ports.has(port)) problems.push(`${cw}: ${probeName} uses unknown port ${port}`);
			}
			for (const env of container.env ?? []) {
				const ref = env.valueFrom?.secretKeyRef ?? env.valueFrom?.configMapKeyRef;
				const refKind = env.valueFrom?.secretKeyRef ? "Secret" : "ConfigMap";
				if (!ref) continue;
				if (!exists(refKind, ref.name)) {
					problems.push(`${cw}: env ${env.name}: no ${refKind} ${ref.name}`);
				} else if (byKey.has(`${refKind}/${ref.name}`)) {
					const data = { ...byKey.get(`${refKind}/${ref.name}`).data, ...byKey.get(`${refKind}/${ref.name}`).stringData };
					if (!(ref.key in data)) problems.push(`${cw}: env ${env.name}: ${refKind} ${ref.name} has no key ${ref.key}`);
				}
			}
		}
	}
	for (const service of objects.map((o) => o.object).filter((o) => o.kind === "Service" && o.spec?.selector)) {
		const where = `${render} Service/${service.metadata.name}`;
		const pods = workloads.map((w) => w.spec.template).filter((p) => matches(service.spec.selector, p.metadata?.labels));
		if (pods.length === 0) {
			problems.push(`${where}: selector matches no rendered pod`);
			continue;
		}
		const containerPorts = pods.flatMap((p) => p.spec.containers.flatMap((c) => c.ports ?? []));
		for (const port of service.spec.ports ?? []) {
			const target = port.targetPort ?? port.port;
			const found = containerPorts.some((p) => (typeof target === "string" ? p.name === target : p.containerPort === target));
			if (!found) problems.push(`${where}: port ${port.name ?? port.port} targets ${target}, which no selected container exposes`);
		}
	}
	if (problems.length === problemsBefore) {
		console.log(`  ${render}: ${objects.length} objects valid (${[...new Set(objects.map((o) => o.object.kind))].sort().join(", ")})`);
	}
}

if (problems.length) {
	for (const problem of problems) console.error(`  ${problem}`);
	process.exit(1);
}
