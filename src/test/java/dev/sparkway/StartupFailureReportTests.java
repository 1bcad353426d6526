package dev.sparkway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sparkway.support.ServerProcess;
import dev.sparkway.support.TestProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configuration mistake stops the server with Spring Boot's start-up report, naming the property to set and
 * what to do, and no stack trace: a server of its own, started with API keys required and none configured.
 */
class StartupFailureReportTests {

	@TempDir
	Path root;

	@Test
	void securityOnWithoutKeysIsReportedAsAFailedStartNamingThePropertyWithoutAStackTrace() throws Exception {
		List<String> command = ServerProcess.command(root, "512m", 0,
				Map.of("sparkway.security.enabled", "true", "sparkway.demo-data.enabled", "false"));
		Path log = root.resolve("server.log");
		try (TestProcess server = TestProcess.start("sparkway-misconfigured", command, Map.of(),
				Path.of("").toAbsolutePath(), log)) {
			boolean exited = server.handle().onExit().get(3, TimeUnit.MINUTES) != null;
			assertThat(exited).isTrue();
		}

		String output = Files.readString(log);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Configuration property sparkway.security.keys: sparkway.security.enabled is true but no API "
					+ "key is configured.")
			.contains("Action:")
			.contains("Add sparkway.security.keys[0].name");
		assertThat(output.lines().filter(line -> line.startsWith("\tat ") || line.startsWith("Caused by:")))
			.as("stack-trace lines in:%n%s", output)
			.isEmpty();
	}

}
