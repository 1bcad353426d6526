package dev.sparkway.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.apache.spark.SparkConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The server's own classes as a plain jar, shipped to executors with {@code spark.jars} when they run in other
 * JVMs (a {@code spark://} or {@code local-cluster} master). A Spring Boot jar nests the classes under
 * {@code BOOT-INF/classes/}, where an executor's class loader cannot find them; Spark, MLlib and their dependencies
 * come from the workers' own classpath (their Spark installation), so only {@code dev/sparkway/**} is shipped.
 * <p>
 * Today's pipelines use only built-in functions and MLlib, so no task needs these classes; any lambda or class of
 * ours that a future pipeline sends to a task does, and then finds them here.
 */
final class ApplicationJar {

	static final String SPARK_JARS = "spark.jars";

	/** Where the application's classes are, inside a Boot jar as in a classes folder. */
	static final String CLASSES = "dev/sparkway/";

	private static final Logger log = LoggerFactory.getLogger(ApplicationJar.class);

	/** Written once per JVM: a rebuilt session ships the same file. */
	private static Path written;

	private ApplicationJar() {
	}

	/**
	 * Adds the application jar to {@code spark.jars} (after any jar already there) unless the master runs the
	 * executors inside this JVM.
	 */
	static synchronized void shipTo(SparkConf conf) {
		if (!executorsRunElsewhere(conf.get("spark.master", "local[*]"))) {
			return;
		}
		if (written == null) {
			try {
				Path folder = Files.createTempDirectory("sparkway-");
				folder.toFile().deleteOnExit();
				Path jar = folder.resolve("sparkway-classes.jar");
				jar.toFile().deleteOnExit();
				int classes = write(ApplicationJar.class.getClassLoader(), jar);
				log.info("Executors get the application classes from {} ({} classes, {} KiB)", jar, classes,
						Files.size(jar) / 1024);
				written = jar;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not write the application jar for the executors", ex);
			}
		}
		String existing = conf.get(SPARK_JARS, "").trim();
		conf.set(SPARK_JARS, existing.isEmpty() ? written.toString() : existing + "," + written);
	}

	/** False for {@code local} and {@code local[...]}, whose executor is this JVM. */
	static boolean executorsRunElsewhere(String master) {
		return !(master.equals("local") || master.startsWith("local["));
	}

	/**
	 * Writes every class under {@link #CLASSES} that the class loader sees into a jar at its package path, the first
	 * of duplicates winning as in the class loader, and returns how many it wrote.
	 */
	static int write(ClassLoader loader, Path jar) throws IOException {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(loader);
		List<String> roots = new ArrayList<>();
		for (Resource root : resolver.getResources("classpath*:" + CLASSES)) {
			roots.add(root.getURL().toString());
		}
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
		Set<String> names = new LinkedHashSet<>();
		try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
			for (Resource resource : resolver.getResources("classpath*:" + CLASSES + "**/*.class")) {
				String name = CLASSES + relativeToRoot(resource.getURL().toString(), roots);
				if (!names.add(name)) {
					continue;
				}
				out.putNextEntry(new JarEntry(name));
				try (InputStream in = resource.getInputStream()) {
					in.transferTo(out);
				}
				out.closeEntry();
			}
		}
		return names.size();
	}

	private static String relativeToRoot(String url, List<String> roots) {
		for (String root : roots) {
			if (url.startsWith(root)) {
				return url.substring(root.length());
			}
		}
		throw new IllegalStateException("Class " + url + " is under none of " + roots);
	}

}
