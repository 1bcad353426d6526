// Checks how a `helm template` render in spark.mode=standalone locks Spark's doors: the server, the master and the
// workers all get the RPC secret from the same Secret key through the environment (never in args or a ConfigMap),
// that Secret holds it, and no Service exposes a master or worker web UI unless --ui-service says one was asked for.
// Usage: node check-spark-security.mjs [--ui-service] FILE. Exit 1 with one line per problem.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const args = process.argv.slice(2);
const uiServiceAskedFor = args.includes("--ui-service");
const file = args.find((arg) => !arg.startsWith("--"));
const objects = parseAllDocuments(readFileSync(file, "utf8")).map((doc) => doc.toJS()).filter(Boolean);
const problems = [];
const component = (o) => o.metadata?.labels?.["app.kubernetes.io/component"];

const refs = new Set();
for (const name of ["server", "spark-master", "spark-worker"]) {
	const deployment = objects.find((o) => o.kind === "Deployment" && component(o) === name);
	if (!deployment) {
		problems.push(`no Deployment of component ${name}`);
		continue;
	}
	const container = deployment.spec.template.spec.containers[0];
	const env = (container.env ?? []).find((e) => e.name === "SPARKWAY_SPARK_AUTH_SECRET");
	const ref = env?.valueFrom?.secretKeyRef;
	if (!ref) problems.push(`${name}: SPARKWAY_SPARK_AUTH_SECRET does not come from a Secret`);
	else refs.add(`${ref.name}/${ref.key}`);
	const commandLine = JSON.stringify([container.command ?? [], container.args ?? []]);
	if (/secret/i.test(commandLine)) problems.push(`${name}: a secret on the command line: ${commandLine}`);
}
if (refs.size !== 1) problems.push(`the server, master and workers must share one secret key, got ${[...refs]}`);
const [secretName, secretKey] = [...refs][0]?.split("/") ?? [];
const secret = objects.find((o) => o.kind === "Secret" && o.metadata.name === secretName);
if (!secret?.data?.[secretKey]) problems.push(`Secret ${secretName} has no ${secretKey}`);
else if (Buffer.from(secret.data[secretKey], "base64").length < 32) problems.push(`the RPC secret is shorter than 32 bytes`);
for (const config of objects.filter((o) => o.kind === "ConfigMap")) {
	if (/auth-secret|authenticate\.secret/.test(JSON.stringify(config.data))) problems.push(`ConfigMap ${config.metadata.name} holds the secret`);
}

const uiPorts = new Set();
for (const deployment of objects.filter((o) => o.kind === "Deployment" && /^spark-/.test(component(o)))) {
	for (const port of deployment.spec.template.spec.containers[0].ports ?? []) {
		if (port.name === "http") uiPorts.add(`${component(deployment)}:${port.containerPort}`);
	}
}
const uiServices = objects.filter((o) => o.kind === "Service" && /^spark-/.test(component(o))
	&& o.spec.ports.some((p) => p.targetPort === "http" || uiPorts.has(`${component(o)}:${p.targetPort}`)));
if (uiServiceAskedFor && uiServices.length !== 1) problems.push(`asked for the master UI Service, got ${uiServices.length}`);
if (!uiServiceAskedFor && uiServices.length) problems.push(`Services expose a Spark web UI: ${uiServices.map((s) => s.metadata.name)}`);

if (problems.length) {
	for (const problem of problems) console.error(`  ${problem}`);
	process.exit(1);
}
console.log(`  ${file}: RPC secret ${secretName}/${secretKey} in server, master and workers; ${uiServices.length} Spark web UI Service(s)`);
