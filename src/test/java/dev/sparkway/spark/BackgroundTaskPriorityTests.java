package dev.sparkway.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.sparkway.support.IntegrationTest;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * In local mode Spark's task threads run at nice 10 (the default {@code sparkway.spark.task-nice}), while the
 * threads that answer HTTP requests keep the server's own priority.
 */
class BackgroundTaskPriorityTests extends IntegrationTest {

	@Test
	void sparkTasksRunAtALowerPriorityThanTheServersOwnThreads() {
		assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "Linux only");
		JavaSparkContext context = JavaSparkContext.fromSparkContext(spark().sparkContext());

		List<Integer> taskNice = context.parallelize(List.of(1, 2, 3, 4), 4)
			.map(i -> niceOfThisThread())
			.collect();

		assertThat(taskNice).containsOnly(10);
		assertThat(niceOfThisThread()).as("the test's (a request's) thread").isEqualTo(0);
	}

	/** Field 19 of {@code /proc/thread-self/stat}, after the command name in parentheses. */
	private static int niceOfThisThread() {
		try {
			String stat = Files.readString(Path.of("/proc/thread-self/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Integer.parseInt(fields[16]);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
