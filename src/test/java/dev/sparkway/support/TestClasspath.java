package dev.sparkway.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The jars of this test JVM's classpath (Spark, MLlib and every other dependency), without the project's own
 * classes folders.
 */
public final class TestClasspath {

	private TestClasspath() {
	}

	public static List<Path> jars() {
		// Surefire and Failsafe start the test JVM through a manifest-only jar and put the real classpath here.
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<Path> jars = Arrays.stream(classpath.split(File.pathSeparator))
			.filter(entry -> entry.endsWith(".jar"))
			.map(entry -> Path.of(entry).toAbsolutePath())
			.filter(Files::isRegularFile)
			.distinct()
			.toList();
		if (jars.stream().noneMatch(jar -> jar.getFileName().toString().startsWith("spark-core_"))) {
			throw new IllegalStateException("No Spark on the test classpath: " + classpath);
		}
		return jars;
	}

}
