package dev.sparkway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sparkway.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Walk-through with curl" runs as written, top to bottom, on a fresh server: its shell blocks are
 * taken from README.md and run by bash with {@code set -euo pipefail}, every {@code curl} failing on an answer of
 * 400 or more, against a server process of its own (demo data, security off as in the repository's
 * application.yml) in place of {@code localhost:8080}.
 */
class ReadmeWalkThroughTests {

	private static final String SECTION = "## Walk-through with curl";

	@TempDir
	Path root;

	@Test
	void theWalkThroughRunsAsWrittenOnAFreshServer() throws Exception {
		String walkThrough = shellBlocks(Files.readString(Path.of("README.md")));
		assertThat(walkThrough).as("the README's walk-through").contains("localhost:8080/api/v1/jobs");

		try (ServerProcess server = ServerProcess.start(root.resolve("server"), "1g", Map.of())) {
			// The walk-through runs from the repository root, where the demo data is data/input/demo/.
			Path workDir = Files.createDirectories(root.resolve("repository"));
			Files.createDirectories(workDir.resolve("data"));
			Files.createSymbolicLink(workDir.resolve("data/input"), root.resolve("server/input"));
			String script = """
					set -euo pipefail
					# Any answer of 400 or more fails the command, and so the script.
					curl() { command curl -f -S --max-time 60 "$@"; }
					""" + walkThrough.replace("localhost:8080", "localhost:" + server.port());

			Run run = bash(script, workDir);

			assertThat(run.exitCode()).as("exit code of the walk-through; the end of its output:%n%s%nserver log:%n%s",
					tail(run.output()), server.logTail())
				.isZero();
			// Steps whose answers say they did what the comments promise, beyond a 2xx.
			assertThat(run.output()).contains("HTTP/1.1 202", "\"status\":\"SUCCEEDED\"", "\"output\":\"daily_sales\"",
					"\"dryRun\":true", "BroadcastHashJoin", "\"output\":\"window_counts\"",
					"sparkway_jobs_submitted_total{pipeline=\"retail-sales\"}");
			assertThat(run.output()).as("the reuse answer names the job it took the outputs of")
				.containsPattern("\"reusedJobId\":\"[0-9a-f-]{36}\"");
			try (var downloads = Files.list(workDir)) {
				List<Path> csv = downloads.filter(file -> file.getFileName().toString().endsWith("-daily_sales.csv"))
					.toList();
				assertThat(csv).hasSize(1);
				assertThat(Files.readAllLines(csv.get(0)).get(0))
					.isEqualTo("StoreID,SaleDate,TotalDailySales,TotalDailyTransactions");
			}
		}
	}

	/** Every {@code sh} block of the walk-through section, in order. */
	static String shellBlocks(String readme) {
		List<String> lines = readme.lines().toList();
		int start = lines.indexOf(SECTION);
		assertThat(start).as("README.md has a section '%s'", SECTION).isNotNegative();
		StringBuilder blocks = new StringBuilder();
		boolean inBlock = false;
		for (String line : lines.subList(start + 1, lines.size())) {
			if (!inBlock && line.startsWith("## ")) {
				break;
			}
			if (!inBlock && line.equals("```sh")) {
				inBlock = true;
			}
			else if (inBlock && line.equals("```")) {
				inBlock = false;
			}
			else if (inBlock) {
				blocks.append(line).append('\n');
			}
		}
		return blocks.toString();
	}

	private static Run bash(String script, Path workDir) throws IOException, InterruptedException {
		Path output = Files.createTempFile(workDir.getParent(), "walk-through-", ".log");
		Process process = new ProcessBuilder(new ArrayList<>(List.of("bash", "-c", script))).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		boolean ended = process.waitFor(3, TimeUnit.MINUTES);
		if (!ended) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly().waitFor();
		}
		String text = Files.readString(output, StandardCharsets.UTF_8);
		return new Run(ended ? process.exitValue() : -1, ended ? text : text + "\n(stopped after 3 minutes)");
	}

	/** The end of a long output: the failing command is at its end, after JSON answers of several KB each. */
	private static String tail(String output) {
		return output.length() <= 4000 ? output : "…" + output.substring(output.length() - 4000);
	}

	private record Run(int exitCode, String output) {
	}

}
